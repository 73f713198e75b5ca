"""Validation whose *level* rose after its low on erratic evaluations (issue 9, kinds 1 and 8).

Rule: when the running median of the validation loss (3 evaluations, ``n // 10`` on long series) has its low and
then sits >= 20% above that low -- the median of every later window and the last window alike -- while the
training loss fell >= 5% from that step to its end and the task's accuracy/metric did not hold its best, the run is
`overfit` at a low confidence, however erratic the evaluations.

``verdict_evidence.val_rise`` tests the evaluations after the lowest *logged* one against the evaluation-to-evaluation
noise. On erratic validation (a few hundred examples, a loss with heavy tails) that noise is so large that no test
reaches significance although the level has plainly turned (issue 9 kind 8: erratic validation gets "any label
with low confidence and an oscillation finding"). ``level_rise`` reads the level instead: a lone lucky evaluation
cannot make a running-median low, and a zigzag around a flat or falling level cannot keep every later running
median 20% above it. Thresholds: 20% is four times ``MIN_RISE`` (5%, the labels' "mean >= ~5-10% above the
minimum"), so that the wobble of kind 6 (1-3%) and the erratic healthy runs' levels (the dev set's erratic healthy
validation sits within 15% of its running-median low when training still falls) stay out; 5% of training fall is
domain.md's "training loss keeps falling" as ``val_rise`` measures it. Dev evidence (eval/public, stop 27): among
the runs the tool called `healthy`, the rule fires on five labelled `overfit` (post-low levels +23% to +170%,
e.g. a Lightning regression at 2.18x its running-median low while train_loss fell 2.31 -> 1.13) and on one labelled
`healthy` (an LSTM price model, clear=no: validation 5-30x training); without the metric guard it also fired on two
`healthy` runs whose validation accuracy/F1 ended at its best (0.999, 78% of 79%): a loss level that rose while the
task's measure held is no worse predictions (``verdict_refine._metric_held``'s reading). The threshold is not
knife-edge: at 15% the same six runs change, at 30% four `overfit` and no `healthy`.

Since stop 61 (vd61) no verdict is made from it: ``verdict_refine`` no longer turns a `healthy` run `overfit` on it.
On the public dev rows of the sets staged after it was written (stop 27; measured on the 1,237 rows of the sets
staged 2026-12-04..06, each run re-judged with the rule on and off) it moved 5 runs, all five labelled `healthy`
(clear=no) and called `overfit` by it, and no labelled `overfit` run (on 1,250 rows of the older sets, about half of
them, 3 runs: 2 `healthy` right, 1 `overfit` lost): the six stop-27 dev runs it was fitted on did not carry over to
new projects. ``verdict_noisy.noisy_rise`` still reads it (a rise this reading sees is not kept
as the model's `overfit` there either).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import end_level, median
from .verdict_dip import val_windows
from .verdict_evidence import _y, accuracy_fractions, finite
from .verdict_metric import metric_course

LEVEL_RISE = 0.2  # the running median after its low (median of them, and the last) >= 20% above the low
LEVEL_TRAIN_FALL = 0.05  # ... while training fell >= 5% from the low's step to its end
MIN_EVALS = 6  # a running median of 3 needs >= 2 windows after the low's and one before the end
MEASURE_HELD = 0.1  # the task's accuracy/metric gave back <= 10% of its gain by its last evaluation: held


@dataclass(frozen=True)
class LevelRise:
    """The validation loss's running-median low and the level after it (values in the loss's units)."""

    name: str
    x: str  # "step" or "epoch"
    width: int  # evaluations in each running median
    low: float  # the running median's lowest value
    low_step: int  # the step of the evaluation that window is centred on
    level_after: float  # the median of the running medians after it
    end: float  # the last running median
    rise: float  # level_after relative to low (0.3 = 30% above)
    rise_end: float  # end relative to low
    evals: int
    evals_after: int  # logged evaluations after the low's window
    best: float  # the lowest logged evaluation, with its step
    best_step: int
    last: float  # the last logged evaluation, with its step
    last_step: int
    train_at_low: float  # the training loss near the low's step (median of the logs around it)
    train_last: float  # its last logged value


def level_rise(curves: Curves | None) -> LevelRise | None:
    """The rule of the module notes, or None."""
    got = val_windows(curves, MIN_EVALS)
    if got is None:
        return None
    s, v, y, rel, w, sm = got
    n = len(v)
    k = int(np.argmin(sm))
    c = k + w // 2  # the evaluation the low's window is centred on
    after = sm[k + 1:]
    if n - (k + w) < 2 or len(after) < 2:
        return None
    scale = 1.0 if rel else max(abs(float(sm[k])), 1e-12)

    def relative(d: float) -> float:
        return math.expm1(min(d, 700.0)) if rel else d / scale

    rise, rise_end = relative(float(median(after)) - float(sm[k])), relative(float(sm[-1]) - float(sm[k]))
    if min(rise, rise_end) < LEVEL_RISE:
        return None
    ts, tv = finite(curves.train_loss)
    if len(tv) < 3:
        return None
    j = int(np.searchsorted(ts, s[c], side="right")) - 1
    if j < 0 or j >= len(tv) - 1:
        return None  # no training log before the low, or none after it
    ty, trel = _y(tv)
    h = max(1, len(ty) // 20)
    fell = float(median(ty[max(0, j - h): j + h + 1])) - end_level(ty)
    at = float(median(tv[max(0, j - h): j + h + 1]))
    if fell < (math.log(1 + LEVEL_TRAIN_FALL) if trel else LEVEL_TRAIN_FALL * max(abs(at), 1e-12)):
        return None
    if measure_held(curves) is not None:
        return None
    back = (lambda a: float(np.exp(a))) if rel else float
    i = int(np.argmin(v))
    return LevelRise(curves.val_loss.name, "epoch" if curves.val_loss.x == "epoch" else "step", w, back(sm[k]),
                     int(s[c]), back(median(after)), back(sm[-1]), rise, rise_end, n, n - (k + w), float(v[i]),
                     int(s[i]), float(v[-1]), int(s[-1]), at, float(tv[-1]))


def measure_held(curves: Curves) -> tuple[str, float, float] | None:
    """(name, best, last) of the validation accuracy, else the task's metric, when it improved on its first
    evaluation and its last one gave back at most ``MEASURE_HELD`` of that gain (>= 3 evaluations), else None."""
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is not None and len(acc[1]) >= 3:
        a = acc[1]
        gain = float(a.max() - a[0])
        if gain > 0 and float(a.max() - a[-1]) <= MEASURE_HELD * gain:
            return curves.val_acc.name, float(a.max()), float(a[-1])
    course = metric_course(curves.val_metric)
    if course is not None and course.improved and course.gave_back <= MEASURE_HELD:
        return course.name, course.best, course.last
    return None
