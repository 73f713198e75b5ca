"""A validation best that is one lucky evaluation (issue 9, kinds 1 and 6 from the other side).

domain.md's overfit: "validation loss reaches a minimum and then rises". ``verdict_evidence.val_rise`` measures the
evaluations after the *lowest logged* one. When that lowest one is a single dip early in a noisy validation series
that went on falling -- its running median reaching its own lowest level much later and ending there -- every later
evaluation lies above the dip, and the run reads as overfitting although validation never turned. ``lucky_dip``
finds that case: >= ``MIN_EVALS`` evaluations; the raw lowest not the first evaluation (a validation loss best at its
first evaluation never improved: overfitting's sign) and within ``DIP_DEPTH`` of the later low; the running median
(window ``n // 10``, odd, >= 3) lowest at least a window after the raw lowest, ending within ``MIN_RISE`` (5%) of its
own lowest. Generated `overfit` runs of the corpus whose best came at the first evaluation (a Lightning MLP, 0.971
then 1.07-1.10) or lay far below the rest (a Keras MLP, 0.043 at epoch 5, then 0.19-0.41) stay `overfit`. Then an `overfit` is refused
(`healthy`, confidence <= ``DIP_CONFIDENCE``). Public `healthy` (sixth set, dev, ``cgan-colorize``): val_loss_G
6.70 at epoch 5, a one-point dip, while its decile means fell 8.12, 7.88, 7.56, 7.35 and stayed at 7.33-7.35.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import window_medians
from .verdict_base import Finding, _fmt, _step
from .verdict_evidence import MIN_RISE, _y, finite

MIN_EVALS = 10
DIP_DEPTH = 0.8  # the dip lies within 20% below the running median's low (cgan-colorize: 6.70 against 7.33)
DIP_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Dip:
    best: float  # the lowest logged validation value: the dip
    best_step: int
    level: float  # the running median's lowest level
    level_step: int
    last_level: float  # the running median at the end


def val_windows(curves: Curves | None, min_evals: int = MIN_EVALS):
    """The validation loss as (steps, values, y, rel, w, medians of each ``w`` evaluations) with ``w`` = max(3,
    n // 10) rounded to odd (``y``: log values when ``rel``), or None under ``min_evals`` evaluations: the
    running-median level ``lucky_dip`` and ``verdict_level.level_rise`` (``verdict_noisy``'s guard) read."""
    if curves is None:
        return None
    s, v = finite(curves.val_loss)
    if len(v) < min_evals:
        return None
    y, rel = _y(v)
    w = max(3, len(v) // 10) | 1
    return s, v, y, rel, w, window_medians(y, w)  # each window's median centred at k + w // 2


def lucky_dip(curves: Curves | None) -> Dip | None:
    """The validation's lowest evaluation when it is a lone dip before a later, lasting low (module notes), or None."""
    got = val_windows(curves)
    if got is None:
        return None
    s, v, y, rel, w, smooth = got
    i = int(np.argmin(y))
    k = int(np.argmin(smooth))
    j = k + w // 2
    if i == 0 or j - i < w:
        return None  # a best at the first evaluation is validation that never improved: overfitting's own sign
    rise = float(smooth[-1] - smooth[k])
    rise = math.expm1(min(rise, 700.0)) if rel else rise / max(abs(float(np.exp(smooth[k]) if rel else smooth[k])), 1e-12)
    if rise >= MIN_RISE:
        return None
    level = float(np.exp(smooth[k])) if rel else float(smooth[k])
    last = float(np.exp(smooth[-1])) if rel else float(smooth[-1])
    if float(v[i]) < DIP_DEPTH * level:
        return None  # far below the later low: a real best the run lost (0.043 against a lasting 0.193), not luck
    return Dip(float(v[i]), int(s[i]), level, int(s[j]), last)


def dip_finding(dip, who: str) -> Finding:
    """The finding of a validation whose lowest was a lone dip (``lucky_dip``): healthy."""
    return Finding("possible_overfit", f"{who}, but validation's lowest ({_fmt(dip.best)} at step "
                                       f"{_step(dip.best_step)}) was a lone dip: its running median kept falling to "
                                       f"{_fmt(dip.level)} (step {_step(dip.level_step)}) and ends at "
                                       f"{_fmt(dip.last_level)}: healthy", dip.best_step)
