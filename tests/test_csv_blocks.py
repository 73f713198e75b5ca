"""CSV readers: repeated and extended header lines, identical repeated rows, appended runs, files that cannot be
parsed, faults collapsed by kind, and Ultralytics/YOLO ``results.csv`` (issue 8, "Nothing a user logged is lost").

Files are written the way their writers write them: the real Keras ``CSVLogger``; for the writers that cannot run
here, their own code copied line for line (DeepLabCut PR #3179's CSV logger, Ultralytics ``BaseTrainer.save_metrics``
in 8.0 and 8.1+, YOLOv5 ``Loggers.on_fit_epoch_end``, pandas ``to_csv(mode="a")``).
"""
from __future__ import annotations

import csv
import io
import math
import os
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning, load_run, read_scalars
from loganalyzer.readers import UnreadableFile, keras_csv, lightning_csv, plain_csv, ultralytics_csv
from loganalyzer.scan import scan

SHARED = Path(__file__).resolve().parents[2] / "shared"
CASE_05 = SHARED / "cases" / "05-csv-header-rewritten-each-save"
needs_case_05 = pytest.mark.skipif(not CASE_05.is_dir(), reason="../shared/cases not present")


def points(frame: pd.DataFrame) -> list[tuple[str, int, float]]:
    return list(zip(frame["tag"].astype(str), frame["step"].tolist(), frame["value"].tolist()))


def series(frame: pd.DataFrame) -> dict[str, list[tuple[int, float]]]:
    out: dict[str, list[tuple[int, float]]] = {}
    for tag, step, value in points(frame):
        out.setdefault(tag, []).append((step, value))
    return out


def read_warned(path) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        table = read_scalars(path)
    return table, [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]


# ---------------------------------------------------------------- the header rewritten at every save (case 05)

TRAIN = ("losses/train.heatmap", "losses/train.locref", "losses/train.total_loss")
# the rows of case 05's learning_stats.csv: epoch -> (heatmap, locref, total), evaluation at epochs 5 and 10
DLC_ROWS = {
    1: ("0.0028", "0.62", "0.0264"), 2: ("0.00211968", "0.493916", "0.0204767"),
    3: ("0.0016322", "0.395722", "0.0160755"), 4: ("0.00128291", "0.319249", "0.0127995"),
    5: ("0.00103263", "0.259691", "0.010357"), 6: ("0.000853301", "0.213308", "0.00853266"),
    7: ("0.000724805", "0.177184", "0.00716771"), 8: ("0.000632733", "0.149051", "0.00614469"),
    9: ("0.00056676", "0.127141", "0.00537662"), 10: ("0.000519489", "0.110078", "0.004799"),
}
DLC_EVAL = {5: ("0.0119105", "9.08437"), 10: ("0.00551885", "5.64426")}


def write_dlc_log(path: Path, sessions: list[range]) -> None:
    """DeepLabCut PR #3179's CSV logger: at every save it appends its header and every row buffered in the session
    so far; the header is the keys of the buffered rows, so evaluation results add columns (older rows: empty)."""
    for epochs in sessions:
        buffered: list[dict] = []
        for epoch in epochs:
            row = {"step": epoch, **dict(zip(TRAIN, DLC_ROWS[epoch]))}
            if epoch in DLC_EVAL:
                row.update(zip(("losses/eval.total_loss", "metrics/test.rmse"), DLC_EVAL[epoch]))
            buffered.append(row)
            keys = list(dict.fromkeys(k for r in buffered for k in r))
            with open(path, "a", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=keys, lineterminator="\n")
                writer.writeheader()
                writer.writerows(buffered)


def check_dlc_values(table: pd.DataFrame) -> None:
    got = series(table)
    for i, tag in enumerate(TRAIN):
        assert got[tag] == [(e, float(DLC_ROWS[e][i])) for e in range(1, 11)]  # 10 points, steps 1..10, once each
    assert got["losses/eval.total_loss"] == [(5, 0.0119105), (10, 0.00551885)]
    assert got["metrics/test.rmse"] == [(5, 9.08437), (10, 5.64426)]
    assert set(got) == set(TRAIN) | {"losses/eval.total_loss", "metrics/test.rmse"}


