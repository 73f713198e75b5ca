"""rd56b (stop 56): reader faults the blind labellers named for sets 140-142 (now dev).

- a dict of per-epoch lists whose ``epochs`` list counts from 1 again (two training parts appended to one
  history, public cxrhybrid140 ``training_history.json``) was read as one series at positions 0..30, ``epochs`` a
  series: each part is a run of its own at its own epochs (``_json_restarting``);
- a CSV of two runs told apart by a text column (public bigg142 ``validation_history.csv``, ``mode`` off/legacy)
  lost the second run's step-0 row as a "copy" of the first's and the first run's rows as an abandoned session:
  text cells count in the copy rule (``_text_rows``), the runs are named by the column (``_run_ids``);
- ``Model loss list: [..]`` printed lists (public tfocr141 ``model_history.txt``): the word ``list`` cut the name off
  the list reader, the file unread (``_joblog_lists``);
- a dict of Keras histories (``{"training (1)": {"loss": [..]}, ..}``) saved as ``VGG_history.txt`` (public
  pneumoniacnn141) was not discovered: a ``.txt`` dump of a dict of dicts of lists is JSON as a dict of lists is;
- ``<model> on GPU 0 | Epoch 1 Loss: 0.579`` (public brickkiln141) made a series ``on_GPU``;
- a logged per-epoch block whose ``Val Loss: 2.6902 *BEST*`` line carries a best mark lost the ``Learning Rate`` line
  below it (public adelaideweather141): the mark ends a line as the value does (``_joblog_siblings``);
- a per-epoch table printed with padded f-strings (``Epoch    Train Loss   Train Acc ...``, rows ending ``0.55    s``)
  between 70-column ``=``/``-`` rules (public enzymegcn141): the rows were joined as lines "wrapped at 70 columns"
  and the header split into one-word names; a table's rows and rules are no wrapped text (``_unwrap``), the names
  split on gaps of 2+ spaces, a lone unit joined to its number, read beside a closing summary's stepless
  ``Test Loss:`` line (``_joblog_csvblock``, ``_joblog_scan``).
"""
from __future__ import annotations

import csv
import json
import warnings

import numpy as np

from loganalyzer import discover
from loganalyzer.load import read_scalars
from test_readers20a import _read, _series


def _falling(n: int, start: float, end: float) -> list[float]:
    return [round(float(start + (end - start) * (1 - np.exp(-3 * i / max(n - 1, 1))) / (1 - np.exp(-3))), 4)
            for i in range(n)]


def _run_points(run) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_scalars(run, resolve=True)
    return {tag: (g.step.tolist(), g.value.round(6).tolist()) for tag, g in df.groupby("tag", sort=False)}


# ------------------------------------------------------------------ 1. {"epochs": [1..10, 1..21], ...}


def _two_part_history(path) -> dict:
    """The history a two-phase trainer dumps with ``json.dump`` (lists appended part after part)."""
    a, b = 10, 21
    hist = {"epochs": list(range(1, a + 1)) + list(range(1, b + 1)),
            "train_loss": _falling(a, 0.55, 0.21) + _falling(b, 1.31, 1.12),
            "val_loss": _falling(a, 0.51, 0.26) + _falling(b, 1.33, 1.31),
            "per_class_auc": [{"Edema": 0.5 + i / 100} for i in range(a + b)],
            "lr": [1e-4] * (a + b),
            "phase": ["Phase 1"] * a + ["Phase 2"] * b}
    path.write_text(json.dumps(hist, indent=2))
    return hist


def test_restarting_epoch_list_is_two_runs(tmp_path):
    hist = _two_part_history(tmp_path / "training_history.json")
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["training_history.json#1", "training_history.json#2"]
    first, second = (_run_points(r) for r in runs)
    assert first["train_loss"] == (list(range(1, 11)), hist["train_loss"][:10])
    assert second["val_loss"] == (list(range(1, 22)), hist["val_loss"][10:])
    assert "epochs" not in first and "epochs" not in second  # the axis, no series
    assert second["per_class_auc.Edema"][0][:2] == [1, 2]


