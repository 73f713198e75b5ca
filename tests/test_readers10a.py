"""Reader kinds of branch readers10a, each file written by the real writer from a tiny real training loop:

- training and validation on separate rows of one CSV at the same epoch, each writing 0 in the other split's
  columns (public yolo-scratch ``model2_batch_only_end.csv``): the 0s are placeholders, the pair's other columns are
  read per split; a real 0.0 elsewhere stays;
- a text ``phase``/``split``/``mode`` column of train/val words (public biosbert ``training_metrics.csv``): the
  numeric columns are split into ``train_<name>``/``val_<name>``, also where the Keras or Lightning reader used to
  claim the header;
- a JSON history of loss tensors dumped with ``default=str`` (``"tensor(3.1155, device='cuda:0')"``): read as
  numbers, as the CSV readers unwrap such cells;
- a ``losses.csv`` whose columns name only splits (``train,valid``, no epoch column) holding tensor reprs (pandas'
  ``to_csv`` of a frame of loss tensors): read, the row number as the epoch;
- a JSON history of accuracy/lr lists with its own epoch axis and no loss: a run, as the same CSV is.
"""
from __future__ import annotations

import csv
import json
import warnings

import pandas as pd
import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.scan import scan


def _fit(epochs: int, seed: int = 0):
    """A tiny real classifier: per epoch (train loss tensor, val loss tensor, train acc, val acc, lr, counts)."""
    torch.manual_seed(seed)
    x = torch.randn(96, 4)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).long()
    xt, yt, xv, yv = x[:64], y[:64], x[64:], y[64:]
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    sched = torch.optim.lr_scheduler.StepLR(opt, 2, gamma=0.5)
    out = []
    for _ in range(epochs):
        opt.zero_grad()
        logits = model(xt)
        loss = torch.nn.functional.cross_entropy(logits, yt)
        loss.backward()
        opt.step()
        lr = opt.param_groups[0]["lr"]
        sched.step()
        with torch.no_grad():
            vlogits = model(xv)
            vloss = torch.nn.functional.cross_entropy(vlogits, yv)
        tacc = (logits.argmax(1) == yt).float().mean().item()
        vacc = (vlogits.argmax(1) == yv).float().mean().item()
        out.append((loss, vloss, tacc, vacc, lr, int((logits.argmax(1) == yt).sum()), int((vlogits.argmax(1) == yv).sum())))
    return out


def _read(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=resolve)
    return frame, [str(w.message) for w in caught]


def _series(frame, tag, dir_=None):
    rows = frame[frame["tag"] == tag] if dir_ is None else frame[(frame["tag"] == tag) & (frame["dir"] == dir_)]
    return rows["step"].tolist(), rows["value"].tolist()


# 1. training and validation rows at one epoch, 0 in the other split's columns
def test_alternating_rows_zero_placeholders_are_missing(tmp_path):
    history = _fit(6)
    path = tmp_path / "model2_batch_only_end.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Epoch", "Train Loss", "Validation Loss", "Correct Predictions", "Total Boxes"])
        for epoch, (loss, vloss, _ta, _va, _lr, ct, cv) in enumerate(history):
            w.writerow([epoch * 10, loss.item(), 0, ct, 64])
            w.writerow([epoch * 10, 0, vloss.item(), cv, 32])
    frame, said = _read(tmp_path)
    assert sorted(set(frame["tag"])) == ["Train Loss", "Validation Loss", "train_Correct Predictions",
                                         "train_Total Boxes", "val_Correct Predictions", "val_Total Boxes"]
    steps, values = _series(frame, "Train Loss")
    assert steps == [10 * e for e in range(6)]
    assert values == pytest.approx([h[0].item() for h in history])
    assert _series(frame, "Validation Loss")[1] == pytest.approx([h[1].item() for h in history])
    assert _series(frame, "val_Total Boxes")[1] == [32.0] * 6
    assert _series(frame, "train_Correct Predictions")[1] == [float(h[5]) for h in history]
    assert any("model2_batch_only_end.csv:2: training and validation rows alternate" in s and "placeholders" in s
               for s in said)


def test_alternating_rows_in_a_keras_shaped_header_are_one_run(tmp_path):
    history = _fit(4)
    path = tmp_path / "log.csv"
    with open(path, "w", newline="") as f:  # starts with 'epoch': the Keras reader took the repeated epoch for runs
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss"])
        for epoch, (loss, vloss, *_rest) in enumerate(history):
            w.writerow([epoch, loss.item(), 0.0])
            w.writerow([epoch, 0.0, vloss.item()])
    assert [r.id for r in discover(tmp_path)] == ["log.csv"]
    frame, _ = _read(tmp_path)
    assert _series(frame, "train_loss") == ([0, 1, 2, 3], pytest.approx([h[0].item() for h in history]))
    assert _series(frame, "val_loss") == ([0, 1, 2, 3], pytest.approx([h[1].item() for h in history]))


