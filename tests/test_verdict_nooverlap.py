"""A binary segmentation that predicted no foreground at all: IoU and Dice ~0 at every epoch while the pixel accuracy
sat at the background share (loganalyzer/verdict_nooverlap.py).

The log is a plain per-epoch CSV written with ``csv.DictWriter`` (the public moseg205 ``logs.csv`` layout: epoch,
train_loss, val_loss, val_iou, val_dice, val_pixel_accuracy, learning_rate) from a real tiny training loop: a small
conv net segments a small bright square (~6% of the pixels) in noisy 16x16 images with per-pixel binary
cross-entropy; IoU and Dice are smoothed by 1e-6 as such scripts compute them ((inter + eps) / (union + eps)).
On very noisy images (noise 2.0) at 3e-3 the net learns the background prior within a few epochs and flattens there
for 30 epochs: the loss fell 64%, no pixel was predicted foreground after the first epoch, and the pixel accuracy
rose 0.89 -> 0.9375, the background share (before: `healthy`, read as a pretrained start near the task's level). On clearer images at 1e-2 it learns the squares (the guard).
"""
from __future__ import annotations

import csv
from pathlib import Path

import torch

from _runs import public_run, verdict

F = torch.nn.functional
EPS = 1e-6


def _images(n: int, seed: int, size: int = 16, noise: float = 0.8):
    g = torch.Generator().manual_seed(seed)
    m = torch.zeros(n, 1, size, size)
    for i in range(n):
        x0, y0 = (int(v) for v in torch.randint(0, size - 4, (2,), generator=g))
        m[i, 0, y0:y0 + 4, x0:x0 + 4] = 1
    return m + noise * torch.randn(m.shape, generator=g), m


def _scores(logits, m) -> tuple[float, float, float]:
    pred, true = (logits > 0).float(), m
    inter, union = float((pred * true).sum()), float(((pred + true) > 0).float().sum())
    iou = (inter + EPS) / (union + EPS)
    dice = (2 * inter + EPS) / (float(pred.sum() + true.sum()) + EPS)
    return iou, dice, float((pred == true).float().mean())


def _segmentation(path: Path, lr: float, epochs: int = 12, noise: float = 0.8) -> list[dict]:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    (x, m), (xv, mv) = _images(32, 1, noise=noise), _images(32, 2, noise=noise)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 1, 3, padding=1))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    path.parent.mkdir(parents=True)
    rows = []
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["epoch", "train_loss", "val_loss", "val_iou", "val_dice",
                                               "val_pixel_accuracy", "learning_rate"])
        writer.writeheader()
        for epoch in range(1, epochs + 1):
            losses = []
            for i in range(0, 32, 8):
                loss = F.binary_cross_entropy_with_logits(net(x[i:i + 8]), m[i:i + 8])
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
            with torch.no_grad():
                logits = net(xv)
                val_loss = F.binary_cross_entropy_with_logits(logits, mv).item()
            iou, dice, acc = _scores(logits, mv)
            row = {"epoch": epoch, "train_loss": sum(losses) / len(losses), "val_loss": val_loss, "val_iou": iou,
                   "val_dice": dice, "val_pixel_accuracy": acc, "learning_rate": lr}
            writer.writerow(row)
            rows.append(row)
    return rows


def test_segmentation_that_never_predicted_foreground_is_underfit(tmp_path):
    rows = _segmentation(tmp_path / "run" / "logs.csv", lr=3e-3, epochs=30, noise=2.0)
    assert rows[-1]["train_loss"] < 0.5 * rows[0]["train_loss"]  # the loss fell and flattened (the prior) ...
    assert rows[-5]["train_loss"] < 1.03 * rows[-1]["train_loss"] + 0.01
    assert max(r["val_iou"] for r in rows) <= 0.01 and max(r["val_dice"] for r in rows) <= 0.01  # ... nothing found
    assert rows[-1]["val_pixel_accuracy"] > 0.93  # the background share (15/16 of the pixels at the end)
    s = verdict(tmp_path / "run")
    assert s.verdict == "underfit" and s.confidence <= 0.6, (s.verdict, s.summary)
    assert "val_iou" in s.summary and "never rose" in s.summary, s.summary


def test_segmentation_that_found_the_squares_is_not_this_rule(tmp_path):
    """Guard: on clearer images (noise 0.3) at 1e-2 the net segments the squares (IoU well above 0.01): no "never
    rose"."""
    rows = _segmentation(tmp_path / "run" / "logs.csv", lr=1e-2, epochs=20, noise=0.3)
    assert max(r["val_iou"] for r in rows) > 0.3
    s = verdict(tmp_path / "run")
    assert "never rose" not in s.summary, s.summary


def test_public_segmentation_predicting_all_background():
    s = verdict(public_run("moseg205__point_000035"))
    assert s.verdict == "underfit" and "val_iou" in s.summary, (s.verdict, s.summary)
