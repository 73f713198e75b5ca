"""Stop 43's CSV/JSON reader fixes, from a newcomer breaker's logs (each written the way a script writes it, the
numbers from a real tiny torch training).

- JSON records naming their split in a ``phase`` key, a plain list (``json.dump(records)``): train and val were one
  series, two points an epoch (JSON lines were already split).
- One CSV row for an epoch's training and another for its validation (``csv.writer``): the training points of every
  evaluated epoch were dropped as an "abandoned session".
- ``#`` comments above the header, Excel's ``sep=;`` line, ``np.savetxt``'s ``# epoch,loss`` header: no run, or a
  junk ``# epoch`` series at row numbers.
"""
from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from test_readers20a import _ids, _read, _series  # noqa: E402


@pytest.fixture(scope="module")
def history() -> list[dict]:
    """Per-epoch train/val loss and accuracy of a tiny torch classifier that overfits 40 samples (12 epochs)."""
    import torch

    torch.manual_seed(0)
    x, y = torch.randn(80, 6), torch.randint(0, 3, (80,))
    model = torch.nn.Sequential(torch.nn.Linear(6, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    out = []
    for epoch in range(1, 13):
        for _ in range(5):
            loss = torch.nn.functional.cross_entropy(model(x[:40]), y[:40])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            tr, va = model(x[:40]), model(x[40:])
            out.append({"epoch": epoch,
                        "train_loss": round(torch.nn.functional.cross_entropy(tr, y[:40]).item(), 4),
                        "train_acc": round((tr.argmax(1) == y[:40]).float().mean().item(), 4),
                        "val_loss": round(torch.nn.functional.cross_entropy(va, y[40:]).item(), 4),
                        "val_acc": round((va.argmax(1) == y[40:]).float().mean().item(), 4)})
    return out


def test_json_list_of_records_naming_their_phase(tmp_path, history):
    records = []
    for h in history:
        records.append({"epoch": h["epoch"], "phase": "train", "loss": h["train_loss"], "accuracy": h["train_acc"]})
        records.append({"epoch": h["epoch"], "phase": "val", "loss": h["val_loss"], "accuracy": h["val_acc"]})
    (tmp_path / "history.json").write_text(json.dumps(records))
    df, caught = _read(tmp_path)
    epochs = list(range(1, 13))
    assert _series(df, "train_loss") == (epochs, [h["train_loss"] for h in history])
    assert _series(df, "val_loss") == (epochs, [h["val_loss"] for h in history])
    assert _series(df, "val_accuracy")[1] == [h["val_acc"] for h in history]
    assert "loss" not in set(df.tag) and any("'phase'" in w for w in caught)


def test_train_row_then_val_row_of_one_epoch(tmp_path, history):
    with open(tmp_path / "log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "train_acc", "val_loss", "val_acc"])
        for h in history:
            w.writerow([h["epoch"], h["train_loss"], h["train_acc"], "", ""])
            if h["epoch"] % 3 == 0:  # validation every third epoch, on its own row
                w.writerow([h["epoch"], "", "", h["val_loss"], h["val_acc"]])
    assert _ids(tmp_path) == ["log.csv"]
    df, caught = _read(tmp_path)
    assert _series(df, "train_loss") == (list(range(1, 13)), [h["train_loss"] for h in history])
    assert _series(df, "val_loss") == ([3, 6, 9, 12], [h["val_loss"] for h in history if h["epoch"] % 3 == 0])
    assert not [w for w in caught if "resumed" in w or "abandoned" in w]


def test_comment_lines_above_the_header(tmp_path, history):
    with open(tmp_path / "log.csv", "w", newline="") as f:
        f.write("# run: mlp-64 lr=0.02 bs=40 seed=0\n# started 2024-12-01 10:00\n")
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        w.writerows([h["epoch"], h["train_loss"], h["val_loss"]] for h in history)
    assert _ids(tmp_path) == ["log.csv"]
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == (list(range(1, 13)), [h["val_loss"] for h in history])
    assert not [w for w in caught if "header" in w]


def test_excel_separator_line_after_a_bom(tmp_path, history):
    body = "sep=;\r\nepoch;loss;val_loss\r\n" + "".join(
        f"{h['epoch']};{h['train_loss']};{h['val_loss']}\r\n" for h in history)
    (tmp_path / "training.csv").write_bytes(b"\xef\xbb\xbf" + body.encode())
    assert _ids(tmp_path) == ["training.csv"]
    df, _ = _read(tmp_path)
    assert _series(df, "loss") == (list(range(1, 13)), [h["train_loss"] for h in history])


def test_numpy_savetxt_header_comment(tmp_path, history):
    rows = np.array([[h["epoch"], h["train_loss"], h["val_loss"]] for h in history])
    np.savetxt(tmp_path / "log.csv", rows, delimiter=",", header="epoch,loss,val_loss")
    assert (tmp_path / "log.csv").read_text().startswith("# epoch,loss,val_loss\n")
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "val_loss"}
    assert _series(df, "val_loss") == (list(range(1, 13)), [h["val_loss"] for h in history])


def _per_step(history: list[dict], per: int = 4) -> list[tuple[int, float]]:
    """(step, loss) of ``per`` training steps an epoch (a smooth fall through each epoch's training loss)."""
    out = []
    for h in history:
        for i in range(1, per + 1):
            out.append(((h["epoch"] - 1) * per + i, round(h["train_loss"] * (1 + (per - i) / 20), 4)))
    return out


def test_jsonl_step_rows_and_epoch_rows(tmp_path, history):
    """A JSON-lines logger writing ``{"step": s, "loss": ..}`` per step and ``{"epoch": e, "val_loss": ..}`` per
    epoch: the epoch rows sat at 1..12 on the steps' axis 1..48."""
    steps = _per_step(history)
    with open(tmp_path / "log.jsonl", "w") as f:
        for h in history:
            for s, v in steps[(h["epoch"] - 1) * 4:h["epoch"] * 4]:
                f.write(json.dumps({"step": s, "loss": v}) + "\n")
            f.write(json.dumps({"epoch": h["epoch"], "val_loss": h["val_loss"], "val_acc": h["val_acc"]}) + "\n")
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == ([4 * e for e in range(1, 13)], [h["val_loss"] for h in history])
    assert list(zip(*_series(df, "loss"))) == steps
    assert "epoch" not in set(df.tag)


def test_train_steps_file_beside_val_epochs_file(tmp_path, history):
    """``train_log.csv`` (``step,loss`` per step) beside ``val_log.csv`` (``epoch,loss,accuracy`` per epoch), both
    with ``csv.writer``: the validation was at its epoch numbers on the steps' axis."""
    with open(tmp_path / "train_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "loss"])
        w.writerows(_per_step(history))
    with open(tmp_path / "val_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "accuracy"])
        w.writerows([h["epoch"], h["val_loss"], h["val_acc"]] for h in history)
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss") == ([4 * e for e in range(1, 13)], [h["val_loss"] for h in history])
    assert _series(df, "train_loss")[0] == list(range(1, 49))


def test_semicolons_and_decimal_commas(tmp_path, history):
    """``pd.DataFrame(history).to_csv(sep=";", decimal=",", index=False)`` (Excel's European layout): every metric
    cell was "no number"."""
    import pandas as pd

    pd.DataFrame(history).to_csv(tmp_path / "training_log.csv", sep=";", decimal=",", index=False)
    assert "," in (tmp_path / "training_log.csv").read_text().splitlines()[1]
    df, caught = _read(tmp_path)
    assert _series(df, "val_loss") == (list(range(1, 13)), [h["val_loss"] for h in history])
    assert any("decimal comma" in w for w in caught)


def test_json_history_keyed_by_epoch(tmp_path, history):
    """``metrics[f"epoch_{e}"] = {"train": {..}, "val": {..}}; json.dump(metrics, f)``: no run and no word."""
    metrics = {f"epoch_{h['epoch']}": {"train": {"loss": h["train_loss"], "acc": h["train_acc"]},
                                        "val": {"loss": h["val_loss"], "acc": h["val_acc"]}} for h in history}
    (tmp_path / "metrics.json").write_text(json.dumps(metrics, indent=2))
    assert _ids(tmp_path) == ["metrics.json"]
    df, _ = _read(tmp_path)
    assert _series(df, "val.loss") == (list(range(1, 13)), [h["val_loss"] for h in history])
    assert _series(df, "train.acc")[1] == [h["train_acc"] for h in history]


def test_csv_type_column_of_batch_and_epoch_rows(tmp_path, history):
    """``csv.writer`` rows ``batch,epoch,iter,loss,,`` for each batch and ``epoch,epoch,iter,loss,val_loss,val_acc``
    at each epoch's end under one header: batch losses and epoch means were one ``loss`` (two values at each
    epoch's last batch)."""
    steps = _per_step(history)
    with open(tmp_path / "train_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["type", "epoch", "iter", "loss", "val_loss", "val_acc"])
        for h in history:
            for s, v in steps[(h["epoch"] - 1) * 4:h["epoch"] * 4]:
                w.writerow(["batch", h["epoch"], s, v, "", ""])
            w.writerow(["epoch", h["epoch"], h["epoch"] * 4, h["train_loss"], h["val_loss"], h["val_acc"]])
    df, _ = _read(tmp_path)
    assert list(zip(*_series(df, "loss_step"))) == steps
    assert _series(df, "loss_epoch") == ([4 * e for e in range(1, 13)], [h["train_loss"] for h in history])
    assert "loss" not in set(df.tag)


def test_jsonl_time_column_is_the_wall_clock(tmp_path, history):
    """``f.write(json.dumps({"epoch": e, .., "time": time.time()}) + "\\n")``: the Unix time was a series ``time``
    (a metric of 1.7e9); it is the rows' wall clock."""
    start = 1733300000.0
    with open(tmp_path / "log.jsonl", "w") as f:
        for h in history:
            f.write(json.dumps({**h, "time": start + 3.7 * h["epoch"]}) + "\n")
    df, _ = _read(tmp_path)
    assert "time" not in set(df.tag)
    rows = df[df.tag == "val_loss"]
    assert rows.wall_time.round(1).tolist() == [round(start + 3.7 * e, 1) for e in range(1, 13)]
