"""A classifier that learned in its first logs, then collapsed below where it started and stayed there (issue 9,
kind 2), for ``verdict_climb.late_climb``.

``late_climb`` sets aside a best in the first 5% of the run ("nothing learned before the climb": a loss that only
rose from its first log is a blow-up from the start, judged by other rules). On a long run a collapse can come that
early: public clear `diverged` ml2022yyr127 (a 600-class transformer, 150 logs): training loss 5.59 at its first log,
4.99 at the second, then 6.60 at the fifth log, the warm-up's peak rate, and 6.39 = ln 600 to the end; its accuracy
0.036 -> 0.070 -> 0.002 (1/600) and never back. It was `stalled` 0.98 (start and end look alike smoothed).

The accuracy is the witness the loss alone is not: both must show it.
- the training loss ended (``end_level``) >= ``PAST_FIRST`` (1.1x) its first logged value and >= ``OFF_BEST``
  (1.2x) its lowest log, which lies below the first log by >= ``FELL`` (5%);
- an accuracy (validation first, else training; percentages read as fractions) logged >= 5 times ended (max of its
  last fifth) at <= ``ACC_LEFT`` (half) its first logged value and half its peak: worse than where it started, which a
  run that merely stopped learning cannot be.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import end_level
from .verdict_evidence import accuracy_fractions, finite

PAST_FIRST, OFF_BEST, FELL, ACC_LEFT, MIN_LOGS = 1.1, 1.2, 0.05, 0.5, 10


@dataclass(frozen=True)
class EarlyCollapse:
    """The logged values behind an early collapse: the loss's (first, lowest, end level) and the accuracy's
    (name, first, peak, last)."""

    first: float
    best: float
    end: float
    accuracy: tuple[str, float, float, float]


def early_collapse(curves: Curves | None) -> EarlyCollapse | None:
    """An early collapse below the start (module notes), or None (also without a positive training loss of >= 10
    finite logs, or without an accuracy of >= 5 logs)."""
    if curves is None or curves.train_loss is None:
        return None
    _, v = finite(curves.train_loss)
    if len(v) < MIN_LOGS or (v <= 0).any():
        return None
    first, best, end = float(v[0]), float(v.min()), float(end_level(v))
    if not (best <= (1 - FELL) * first and end >= PAST_FIRST * first and end >= OFF_BEST * best):
        return None
    for series in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(series, percent=True) if series is not None else None
        if read is None or len(read[1]) < 5:
            continue
        a = read[1]
        tail = a[-max(2, len(a) // 5):]
        a_first, a_peak = float(a[0]), float(np.max(a))
        if a_first > 0 and float(tail.max()) <= ACC_LEFT * a_first and float(tail.max()) <= ACC_LEFT * a_peak:
            return EarlyCollapse(first, best, end, (series.name, a_first, a_peak, float(a[-1])))
    return None
