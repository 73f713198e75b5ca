"""A model compared beside trainings that prints a result and no training line (used by ``readers/joblog.py``).

A benchmark script (public vitmma_loguru ``training_output.txt``, audit 41q) runs a rule-based baseline, then the
networks, each under its banner::

    2025-12-14 15:26:10 | INFO     | Training: Statistical Baseline
    2025-12-14 15:26:11 | INFO     |     Accuracy: 0.5240
    2025-12-14 15:26:11 | INFO     | Training: LSTM v2a (baseline config)
    2025-12-14 15:26:12 | INFO     |   Epoch   0: loss=1.9456, val_f1=0.1501, lr=1.00e-04
    2025-12-14 15:26:17 | INFO     |   Epoch  20: loss=1.7813, val_f1=0.3766, lr=9.05e-04
    2025-12-14 15:26:21 | INFO     |   Early stopping at epoch 35
    2025-12-14 15:26:21 | INFO     |     Accuracy: 0.3510

- ``untrained``: the baseline's test accuracy went into the LSTM's run at step 0. Where a log prints two banners
  or more (``Training: <name>``, ``Model: <name>``, ``Evaluating: <name>``... alone after a logging prefix), the
  step-less result lines under a banner whose part prints no training line, the next part printing training lines,
  are no run's: dropped, said in one line. An ``Evaluating: <name>`` banner right after a part printing training
  lines opens no part: its results are the test of the model just trained (breaker2 01/03).
- ``stopped_at``: result lines after a run's last training line and an ``Early stopping at epoch N`` line (N past
  that line's epoch) are at epoch N, where the training stopped (they were at the last printed epoch, 20).
"""
from __future__ import annotations

import re

_BANNER = re.compile(rb"(?im)^(?:[^\n|]{0,40}\|\s*[A-Z]+\s*\|\s*)?[ \t]*(training|model|evaluating|running)"
                     rb"[ \t]*:[ \t]*([A-Za-z][^\n|%=:]{0,80}?)[ \t]*\r?$")
_STOPPED = re.compile(rb"(?i)early[ _]stop(?:ping|ped)?\s+(?:triggered\s+)?at\s+epoch\s*:?\s*(\d+)")


def _stepless_eval(h) -> bool:
    return h.record.kind == "eval" and h.record.step is None and h.record.epoch is None


def _trains(h) -> bool:
    return h.record.kind == "train" and h.step is not None


def untrained(data, hits: list, notes: list) -> list:
    """``hits`` less the result lines of a banner's part that prints no training line, then ``stopped_at`` (module
    docstring)."""
    hits = _untrained(data, hits, notes)
    stopped_at(data, hits)
    return hits


def _untrained(data, hits: list, notes: list) -> list:
    if len(hits) < 2 or data.find(b":") < 0:
        return hits
    banners = [(m.start(), m.group(2).decode("utf-8", "replace"), m.group(1).lower() == b"evaluating")
               for m in _BANNER.finditer(data)]
    if len(banners) < 2:
        return hits
    banners = _evaluations_joined(banners, hits)
    if len(banners) < 2:
        return hits
    parts: list[list[int]] = [[] for _ in banners]
    starts = [b[0] for b in banners]
    for i, h in enumerate(hits):
        k = sum(1 for s in starts if s <= h.offset) - 1
        if k >= 0:
            parts[k].append(i)
    drop: list[int] = []
    for k in range(len(banners) - 1):
        mine, nxt = parts[k], parts[k + 1]
        if mine and all(_stepless_eval(hits[i]) for i in mine) and any(_trains(hits[i]) for i in nxt):
            drop.extend(mine)
            notes.append(f"{len(mine)} result line(s) under {banners[k][1]!r} (no training line: a model compared "
                         "without training) are no run's points")
    if not drop:
        return hits
    gone = set(drop)
    return [h for i, h in enumerate(hits) if i not in gone]


def _evaluations_joined(banners: list, hits: list) -> list:
    """An ``Evaluating: <name>`` banner right after a part that prints training lines opens no part of its own: its
    result lines are the test of the model just trained (``Model: CNN`` / ``Epoch 9: loss=..`` / ``Evaluating: CNN``
    / ``Accuracy: 0.78``, or ``Evaluating: cifar10-test``)."""
    kept = [banners[0]]
    for k in range(1, len(banners)):
        start, _, evaluating = banners[k]
        if evaluating:
            lo, hi = kept[-1][0], start
            if any(lo <= h.offset < hi and _trains(h) for h in hits):
                continue
        kept.append(banners[k])
    return kept


def stopped_at(data, hits: list) -> None:
    """Result lines after an ``Early stopping at epoch N`` line put at N (module docstring); in place."""
    if data.find(b"stop") < 0 and data.find(b"Stop") < 0:
        return
    last = None
    for i, h in enumerate(hits):
        if _trains(h):
            last = i
            continue
        if last is None or not _stepless_eval(h):
            continue
        r = hits[last].record
        if r.epoch is None and not r.own_step:
            continue
        found = None
        for m in _STOPPED.finditer(bytes(data[hits[last].offset:h.offset])):
            found = int(m.group(1))
        at = hits[last].step
        if found is not None and at is not None and found > at and (r.epoch is None or r.epoch == at):
            h.step = found