@needs_case_05
def test_case_05_right_values_and_one_note(tmp_path):
    write_dlc_log(tmp_path / "learning_stats.csv", [range(1, 6), range(6, 11)])
    case_file = CASE_05 / "learning_stats.csv"
    assert (tmp_path / "learning_stats.csv").read_bytes() == case_file.read_bytes()  # the writer is the case's
    table, warned = read_warned(CASE_05)
    check_dlc_values(table)
    assert set(table["dir"].astype(str)) == {"learning_stats.csv"}  # one run
    assert not any("is not a number" in w or "fields" in w for w in warned)
    assert len(warned) <= 1 and all("header" in w for w in warned)
    report = scan([CASE_05])
    (run,) = report.runs
    assert run.format == "csv" and run.verdict == "healthy" and len(run.warnings) <= 1


def test_header_rewritten_at_every_save_without_shared(tmp_path):
    path = tmp_path / "learning_stats.csv"
    write_dlc_log(path, [range(1, 6), range(6, 11)])
    data = path.read_bytes()
    assert data.count(b"step,") == 10 and plain_csv.count_segments(data, str(path)) == 1
    result = plain_csv.read(data, str(path))
    check_dlc_values(result.scalars)
    assert len(result.scalars) == 34  # 30 train points + 4 evaluation points: every repeated row counted once
    (note,) = result.problems
    assert str(note) == (f"{path}:3: the header line is written 10 times (a logger rewriting its file?); the rows "
                         "below each are read with its columns; 20 repeated identical rows counted once")


# ---------------------------------------------------------------- plain CSV: continuing and restarting counters


def append_frame(path: Path, steps, loss) -> None:
    """A script that saves its history with pandas at the end of each job: ``to_csv(mode="a")`` writes the header
    again every time."""
    pd.DataFrame({"step": list(steps), "loss": list(loss), "lr": 0.01}).to_csv(path, mode="a", index=False)


def test_plain_csv_continuing_counter_is_one_run_restart_is_a_new_run(tmp_path):
    resumed, restarted = tmp_path / "resumed" / "history.csv", tmp_path / "restarted" / "history.csv"
    resumed.parent.mkdir()
    restarted.parent.mkdir()
    append_frame(resumed, range(0, 5), np.linspace(2.0, 1.0, 5))
    append_frame(resumed, range(5, 10), np.linspace(0.9, 0.5, 5))  # the resumed job: steps go on
    append_frame(restarted, range(0, 5), np.linspace(2.0, 1.0, 5))
    append_frame(restarted, range(0, 4), np.linspace(2.1, 1.5, 4))  # a new training into the same file
    assert resumed.read_text().count("step,loss,lr") == 2 == restarted.read_text().count("step,loss,lr")

    assert [r.id for r in discover(tmp_path)] == ["restarted/history.csv#1", "restarted/history.csv#2",
                                                  "resumed/history.csv"]
    table, warned = read_warned(tmp_path)
    by_dir = {d: g for d, g in table.groupby("dir", observed=True)}
    assert by_dir["resumed/history.csv"].query("tag == 'loss'")["step"].tolist() == list(range(10))
    assert by_dir["restarted/history.csv#1"].query("tag == 'loss'")["step"].tolist() == list(range(5))
    second = by_dir["restarted/history.csv#2"].query("tag == 'loss'")
    assert second["step"].tolist() == list(range(4)) and second["value"].tolist() == np.linspace(2.1, 1.5, 4).tolist()
    assert not any("not a number" in w for w in warned)

    data = restarted.read_bytes()
    assert plain_csv.count_segments(data, "h.csv") == 2
    with pytest.raises(UnreadableFile, match="run #2 asked for, but the file holds 2 run"):
        plain_csv.read(data, "h.csv", segment=2)


