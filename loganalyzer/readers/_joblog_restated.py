"""A step-less line restating the last progress line's values (used by ``readers/joblog.py``).

A script may print, after its last logged iteration, the same metrics once more as a summary (public
AnnLIU15/hppo-mac ``hppo_training.log``, loguru)::

    ... _log_metrics:146 - iter=0003 reward=0.0001 ... entropy=2.1479 kl_approx=0.0425 loss_objective=-0.0313 ...
    ... main:185 - Final PPO metrics: loss_objective=-0.0313, clip_fraction=0.2031, kl_approx=0.0425, ...

The summary has no step: it was read at the last step, a second point there of every series it names (n=5 against
reward's 4). A line with no step or epoch of its own, whose values (at least ``MIN_SAME`` finite ones; NaN matching
NaN) are all the values the last line with a step gave those names, at a training's end (no higher step follows),
repeats that line: it is no point of its own.

A write-up after the log may restate the last values one at a time under other names (public ecgimg90
``training.txt``: ``3. Training Loss – 0.1246`` and ``4. Validation Loss – 0.5508`` in prose after the last epoch's
``loss: 0.1246 - val_loss: 0.5508``): one-point ``training_loss`` and ``validation_loss`` series. Lines after the last
line printing a series (a name printed twice or more), each holding one non-integer value of that line's under a
name printed nowhere else in a ``name: value`` line (no test's: a test on the validation set prints the same numbers;
no HF Trainer's closing dict, which ``ending`` reads), restate it too (``_restated_apart``; steps are not known yet when this runs).
"""
from __future__ import annotations

import math
from collections import Counter

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


def _restated_apart(hits: list) -> tuple[list, int]:
    """``hits`` less the lines restating the last series line's values under names of their own (module
    docstring), and how many."""
    counts = Counter(t for h in hits for t, _ in h.record.values)
    last = max((i for i, h in enumerate(hits) if any(counts[t] >= 2 for t, _ in h.record.values)), default=None)
    if last is None or last == len(hits) - 1:
        return hits, 0
    values = {v for _, v in hits[last].record.values}
    keep = [h for h in hits[last + 1:] if len(h.record.values) != 1 or h.record.shape != "kv" or not all(
        counts[t] == 1 and "test" not in t.lower() and math.isfinite(v) and v != round(v) and v in values
        for t, v in h.record.values)]  # (a test run on the validation set prints its numbers: a test series)
    return hits[:last + 1] + keep, len(hits) - last - 1 - len(keep)


def drop_restated(hits: list, notes: list) -> list:
    """``hits`` less the step-less lines restating the last stepped line's values at a training's end: no line with
    a higher step follows (the file ends, or a new training starts over). A result line printed after each epoch's
    last bar draw is left to the readers of those shapes."""
    hits, dropped = _restated_apart(hits)
    last: dict[str, float] = {}  # each name's value on the last line with a step
    step = None
    out = []
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
