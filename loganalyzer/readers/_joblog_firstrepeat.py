"""Trainings of one line each at the start of a run (used by ``readers/joblog.py``).

``joblog._segments`` opens a new training where the step goes back to, or below, the run's first step; a launch that
printed one epoch line and stopped, then a relaunch printing that same first epoch again, never goes back. Public
DGG-yu/bdci_baseline_new ``output/log.txt`` (a script printing one tab-separated line an epoch, relaunched)::

    epoch:0	loss:415.167958	f1:0.000000	precision:1.000000	recall:0.000000	best_f1:0.000000
    epoch:0	loss:242.143018	f1:0.000000	precision:1.000000	recall:0.000000	best_f1:0.000000
    test： f1:0.000000	precision:1.000000	recall:0.000000
    epoch:0	loss:437.201428	f1:0.000000	...
    epoch:1	loss:64.185884	f1:0.000000	...
    epoch:2	loss:63.220908	f1:0.000000	...

was one run with three points at epoch 0. ``split_first_repeats``: a run whose training lines print the run's first
step ``REPEATS`` times or more in a row, then count on with one line at each later step (two later steps at least),
every line naming the same series, is one training per repeated line: each repeat opens a run (the last one goes on
into the later steps). A loop printing several lines an epoch with no counter of its own prints every epoch that
many times (left alone), and a step printed twice (an evaluation before the training, then the first epoch) is too
few to tell. Repeats whose first value (the loss, the record's first) falls at every line and on into the next step
are one first epoch logged line by line, not relaunches (``_runs_on``: a breaker's ``epoch:0 loss:2.5/2.4/2.3/2.2``
then ``epoch:1 loss:1.8``, stop 40).
"""
from __future__ import annotations

REPEATS = 3


def _tags(h) -> tuple:
    return tuple(t for t, _ in h.record.values)


def split_first_repeats(hits: list, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``segments`` ((first, end) hit indexes of each run) with each run opened by repeats of its first step split
    into one run per repeat (module docstring)."""
    out = []
    for a, b in segments:
        train = [i for i in range(a, b) if hits[i].record.kind == "train" and hits[i].step is not None]
        if len(train) < REPEATS + 2:
            out.append((a, b))
            continue
        first = hits[train[0]].step
        k = 0
        while k < len(train) and hits[train[k]].step == first:
            k += 1
        later = [hits[i].step for i in train[k:]]
        names = {_tags(hits[i]) for i in train}
        values = {hits[i].record.values for i in train[:k]}
        if k < REPEATS or len(later) < 2 or len(names) != 1 or len(values) < k \
                or any(y <= x for x, y in zip([first] + later, later)) or _runs_on(hits, train[:k + 1]):
            out.append((a, b))
            continue
        starts = [a] + train[1:k]
        out.extend(zip(starts, starts[1:] + [b]))
    return out


def _runs_on(hits: list, lines: list[int]) -> bool:
    """Whether the first value of these training lines (the repeats and the next step's line) falls at every line."""
    first = [hits[i].record.values[0][1] for i in lines]
    return all(isinstance(v, (int, float)) for v in first) and all(y < x for x, y in zip(first, first[1:]))
