"""A ``progress`` value on an epoch's lines: a position in the training, never a metric (for ``readers/joblog``).

A script logging several times per epoch may print how far the training is beside the epoch (public umclass76
train.log, a 3-fold image classifier; ``progress`` = the epochs done, a float running on across epochs)::

    [train-step] epoch 1 (progress=0.1316) | loss: 0.9194 | lr: 0.000050
    ...
    [train-step] epoch 1 (progress=0.9211) | loss: 0.4014 | lr: 0.000049
    [val] epoch 1 | loss: 0.3527 | acc: 0.8128 | ...
    [train-step] epoch 2 (progress=1.0526) | loss: 0.3364 | lr: 0.000049

It had been a series ``progress`` and the ~8 training points of an epoch all sat at its whole epoch. Here the value
is taken off the line's values and, when every such line's epoch says how (one rule for the whole log), it places
the line: the epochs done (``epoch k`` lines with progress in [k-1, k]: the position itself, the ``[val] epoch k``
line at k closing it), or the fraction of the epoch (all in [0, 1]; or a percent, all in [0, 100] with one over 1:
divided by 100; ``progress: 25%`` printed with its sign, read off the line) added to the epochs before it (``epoch
k`` counted from 1: k - 1 + f; from 0: k + f). ``joblog``'s ``fractional_epochs`` then gives each line a step of its
own (epoch x k). Otherwise the lines stay at their epoch, or at a step of their own (the value dropped all the
same). A log printing one such line per epoch (``epoch 3 | progress=0.200 | reward: ..``: a curriculum's progress
saturating at 1.0; ``[train] epoch 3 (progress=0.30)``: epochs done / total), or whose value goes back within an
epoch, prints no position within the epoch: its lines and its ``progress`` series are left as printed.
"""
from __future__ import annotations

import re

from ._record_replace import replace

_KEYS = frozenset({"progress", "epoch_progress", "Progress"})
# 'epoch 1 | progress: 25% | loss: 0.80': a percent the line parser leaves out
_PERCENT = re.compile(rb"(?i)(?<![\w])(?:epoch_)?progress\s*[:=]\s*(\d{1,3}(?:\.\d+)?)\s*%")


def _percent(data, offset: int) -> float | None:
    start = data.rfind(b"\n", 0, offset) + 1
    end = data.find(b"\n", offset)
    m = _PERCENT.search(bytes(data[start:end if end >= 0 else len(data)]))
    return float(m.group(1)) if m else None


def progress_epochs(hits: list, data=None) -> None:
    """Take the ``progress`` values off the hits, in place, and place their lines by them (module docstring)."""
    found = []
    percent = data is not None and data.find(b"rogress") >= 0 and data.find(b"%") >= 0
    for h in hits:
        r = h.record
        if not any(t in _KEYS for t, _ in r.values):
            p = _percent(data, h.offset) if percent and not r.own_step and r.epoch is not None else None
            if p is not None:
                found.append((h, p))
            continue
        if r.own_step:  # 'step 200 | progress: 0.4 | loss ..': its step is the axis, the value no series
            h.record = replace(r, values=tuple((t, v) for t, v in r.values if t not in _KEYS))
            continue
        p = next(v for t, v in r.values if t in _KEYS)
        found.append((h, p))
    if not found:
        return
    epochs = [h.record.epoch for h, _ in found]
    per_epoch: dict = {}
    for (_, p), e in zip(found, epochs):
        per_epoch.setdefault(e, []).append(p)
    if all(len(ps) < 2 for ps in per_epoch.values()):  # one line an epoch: a metric (curriculum, epochs / total)
        return
    if any(eb == ea and pb < pa for (_, pa), (_, pb), ea, eb in zip(found, found[1:], epochs, epochs[1:])):
        return  # going back from one line to the next of the same epoch: no position
    usable = all(e is not None and e == int(e) and h.record.step == int(e) for (h, _), e in zip(found, epochs))
    place = None
    if usable:
        ps = [p for _, p in found]
        first = min(epochs)
        if all(e - 1 <= p <= e for (_, p), e in zip(found, epochs)) and max(ps) > 1:
            place = lambda e, p: p  # noqa: E731 (the epochs done)
        elif all(0 <= p <= 1 for p in ps):
            place = lambda e, p: e - 1 + p if first >= 1 else e + p  # noqa: E731
        elif all(0 <= p <= 100 for p in ps) and max(ps) > 1:
            place = lambda e, p: e - 1 + p / 100 if first >= 1 else e + p / 100  # noqa: E731
    for h, p in found:
        values = tuple((t, v) for t, v in h.record.values if t not in _KEYS)
        if place is None:
            h.record = replace(h.record, values=values)
            continue
        at = float(place(h.record.epoch, p))
        step = int(at)
        h.record = replace(h.record, values=values, epoch=at, step=step)
        if h.step is not None:
            h.step = step
