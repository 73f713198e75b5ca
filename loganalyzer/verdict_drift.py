"""Validation that drifted up for good after an early best while training kept falling (issue 9, kind 1: "overfitting
that starts early and stays mild"), for ``verdict_refine``: ``val_drift``.

The noise tests of ``verdict_evidence.val_rise`` ask whether the level after the best stands out of the evaluation
noise; on a mild rise (5-20%) over noisy evaluations they often cannot say, and the run stayed `healthy`. A careful
labeller looks at other things, each of which this check asks for (the labellers' reasons in eval/public/labels.tsv
quote them: "slow monotone creep", "+17% over the last evaluations", "training keeps falling", "early stopping"):

- the best came early: >= ``DRIFT_AFTER`` (30%) of the run's steps came after it (early stopping would have saved
  them);
- validation stayed above it: >= ``DRIFT_ABOVE`` (2/3) of the evaluations after the best lie >= 3% above it
  (``DRIFT_MARGIN``), and their median lies >= 5% above it (``verdict_evidence.MIN_RISE``, the overfit floor);
- the later evaluations trend up, not just noise: Spearman's rank correlation of the n evaluations from the best to
  the last with their order is significant one-sided at 1% (rho * sqrt(n - 1) >= ``DRIFT_Z`` = 2.326, the normal
  approximation) and >= ``DRIFT_RHO`` (0.3) however many there are; on >= ``DRIFT_EVALS`` = 4 evaluations after
  the best (fewer are ``verdict_evidence.short_val_rise``'s). At 5% (1.645) one dev row labelled `healthy` was
  turned too: heritagecap48 data3_10 ("early overfit onset at most": a flat floor 1.25-1.35 after its best at
  epoch 34 of 50 with two spikes, rho 0.54 over 17 evaluations); a check that overrules the model asks for more;
- training kept falling: its last tenth (median) >= ``DRIFT_TRAIN`` (5%, ``val_rise``'s floor) below its level
  around validation's best;
- the task's measure did not keep improving: a validation accuracy or metric whose best came in the last tenth of
  its evaluations (``DRIFT_MEASURE_LATE``) says the run still improved where it matters.

A measure that held near its best (within 10% of its gain, ``verdict_refine._metric_held``) does not overrule a
drift: the labellers called such runs `overfit` when the loss crept up as a trend (public dev lungnod: eval loss
0.0386 at epoch 36 of 99, then a slow monotone creep to 0.0436, dice flat at 0.77; tweeks40: a YOLOv5 val loss
+14% from its best at epoch 174 of 400, mAP@0.5:0.95 0.372 -> 0.360).

On the public dev runs the tool called `healthy` (stop 34), these together pick 3 labelled `overfit` (lungnod,
tweeks40, tsforecast46) and no labelled `healthy`; the healthy rows with a similar rise fail the trend (noisy
plateaus), the share after the best (best in the last 30%: fmnist, phenoformer, berlinweather45) or the measure check
(cots44: YOLOv5 val obj loss +9-11% while mAP@0.5:0.95 peaked at 93-94% of the run).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import median
from .verdict_base import _fmt, _step
from .verdict_evidence import MIN_RISE, finite
from .verdict_metric import metric_course
from .verdict_trend import rank_correlation

DRIFT_AFTER = 0.3
DRIFT_ABOVE, DRIFT_MARGIN = 2 / 3, 0.03
DRIFT_RHO, DRIFT_Z, DRIFT_EVALS = 0.3, 2.326, 4
DRIFT_TRAIN = 0.05
DRIFT_MEASURE_LATE = 0.9


@dataclass(frozen=True)
class Drift:
    """What ``val_drift`` found, in logged values."""

    x: str
    best: float
    best_step: int
    evals_after: int
    above: int  # evaluations after the best >= 3% above it
    level: float  # median of the evaluations after the best
    last: float
    last_step: int
    rho: float
    saved: float  # share of the run's steps after the best
    train_at_best: float
    train_last: float


def val_drift(curves: Curves | None) -> Drift | None:
    """The drift above (all five conditions), or None."""
    if curves is None:
        return None
    vs, vv = finite(curves.val_loss)
    ts, tv = finite(curves.train_loss)
    if len(vv) < DRIFT_EVALS + 2 or len(tv) < 5 or vv.min() <= 0 or tv.min() < 0:
        return None
    i = int(np.argmin(vv))
    after = vv[i + 1:]
    start, end = min(int(vs[0]), int(ts[0])), max(int(vs[-1]), int(ts[-1]))
    saved = (end - int(vs[i])) / max(end - start, 1)
    best = float(vv[i])
    if len(after) < DRIFT_EVALS:  # before the median: an empty ``after`` (best at the last evaluation) warned
        return None
    above = int((after >= best * (1 + DRIFT_MARGIN)).sum())
    level = float(median(after))
    if saved < DRIFT_AFTER or above < DRIFT_ABOVE * len(after) or level < best * (1 + MIN_RISE):
        return None
    rho = rank_correlation(vv[i:])
    if not rho >= max(DRIFT_RHO, DRIFT_Z / math.sqrt(len(after))):  # n - 1 = len(after) for the n from the best
        return None
    at_best, last = train_levels(ts, tv, vs[i])
    if not (at_best > 0 and last <= (1 - DRIFT_TRAIN) * at_best) or _measure_still_improving(curves):
        return None
    return Drift("epoch" if curves.val_loss.x == "epoch" else "step", best, int(vs[i]), len(after), above, level,
                 float(vv[-1]), int(vs[-1]), rho, saved, at_best, last)


def train_levels(ts: np.ndarray, tv: np.ndarray, step) -> tuple[float, float]:
    """Training's level around ``step`` (median of the logs within a twentieth of the run either side of the last log
    at or before it) and at the end (median of its last tenth, >= 3 logs): ``ts``/``tv`` its finite steps and
    values (also ``verdict_valfar``)."""
    width = max(1, len(tv) // 20)
    j = min(max(int(np.searchsorted(ts, step, side="right")) - 1, 0), len(tv) - 1)
    return float(median(tv[max(0, j - width): j + width + 1])), float(median(tv[-max(3, len(tv) // 10):]))


def _measure_still_improving(curves: Curves) -> bool:
    """A validation metric (or accuracy) whose best came in the last tenth of its evaluations."""
    course = metric_course(curves.val_metric)
    if course is not None and course.best_position >= DRIFT_MEASURE_LATE:
        return True
    s, v = finite(curves.val_acc)
    return len(v) >= 3 and int(np.argmax(v)) >= DRIFT_MEASURE_LATE * (len(v) - 1)


def drift_text(d: Drift, who: str) -> str:
    """The finding that turns `healthy` into `overfit`, quoting logged values."""
    return (f"{who}, but validation's best {_fmt(d.best)} came at {d.x} {_step(d.best_step)} with {d.saved:.0%} of the "
            f"run still to come, and {d.above} of the {d.evals_after} evaluations after it stayed >= "
            f"{DRIFT_MARGIN:.0%} above it (median {_fmt(d.level)}, {d.level / d.best - 1:.0%} higher; last "
            f"{_fmt(d.last)} at {d.x} {_step(d.last_step)}), trending up (rank correlation with time {d.rho:.2f}), "
            f"while training fell from {_fmt(d.train_at_best)} (around the best) to {_fmt(d.train_last)}: mild "
            f"overfitting; early stopping at {d.x} {_step(d.best_step)} would have saved {d.saved:.0%} of the run")
