"""A series written to one event file with the batch index of the epoch for its step (for
``readers/tensorboard.py``): ``writer.add_scalar('Train_Loss', loss, count)`` where ``count`` starts again at every
epoch (public YanjieZe/image-caption-generator 4307960, ``tensorboard_result/events.out.tfevents.1615950551.ubun``:
ten epochs of 0, 50 ... 15,400 in one file, beside its printed ``count: 0, loss:..`` log). Sorted by step the ten
epochs were shuffled into one curve, ten values at each step.

The rule: in one file (no ``SessionLog.START`` in it), a series whose step goes back at least twice, every time to
its own first step, each cycle increasing by one stride (the smallest step gap; gaps are its multiples), is one
training counted per epoch: cycle ``k`` is placed after the ones before, ``k x (last - first + stride)`` further on
(the stride keeps the next epoch's first step off the last one's), in written order. One line says so. A series
whose step goes back once (a resumed or repeated session) is ``combine``'s to resolve, as before.

A second shape, the epoch added to the step (open run speechenh189 ``run-1725461450``: 'Loss/train' at steps 28,
128 ... 2,728, then 56, 156 ... 2,756, ..., 85 epochs of 28 points, the wall time rising throughout): every cycle
goes back to a first step one constant drift past the last cycle's first (28, 56, 84, ...), every cycle but the last
holds the same number of points, every gap in a cycle is one stride (100) and the drift is under the stride (sorted by
step the epochs interleave: a sawtooth). Only then (certain: wall times never going back either) is the series read
in written order, point ``i`` at ``first + i x stride``; one line says so. Any other going back is left as written.
"""
from __future__ import annotations

import numpy as np

from ..runs import Problem

MIN_RESTARTS = 2


def _cycles(steps: np.ndarray) -> int | None:
    """The length of one cycle of a restarting counter (module docstring), or None when ``steps`` is none."""
    back = np.flatnonzero(np.diff(steps) < 0) + 1
    if len(back) < MIN_RESTARTS or np.any(steps[back] != steps[0]):
        return None
    gaps = np.diff(steps)
    gaps = gaps[gaps > 0]
    if not len(gaps) or np.any(np.diff(steps)[np.diff(steps) >= 0] == 0):
        return None  # a step written twice in a cycle: no plain counter
    stride = int(gaps.min())
    if np.any(gaps % stride):
        return None
    return int(steps.max() - steps[0]) + stride


def _drifting(steps: np.ndarray, walls: np.ndarray) -> tuple | None:
    """(points a cycle, drift, stride, cycles) when ``steps`` is the second shape of the module docstring, else None."""
    back = np.flatnonzero(np.diff(steps) < 0) + 1
    if len(back) < MIN_RESTARTS or np.any(np.diff(walls) < 0):
        return None
    starts = np.concatenate([[0], back])
    sizes = np.diff(np.concatenate([starts, [len(steps)]]))
    n = int(sizes[0])
    if n < 2 or np.any(sizes[:-1] != n) or sizes[-1] > n:
        return None
    gaps = np.delete(np.diff(steps), back - 1)
    stride = int(gaps[0])
    if stride <= 0 or np.any(gaps != stride):
        return None
    drifts = np.diff(steps[starts])
    drift = int(drifts[0])
    if not 0 < drift < stride or np.any(drifts != drift):
        return None
    return n, drift, stride, len(starts)


def _going_back(columns) -> list[int]:
    """The codes, ascending, of the series whose step goes back at least ``MIN_RESTARTS`` times (only those can be
    counters restarting each epoch: ``_cycles`` says None for the others). Most files log steps that never go back in
    write order, whatever the tag: one diff says so, not a row mask and five small array calls per tag (the 10k bench
    tree's 5,000 event files: ~60% of their reading, issue 12); else one stable sort by tag counts each series' backs."""
    steps = columns.steps
    if not (steps[1:] < steps[:-1]).any():
        return []
    order = np.argsort(columns.tag_codes, kind="stable")
    codes, ordered = columns.tag_codes[order], steps[order]
    back = (ordered[1:] < ordered[:-1]) & (codes[1:] == codes[:-1])
    counts = np.bincount(codes[1:][back], minlength=len(columns.tags))
    return np.flatnonzero(counts >= MIN_RESTARTS).tolist()


def continue_epoch_counters(columns, path: str, restarts) -> tuple:
    """``columns`` with each restarting series' cycles placed one after another, and the lines saying so."""
    if restarts or len(columns) < 3 * MIN_RESTARTS:
        return columns, ()
    steps, notes = None, []
    for code in _going_back(columns):
        tag = columns.tags[code]
        rows = np.flatnonzero(columns.tag_codes == code)
        if len(rows) < 3 * MIN_RESTARTS:
            continue
        s = columns.steps[rows]
        length = _cycles(s)
        if length is None:
            drift = _drifting(s, columns.wall_times[rows])
            if drift is None:
                continue
            n, d, stride, k = drift
            steps = np.array(columns.steps, copy=True) if steps is None else steps
            steps[rows] = s[0] + np.arange(len(s)) * stride
            notes.append(Problem(path, f"{tag!r}: its step went back {k - 1:,} times, each of {k:,} cycles of {n:,} "
                                       f"points (a stride of {stride:,}) starting {d:,} past the last one's first "
                                       f"step ({int(s[0]):,}, {int(s[0]) + d:,}, ...: the epoch added to a batch "
                                       f"step?); sorted by step they interleave, so the series is read in written "
                                       f"order, one stride a point ({int(s[0]):,} to {int(steps[rows][-1]):,})"))
            continue
        cycle = np.concatenate([[0], np.cumsum(np.diff(s) < 0)])
        steps = np.array(columns.steps, copy=True) if steps is None else steps
        steps[rows] = s + cycle * length
        notes.append(Problem(path, f"{tag!r}: its step went back to {int(s[0]):,} {int(cycle[-1]):,} times, each "
                                   f"time after counting to {int(s.max()):,} (a batch counter of the epoch used as "
                                   f"the step?): read as {int(cycle[-1]) + 1:,} epochs one after another, "
                                   f"{length:,} steps each"))
    if steps is None:
        return columns, ()
    return type(columns)(columns.tags, columns.tag_codes, steps, columns.values, columns.wall_times), tuple(notes)
