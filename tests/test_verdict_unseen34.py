"""Issue 9, stop 34: two kinds of wrong verdicts on runs nobody here had tuned on.

- An LR schedule with warm restarts: the loss spikes at each restart and recovers, ending far below its start but
  above the best it reached before the first restart. Public dev `healthy` rpggame45 (an HF fine-tune restarted at
  steps 201, 251, 276, 351, 376, 401: 1.668 -> 0.0089 -> 0.0648, 0.04x its start) was `diverged` 0.85; so was the
  same shape really trained here (a regression MLP relaunched without its optimizer state at each cosine restart).
  domain.md: "a loss that rises while the LR rises during warm-up or a restart is not divergence".
- Mild overfitting: validation's best early, the later evaluations above it and trending up, training still falling
  (kind 1). Public dev `overfit` lungnod (eval loss 0.0386 at its best, then a slow monotone creep to 0.0436 while
  dice held 0.77) and tsforecast46 were `healthy` 0.86 / 0.92 (``verdict_drift``).
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import blobs, mlp, one_thread, public_run, save_trainer_state, train_epoch, verdict  # noqa: E402,F401

import loganalyzer  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.features import run_features  # noqa: E402
from loganalyzer.verdict_climb import late_climb  # noqa: E402
from loganalyzer.verdict_drift import val_drift  # noqa: E402
from loganalyzer.verdict_late import lr_restarts, restart_excuse  # noqa: E402

F = torch.nn.functional


# --- warm restarts


def _restarted(out: Path, restart_peak: float, decay_last: bool = True) -> Path:
    """sin(3x) regression by an MLP, full batch, Adam: 300 steps of cosine decay from 0.01, then restarts of 40, 40
    and 60 steps from ``restart_peak``, each a relaunch with a fresh optimizer (no state); the last cycle at the
    constant peak unless ``decay_last``. Logged as an HF Trainer's trainer_state.json (loss, learning_rate a step)."""
    torch.manual_seed(0)
    x = torch.linspace(-2, 2, 256)[:, None]
    y = torch.sin(3 * x)
    net = mlp(1, 64, 64, 1)
    history, step, cycles = [], 0, (300, 40, 40, 60)
    for c, n in enumerate(cycles):
        top = 0.01 if c == 0 else restart_peak
        opt = torch.optim.Adam(net.parameters(), lr=top)
        for j in range(n):
            lr = 0.5 * top * (1 + math.cos(math.pi * j / n)) if decay_last or c < len(cycles) - 1 else top
            for group in opt.param_groups:
                group["lr"] = lr
            loss = F.mse_loss(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            history.append({"step": step, "epoch": float(step), "loss": round(loss.item(), 7), "learning_rate": lr})
    save_trainer_state(out, history, step, 1, step)
    return out


def test_the_public_restarted_fine_tune_is_healthy_and_names_its_restarts():
    run = verdict(public_run("rpggame45__checkpoint-500"))
    assert run.verdict == "healthy", run.analysis.summary
    (said,) = [f.message for f in run.analysis.findings if f.kind == "lr_restarts"]
    assert "restarted at steps 201, 251, 276, 351, 376, 401 after its lowest 0.0089 (step 188)" in said, said
    assert "0.0648 (step 500), 0.04x its first log 1.668" in said, said


def test_without_the_lr_series_the_periodic_spikes_stand_for_the_restarts():
    curves = find_curves(loganalyzer.read_scalars(public_run("rpggame45__checkpoint-500")))
    t = run_features(curves).train
    assert lr_restarts(curves.lr) == [201, 251, 276, 351, 376, 401]
    said = restart_excuse(None, curves.train_loss, t)
    assert said is not None and "loss spiked and recovered, as at learning-rate restarts, at steps 201" in said, said


def test_a_really_trained_warm_restart_run_is_no_divergence(tmp_path):
    """Each restart from 0.03 spikes the loss (13.2 at step 301), the cosine brings it back; it ends 17.7x its best
    (0.00105 at step 295) but 0.03x its first log: `diverged` 0.85 before this stop."""
    run = verdict(_restarted(tmp_path / "warm", 0.03))
    assert run.verdict == "healthy", run.analysis.summary
    (said,) = [f.message for f in run.analysis.findings if f.kind == "lr_restarts"]
    assert "restarted at steps 300, 340, 380 after its lowest 0.001053 (step 295)" in said, said


def test_a_restart_the_loss_never_came_down_from_is_still_diverged(tmp_path):
    """Restarts from 0.3, the last held there: the loss goes back to where it started (0.52 against 0.535) and
    stays: the restarts are named nowhere as an excuse, the verdict is `diverged`."""
    path = _restarted(tmp_path / "hot", 0.3, decay_last=False)
    curves = find_curves(loganalyzer.read_scalars(path))
    features = run_features(curves)
    assert lr_restarts(curves.lr) == [300, 340, 380]  # the troughs each restart rose from
    assert restart_excuse(curves.lr, curves.train_loss, features.train) is None
    climb = late_climb(features, curves)
    assert climb is not None and not climb.restarts
    assert verdict(path).verdict == "diverged"


# --- validation drifting up after an early best (kind 1)


def _history(out: Path, n: int, epochs: int = 60) -> Path:
    """A 4-class MLP (8-16-16-4, AdamW 3e-3, batch 32) on ``n`` noisy blobs (20% of labels redrawn), evaluated on
    4,000 held-out samples each epoch, written as a Keras-style history CSV."""
    torch.manual_seed(0)
    x, y = blobs(n, seed=1, k=4, spread=1.5, noise=0.2)
    xv, yv = blobs(4000, seed=2, k=4, spread=1.5, noise=0.2)
    net = mlp(8, 16, 16, 4)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=0.0)
    rows = []
    for epoch in range(epochs):
        train_epoch(net, opt, x, y, 32)
        with torch.no_grad():
            val = net(xv)
            rows.append({"epoch": epoch, "loss": float(F.cross_entropy(net(x), y)),
                         "val_loss": float(F.cross_entropy(val, yv))})
    out.mkdir(parents=True)
    pd.DataFrame(rows).to_csv(out / "history.csv", index=False)
    return out


