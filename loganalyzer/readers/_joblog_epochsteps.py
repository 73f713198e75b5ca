"""Steps of a printed log whose only counter is the epoch each line names (for ``_joblog_steps.resolve_steps``).

A script logging ``logger.info(f"Epoch {epoch}: {metrics}")`` (public titanslm121 ``train.log``: ``... - INFO -
Epoch 0: {'loss': 10.63}`` once per epoch, the script relaunched nine times in the same file, counting from 0 each
time) prints no step. Its lines were numbered 1..246 in the order printed, so the nine trainings read as one curve
whose loss jumped back to 11 eight times, and no training was split off (a new run starts where the step goes back,
``_joblog_segments``). The epoch each line names is its step when every line names a whole epoch and no training
line repeats the epoch of the training line before it (a per-batch line naming only its epoch would: those keep
their ordinals), and the loss where the epoch goes back is back near the training's start (``_relaunches``); then
each relaunch's epoch 0 is a step going back, a training of its own.
"""
from __future__ import annotations

import math


def epoch_steps(hits: list) -> bool:
    """Give each hit its epoch (a whole number) as its step when that is the log's counter (module docstring);
    True when it did, False (``hits`` unchanged) otherwise."""
    if not hits or any(h.record.epoch is None or not float(h.record.epoch).is_integer() or h.record.epoch < 0
                       for h in hits):
        return False
    train = [int(h.record.epoch) for h in hits if h.record.kind == "train"]
    if len(train) < 3 or any(a == b for a, b in zip(train, train[1:])) or not _relaunches(hits):
        return False
    for h in hits:
        h.step = int(h.record.epoch)
    return True



MOVED = 0.15  # a stage that moved its loss >= 15% (natural log) from its start, and the next goes on from its end


def _value(h) -> float | None:
    """The line's loss (its first value when none is named so)."""
    values = h.record.values
    named = [v for t, v in values if "loss" in t.lower()]
    v = named[0] if named else values[0][1] if values else None
    return v if isinstance(v, float) and math.isfinite(v) else None


def _distance(a: float, b: float) -> float:
    return abs(math.log(a / b)) if a > 0 and b > 0 else abs(a - b)


def _relaunches(hits: list) -> bool:
    """Whether every place the epoch goes back is a relaunch: the loss there is back nearer the training's start
    than where the training before ended (when that training had moved it ``MOVED`` from its start). A second stage counting its epochs from 0 again whose loss goes on from
    where the first stage ended (a breaker's head-only epochs 0-5, then the whole model 0-9: 1.57 -> 1.24, 1.01 ->
    0.24) is one training: its lines keep their order (``_ordinals``)."""
    train = [h for h in hits if h.record.kind == "train" and _value(h) is not None]
    start = None
    for a, b in zip(train, train[1:]):
        start = _value(a) if start is None else start
        if b.record.epoch <= a.record.epoch:
            if _distance(_value(b), start) > _distance(_value(b), _value(a)) and _distance(_value(a), start) >= MOVED:
                return False  # (a training that had not moved tells nothing: public titanslm121's 10.92 -> 11.53, 11.72)
            start = _value(b)
    return True