def test_plain_csv_resume_from_checkpoint_and_train_eval_rows_stay_one_run():
    # train and eval rows at one step (no restart), then a resume from the step-3 checkpoint (back, not to the start)
    data = (b"step,loss,val_loss\n0,1.0,\n0,,2.0\n1,0.8,\n2,0.7,\n3,0.6,\n4,0.9,\n"
            b"step,loss,val_loss\n4,0.55,\n5,0.5,\n5,,1.5\n")
    assert plain_csv.count_segments(data, "t.csv") == 1
    got = series(plain_csv.read(data, "t.csv").scalars)
    assert got["loss"] == [(0, 1.0), (1, 0.8), (2, 0.7), (3, 0.6), (4, 0.9), (4, 0.55), (5, 0.5)]
    assert got["val_loss"] == [(0, 2.0), (5, 1.5)]


def test_identical_rows_count_once_but_a_changed_value_is_kept():
    data = b"epoch,loss,acc\n0,1.0,0.1\n1,0.5,0.2\n1,0.5,0.2\n1,0.5,0.3\n0,1.0,0.1\n2,0.25,0.4\n"
    result = plain_csv.read(data, "d.csv")
    # the copy of row 1 and the copy of row 0 go; the row at epoch 1 with another accuracy is a real point
    assert points(result.scalars) == [("loss", 0, 1.0), ("acc", 0, 0.1), ("loss", 1, 0.5), ("acc", 1, 0.2),
                                      ("loss", 1, 0.5), ("acc", 1, 0.3), ("loss", 2, 0.25), ("acc", 2, 0.4)]
    assert plain_csv.count_segments(data, "d.csv") == 1


def test_a_header_with_other_columns_is_not_taken_for_a_repeat():
    # 'step,note' names columns the header does not have: a damaged row, reported, not a new header
    data = b"step,loss\n0,1.0\nstep,note\n1,0.5\n"
    result = plain_csv.read(data, "n.csv")
    assert points(result.scalars) == [("loss", 0, 1.0), ("loss", 1, 0.5)]
    assert [str(p) for p in result.problems] == ["n.csv:3: column 'loss': 'note' is not a number; cell skipped"]


# ---------------------------------------------------------------- Keras CSVLogger, the real one


def keras_fit(path: Path, epochs: int, initial_epoch: int = 0, model=None):
    """One ``fit`` of a tiny model logging with ``keras.callbacks.CSVLogger(path, append=True)``; returns the model
    so a resumed fit can go on with it."""
    import keras

    if model is None:
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse", metrics=["mae"])
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    model.fit(x, x.sum(axis=1, keepdims=True), validation_data=(x, x.sum(axis=1, keepdims=True)), epochs=epochs,
              initial_epoch=initial_epoch, batch_size=8, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(path), append=True)])
    return model


@pytest.fixture(scope="module")
def keras_jobs(tmp_path_factory) -> dict[str, Path]:
    """Logs of two jobs, each with its own CSVLogger(append=True) file (so each wrote its header), concatenated as
    people do with per-job logs (``cat job1.csv job2.csv > training.log``): once resumed (initial_epoch=3 with the
    same weights), once a fresh model from epoch 0 with the same seed (a re-run: its rows equal the first job's)."""
    root = tmp_path_factory.mktemp("keras_jobs")
    model = keras_fit(root / "job1.csv", 3)
    keras_fit(root / "job2_resumed.csv", 6, initial_epoch=3, model=model)
    keras_fit(root / "job2_fresh.csv", 2)
    logs = {}
    for name, second in (("resumed", "job2_resumed.csv"), ("restarted", "job2_fresh.csv")):
        logs[name] = root / name / "training.log"
        logs[name].parent.mkdir()
        logs[name].write_bytes((root / "job1.csv").read_bytes() + (root / second).read_bytes())
    # one CSVLogger file, resumed in place: Keras writes no second header (the file is not empty)
    logs["in_place"] = root / "in_place" / "training.log"
    logs["in_place"].parent.mkdir()
    model = keras_fit(logs["in_place"], 3)
    keras_fit(logs["in_place"], 6, initial_epoch=3, model=model)
    return logs


def epochs_of(text: str) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(text))]


