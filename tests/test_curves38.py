"""curves38: which series a run is judged on, from faults of the opened blind sets 66-69.

- braille69 ``epoch_log.csv``: ``train_loss`` beside ``val_mean_ce`` (the validation cross-entropy), ``val_ppl`` and
  ``val_top1``: the validation loss was never read (only loss-function names were tried, and only when nothing at
  all was named like a loss), so a clear overfit was judged on the training loss alone: `healthy`.
- mambadekf66 ``0519_train.log``: ``loss=33.93 ... | val=62.79 val_pos=2.85`` per epoch: the bare ``val`` is the
  validation loss; without it a training loss that jumped when loss terms were switched in read `diverged`.
- campussafety69 ``epoch_log.csv``: YOLO's box/cls/dfl losses written as 0.0 in all 50 rows (a logging bug) while
  mAP50 rose 0 -> 0.49: `stalled` 0.99 "barely moved: 0 ... 0". A loss 0.0 at every log beside a metric that
  moved is a loss never computed: no usable loss, said so.

Each file is written from a real tiny torch training, in the script's own format.
"""
from __future__ import annotations

import csv
import math

import pytest

torch = pytest.importorskip("torch")

from loganalyzer.scan import scan  # noqa: E402


def _training(epochs: int, n_train: int = 24, seed: int = 0):
    """(train CE, val CE, val top-1) per epoch of an over-sized MLP on a few noisy 4-class points: it memorises."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n_train + 200, 8, generator=g)
    y = (x[:, 0] > 0).long() * 2 + (x[:, 1] > 0).long()
    flip = torch.rand(len(y), generator=g) < 0.3
    y = torch.where(flip, torch.randint(0, 4, y.shape, generator=g), y)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, 128), torch.nn.ReLU(), torch.nn.Linear(128, 4))
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    ce = torch.nn.functional.cross_entropy
    for _ in range(epochs):
        loss = ce(model(x[:n_train]), y[:n_train])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            out = model(x[n_train:])
            yield loss.item(), ce(out, y[n_train:]).item(), (out.argmax(1) == y[n_train:]).float().mean().item()


def _one(path):
    report = scan([str(path)], jobs=1)
    assert len(report.runs) == 1, [r.run for r in report.runs]
    return report.runs[0]


def test_validation_named_by_its_loss_function_beside_a_train_loss(tmp_path):
    rows = list(_training(30))
    with open(tmp_path / "epoch_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_top1", "val_ppl", "val_mean_ce"])
        for i, (tr, va, acc) in enumerate(rows, 1):
            w.writerow([i, f"{tr:.6f}", f"{acc:.6f}", f"{math.exp(va):.6f}", f"{va:.6f}"])
    run = _one(tmp_path / "epoch_log.csv")
    assert run.roles["train_loss"] == "train_loss"
    assert run.roles["val_loss"] == "val_mean_ce"
    assert any("named by its loss function, is judged as the validation loss" in n for n in run.notes)
    assert "`val_mean_ce`" in run.analysis.summary, run.analysis.summary


def test_a_validation_named_by_its_split_alone(tmp_path):
    lines = []
    for i, (tr, va, _) in enumerate(_training(12), 1):
        lines.append(f"21:43:17 [INFO] Epoch {i}/12 (135.2s) | loss={tr:.4f} (raw={tr * 1.01:.4f}) pos=1.5313 "
                     f"contrast=0.5545 | val={va:.4f} val_pos=2.8526 | k_m=0.63 | NaN=0")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    run = _one(tmp_path / "train.log")
    assert run.roles.get("val_loss") == "val", run.roles
    assert any("named by its split alone" in n for n in run.notes)


def test_a_bare_split_is_no_loss_beside_a_validation_loss(tmp_path):
    with open(tmp_path / "log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss", "val"])
        for i, (tr, va, acc) in enumerate(_training(10), 1):
            w.writerow([i, tr, va, acc])
    run = _one(tmp_path / "log.csv")
    assert run.roles["val_loss"] == "val_loss"


def _yolo_rows(epochs: int):
    """(precision, recall, mAP50) per epoch of a tiny torch detector-like scorer: a real training's rising scores."""
    for i, (_, va, acc) in enumerate(_training(epochs, n_train=150), 1):
        yield i, acc, min(1.0, acc * 1.1), acc * 0.8


def test_every_loss_zero_while_the_metric_rose_is_no_usable_loss(tmp_path):
    with open(tmp_path / "epoch_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "box_loss", "cls_loss", "dfl_loss", "precision", "recall", "mAP50"])
        first = True
        for i, p, r, m in _yolo_rows(20):
            w.writerow([i, 0.0, 0.0, 0.0, 0.0 if first else round(p, 4), 0.0 if first else round(r, 4),
                        0.0 if first else round(m, 4)])
            first = False
    run = _one(tmp_path / "epoch_log.csv")
    assert run.verdict == "unknown"
    assert "exactly 0.0 at every log" in run.analysis.summary


def test_every_train_loss_zero_without_a_moving_metric_is_judged_as_logged(tmp_path):
    # an HF fine-tune whose labels are all masked logs loss 0.0 at every step: that is what it minimised
    with open(tmp_path / "log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "loss", "accuracy"])
        for i in range(1, 21):
            w.writerow([i * 10, 0.0, 0.25])
    run = _one(tmp_path / "log.csv")
    assert run.verdict != "unknown"
    assert run.roles["train_loss"] == "loss"
