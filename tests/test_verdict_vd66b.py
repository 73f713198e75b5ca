"""Stop 66 (vd66b): a per-batch validation series' best is its running level, not one lucky batch -- and only there.

The facealign shape is written by PyTorch's own ``torch.utils.tensorboard.SummaryWriter`` exactly as public open
``facealign186 raw_CNN_noAug_MSE_lr0.6_B4`` logs it (``Training loss`` per training batch, ``Testing loss`` per test
batch on its own counter; clear `healthy`, called `overfit` 0.66 from one lucky batch). The guard is public
``g2p train_log`` (343 smooth per-epoch evaluations, a sharp minimum): it keeps its exact best, so the drift after it
that tests/test_verdict_unseen6 reads stays found (stop 65's first version of this rule lost it and was reverted).
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torch.utils.tensorboard")
import torch.utils.tensorboard  # noqa: E402

from _runs import public_run  # noqa: E402

from loganalyzer import read_scalars  # noqa: E402
from loganalyzer.curves import Curves, Series  # noqa: E402
from loganalyzer.verdict_evidence import _sigma2, _y, finite, val_rise  # noqa: E402
from loganalyzer.verdict_robustbest import (NOISE_SHARE, OUTLIER_SIGMA, noise_share, robust_levels,
                                           running_level)  # noqa: E402


def _per_batch_events(logdir, seed: int = 0) -> None:
    """``Training loss`` per training batch (285 a epoch) and ``Testing loss`` per test batch (72 a epoch) on its own
    counter, 100 epochs, batch size 4: per-batch MSE of 4 samples spreads like chi-square(4)/4 around its level. The
    test level falls over the first epochs, then sits flat; training keeps creeping down (the public run's shape:
    test deciles flat 19.4-19.9 after the first, one batch at 2.16, training 10.3 -> 9.5)."""
    writer = torch.utils.tensorboard.SummaryWriter(str(logdir))
    rng = np.random.default_rng(seed)
    ts = vs = 0
    for epoch in range(100):
        train_level = 10.0 + 40.0 * np.exp(-epoch / 3) - 0.01 * epoch
        test_level = 19.6 + 30.0 * np.exp(-epoch / 3)
        for loss in train_level * rng.chisquare(4, 285) / 4:
            writer.add_scalar("Training loss", float(loss), ts)
            ts += 1
        for loss in test_level * rng.chisquare(4, 72) / 4:
            writer.add_scalar("Testing loss", float(loss), vs)
            vs += 1
    writer.close()


def _series(df) -> dict[str, Series]:
    return {tag: Series(tag, "", tag, g.step.to_numpy(), g.value.to_numpy()) for tag, g in df.groupby("tag")}


def test_one_lucky_test_batch_is_no_best_to_overfit_from(tmp_path):
    """Before: the best was the lowest of 7,200 per-batch test losses (one batch), its "rise" the median after it
    (thousands of percent), `overfit` on a flat series. Now the series counts as per-batch noise (one evaluation's
    noise well over ``NOISE_SHARE`` of its running level's range) and the best is the running level's lowest."""
    _per_batch_events(tmp_path / "raw_CNN")
    series = _series(read_scalars(str(tmp_path), resolve=True))
    test = series["Testing loss"]
    y, _ = _y(finite(test)[1])
    assert len(y) == 7200 and noise_share(y, _sigma2(y)) >= 2 * NOISE_SHARE
    assert robust_levels(y, _sigma2(y))[1]
    vr = val_rise(Curves(train_loss=series["Training loss"], val_loss=test))
    plateau = float(np.median(test.values[-3600:]))
    assert vr.best > 0.8 * plateau and vr.rise < 0.15, (vr.best, plateau, vr.rise)
    assert vr.best > 3 * float(test.values.min())  # not the lucky batch


def test_a_smooth_long_validation_keeps_its_exact_best():
    """g2p: 343 per-epoch evaluations whose lowest lies 5.5 noise units under the running median (a sharp minimum
    on a smooth curve) -- not per-batch noise (noise 0.007 of the level's range), so val_rise's best is the lowest
    evaluation itself."""
    df = read_scalars(str(public_run("g2p__train_log")), resolve=True)
    series = _series(df)
    val = series["val_loss"]
    y, _ = _y(finite(val)[1])
    assert len(y) >= 300 and noise_share(y, _sigma2(y)) < NOISE_SHARE / 10
    assert not robust_levels(y, _sigma2(y))[1]
    vr = val_rise(Curves(train_loss=series["train_loss"], val_loss=val))
    assert vr.best == float(np.nanmin(val.values))


def test_what_counts_as_per_batch_noise():
    rng = np.random.default_rng(3)
    x = np.arange(400)
    smooth = np.log(2.0 + 3.0 * np.exp(-x / 40)) + rng.normal(0, 0.005, 400)  # a per-epoch curve, small wiggles
    smooth[150] -= 0.2  # a sharp dip far beyond its wiggles
    sigma = _sigma2(smooth)
    assert smooth[150] < running_level(smooth)[150] - OUTLIER_SIGMA * sigma  # an outlier all the same
    assert not robust_levels(smooth, sigma)[1]  # noise << the level's range: the dip stays the best
    noisy = np.log(2.0 + 0.5 * np.exp(-x / 40)) + rng.normal(0, 0.3, 400)  # per-batch: noise ~ the level's range
    noisy[300] -= 2.0  # one lucky batch
    level, smoothed = robust_levels(noisy, _sigma2(noisy))
    assert smoothed and level.min() > noisy.min() + 1.0
    assert not robust_levels(noisy[:199], _sigma2(noisy[:199]))[1]  # too few evaluations to tell
    assert not robust_levels(noisy, _sigma2(noisy), relative=False)[1]  # not a positive loss: no ln noise to judge
    flat = np.log(0.09) + rng.normal(0, 0.024, 400)  # a per-epoch YOLO val loss near flat (rps-yolo exp3: noise
    flat[40] -= 0.15  # 0.024, share 0.23): a whole validation set's noise, its sharp low is a real epoch's
    assert noise_share(flat, _sigma2(flat)) >= NOISE_SHARE and not robust_levels(flat, _sigma2(flat))[1]
