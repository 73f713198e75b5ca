"""Validation that climbed to several times its early best while training held its low level (domain.md's overfit:
"validation loss stopping its descent (or rising) while training loss heads towards zero ... the gap widens"), for
``verdict_refine``: ``val_climbed_far``.

Every other overfit check (``verdict_evidence.val_rise``, ``verdict_drift``, ``verdict_memorise``) asks that training
kept falling after validation's best. A small network on few samples reaches its training floor in a few epochs and
then holds it while validation climbs steadily away: training cannot fall further, and the run was `healthy`. Public
dev fkpkaggle186 cnn2_dataset02_14 (a Keras CSVLogger history, MSE on facial keypoints: `loss` 0.353 -> 0.006 by
epoch 5, then flat 0.005-0.008 to epoch 56; `val_loss` best 0.0058 at epoch 5, then up every decile to 0.048, 8x its
best) was `healthy` 0.41. What this check asks for, each from that shape:

- enough evaluations: >= ``FAR_EVALS`` (12) in all, >= ``FAR_AFTER`` (8) after the best, and the best in the first
  half of them (early: early stopping would have kept most of the run's improvement);
- validation had improved to its best: its first evaluation >= 1.5x the best (``FAR_IMPROVED``; one that never
  improved is ``verdict_stall.validation_never_improved``'s mismatch);
- a large multiple: the median of the last quarter of evaluations (>= 3) >= ``FAR_MULTIPLE`` (3x) the best, and
  the median of all the evaluations after the best >= ``FAR_LEVEL`` (2x): not one spike at the end;
- a trend, not noise: Spearman's rank correlation of the evaluations from the best to the last with their order
  >= ``FAR_RHO`` (0.6) and significant one-sided at 0.1% (rho * sqrt(n - 1) >= 3.09);
- training held its low level: it had removed >= 50% of its first logged value by validation's best
  (``FAR_TRAIN_LEARNED``), and its last tenth (median) is <= ``FAR_TRAIN_HELD`` (1.5x) its level around
  validation's best -- a training loss that climbed with validation is ``verdict_climb``'s divergence, not this;
  and validation's multiple is >= ``FAR_GAP`` (2x) training's own (the gap widened);
- the task's measure did not keep improving (``verdict_drift._measure_still_improving``: a validation accuracy or
  metric whose best came in the last tenth of its evaluations).

Only positive losses (ratios): a loss that reaches 0 or below is skipped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import median
from .verdict_base import _fmt, _step, times
from .verdict_drift import _measure_still_improving, train_levels
from .verdict_evidence import finite
from .verdict_trend import rank_correlation

FAR_EVALS, FAR_AFTER = 12, 8
FAR_IMPROVED = 1.5
FAR_MULTIPLE, FAR_LEVEL = 3.0, 2.0
FAR_RHO, FAR_Z = 0.6, 3.09
FAR_TRAIN_LEARNED, FAR_TRAIN_HELD, FAR_GAP = 0.5, 1.5, 2.0


@dataclass(frozen=True)
class FarClimb:
    """What ``val_climbed_far`` found, in logged values."""

    x: str
    best: float
    best_step: int
    evals_after: int
    tail: float  # median of the last quarter of the evaluations
    last: float
    last_step: int
    rho: float
    train_at_best: float  # training's median around validation's best
    train_last: float  # training's median over its last tenth


def val_climbed_far(curves: Curves | None) -> FarClimb | None:
    """The climb above (every condition), or None. ``curves``: the run's role series (``val_loss`` and
    ``train_loss`` needed)."""
    if curves is None:
        return None
    vs, vv = finite(curves.val_loss)
    ts, tv = finite(curves.train_loss)
    if len(vv) < FAR_EVALS or len(tv) < 5 or vv.min() <= 0 or tv.min() <= 0:
        return None
    i = int(np.argmin(vv))
    best = float(vv[i])
    after = vv[i + 1:]
    if len(after) < FAR_AFTER or i > (len(vv) - 1) / 2 or vv[0] < FAR_IMPROVED * best:
        return None
    tail = float(median(vv[-max(3, len(vv) // 4):]))
    if tail < FAR_MULTIPLE * best or float(median(after)) < FAR_LEVEL * best:
        return None
    rho = rank_correlation(vv[i:])
    if not rho >= max(FAR_RHO, FAR_Z / math.sqrt(len(after))):
        return None
    at_best, last = train_levels(ts, tv, vs[i])
    if at_best > (1 - FAR_TRAIN_LEARNED) * float(tv[0]) or last > FAR_TRAIN_HELD * at_best \
            or tail / best < FAR_GAP * max(last / at_best, 1.0) or _measure_still_improving(curves):
        return None
    return FarClimb("epoch" if curves.val_loss.x == "epoch" else "step", best, int(vs[i]), len(after), tail,
                    float(vv[-1]), int(vs[-1]), rho, at_best, last)


def far_text(c: FarClimb, who: str) -> str:
    """The finding that turns `healthy` into `overfit`, quoting logged values."""
    return (f"{who}, but validation's best {_fmt(c.best)} at {c.x} {_step(c.best_step)} was followed by "
            f"{c.evals_after} evaluations climbing steadily (rank correlation with time {c.rho:.2f}) to "
            f"{times(c.tail / c.best)} it (median of the last quarter {_fmt(c.tail)}; last {_fmt(c.last)} at {c.x} "
            f"{_step(c.last_step)}), while training held its low level ({_fmt(c.train_at_best)} around the best, "
            f"{_fmt(c.train_last)} at the end): the gap widened, overfitting; early stopping at {c.x} "
            f"{_step(c.best_step)} keeps the best model")
