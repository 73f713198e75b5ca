"""The task's validation metric as logged (mAP, F1, BLEU, WER...): its course from first to best to last
(``metric_course``), which the verdict checks against the loss. Split from ``verdict_evidence``."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .curves_names import metric_word
from .verdict_base import Finding, _fmt, _pct, _step
from .verdict_evidence import finite

HELD = 0.1  # the task's accuracy/metric gave back <= 10% of its gain by its last evaluation: held (verdict_level)
METRIC_LATE = 0.8  # a metric "kept improving" when its best came in the last 20% of its evaluations


@dataclass(frozen=True)
class MetricCourse:
    """The task's validation metric as logged: first, best (by its direction) and last values with their steps."""

    name: str
    x: str
    higher_is_better: bool
    first: float
    first_step: int
    best: float
    best_step: int
    last: float
    last_step: int
    points: int  # finite evaluations
    best_position: float  # the best's index / (points - 1): 1.0 = the last evaluation
    nonfinite: int = 0  # NaN/Inf evaluations (left out of the above; a finding of their own, verdict_nan)

    @property
    def improved(self) -> bool:
        return self.best != self.first

    @property
    def kept_improving(self) -> bool:
        """Its best came late (``METRIC_LATE``) and beat its first: still getting better when the run ended."""
        return self.improved and self.best_position >= METRIC_LATE

    @property
    def gave_back(self) -> float:
        """How much of its improvement (best against first) the last evaluation lost, 0..1+ (0: ended at its best)."""
        gain = abs(self.best - self.first)
        return abs(self.best - self.last) / gain if gain > 0 else 0.0


def metric_course(series: Series | None) -> MetricCourse | None:
    """The course of ``curves.val_metric`` (>= 3 finite evaluations), or None. Its direction comes from its name
    (``curves_names.metric_word``: mAP, F1, BLEU up; WER, CER, MAE down)."""
    s, v = finite(series)
    if len(v) < 3:
        return None
    word = metric_word(series.tag)
    up = True if word is None else word[1]
    i = int(np.argmax(v) if up else np.argmin(v))
    return MetricCourse(series.name, "epoch" if series.x == "epoch" else "step", up, float(v[0]), int(s[0]),
                        float(v[i]), int(s[i]), float(v[-1]), int(s[-1]), len(v), i / (len(v) - 1),
                        len(series.values) - len(v))


def held_measure(curves: Curves) -> MetricCourse | None:
    """The task's validation accuracy (else its metric) when it improved and its last evaluation gave back at most
    ``HELD`` of that gain, else None (``verdict_noisy``: a loss drifting up while it holds is no worse predictions;
    ``verdict_evidence``: no long climb beside it)."""
    for series in (curves.val_acc, curves.val_metric):
        course = metric_course(series)
        if course is not None and course.improved and course.gave_back <= HELD:
            return course
    return None


def held_finding(vr, held, who: str) -> Finding:
    """The finding of a loss that rose a little while the task's metric held its best (``held_measure``): healthy."""
    return Finding("possible_overfit", f"{who}, but validation stayed within {_pct(max(vr.rise, vr.rise_end))} of its "
                                       f"best while the task's metric `{held.name}` held its best "
                                       f"({_fmt(held.best)} at {held.x} {_step(held.best_step)}, {_fmt(held.last)} at "
                                       "the last): the predictions did not get worse (a loss drifting up with growing "
                                       "confidence): healthy")