def test_increasing_epoch_list_stays_the_axis(tmp_path):
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"epochs": [0, 25, 50, 75, 100], "loss": [1.0, 0.8, 0.6, 0.5, 0.45]}))
    assert [r.id for r in discover(str(tmp_path))] == ["history.json"]
    assert _series(_read(path)[0], "loss") == ([0, 25, 50, 75, 100], [1.0, 0.8, 0.6, 0.5, 0.45])


# ------------------------------------------------------------------ 2. a text column telling two runs apart


def test_text_mode_column_tells_runs_apart(tmp_path):
    path = tmp_path / "validation_history.csv"
    off, legacy = _falling(27, 9.8012, 5.68), _falling(21, 9.8012, 5.89)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["mode", "step", "train_tokens", "train_seconds", "val_nll"])
        for mode, vals in (("off", off), ("legacy", legacy)):
            for i, v in enumerate(vals):  # both evaluate the same initial model at step 0: the same numbers
                w.writerow([mode, i * 50, i * 204800, 0.0 if i == 0 else round(i * 22.0, 1), v])
    runs = discover(str(tmp_path))
    by_id = {r.id: r for r in runs}
    assert sorted(by_id) == ["validation_history.csv#legacy", "validation_history.csv#off"]
    first, second = _run_points(by_id["validation_history.csv#off"]), _run_points(by_id["validation_history.csv#legacy"])
    assert first["val_nll"] == ([i * 50 for i in range(27)], off)
    assert second["val_nll"] == ([i * 50 for i in range(21)], legacy)