def test_a_real_zero_loss_without_alternating_rows_stays(tmp_path):
    history = _fit(4)
    path = tmp_path / "losses_log.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "train_loss", "val_loss"])
        for epoch, (loss, vloss, *_rest) in enumerate(history):
            w.writerow([epoch, loss.item(), 0.0 if epoch == 2 else vloss.item()])  # one real 0.0
    frame, said = _read(tmp_path)
    assert _series(frame, "val_loss")[1][2] == 0.0
    assert not any("placeholder" in s for s in said)


# 2. a text phase/split/mode column
def _phase_log(path, header, history, steps_per_epoch=4):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        step = 0
        for epoch, (loss, vloss, tacc, vacc, lr, *_rest) in enumerate(history):
            for i in range(steps_per_epoch):
                step += 50
                row = {"epoch": f"{epoch + (i + 1) / steps_per_epoch:.4f}", "global_step": step, "step": step,
                       "phase": "train", "split": "train", "loss": f"{loss.item() * (1.02 - 0.01 * i):.6f}",
                       "accuracy": "", "learning_rate": lr, "wall_sec": 10.0 * step}
                w.writerow([row[c] for c in header])
            row = {"epoch": f"{epoch + 1:.4f}", "global_step": step, "step": step, "phase": "val", "split": "val",
                   "loss": f"{vloss.item():.6f}", "accuracy": f"{vacc:.6f}", "learning_rate": "",
                   "wall_sec": 10.0 * step + 5}
            w.writerow([row[c] for c in header])


def test_phase_column_splits_the_numeric_columns(tmp_path):
    history = _fit(3)
    header = ["epoch", "global_step", "phase", "loss", "accuracy", "learning_rate", "wall_sec"]
    _phase_log(tmp_path / "biased_training_metrics.csv", header, history)
    frame, said = _read(tmp_path)
    assert sorted(set(frame["tag"])) == ["epoch", "learning_rate", "train_loss", "val_accuracy", "val_loss",
                                         "wall_sec"]
    assert _series(frame, "val_loss") == ([200, 400, 600], pytest.approx([h[1].item() for h in history], abs=1e-6))
    assert _series(frame, "val_accuracy")[1] == pytest.approx([h[3] for h in history], abs=1e-6)
    steps, values = _series(frame, "train_loss")
    assert steps == list(range(50, 650, 50)) and len(values) == 12
    assert _series(frame, "learning_rate")[1][:4] == [0.5] * 4
    assert any("column 'phase' names each row's split (train, val)" in s for s in said)


@pytest.mark.parametrize("name, header", [
    ("training_metrics.csv", ["epoch", "step", "global_step", "phase", "loss", "accuracy", "learning_rate"]),
    ("metrics.csv", ["epoch", "step", "split", "loss", "accuracy", "learning_rate"]),  # Lightning's file name
])
def test_phase_column_where_the_lightning_reader_claimed_the_header(tmp_path, name, header):
    history = _fit(2)
    _phase_log(tmp_path / name, header, history)
    assert [r.format for r in discover(tmp_path)] == ["csv"]
    frame, _ = _read(tmp_path)
    assert "loss" not in set(frame["tag"])
    assert _series(frame, "val_loss")[1] == pytest.approx([h[1].item() for h in history], abs=1e-6)
    assert len(_series(frame, "train_loss")[1]) == 8


def test_phase_rows_at_the_same_epoch_keras_shaped(tmp_path):
    history = _fit(4)
    path = tmp_path / "history.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "mode", "loss", "acc"])
        for epoch, (loss, vloss, tacc, vacc, *_rest) in enumerate(history):
            w.writerow([epoch, "train", loss.item(), tacc])
            w.writerow([epoch, "val", vloss.item(), vacc])
    assert [r.id for r in discover(tmp_path)] == ["history.csv"]
    frame, _ = _read(tmp_path)
    assert sorted(set(frame["tag"])) == ["train_acc", "train_loss", "val_acc", "val_loss"]
    assert _series(frame, "train_loss") == ([0, 1, 2, 3], pytest.approx([h[0].item() for h in history]))
    assert _series(frame, "val_loss") == ([0, 1, 2, 3], pytest.approx([h[1].item() for h in history]))


