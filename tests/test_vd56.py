"""Verdict kinds of the sets opened at stop 56 (137-142), each failing on the stop's start code, with guards:

- the task's validation measure gave back a quarter of its gain on a noisy plateau while the training loss only crept
  down (mriartifact140, labelled `healthy` clearly: val_psnr 19.7 -> 24.4 at epoch 45 -> ~23, training 0.082 ->
  0.077 after it, 6%, under ReduceLROnPlateau): `overfit` 0.55 by ``verdict_measure``, whose training fall is now
  20% (``SHORT_TRAIN_FALL``), not 5%; a twin whose training loss went on falling (0.08 -> 0.03) stays `overfit`;
- an `overfit` summary said training "kept falling, from 0.004893 to 0.004869" (btcdiff114, 0.5%): a training loss
  less than 5% lower after validation's best (``val_rise``'s floor) now "barely fell (0.5% lower)".
The inputs are Keras ``history.history`` dicts dumped with ``json`` (what ``json.dump(model.history.history, f)``
writes) and a Lightning-style CSV written with ``csv``.
"""
from __future__ import annotations

import csv
import json
import math

import numpy as np

from _runs import verdict


def _measure_history(path, train_after: float, seed: int = 3) -> dict:
    """100 epochs of a regressor's Keras history: ``loss`` falls fast to ~0.079 by epoch 45, then to
    ``train_after`` at epoch 99; ``val_psnr`` rises 19.7 -> ~24.4 at epoch 45, then sinks to ~22.3 (a quarter and
    more of its gain given back); ``val_loss`` falls to ~0.062 by epoch 45 and stays on a noisy plateau there (drifting 5% up by the end)."""
    rng = np.random.default_rng(seed)
    e = np.arange(100)
    early = 0.072 + 0.14 * np.exp(-e / 10) + 0.007
    late = 0.079 + (train_after - 0.079) * np.clip((e - 45) / 54, 0, 1)
    loss = np.where(e <= 45, early, late) * (1 + 0.003 * rng.standard_normal(100))
    rise = 19.7 + 4.7 * (1 - np.exp(-e / 12))
    psnr = np.where(e <= 45, rise, rise[45] - 2.1 * (e - 45) / 54) + 0.15 * rng.standard_normal(100)
    vloss = (0.062 + 0.056 * np.exp(-e / 9) + 0.003 * np.clip((e - 45) / 54, 0, 1)) * (1 + 0.02 * rng.standard_normal(100))
    h = {"loss": [round(float(v), 6) for v in loss], "val_loss": [round(float(v), 6) for v in vloss],
         "val_psnr": [round(float(v), 4) for v in psnr]}
    path.write_text(json.dumps(h))
    return h


def test_a_measure_given_back_while_training_only_crept_down_is_not_overfit(tmp_path):
    h = _measure_history(tmp_path / "training_history.json", train_after=0.0725)
    psnr, loss = h["val_psnr"], h["loss"]
    best = int(np.argmax(psnr))
    assert 30 <= best <= 60 and (psnr[best] - np.median(psnr[best + 1:])) > 0.25 * (psnr[best] - psnr[0])  # the shape
    assert 0.05 < 1 - loss[-1] / np.median(loss[best - 3: best + 4]) < 0.15  # training crept down 5-15% after it
    s = verdict(tmp_path)
    assert s.verdict != "overfit", (s.verdict, s.summary)


def test_a_measure_given_back_while_training_went_on_falling_stays_overfit(tmp_path):
    h = _measure_history(tmp_path / "training_history.json", train_after=0.03)
    loss = h["loss"]
    assert 1 - loss[-1] / loss[45] > 0.5  # the gap widened
    s = verdict(tmp_path)
    assert s.verdict == "overfit", (s.verdict, s.summary)


def _barely_csv(path, seed: int = 5) -> None:
    """A Lightning-style ``metrics.csv`` (epoch, train_loss, val_loss) of 60 epochs: training falls 12% over the
    first 30 epochs, then creeps 2% lower to its end; validation falls to a running-median low near epoch 20, then sits 40%
    above it, erratic, with one lucky evaluation at epoch 52 below everything before it."""
    rng = np.random.default_rng(seed)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["epoch", "step", "train_loss", "val_loss"])
        for ep in range(60):
            t = 0.0050 * (1 - 0.12 * min(ep, 30) / 30) * (1 - 0.02 * max(ep - 30, 0) / 30) \
                * (1 + 0.0005 * rng.standard_normal())
            v = 0.0012 if ep < 20 else 0.0017
            v = v * (1 + 0.15 * rng.standard_normal()) if ep != 52 else 0.0006
            v = v + 0.004 * math.exp(-ep / 3)
            w.writerow([ep, (ep + 1) * 100, f"{t:.6g}", f"{v:.6g}"])


def test_an_overfit_summary_never_says_kept_falling_for_a_loss_barely_lower(tmp_path):
    _barely_csv(tmp_path / "metrics.csv")
    s = verdict(tmp_path)
    assert s.verdict == "overfit", (s.verdict, s.summary)
    said = s.summary.split("(smoothed, at the best)")[0].rsplit("training", 1)[-1]
    assert "kept falling" not in said and "barely fell (0." in said, s.summary
