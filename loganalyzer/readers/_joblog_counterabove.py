"""Step-less value lines each right under a counter line of their own (used by ``readers/joblog.py``).

AlphaZero-Gomoku's ``train_pipeline.py`` (junxiaosong/AlphaZero_Gomoku and its forks; public hyjwpk/AlphaZero_Gobang
``log/train.log``) prints a self-play batch's counter, then, once the buffer holds a batch, the policy update::

    2025-06-04 19:53:31, batch i:1, episode_len:28
    2025-06-04 19:53:48, batch i:2, episode_len:39
    kl:0.01113,lr_multiplier:1.000,loss:5.315903186798096,entropy:4.372379302978516,...

The update line prints no step, so the updates sat at their line count (1, 2, ...), one less than the batch they
follow (the first update is batch 2's). Here, where every line read in the log is step-less and right under such a
counter line (``batch i:N``, ``batch: N``, ``iter N``, ``iteration: N``, ``step N``, ``episode N``, ``game N``, after
an optional time stamp; the counter line itself read as no values) and the counters count up, each takes its
counter as its step.
"""
from __future__ import annotations

import re

MIN_LINES = 3
# the counter opening a line (a time stamp before it): 'batch i:2', 'batch: 2', 'iter 2', 'episode 12'
_COUNTER = re.compile(rb"^[ \t]*(?:\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?\]?[ \t]*[,|-]?[ \t]*)?"
                      rb"(?:batch|iter|iteration|step|episode|game)(?:[ _]i)?[ \t]*[:=#]?[ \t]*(\d+)(?![\d.])",
                      re.IGNORECASE)


def _counter_above(data, offset: int) -> int | None:
    """The counter of the line right above the line starting at ``offset``, or None."""
    end = data.rfind(b"\n", 0, offset)
    if end <= 0:
        return None
    start = data.rfind(b"\n", 0, end) + 1
    m = _COUNTER.match(bytes(data[start:min(end, start + 200)]))
    return int(m.group(1)) if m else None


def counter_steps(data, hits: list, make_hit) -> list:
    """``hits`` with each value line under a counter line at that counter (module docstring); ``make_hit(hit,
    step)`` builds the moved hit. Unchanged unless every line read has one and none prints a step of its own."""
    under: dict[int, int] = {}
    for i, h in enumerate(hits):
        r = h.record
        if r.own_step or r.step is not None or r.epoch is not None:
            return hits  # a line with a step of its own: the log's steps are its own
        counter = _counter_above(data, h.offset)
        if counter is None:
            return hits
        under[i] = counter
    counters = list(under.values())
    if len(counters) < MIN_LINES or any(b <= a for a, b in zip(counters, counters[1:])):
        return hits
    return [make_hit(h, under[i]) if i in under else h for i, h in enumerate(hits)]