def test_a_really_trained_small_set_drifts_and_a_large_one_does_not(tmp_path):
    small = find_curves(loganalyzer.read_scalars(_history(tmp_path / "small", 400)))
    drift = val_drift(small)
    assert drift is not None
    v = np.asarray(small.val_loss.values)
    assert drift.best == float(v.min()) and drift.best_step == int(np.argmin(v))  # logged values, not smoothed
    assert drift.rho >= 0.9 and drift.level > 1.05 * drift.best and drift.train_last < 0.95 * drift.train_at_best
    large = find_curves(loganalyzer.read_scalars(_history(tmp_path / "large", 4000, epochs=20)))
    assert val_drift(large) is None


@pytest.mark.parametrize("name", ["lungnod__unet_lidc_113", "tsforecast46__version_1"])
def test_public_mild_overfits_are_overfit_as_a_lean(name):
    """Both drift (``val_drift``); lungnod's metric held (dice 0.775 -> 0.771), which no longer keeps a drift
    `healthy`, so its validation staying above the best decides it (overfit <= 0.6); tsforecast46 is the drift's own
    (its finding names the trend and what early stopping would have saved)."""
    path = public_run(name)
    assert val_drift(find_curves(loganalyzer.read_scalars(path))) is not None
    run = verdict(path)
    assert run.verdict == "overfit" and run.confidence <= 0.6, run.analysis.summary
    if name.startswith("tsforecast46"):
        said = " ".join(f.message for f in run.analysis.findings if f.kind == "possible_healthy")
        assert "trending up (rank correlation with time 0.96)" in said and "would have saved 31% of the run" in said, \
            said


def test_lookalike_healthy_runs_stay_healthy():
    """cots44 600e: YOLOv5 val obj loss +9% after its best while mAP@0.5:0.95 peaked at 93% of the run (the task's
    measure still improving); heritagecap48 data3_10 ("early overfit onset at most"): a flat floor with two spikes
    after its best, a trend that is no 1% one (rho 0.54 over 17 evaluations)."""
    assert verdict(public_run("cots44__exp_600e_10bs")).verdict == "healthy"
    path = public_run("heritagecap48__data3_10") / "train_log.txt"
    assert val_drift(find_curves(loganalyzer.read_scalars(path))) is None
