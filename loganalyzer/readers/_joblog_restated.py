"""A step-less line restating the last progress line's values (used by ``readers/joblog.py``).

A script may print, after its last logged iteration, the same metrics once more as a summary (public
AnnLIU15/hppo-mac ``hppo_training.log``, loguru)::

    ... _log_metrics:146 - iter=0003 reward=0.0001 ... entropy=2.1479 kl_approx=0.0425 loss_objective=-0.0313 ...
    ... main:185 - Final PPO metrics: loss_objective=-0.0313, clip_fraction=0.2031, kl_approx=0.0425, ...

The summary has no step: it was read at the last step, a second point there of every series it names (n=5 against
reward's 4). A line with no step or epoch of its own, whose values (at least ``MIN_SAME`` finite ones; NaN matching
NaN) are all the values the last line with a step gave those names, at a training's end (no higher step follows),
repeats that line: it is no point of its own.
"""
from __future__ import annotations

import math

MIN_SAME = 3  # finite values equal to the last stepped line's: no chance agreement


def _same(a: float, b: float | None) -> bool:
    return b is not None and (a == b or (math.isnan(a) and math.isnan(b)))


def _steps_after(hits: list) -> list:
    """For each hit, the step of the next hit with its own step (None: none follows)."""
    out, following = [None] * len(hits), None
    for i in range(len(hits) - 1, -1, -1):
        out[i] = following
        if hits[i].record.step is not None:
            following = hits[i].record.step
    return out


def drop_restated(hits: list, notes: list) -> list:
    """``hits`` less the step-less lines restating the last stepped line's values at a training's end: no line with
    a higher step follows (the file ends, or a new training starts over). A result line printed after each epoch's
    last bar draw is left to the readers of those shapes."""
    last: dict[str, float] = {}  # each name's value on the last line with a step
    step = None
    out, dropped = [], 0
    for h, after in zip(hits, _steps_after(hits)):
        r = h.record
        if r.step is not None or r.epoch is not None:
            last, step = dict(r.values), r.step
        elif step is not None and (after is None or after <= step) and len(r.values) >= MIN_SAME \
                and all(_same(v, last.get(t)) for t, v in r.values) \
                and sum(1 for _, v in r.values if math.isfinite(v)) >= MIN_SAME:
            dropped += 1
            continue
        out.append(h)
    if dropped:
        notes.append(f"{dropped} line(s) with no step restating the last logged step's values (a final summary): "
                     "not read as points")
    return out
