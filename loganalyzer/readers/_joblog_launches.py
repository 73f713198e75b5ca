"""A training that printed one point before the next launch started (used by ``readers/joblog.py``).

``joblog._segments`` starts a new run where the step goes back to, or below, the first step of the current one. A
launch that printed a single point (``i: 0``) before it was stopped, followed by the next launch's ``i: 0``, never
goes back: the step repeats, and the two launches were one run with two points at step 0 (public
Darejkal/DeepLearningProject ``output/log.txt``: eleven launches, each opening with ``Epoch 1``; the seventh printed
one point). ``split_reopened`` splits a run where a training step repeats the run's first step right after it, with
an epoch header between the two (``Epoch 1`` again: the loop opened again) naming the epoch the header before the
run's first point named. A step printed twice with no header between (ranks without a prefix, micro-batches) stays.
"""
from __future__ import annotations

import re

from ._joblog_restart import resumed_between

# a line ending in 'Epoch N' (or 'Epoch N/M'), after at most a short prefix ('[(0,0,17)]: Epoch 1', '=== Epoch 1 ===')
_OPENED = re.compile(rb"(?im)^[^\n\d]{0,12}(?:\[[^\]\n]{0,24}\]:?\s*)?[^\n\d]{0,12}?\bepoch\s*[:#]?\s*(\d+)"
                     rb"(?:\s*/\s*\d+)?[\s\])=*#:.-]*$")


def _header(data, lo: int, hi: int) -> int | None:
    """The epoch of the last epoch header line in ``data[lo:hi]`` (within its last 64 KiB), or None."""
    lo = max(lo, hi - (1 << 16))
    found = _OPENED.findall(bytes(data[lo:hi]))
    return int(found[-1]) if found else None


_BARS = ("tqdm", "rich")


def _same_line_epoch(hits: list, train: list, k: int, first) -> bool:
    """Whether the repeat of the run's first step at ``train[k + 1]`` opens a new launch whose lines carry their
    epoch (``Epoch 1, Step 0: ...`` twice, public 3D-VAE ``train2.txt``): both name the first line's epoch and print
    its series (not other series at the same step), both print a step of their own (a step that is only the epoch
    repeats on every line of that epoch), and the new launch's next two steps differ (ranks or micro-batches
    printing every step twice repeat them all)."""
    epoch, prev, h = first.record.epoch, hits[train[k]].record, hits[train[k + 1]].record
    if h.shape in _BARS and prev.shape == h.shape:  # a bar redrawn at one counter as its postfix changes per
        return False  # micro-batch (public spineseg58 '[fold_0] 001/200: 25%|..| 1/4 [.., loss=3.9669]' x 5): no relaunch
    if not (first.record.own_step and h.own_step):  # 'epoch: 0 loss: ..' twice: two points of epoch 0, no relaunch
        return False
    if epoch is None or prev.epoch != epoch or h.epoch != epoch:
        return False
    names = [t for t, _ in first.record.values]
    if [t for t, _ in prev.values] != names or [t for t, _ in h.values] != names:  # other series at the same step
        return False
    after = [hits[j].step for j in train[k + 2:k + 4]]
    return len(after) < 2 or after[0] != after[1]


def _other_steps_twice(hits: list, train: list) -> bool:
    """Whether a step other than the run's first is printed twice in a row (ranks, micro-batches, two handlers)."""
    first = hits[train[0]].step
    return any(hits[x].step == hits[y].step != first for x, y in zip(train, train[1:]))


def _same_start(first, prev, h) -> bool:
    """Whether ``h`` repeats the run's first line as a relaunch prints it, in a run printing no other step twice: the
    same shape and first series as the run's first line and its line before (timm's ``Train: 0 [   0/390 (  0%)]
    Loss: 8.965 (8.97)`` once per launch stopped at once, public Becai/Cumulative-Feature-Fusion train.log: 19
    launches were one run of 19 points at step 0, a loss term of some of them spread over steps 0-9)."""
    name = [k for k, _ in first.record.values[:1]]
    return bool(name) and all(r.record.own_step and r.record.shape == first.record.shape  # 'epoch: 0 loss: ..' twice:
                              and [k for k, _ in r.record.values[:1]] == name for r in (first, prev, h))  # epoch 0's


def _line_end(data, offset: int) -> int:
    """The offset just past the line that starts at ``offset`` (the text after it is what came between)."""
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1


def split_reopened(data, hits: list, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) split where a training loop opened again (module
    docstring)."""
    out = []
    for a, b in bounds:
        train = [i for i in range(a, b) if hits[i].record.kind == "train" and hits[i].step is not None]
        if len(train) < 2:
            out.append((a, b))
            continue
        start, opened = a, None
        first = hits[train[0]]
        twice = _other_steps_twice(hits, train)
        for k, (prev, i) in enumerate(zip(train, train[1:])):
            h = hits[i]
            if h.step != first.step or hits[prev].step != first.step:
                continue
            if _same_line_epoch(hits, train, k, first) or not twice and _same_start(first, hits[prev], h) \
                    and not (data is not None and resumed_between(data, _line_end(data, hits[prev].offset), h.offset)):
                out.append((start, i))
                start, first = i, h
                continue
            if opened is None:
                opened = _header(data, 0 if start == a and not out else hits[start - 1].offset + 1, first.offset)
                if opened is None:
                    continue
            if _header(data, hits[prev].offset + 1, h.offset) == opened:
                out.append((start, i))
                start, first = i, h
        out.append((start, b))
    return out
