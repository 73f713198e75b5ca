"""A `healthy` run whose validation stopped improving early while training went on far below it: a finding and
advice, never another label (newcomer29).

domain.md's overfit needs validation to *rise* after its minimum; a validation loss that only levels off while the
training loss heads towards zero is, by the labels' rule, healthy ("a flat validation plateau with a widening gap is
healthy"). But "Nothing to fix" on such a run hides what the log does show: every step after validation's best
only fitted the training set. The newcomer's Keras MLP on 64 samples (train loss 1.9 -> 0.000176, validation lowest
0.64 at epoch 22 of 79, last 0.65) read "Nothing to fix". Here such a run gets a ``gap`` finding naming the logged
values and advice to stop at validation's best and narrow the gap.

The thresholds (all on logged values, both losses positive, >= ``MIN_POINTS`` each):
- validation's lowest log in the first ``BEST_BY`` (half) of the run: most of the run came after it;
- training's last log <= validation's last / ``GAP_RATIO`` (10): a gap of an order of magnitude, where a train/val
  difference of a few % is what a healthy fit shows;
- training fell >= ``TRAIN_FELL`` (2x) from validation's best step to its end: it kept learning the training set.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .verdict_base import times, Finding, _fmt, _step
from .verdict_evidence import finite, logged

MIN_POINTS = 5
BEST_BY = 0.5
GAP_RATIO = 10.0
TRAIN_FELL = 2.0


def gap_after_best(curves: Curves) -> tuple[Finding, str] | None:
    """(a ``gap`` finding, the advice that replaces "Nothing to fix") for a run matching the module notes, or None."""
    ts, tv = finite(curves.train_loss)
    vs, vv = finite(curves.val_loss)
    if len(tv) < MIN_POINTS or len(vv) < MIN_POINTS or tv.min() <= 0 or vv.min() <= 0:
        return None
    t, v = logged(curves.train_loss), logged(curves.val_loss)
    start, end = min(ts[0], vs[0]), max(ts[-1], vs[-1])
    if end <= start or (v.low_step - start) / (end - start) > BEST_BY:
        return None
    at_best = tv[max(int(np.searchsorted(ts, v.low_step, side="right")) - 1, 0)]
    if t.last > v.last / GAP_RATIO or at_best < TRAIN_FELL * t.last:
        return None
    x = v.x
    after = (end - v.low_step) / (end - start)
    finding = Finding("gap", f"validation `{v.name}` was lowest at {x} {_step(v.low_step)} ({_fmt(v.low)}) and "
                             f"ended at {_fmt(v.last)}, while training `{t.name}` went on from {_fmt(float(at_best))} "
                             f"to {_fmt(t.last)} ({times(v.last / t.last)} below validation): the last {after:.0%} "
                             "of the run fitted only the training set", v.low_step)
    advice = (f"Nothing broke, but validation stopped improving at {x} {_step(v.low_step)}: stop there next time "
              "(early stopping, or keep that checkpoint); more data, augmentation or regularisation would narrow the "
              "gap.")
    return finding, advice