def test_keras_header_written_again_with_the_epoch_going_on_is_one_run(keras_jobs):
    path = keras_jobs["resumed"]
    data, text = path.read_bytes(), path.read_text()
    assert epochs_of(text) == ["epoch", "0", "1", "2", "epoch", "3", "4", "5"]
    assert keras_csv.count_segments(data, str(path)) == 1
    result = keras_csv.read(data, str(path), segment=0)
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    expected = [(k, int(r[0]), float(v)) for r in rows if r != header for k, v in zip(header[1:], r[1:])]
    assert points(result.scalars) == expected and result.problems == ()
    (run,) = discover(path.parent)
    assert run.id == "training.log" and run.format == "keras_csv"
    assert sorted(set(load_run(run).scalars.query("tag == 'loss'")["step"])) == [0, 1, 2, 3, 4, 5]


def test_keras_header_written_again_with_the_epoch_restarting_is_two_runs(keras_jobs):
    path = keras_jobs["restarted"]
    data = path.read_bytes()
    assert epochs_of(path.read_text()) == ["epoch", "0", "1", "2", "epoch", "0", "1"]
    assert keras_csv.count_segments(data, str(path)) == 2
    first, second = keras_csv.read(data, str(path), 0), keras_csv.read(data, str(path), 1)
    assert first.scalars.query("tag == 'loss'")["step"].tolist() == [0, 1, 2]
    assert second.scalars.query("tag == 'loss'")["step"].tolist() == [0, 1]
    # the seeded re-run wrote the same numbers: Keras never re-writes rows, so they are a second run, not copies
    assert points(second.scalars) == points(first.scalars)[: len(second.scalars)]
    assert [r.id for r in discover(path.parent)] == ["training.log#1", "training.log#2"]


def test_keras_resumed_in_one_file_stays_one_run(keras_jobs):
    path = keras_jobs["in_place"]
    assert epochs_of(path.read_text()) == ["epoch", "0", "1", "2", "3", "4", "5"]
    assert keras_csv.count_segments(path.read_bytes(), str(path)) == 1


def test_keras_resumed_from_an_earlier_epoch_in_one_file_is_one_curve(tmp_path):
    """fit() to epoch 6, then fit(initial_epoch=3) (resumed from the epoch-3 checkpoint) into the same
    CSVLogger(append=True) file: epochs 0-5 then 3-9. The resolved view takes epochs 3-5 from the later session
    (later_session_replaces, as for a resumed event file or MLflow run); it kept both, each of epochs 3-5 twice
    with other values, a zig-zag the verdicts judged. The raw view keeps every row."""
    path = tmp_path / "training.log"
    model = keras_fit(path, 6)
    keras_fit(path, 10, initial_epoch=3, model=model)
    header, *rows = list(csv.reader(io.StringIO(path.read_text())))
    assert [r[0] for r in rows] == [str(e) for e in [0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 9]]
    assert len(read_scalars(path).query("tag == 'loss'")) == 13
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        resolved = read_scalars(path, resolve=True)
    loss = resolved.query("tag == 'loss'")
    expected = [(int(r[0]), float(r[header.index("loss")])) for r in rows[:3] + rows[6:]]
    assert list(zip(loss["step"], loss["value"])) == expected
    assert resolved.attrs["step_rules"] == ("later_session_replaces",)
    assert any("resumed at step 3" in str(w.message) for w in caught)


# ---------------------------------------------------------------- files that look like logs but cannot be parsed


