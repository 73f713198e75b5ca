"""Stop 28 (verdict28b): overfitting the task's measure shows when the validation loss hardly moves.

``verdict_measure.measure_declined``: the validation accuracy (else the task's metric) peaked in the first two thirds
of >= 8 evaluations and the later evaluations gave back >= 25% of its gain beyond their noise, for good, while the
training loss kept falling: `overfit` (low confidence), however flat the (summed) validation loss looked. Public dev:
an Ultralytics classifier (top-1 0.475 -> 0.36, its val/loss 3% above its best) and two YOLO-pose runs (mAP50-95
0.553 -> 0.42 and 0.153 -> 0.064, the summed box+cls+dfl+pose loss moved by the still-falling pose term), labelled
`overfit`, were `healthy`.

The really-trained run: a semi-supervised digits model (a shared trunk, a classification head on 150 labels of which
30% are wrong, a reconstruction head on every training image), logging the weighted sums as a user's multi-task
loss (as YOLO sums its box, cls and dfl terms). The classification head memorises the wrong labels -- validation
accuracy peaks at epoch 1 and falls back -- while the reconstruction term keeps the summed validation loss within
~4% of its best. With clean labels the same run stays `healthy`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits  # noqa: E402

from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_measure import measure_declined  # noqa: E402

F = torch.nn.functional


def multitask_digits(out: Path, *, noise: float, n: int = 150, epochs: int = 60, w: float = 4.0) -> None:
    """Digits (k = 10) with a 64-256-256 trunk and two heads, Adam 1e-3: cross-entropy on ``n`` labelled images
    (``noise`` of their labels redrawn at random; 16 a batch) plus ``w`` x the reconstruction MSE on every training
    image (64 a batch). Writes a Keras CSVLogger file: accuracy, loss (the weighted sum), val_accuracy, val_loss."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    g = torch.Generator().manual_seed(5)
    yl = torch.where(torch.rand(n, generator=g) < noise, torch.randint(0, 10, (n,), generator=g), y[:n])
    trunk = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU())
    cls, rec = torch.nn.Linear(256, 10), torch.nn.Linear(256, 64)
    opt = torch.optim.Adam([*trunk.parameters(), *cls.parameters(), *rec.parameters()], lr=1e-3)
    lines = ["epoch,accuracy,loss,val_accuracy,val_loss"]
    gg = torch.Generator().manual_seed(0)
    for epoch in range(epochs):
        perm, labelled = torch.randperm(len(x), generator=gg), torch.randperm(n, generator=gg)
        total, batches, correct = 0.0, 0, 0
        for b, i in enumerate(range(0, len(x), 64)):
            idx, li = perm[i:i + 64], labelled[(b * 16) % n:(b * 16) % n + 16]
            out_l = cls(trunk(x[li]))
            loss = F.cross_entropy(out_l, yl[li]) + w * F.mse_loss(rec(trunk(x[idx])), x[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, batches = total + float(loss.detach()), batches + 1
            correct += int((out_l.argmax(1) == yl[li]).sum())
        with torch.no_grad():
            h = trunk(xv)
            out_v = cls(h)
            val_loss = float(F.cross_entropy(out_v, yv) + w * F.mse_loss(rec(h), xv))
            val_acc = float((out_v.argmax(1) == yv).float().mean())
        lines.append(f"{epoch},{correct / (16 * batches):.4f},{total / batches:.4f},{val_acc:.4f},{val_loss:.4f}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "training.log").write_text("\n".join(lines) + "\n")


RUNS = {
    "noisy_labels": lambda p: multitask_digits(p, noise=0.3),
    "clean_labels": lambda p: multitask_digits(p, noise=0.0),
}
run_dir = run_dir_fixture(RUNS, "unseen13")


def _column(path: Path, name: str) -> np.ndarray:
    rows = (path / "training.log").read_text().split()
    i = rows[0].split(",").index(name)
    return np.array([float(r.split(",")[i]) for r in rows[1:]])


def test_a_multitask_run_whose_accuracy_fell_back_while_its_summed_loss_stayed_flat_is_overfit(run_dir):
    path = run_dir("noisy_labels")
    acc, val, train = _column(path, "val_accuracy"), _column(path, "val_loss"), _column(path, "loss")
    # the run as trained: accuracy peaked early and fell back a quarter of its gain and more; the summed validation
    # loss stayed within 10% of its best (median after it); training kept falling
    peak = int(acc.argmax())
    assert peak < 20 and acc.max() - np.median(acc[peak + 1:]) > 0.25 * (acc.max() - acc[0])
    best = int(val.argmin())
    assert np.median(val[best + 1:]) < 1.1 * val.min()
    assert train[-1] < 0.3 * train[peak]
    got = verdict(path)
    assert got.verdict == "overfit", (got.verdict, got.summary)
    assert got.confidence <= 0.6
    note = next(f for f in got.analysis.findings if f.kind == "possible_healthy")
    assert "val_accuracy" in note.message and "overfitting by the task's measure" in note.message
    # the summary says what decided, with logged values: the peak at its epoch, the last logged accuracy
    assert got.summary.startswith(f"validation `val_accuracy` peaked at epoch {peak} ({acc.max():.4g};")
    assert f"the last logged is {acc[-1]:.4g} at epoch {len(acc) - 1}" in got.summary
    assert got.analysis.evidence["best_step"] == peak
    assert got.analysis.advice[0].startswith(f"Stop at epoch {peak} (the best `val_accuracy`")


def test_the_same_run_on_clean_labels_stays_healthy(run_dir):
    path = run_dir("clean_labels")
    got = verdict(path)
    assert got.verdict == "healthy", (got.verdict, got.summary)
    assert not any("task's measure" in f.message for f in got.analysis.findings)


def _curves(acc=None, metric=None, train=None, val=None, metric_tag="val_mAP50") -> Curves:
    def series(tag, values, role):
        if values is None:
            return None
        values = np.asarray(values, dtype=np.float64)
        return Series(role, "", tag, np.arange(1, len(values) + 1, dtype=np.int64), values, "epoch")

    n = len(acc if acc is not None else metric)
    train = train if train is not None else list(np.geomspace(1.0, 0.01, n))
    return Curves(train_loss=series("train_loss", train, "train_loss"), val_loss=series("val_loss", val, "val_loss"),
                  val_acc=series("val_acc", acc, "val_acc"), val_metric=series(metric_tag, metric, "val_metric"))


def test_what_counts_as_a_measure_that_fell_back():
    rise = [0.30, 0.50, 0.60, 0.62, 0.61]
    assert measure_declined(_curves(acc=rise + [0.50, 0.49, 0.50, 0.48, 0.49, 0.50, 0.49])) is not None
    # gave back a tenth of its gain: held, not a decline
    assert measure_declined(_curves(acc=rise + [0.60, 0.59, 0.60, 0.59, 0.60, 0.59, 0.60])) is None
    # peaked in the last third: too late to see it stay down
    assert measure_declined(_curves(acc=[0.3, 0.35, 0.4, 0.45, 0.5, 0.52, 0.55, 0.58, 0.62, 0.5, 0.49, 0.5])) is None
    # fell back, then won it back at the end
    assert measure_declined(_curves(acc=rise + [0.50, 0.49, 0.50, 0.55, 0.60, 0.61, 0.62])) is None
    # training did not keep falling
    flat = [1.0, 0.5] + [0.4] * 10
    assert measure_declined(_curves(acc=rise + [0.50, 0.49, 0.50, 0.48, 0.49, 0.50, 0.49], train=flat)) is None
    # the validation loss still made its lowest at the end: not overfitting
    falling = list(np.geomspace(2.0, 0.5, 12))
    assert measure_declined(_curves(acc=rise + [0.50, 0.49, 0.50, 0.48, 0.49, 0.50, 0.49], val=falling)) is None
    # a metric whose "gain" is within its noise (a 1% move, then a wander) has nothing to give back
    wander = [2.88, 2.87, 2.85, 2.95, 2.90, 3.0, 2.97, 3.02, 3.0, 3.01, 3.02, 3.0]
    assert measure_declined(_curves(metric=wander, metric_tag="val_MAE")) is None
    # lower is better (MAE): fell to 1.0, then back up beyond a quarter of the gain
    assert measure_declined(_curves(metric=[3.0, 2.0, 1.2, 1.0, 1.1, 1.6, 1.7, 1.6, 1.7, 1.6, 1.7, 1.65],
                                    metric_tag="val_MAE")) is not None
    # the task's metric, when no accuracy is logged (mAP50: higher is better)
    assert measure_declined(_curves(metric=rise + [0.50, 0.49, 0.50, 0.48, 0.49, 0.50, 0.49])) is not None
