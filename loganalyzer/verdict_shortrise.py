"""Overfitting on three to five evaluations (kind 7; moved out of ``verdict_evidence``, which still answers for these
names on first use): ``short_val_rise(curves)`` -- a validation loss whose best came in the first half and that rose
at every later evaluation, or stayed >= ``SHORT_RISE`` (15%) above it, ending >= 15% above it, while the training
loss fell >= ``SHORT_TRAIN_FALL`` (20%) from the best's step to its last log. Values as logged (``finite``: finite
points only; losses must be > 0), steps as logged; returns a ``ShortRise`` or None, raises nothing. The thresholds'
sources (public dev rows bertimdb43, torchbox50, cv-imgcls mnist_cnn) are in the docstring of ``short_val_rise``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .verdict_evidence import finite


@dataclass(frozen=True)
class ShortRise:
    """Three to five evaluations, the best among the first ones, then rising at every evaluation to >= 15% above
    it, or every later one >= 15% above it, while training fell >= 20% (kind 7 on a fine-tune's 3 epochs:
    validation 0.318, 0.320, 0.443; or 0.357, 0.617, 0.595)."""

    best: float
    best_step: int
    last: float
    last_step: int
    rise: float  # last relative to the best
    evals: int
    train_at_best: float
    train_last: float


SHORT_RISE = 0.15  # the last evaluation >= 15% above the best: a rise no evaluation noise of a 3-5 point log explains
SHORT_TRAIN_FALL = 0.20  # ... while training fell >= 20% (the gap widened)


def short_val_rise(curves: Curves) -> ShortRise | None:
    """Validation on 3-5 evaluations that rose after its best (in the first half) at every later evaluation, or
    stayed >= ``SHORT_RISE`` above it at every one, the last >= ``SHORT_RISE`` above the best, while the training loss fell >= ``SHORT_TRAIN_FALL`` from the best's step
    to its last log: too few points for ``val_rise``'s noise tests, but the labels call it overfit (clear=no).

    One evaluation after the best is enough (stop 34, verdict34b; it was two until then): on 3 evaluations the best
    can only sit at the second, and the public dev rows of that shape labelled `overfit` were called `healthy`:
    bertimdb43 (val_loss 0.290, 0.268, 0.369: +38%, training 0.444 -> 0.247 -> 0.134) and torchbox50 (0.682, 0.617,
    0.977: +58%, training 0.668 -> 0.429 -> 0.316); no dev row labelled `healthy` has it (the nearest, cv-imgcls
    mnist_cnn, has its best at the 4th of 5 evaluations: not in the first half)."""
    vs, vv = finite(curves.val_loss)
    ts, tv = finite(curves.train_loss)
    if not 3 <= len(vv) <= 5 or len(tv) < 2 or (vv <= 0).any() or (tv <= 0).any():
        return None
    i = int(np.argmin(vv))
    after = vv[i:]
    rising = (np.diff(after) >= 0).all()  # rose at every evaluation after the best ...
    stayed = (after[1:] >= (1 + SHORT_RISE) * vv[i]).all()  # ... or every later evaluation stayed >= 15% above it
    if 2 * i >= len(vv) or len(after) < 2 or not (rising or stayed):  # one evaluation after the best: see above
        return None
    rise = float(vv[-1] / vv[i] - 1)
    j = min(max(int(np.searchsorted(ts, vs[i], side="right")) - 1, 0), len(tv) - 1)
    t_best, t_last = float(tv[j]), float(tv[-1])
    if rise < SHORT_RISE or j == len(tv) - 1 or t_last > (1 - SHORT_TRAIN_FALL) * t_best:
        return None
    return ShortRise(float(vv[i]), int(vs[i]), float(vv[-1]), int(vs[-1]), rise, len(vv), t_best, t_last)