def test_a_log_with_a_nul_byte_is_reported_with_file_and_line(tmp_path):
    run = tmp_path / "run1"
    run.mkdir()
    # a NUL byte inside a row (a zero-filled block): that line is skipped with file:line, the good rows after it read
    # (tests/test_newcomer_fixes.py has the zero-filled tails)
    (run / "metrics.csv").write_bytes(b'epoch,loss,val_loss\n0,0.9\x00,"0.8\n1,0.7,0.6\n')
    (tmp_path / "history.csv").write_bytes(b"step,loss\n0,1.0\n1,0.5\n2,caf\xe9\n")  # latin-1, not UTF-8
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # binary from its first line: no log
    problems: list = []
    assert [r.id for r in discover(tmp_path, problems)] == ["history.csv", "run1/metrics.csv"]
    # ... but named like a table, said (never skipped in silence: a newcomer's fault 16, tests/test_cli15.py)
    assert [str(p) for p in problems] == [f"{tmp_path / 'image.csv'}: binary data, not a CSV log (NUL byte at offset 8)"]
    table, warned = read_warned(tmp_path)
    assert points(table) == [("loss", 1, 0.7), ("val_loss", 1, 0.6)]
    unreadable = f"{tmp_path / 'history.csv'}:4: not UTF-8 text (byte 0xe9 at offset 27)"
    binary = f"{tmp_path / 'image.csv'}: binary data, not a CSV log (NUL byte at offset 8)"
    assert sorted(warned) == [unreadable, binary,
                              f"{run / 'metrics.csv'}:2: 1 NUL byte(s) in the line (a zero-filled block: "
                              "the job crashed before this write reached the disk?); line skipped"]
    report = scan([tmp_path])
    assert sorted(str(e) for e in report.errors) == [unreadable, binary]
    assert all("\n" not in str(e) for e in report.errors)


# ---------------------------------------------------------------- many faults of one kind: one message


def test_faults_of_one_kind_collapse_into_one_message_with_a_count():
    rows = b"".join(b"%d,bad,oops,1\n" % i for i in range(300))
    data = b"step,loss,acc,lr\n" + rows + b"300,0.5,0.9,1\n" + b"301,0.4,0.8,1,7,8\n" * 40
    result = plain_csv.read(data, "p.csv")
    assert [str(p) for p in result.problems] == [
        "p.csv:2: column 'loss': 'bad' is not a number; cell skipped (300 times in this file, at lines 2-301)",
        "p.csv:2: column 'acc': 'oops' is not a number; cell skipped (300 times in this file, at lines 2-301)",
        "p.csv:303: 6 fields, the header has 4; row skipped (40 times in this file, at lines 303-342)",
    ]
    assert series(result.scalars)["loss"] == [(300, 0.5)]


def test_collapsed_faults_are_counted_per_run():
    data = b"epoch,loss\n0,x\n1,x\n2,x\n3,0.5\n0,y\n1,y\n2,0.4\n"  # the epoch restarts: two runs
    first, second = keras_csv.read(data, "k.log", 0), keras_csv.read(data, "k.log", 1)
    assert [str(p) for p in first.problems] == [
        "k.log:2: column 'loss': 'x' is not a number; cell skipped (3 times in this file, at lines 2-4)"]
    assert [str(p) for p in second.problems] == [
        "k.log:6: column 'loss': 'y' is not a number; cell skipped (2 times in this file, at lines 6-7)"]


# ---------------------------------------------------------------- Ultralytics / YOLO results.csv

ULTRA_KEYS = ["train/box_loss", "train/cls_loss", "train/dfl_loss", "metrics/precision(B)", "metrics/recall(B)",
              "metrics/mAP50(B)", "metrics/mAP50-95(B)", "val/box_loss", "val/cls_loss", "val/dfl_loss",
              "lr/pg0", "lr/pg1", "lr/pg2"]
YOLOV5_KEYS = ["train/box_loss", "train/obj_loss", "train/cls_loss", "metrics/precision", "metrics/recall",
               "metrics/mAP_0.5", "metrics/mAP_0.5:0.95", "val/box_loss", "val/obj_loss", "val/cls_loss",
               "x/lr0", "x/lr1", "x/lr2"]


def epoch_metrics(keys: list[str], epoch: int, epochs: int) -> list[float]:
    """Plausible values: losses falling fast then levelling off, metrics rising, a linear learning-rate decay."""
    k = epoch / max(epochs - 1, 1)
    out = []
    for key in keys:
        if "loss" in key:
            base = {"box": 1.6, "cls": 3.2, "dfl": 1.5, "obj": 0.05}[key.split("/")[1].split("_")[0]]
            out.append(base * (0.25 + 0.75 * np.exp(-4.0 * k)) * (1.08 if key.startswith("val/") else 1.0))
        elif "lr" in key:
            out.append(0.01 * (1.0 - 0.9 * k))
        else:
            out.append(0.2 + 0.5 * k)
    return out