def test_identical_rows_with_the_same_text_are_still_copies(tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_text("host,step,loss\nnode1,0,1.0\nnode1,1,0.8\nnode1,0,1.0\nnode1,1,0.8\nnode1,2,0.7\n")
    df, _ = _read(path)
    assert _series(df, "loss") == ([0, 1, 2], [1.0, 0.8, 0.7])


# ------------------------------------------------------------------ 3. 'Model loss list: [..]' printed lists


def test_printed_lists_with_a_list_word(tmp_path):
    loss, val = _falling(12, 0.557, 0.133), _falling(12, 0.187, 0.142)
    acc = [round(0.83 + i / 100, 4) for i in range(12)]
    # print(f"Model accuracy list: {history.history['accuracy']}") and the like, one line each
    text = "".join(f"{name} list: {values}\n" for name, values in (
        ("Model accuracy", acc), ("Model loss", loss), ("Model validation accuracy", acc),
        ("Model validation loss", val)))
    path = tmp_path / "model_history.txt"
    path.write_text(text)
    assert [r.id for r in discover(str(tmp_path))] == ["model_history.txt"]
    df, _ = _read(path)
    assert _series(df, "Model_loss") == (list(range(12)), [round(v, 4) for v in loss])
    assert _series(df, "Model_validation_loss") == (list(range(12)), [round(v, 4) for v in val])


# ------------------------------------------------------------------ 4. a dict of Keras histories saved as .txt


def test_nested_histories_in_a_txt_file(tmp_path):
    stages = {f"training ({k})": {"accuracy": [0.8, 0.9, 0.95], "loss": _falling(3, 2.6 - k / 2, 0.5),
                                  "val_accuracy": [0.81, 0.87, 0.9], "val_loss": _falling(3, 2.0, 0.56)}
              for k in (1, 2, 3)}
    path = tmp_path / "VGG_history.txt"
    with open(path, "w") as f:
        json.dump(stages, f, indent=4)
    runs = discover(str(tmp_path))
    assert sorted(r.id for r in runs) == [f"VGG_history.txt#training ({k})" for k in (1, 2, 3)]
    got = {r.id: _run_points(r) for r in runs}
    assert got["VGG_history.txt#training (2)"]["loss"] == ([0, 1, 2], stages["training (2)"]["loss"])


# ------------------------------------------------------------------ 5. 'on GPU 0 | Epoch n Loss: x'


def test_device_phrase_is_no_series(tmp_path):
    loss = _falling(8, 0.579, 0.0164)
    path = tmp_path / "train.log"
    path.write_text("".join(f"uttar_pradesh-resnet18 on GPU 0 | Epoch {e} Loss: {v:.4f}\n"
                            for e, v in enumerate(loss, 1)))
    df, _ = _read(path)
    assert set(df.tag) == {"Loss"}
    assert _series(df, "Loss") == (list(range(1, 9)), [round(v, 4) for v in loss])


# ------------------------------------------------------------------ 6. '  Val Loss: 2.6902 *BEST*' in a logged block


def test_lines_after_a_best_mark_are_read(tmp_path):
    lrs = [0.000976, 0.000905, 0.000794]
    lines = []
    for e, lr in enumerate(lrs, 1):  # logging.info(f"\nEpoch {e}/10"), then one logger line a value
        best = " *BEST*" if e == 1 else " "
        lines += ["2025-10-17 12:03:09,192 - INFO - ", f"Epoch {e}/10",
                  f"2025-10-17 12:03:09,192 - INFO -   Train Loss: {2.7142 - e / 1000:.4f}",
                  f"2025-10-17 12:03:09,192 - INFO -   Val Loss: {2.6902 + e / 10000:.4f}{best}",
                  f"2025-10-17 12:03:09,192 - INFO -   Learning Rate: {lr:.6f}",
                  "2025-10-17 12:03:09,192 - INFO -   Epoch Time: 1809.3s"]
    path = tmp_path / "training.log"
    path.write_text("\n".join(lines) + "\n")
    df, _ = _read(path)
    assert _series(df, "Learning_Rate") == ([1, 2, 3], [round(v, 4) for v in lrs])


# ------------------------------------------------------------------ 7. a padded f-string table under 70-column rules


def _padded_table_log(train: list[float], test: list[float]) -> str:
    """What a script printing with f-strings padded to widths writes (public enzymegcn141's trainer)."""
    rule, dash = "=" * 70, "-" * 70
    out = [rule, " ENZYME GCN CLASSIFIER - TRAINING", rule, "", "Using device: cpu", "", rule, "TRAINING START", rule,
           "", f"{'Epoch':<8} {'Train Loss':<12} {'Train Acc':<12} {'Test Loss':<12} {'Test Acc':<12} {'Time':<8}",
           dash]
    for k, (a, b) in enumerate(zip(train, test)):
        epoch = 1 if k == 0 else 10 * k
        out.append(f"{epoch:<8} {a:<12.4f} {0.3 + k / 100:<12.4f} {b:<12.4f} {0.28 + k / 100:<12.4f} {0.4:<8.2f}s")
    out += [dash, "", "Training completed in 76.25 seconds (1.27 minutes)", "", rule, "FINAL EVALUATION ON TEST SET",
            rule, "", f"Test Loss: {test[-1]:.4f}", f"Test Accuracy: {0.48:.4f} (48.12%)", "", rule]
    return "\n".join(out) + "\n"


def test_padded_table_with_unit_cells_under_rules(tmp_path):
    train, test = _falling(21, 2.4288, 1.2972), _falling(21, 1.7552, 1.2912)
    path = tmp_path / "training_output.log"
    text = _padded_table_log(train, test)
    assert {len(line) for line in text.splitlines() if line.startswith(("1 ", "10 ", "=", "-"))} == {70}
    path.write_text(text)
    df, messages = _read(path)
    assert not any("wrapped" in m for m in messages)
    steps = [1] + [10 * k for k in range(1, 21)]
    assert _series(df, "Train Loss") == (steps, [round(v, 4) for v in train])
    assert _series(df, "Test Loss") == (steps, [round(v, 4) for v in test])
