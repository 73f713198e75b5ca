"""A `stalled` label refuted by a training loss that kept setting new lows to its end (``verdict_refine``): a loss
that fell >= 5% from its first log and whose last third still falls as a monotone trend, its lowest in the last
tenth, is not one that "barely moves from its initial value" (domain.md's stalled); without a floor to measure its
level against, it is `healthy` at a lean (later checks -- an accuracy that stayed low, a presumed ln k -- may still
call it underfit).

Why it is needed: a contrastive (SimCLR / InfoNCE) pre-training loss starts near ln(2N - 1) for a batch of N pairs
and falls only ~10% in all however well the encoder learns: most of it in the first epochs, then a smooth creep down
for the rest of the run. The learned model calls that shape `stalled` ("flat since epoch 602") though no point is
flat. Public open ``fewshotssl197 cifar100fs_1000epoch_CropGauss`` (SimCLR loss 5.745 -> 5.265 over 1,000 epochs,
its lowest 5.263 at epoch 984, labelled `healthy`) and ``fc100_resnet18_CropColor`` (5.858 -> 5.286 over 500, lowest
at 498, `healthy`) were `stalled` 0.6; ``cifar100fs_round3_CropResize_GaussBlur_run1`` (5.654 -> 5.338 over 100,
probe accuracy near chance, `underfit`) too.

The test (on the training loss as logged, else validation's): >= ``CREEP_LOGS`` finite logs, its end level (median
of its last tenth) >= ``CREEP_FALL`` below its first log, and its last third a falling trend (``verdict_trend``'s
rank correlation <= -``CREEP_RHO``, its lowest in its last tenth), not stuck near ln k (``verdict_trend.near_chance``,
``at_guessing_level``);
a perplexity is judged in nats (ptbviolet102 exp4: train ppl 20,730 -> 18,521 is ln 9.94 -> 9.83, stalled).
A stall at a learning rate too small also creeps down steadily, but by a few percent: the 5% floor is the rules'
own stalled bound (``verdict.STALL_FALL``).
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .features_robust import end_level
from .verdict_base import _fmt, _pct, _step
from .verdict_evidence import finite
from .verdict_floor import CUT_SHORT_MAX_K, nearest_k
from .verdict_ppl import is_perplexity
from .verdict_stall import NoStall
from .verdict_trend import near_chance, rank_correlation

CREEP_LOGS, CREEP_FALL, CREEP_RHO, CREEP_BEST = 30, 0.05, 0.9, 0.9
GUESSING = 0.97  # an end level within 3% of ln k is the guessing level (``near_chance``'s own 3% band)


def crept_to_the_end(f: RunFeatures, curves: Curves | None) -> str | None:
    """Why the run's main loss was still learning at its end (see the module notes), or None: a reason quoting its
    first value, end level, lowest and its last third's rank correlation with time."""
    if curves is None:
        return None
    series = curves.train_loss if f.train is not None and curves.train_loss is not None else curves.val_loss
    s, v = finite(series)
    if len(v) < CREEP_LOGS or v.min() <= 0:
        return None
    raw, v = v, (np.log(v) if is_perplexity(series.name) else v)  # a perplexity judged in nats (``verdict_ppl``)
    end = end_level(v)
    if near_chance(v) or at_guessing_level(float(v[0]), end):
        return None
    fall = (float(v[0]) - end) / float(v[0])
    tail = v[-(len(v) // 3):]
    if fall < CREEP_FALL or int(np.argmin(tail)) < CREEP_BEST * (len(tail) - 1):
        return None
    rho = rank_correlation(tail)
    if rho > -CREEP_RHO:
        return None
    x = "epoch" if series.x == "epoch" else "step"
    low = int(np.argmin(v))
    nats = " in nats" if raw is not v else ""
    return (f"`{series.name}` fell {_pct(fall)}{nats} from {_fmt(float(raw[0]))} ({x} {_step(int(s[0]))}) and kept "
            f"setting new lows to its end ({_fmt(float(raw[low]))} at {x} {_step(int(s[low]))} of {_step(int(s[-1]))}; its "
            f"last third falls as a trend, rank correlation with time {rho:.2f}): still learning, not barely moving")


def at_guessing_level(first: float, end: float) -> bool:
    """A loss whose first log suggests k classes (``verdict_floor.nearest_k``, within 10% of ln k, k <=
    ``CUT_SHORT_MAX_K``) and whose end level is still >= ``GUESSING`` x ln k: it crept down to the guessing level, not
    below it -- no learning to speak of, whatever its trend. Found at stop 67: tests/test_cli_gate's flat binary runs
    (0.72 -> 0.68, ln 2 = 0.693; a 5.5% fall, new lows at the end) were called healthy by the creep rule once it came
    in; ``near_chance`` wants the first log within 3% of ln k and this one began 4% above it."""
    k = nearest_k(first)
    return k is not None and k <= CUT_SHORT_MAX_K and end >= GUESSING * math.log(k)


def creep_refuted(f: RunFeatures, curves: Curves | None) -> NoStall | None:
    """``crept_to_the_end`` as ``verdict_stall.stall_refuted``'s answer: `healthy` (kind "crept"), or None."""
    crept = crept_to_the_end(f, curves)
    return NoStall("healthy", crept, "crept") if crept is not None else None