def ultralytics_save_metrics(csv_path: Path, epoch: int, seconds: float, metrics: dict) -> None:
    """ultralytics/engine/trainer.py ``BaseTrainer.save_metrics`` (8.1 and later); ``epoch`` is 0-based there."""
    keys, vals = list(metrics.keys()), list(metrics.values())
    n = len(metrics) + 2  # number of cols
    s = "" if csv_path.exists() else ("%s," * n % ("epoch", "time", *keys)).rstrip(",") + "\n"
    with open(csv_path, "a", encoding="utf-8") as f:
        f.write(s + ("%.6g," * n % (epoch + 1, seconds, *vals)).rstrip(",") + "\n")


def ultralytics80_save_metrics(csv_path: Path, epoch: int, metrics: dict) -> None:
    """Ultralytics 8.0's ``save_metrics``: names and values padded to 23 characters, no time column."""
    keys, vals = list(metrics.keys()), list(metrics.values())
    n = len(metrics) + 1  # number of cols
    s = "" if csv_path.exists() else (("%23s," * n % tuple(["epoch"] + keys)).rstrip(",") + "\n")  # header
    with open(csv_path, "a") as f:
        f.write(s + ("%23.5g," * n % tuple([epoch + 1] + vals)).rstrip(",") + "\n")


def yolov5_on_fit_epoch_end(save_dir: Path, keys: list[str], vals: list[float], epoch: int) -> None:
    """YOLOv5 utils/loggers ``Loggers.on_fit_epoch_end``, the CSV part: padded to 20, epochs from 0."""
    file = save_dir / "results.csv"
    n = len(keys) + 1  # number of cols
    s = "" if file.exists() else (("%20s," * n % tuple(["epoch"] + keys)).rstrip(",") + "\n")  # add header
    with open(file, "a") as f:
        f.write(s + ("%20.5g," * n % tuple([epoch] + vals)).rstrip(",") + "\n")


def ultralytics_train(save_dir: Path, epochs: range, total: int) -> None:
    save_dir.mkdir(parents=True, exist_ok=True)
    for epoch in epochs:
        values = epoch_metrics(ULTRA_KEYS, epoch, total)
        ultralytics_save_metrics(save_dir / "results.csv", epoch, 31.5 * (epoch + 1), dict(zip(ULTRA_KEYS, values)))


def reference_points(text: str) -> list[tuple[str, int, float]]:
    rows = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in rows[0]]
    return [(name, int(float(row[0])), float(cell)) for row in rows[1:] for name, cell in zip(header[1:], row[1:])]


def test_ultralytics_results_csv_is_its_own_format_read_value_for_value(tmp_path):
    save_dir = tmp_path / "runs" / "detect" / "train"
    ultralytics_train(save_dir, range(0, 6), 12)
    ultralytics_train(save_dir, range(6, 12), 12)  # resume=True: appended, no header, the epoch goes on
    path = save_dir / "results.csv"
    text, data = path.read_text(), path.read_bytes()
    assert text.splitlines()[0] == "epoch,time," + ",".join(ULTRA_KEYS)
    head = data[:8192]
    assert ultralytics_csv.sniff("results.csv", head)
    assert not keras_csv.sniff("results.csv", head) and not plain_csv.sniff("results.csv", head)
    assert not lightning_csv.sniff("results.csv", head)
    result = ultralytics_csv.read(data, str(path))
    assert points(result.scalars) == reference_points(text) and result.problems == ()
    assert ultralytics_csv.count_segments(data, str(path)) == 1

    (run,) = discover(tmp_path)
    assert (run.id, run.format) == ("runs/detect/train/results.csv", "ultralytics_csv")
    curves = find_curves(load_run(run).scalars)
    tr = pd.read_csv(path)
    total = tr["train/box_loss"].to_numpy() + tr["train/cls_loss"].to_numpy() + tr["train/dfl_loss"].to_numpy()
    assert curves.train_loss.name == "train/box_loss + train/cls_loss + train/dfl_loss"
    assert curves.train_loss.steps.tolist() == list(range(1, 13))
    np.testing.assert_allclose(curves.train_loss.values, total, rtol=1e-12)
    assert curves.val_loss.name == "val/box_loss + val/cls_loss + val/dfl_loss"
    assert curves.lr.name == "lr/pg0"
    assert any(n.startswith("training loss: train/box_loss + train/cls_loss + train/dfl_loss (the sum of the "
                            "detector's loss terms") for n in curves.notes)
    report = scan([tmp_path])
    (summary,) = report.runs
    assert summary.format == "ultralytics_csv" and summary.verdict == "healthy" and summary.warnings == ()
    assert summary.roles["train_loss"] == "train/box_loss + train/cls_loss + train/dfl_loss"


