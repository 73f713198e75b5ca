"""Where a divergence began, for the summary's words (``verdict_text``, ``verdict_climbtext``).

``LossShape.divergence_start_step`` (features) is the step after the last point where the smoothed curve lay within a
quarter of the climb above its minimum: on a loss that rises smoothly from its minimum (``0.35*exp((s-800)/250)``)
that is where it had already doubled, and "climbed from step 960" sent a reader 160 steps past where things went
wrong (stop 62's newcomer), with the learning rate read there too. ``climb_onset`` finds where the climb began: the
last log, between the best and that step, whose 5-log running median lay within ``ONSET_BAND`` (5%) of the rise (best to
the value at the crossing) above the best -- the last low point before the sustained rise; the summary quotes both.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Series
from .verdict_base import _step, times

ONSET_BAND = 0.05  # within 5% of the rise above the best (in log10 for positive losses): still at its low
WINDOW = 5  # running median over 5 logs (per-step noise)


@dataclass(frozen=True)
class Onset:
    began: int  # the step the climb began at (the last low point)
    crossed: int  # ``divergence_start_step``: where it had risen a quarter of its climb (in decades for a positive loss)
    ratio: float  # the running median at ``crossed`` over the best (positive losses), else NaN
    best: int  # the best's step


def climb_onset(series: Series | None, best_step: int, crossed: int | None) -> Onset | None:
    """The onset of a climb from ``best_step`` that ``crossed`` its quarter mark at ``crossed``; None when no log
    lies between them (then the climb began where it crossed), or the series is missing."""
    if series is None or crossed is None or crossed <= best_step:
        return None
    steps = np.asarray(series.steps)
    values = np.asarray(series.values, dtype=np.float64)
    ok = np.isfinite(values)
    steps, values = steps[ok], values[ok]
    i0, i1 = int(np.searchsorted(steps, best_step)), int(np.searchsorted(steps, crossed))
    if i1 >= len(values) or i1 - i0 < 2:
        return None
    positive = bool((values > 0).all())
    y = np.log10(values) if positive else values
    lo, hi = max(i0 - WINDOW // 2, 0), min(i1 + WINDOW // 2 + 1, len(y))
    part = y[lo:hi]
    med = np.array([np.median(part[max(k - WINDOW // 2, 0):k + WINDOW // 2 + 1]) for k in range(len(part))])
    med = med[i0 - lo:i1 - lo + 1]
    best, at = float(med.min()), float(med[-1])
    if not at > best:
        return None
    low = np.nonzero(med[:-1] <= best + ONSET_BAND * (at - best))[0]
    k = int(low[-1]) if len(low) else 0
    if i0 + k >= i1 - 1:  # the last low point is just before the crossing: nothing to add
        return None
    ratio = 10 ** (at - best) if positive else math.nan
    return Onset(int(steps[i0 + k]), int(steps[i1]), ratio, int(best_step))


def onset_words(onset: Onset, x: str) -> str:
    """"climbed from step 800 (past 2.0x its best by step 960)", "climbed straight from its best (...)" when the
    climb began at the best; without a ratio "(well up by step 960)"."""
    past = f"past {times(onset.ratio)} its best" if onset.ratio == onset.ratio else "well up"
    where = "straight from its best" if onset.began <= onset.best else f"from {x} {_step(onset.began)}"
    return f"climbed {where} ({past} by {x} {_step(onset.crossed)})"