def test_a_mode_column_of_other_words_is_no_split(tmp_path):
    history = _fit(3)
    path = tmp_path / "log.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "mode", "loss"])
        for epoch, (loss, *_rest) in enumerate(history):
            w.writerow([epoch, "fast", loss.item()])
    frame, _ = _read(tmp_path)
    assert sorted(set(frame["tag"])) == ["loss"]


# 3. JSON history of tensor reprs
def test_json_history_of_tensor_strings(tmp_path):
    history = _fit(5)
    hist = {"loss": [h[0] for h in history], "val_loss": [h[1] for h in history],
            "accuracy": [h[2] for h in history]}
    with open(tmp_path / "history.json", "w") as f:
        json.dump(hist, f, default=str)  # "tensor(0.69, grad_fn=<NllLossBackward0>)"
    rows = [{"epoch": e + 1, "loss": h[0], "val_loss": h[1]} for e, h in enumerate(history)]
    (tmp_path / "b").mkdir()
    with open(tmp_path / "b" / "history.json", "w") as f:
        json.dump(rows, f, default=str)
    assert "tensor(" in (tmp_path / "history.json").read_text()
    frame, said = _read(tmp_path)
    assert _series(frame, "loss", "history.json") == (
        [0, 1, 2, 3, 4], pytest.approx([h[0].item() for h in history], abs=1e-4))
    assert _series(frame, "val_loss", "history.json")[1] == pytest.approx([h[1].item() for h in history], abs=1e-4)
    assert _series(frame, "accuracy", "history.json")[1] == pytest.approx([h[2] for h in history])
    assert _series(frame, "loss", "b/history.json") == (
        [1, 2, 3, 4, 5], pytest.approx([h[0].item() for h in history], abs=1e-4))
    assert not any("no loss series" in s for s in said)


# 4. split-named loss log without an epoch column, cells tensor reprs
@pytest.mark.parametrize("index", [False, True])
def test_split_named_loss_log_of_tensor_cells_without_epoch(tmp_path, index):
    history = _fit(5)
    pd.DataFrame({"train": [h[0] for h in history], "valid": [h[1] for h in history]}).to_csv(
        tmp_path / "losses.csv", index=index)
    assert "tensor(" in (tmp_path / "losses.csv").read_text()
    assert [r.id for r in discover(tmp_path)] == ["losses.csv"]
    frame, said = _read(tmp_path)
    assert _series(frame, "train_loss") == ([0, 1, 2, 3, 4], pytest.approx([h[0].item() for h in history], abs=1e-4))
    assert _series(frame, "valid_loss") == ([0, 1, 2, 3, 4], pytest.approx([h[1].item() for h in history], abs=1e-4))
    assert any("columns name only splits" in s for s in said)
    if not index:
        assert any("the row number (from 0) is the step" in s for s in said)


# 5. JSON history without a loss: what the CSV path does for the same content
def test_json_accuracy_only_history_is_a_run_like_the_csv(tmp_path):
    history = _fit(4)
    epochs = list(range(1, 5))
    (tmp_path / "j").mkdir()
    (tmp_path / "r").mkdir()
    (tmp_path / "c").mkdir()
    with open(tmp_path / "j" / "history.json", "w") as f:
        json.dump({"epoch": epochs, "train_acc": [h[2] for h in history], "val_acc": [h[3] for h in history],
                   "lr": [h[4] for h in history]}, f)
    with open(tmp_path / "r" / "history.json", "w") as f:
        json.dump([{"epoch": e, "train_acc": h[2], "val_acc": h[3], "lr": h[4]} for e, h in zip(epochs, history)], f)
    pd.DataFrame({"epoch": epochs, "train_acc": [h[2] for h in history], "val_acc": [h[3] for h in history],
                  "lr": [h[4] for h in history]}).to_csv(tmp_path / "c" / "history.csv", index=False)
    assert sorted(r.id for r in discover(tmp_path)) == ["c/history.csv", "j/history.json", "r/history.json"]
    frame, _ = _read(tmp_path)
    for tag in ("train_acc", "val_acc", "lr"):
        want = _series(frame, tag, "c/history.csv")
        assert want[0] == epochs
        assert _series(frame, tag, "j/history.json") == want
        assert _series(frame, tag, "r/history.json") == want
    report = scan([tmp_path])
    verdicts = {r.run.rsplit("/", 1)[0]: (r.verdict, r.summary.split(";")[0]) for r in report.runs}
    assert len(set(verdicts.values())) == 1, verdicts
    assert next(iter(verdicts.values()))[0] == "unknown"
    assert not report.errors


def test_json_without_loss_or_axis_is_still_no_history(tmp_path):
    with open(tmp_path / "settings.json", "w") as f:
        json.dump({"schedule": {"steps": [30, 60]}, "name": "resnet"}, f)
    assert discover(tmp_path) == []