def test_ultralytics_new_training_into_the_same_dir_is_a_second_run(tmp_path):
    save_dir = tmp_path / "train"
    ultralytics_train(save_dir, range(0, 5), 5)
    ultralytics_train(save_dir, range(0, 3), 3)  # exist_ok=True: a new training appends from epoch 1 again
    assert [r.id for r in discover(tmp_path)] == ["train/results.csv#1", "train/results.csv#2"]
    table, warned = read_warned(tmp_path)
    steps = table.query("tag == 'train/box_loss'").groupby("dir", observed=True)["step"].apply(list).to_dict()
    assert steps == {"train/results.csv#1": [1, 2, 3, 4, 5], "train/results.csv#2": [1, 2, 3]} and warned == []


def test_ultralytics_80_padded_and_yolov5_formats(tmp_path):
    old = tmp_path / "v8.0" / "results.csv"
    old.parent.mkdir()
    for epoch in range(8):
        ultralytics80_save_metrics(old, epoch, dict(zip(ULTRA_KEYS, epoch_metrics(ULTRA_KEYS, epoch, 8))))
    v5 = tmp_path / "yolov5"
    v5.mkdir()
    for epoch in range(8):
        yolov5_on_fit_epoch_end(v5, YOLOV5_KEYS, epoch_metrics(YOLOV5_KEYS, epoch, 8), epoch)
    assert old.read_text().startswith(" " * 18 + "epoch," + " " * 9 + "train/box_loss,")
    runs = {r.id: r for r in discover(tmp_path)}
    assert {k: r.format for k, r in runs.items()} == {"v8.0/results.csv": "ultralytics_csv",
                                                       "yolov5/results.csv": "ultralytics_csv"}
    for key, path in (("v8.0/results.csv", old), ("yolov5/results.csv", v5 / "results.csv")):
        loaded = load_run(runs[key])
        assert loaded.problems == () and loaded.errors == ()
        result = ultralytics_csv.read(path.read_bytes(), str(path))
        assert points(result.scalars) == reference_points(path.read_text())
    old_curves = find_curves(load_run(runs["v8.0/results.csv"]).scalars)
    assert old_curves.train_loss.steps.tolist() == list(range(1, 9)) and old_curves.lr.name == "lr/pg0"
    v5_curves = find_curves(load_run(runs["yolov5/results.csv"]).scalars)
    assert v5_curves.train_loss.name == "train/box_loss + train/cls_loss + train/obj_loss"
    assert v5_curves.train_loss.steps.tolist() == list(range(8))  # YOLOv5 counts epochs from 0
    assert v5_curves.val_loss.name == "val/box_loss + val/cls_loss + val/obj_loss"
    assert v5_curves.lr.name == "x/lr0"


def test_a_plain_total_loss_is_never_replaced_by_a_sum():
    frame = pd.DataFrame({
        "dir": pd.Categorical([""] * 12), "tag": pd.Categorical(["train/loss", "train/box_loss", "train/cls_loss"] * 4),
        "step": np.repeat(np.arange(4), 3).astype(np.int64), "value": np.linspace(3.0, 1.0, 12),
        "wall_time": np.nan,
    }).sort_values(["tag", "step"], kind="stable")
    assert find_curves(frame).train_loss.name == "train/loss"


def test_sniffers_claim_each_header_once():
    sniffers = {"lightning_csv": lightning_csv, "keras_csv": keras_csv, "ultralytics_csv": ultralytics_csv,
                "csv": plain_csv}
    heads = {
        b"epoch,time,train/box_loss,train/cls_loss,train/dfl_loss,metrics/mAP50(B),lr/pg0\n1,2,3,4,5,6,7\n":
            "ultralytics_csv",
        b"epoch,loss,val_loss\n0,1,2\n": "keras_csv",
        b"epoch,train/loss,val/loss\n0,1,2\n": "keras_csv",  # no metrics/ column: not Ultralytics
        b"step,losses/train.total_loss\n1,2\n": "csv",
        b"epoch,step,loss\n0,1,\n": "lightning_csv",
    }
    for head, fmt in heads.items():
        assert [name for name, m in sniffers.items() if m.sniff("metrics.csv", head)] == [fmt], head


# ---------------------------------------------------------------- any input: runs partition the rows, never a traceback

_CELLS = st.text(alphabet=st.sampled_from(list(',;\n "0123456789.-enaiNAstp_/')), max_size=300)
_HEADS = st.sampled_from(["step,loss\n", "epoch,loss,val_loss\n", "epoch;loss\n", "step,loss\n0,1\nstep,loss,acc\n",
                          "epoch,time,train/box_loss,train/cls_loss,metrics/mAP50(B)\n", "epoch,loss\n3,1\nepoch,loss\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HEADS, _CELLS)
@example("epoch,time,train/box_loss,train/cls_loss,metrics/mAP50(B)\n", ",/1\n")  # a year-0 time: overflowed
def test_runs_partition_the_rows_of_any_file(head, body):
    data = (head + body).encode()
    for reader in (plain_csv, keras_csv, ultralytics_csv):
        try:
            count = reader.count_segments(data, "f")
        except UnreadableFile as e:
            assert "\n" not in str(e)
            continue
        whole = reader.read(data, "f")
        parts = [reader.read(data, "f", segment=k) for k in range(count)]
        exact = lambda frame: [(t, s, repr(v)) for t, s, v in points(frame)]  # noqa: E731  (repr: NaN == NaN)
        assert count >= 1 and sum((exact(p.scalars) for p in parts), []) == exact(whole.scalars)
        for result in [whole, *parts]:
            assert result.scalars["step"].dtype == np.int64 and result.scalars["value"].dtype == np.float64
            assert all("\n" not in str(p) for p in result.problems)


def test_a_padded_infinity_is_read_not_dropped(tmp_path):
    """Ultralytics 8.0's padded results.csv writes an overflowed loss as '%23.5g' % inf = '                    inf'.
    pandas reads 'inf' and ' 1.5' but not ' inf': a tenth-set labeller's YOLOv8 run (coffee) lost its 5 infinite
    `val/cls_loss` epochs ("is not a number; cell skipped") while keeping its NaN ones. Infinite values are data:
    the verdict's business (nan), not the reader's."""
    save_dir = tmp_path / "runs" / "detect" / "train7"
    save_dir.mkdir(parents=True)
    for epoch in range(6):
        cls = math.inf if epoch in (0, 1, 4) else (math.nan if epoch == 2 else 1.5 - 0.1 * epoch)
        ultralytics80_save_metrics(save_dir / "results.csv", epoch, {
            "train/box_loss": 1.5 - 0.05 * epoch, "val/box_loss": 1.2 - 0.02 * epoch, "val/cls_loss": cls,
            "metrics/mAP50(B)": 0.1 * epoch})
    assert b"                    inf," in (save_dir / "results.csv").read_bytes()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(save_dir)
    cls = frame[frame["tag"] == "val/cls_loss"].sort_values("step")
    assert cls["step"].tolist() == [1, 2, 3, 4, 5, 6]
    values = cls["value"].tolist()
    assert values[0] == values[1] == values[4] == math.inf and math.isnan(values[2]) and values[3] == 1.2
    assert not [w for w in caught if "not a number" in str(w.message)]
