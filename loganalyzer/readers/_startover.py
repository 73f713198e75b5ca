"""Trainings appended to one step-less log, told by their values starting over (used by ``plain_csv`` and
``joblog``).

A log with no step, epoch or iteration of its own (a CSV of ``train_loss,val_loss,val_acc`` rows with no index,
``df.to_csv(path, mode='a', header=False, index=False)`` or a hand-written ``f.write``; printed ``train_loss: ..,
val_loss: .., val_acc: ..`` lines) has its points at their row numbers, which never go back: ``python train.py >>
train.log`` run four times with other learning rates and batch sizes was read as one run of 40 points whose curves
drop, jump back to their first level and drop again, three times (a sawtooth the verdicts read as a validation loss
rising from its best). Where the file separates its trainings itself (a repeated header, a banner line,
``_joblog_banners``) that is used first; this rule is for what is left.

``starts(columns)`` -> the row positions where a new training starts. A row starts one when, against the piece
begun at the last start (``MIN_POINTS`` points or more before it, as many after):

- a loss-like series (its name holds ``loss``) fell ``DROP`` x or more over the piece and the row's value is back
  nearer (in log scale) the piece's first value than its value just before, and not far above the first
  (``OVERSHOOT`` x: a loss blowing up far past where it started is a divergence, kept for the verdicts to see);
- no series that moved says the row goes on from where the piece was: a loss that fell 1.2 x or more, or an
  accuracy-like series (``acc``, ``f1``, ``iou``, ``map``, ``auc``, ``precision``, ``recall``) that rose 2 % of its
  size or more, nearer its value just before than its first value vetoes the start;
- the next row's loss is lower again (a new training falls from its start; a spike that keeps climbing does not).

A learning-rate restart (SGDR) jumps up but not back to the first level (nearer the value before); a second fit()
of the same model (``_continued``) goes on from where it was: neither starts a training here.
"""
from __future__ import annotations

import math
import re

import numpy as np

MIN_POINTS = 3
DROP = 2.0
OVERSHOOT = 2.0
_MOVED_LOSS = 1.2
_MOVED_ACC = 0.02
_ACC = re.compile(r"(?i)acc|f1|iou|\bmap\b|map$|auc|precision|recall")


def _loss_like(name: str) -> bool:
    return "loss" in name.lower()


def _acc_like(name: str) -> bool:
    return not _loss_like(name) and bool(_ACC.search(name))


def _last(values: np.ndarray, lo: int, hi: int) -> float | None:
    seg = values[lo:hi]
    ok = np.flatnonzero(np.isfinite(seg))
    return float(seg[ok[-1]]) if len(ok) else None


def _first(values: np.ndarray, lo: int, hi: int) -> float | None:
    seg = values[lo:hi]
    ok = np.flatnonzero(np.isfinite(seg))
    return float(seg[ok[0]]) if len(ok) else None


def _vote(name: str, values: np.ndarray, lo: int, i: int) -> bool | None:
    """True: row ``i`` starts again for this series (decisively); False: it goes on; None: cannot tell."""
    cur = values[i]
    if not math.isfinite(cur):
        return None
    first, prev = _first(values, lo, i), _last(values, lo, i)
    if first is None or prev is None:
        return None
    if _loss_like(name):
        if not (first > 0 and prev > 0 and cur > 0):
            return None
        fell = first / prev
        if fell < _MOVED_LOSS:
            return None
        back = abs(math.log(cur / first)) < abs(math.log(cur / prev))
        if not back:
            return False
        if fell >= DROP and cur <= OVERSHOOT * first:
            return True
        return None
    if _acc_like(name):
        seg = values[lo:i]
        seg = seg[np.isfinite(seg)]
        size = max(float(np.abs(seg).max()), 1e-12)
        if prev - first < _MOVED_ACC * size:
            return None
        return None if abs(cur - first) < abs(cur - prev) else False
    return None


def starts(columns: dict[str, np.ndarray]) -> list[int]:
    """Positions (0-based, into the rows every array of ``columns`` holds: name -> float values, NaN where the row
    has none) where a new training starts (module docstring); [] for one training."""
    if not columns:
        return []
    n = len(next(iter(columns.values())))
    losses = [name for name in columns if _loss_like(name)]
    if not losses or n < 2 * MIN_POINTS:
        return []
    out, lo = [], 0
    for i in range(MIN_POINTS, n - MIN_POINTS + 1):
        if i - lo < MIN_POINTS:
            continue
        votes = {name: _vote(name, values, lo, i) for name, values in columns.items()}
        if False in votes.values() or True not in votes.values():
            continue
        falls = [name for name, v in votes.items() if v]
        nxt = [(columns[name][i], _first(columns[name], i + 1, n)) for name in falls]
        if not all(b is not None and b < a for a, b in nxt):
            continue
        out.append(i)
        lo = i
    return out


def split_runs(runs) -> int:
    """Split each run of ``runs`` (a ``_blocks.Runs`` whose steps are row numbers) where a new training starts;
    each later training's steps count from 0 again, as the first's, and one warning names the lines. Returns how
    many trainings were added."""
    r = runs.rows
    kept = np.flatnonzero(runs.keep)
    if not len(kept):
        return 0
    segments = runs.segments.copy()
    added, lines = 0, []
    for seg in range(int(segments[kept].max()) + 1):
        rows = kept[segments[kept] == seg]
        cols = {tag: np.where(c.present[rows], c.values[rows], np.nan) for tag, c in zip(r.tags, r.columns)}
        found = starts(cols)
        if not found:
            continue
        for k, at in enumerate(found):
            end = found[k + 1] if k + 1 < len(found) else len(rows)
            piece = rows[at:end]
            segments[piece] = -2 - added - k  # placeholders, renumbered below in file order
            r.steps[piece] = r.steps[piece] - r.steps[rows[at]] + r.steps[rows[0]]
            lines.append(int(r.lines[rows[at]]))
        added += len(found)
    if not added:
        return 0
    # runs numbered 0.. in file order again
    order, current, last = np.full(len(segments), -1, dtype=np.int64), -1, None
    for row in kept:
        if segments[row] != last:
            current += 1
            last = segments[row]
        order[row] = current
    runs.segments = order
    runs.count = current + 1
    firsts = np.flatnonzero(np.diff(order[runs.keep], prepend=-1) > 0)
    runs._start_lines = r.lines[kept[firsts]]
    shown = ", ".join(str(x) for x in lines[:5]) + (", ..." if len(lines) > 5 else "")
    runs.problems.add(f"no step column and the values start over {added} time(s) (every loss back near its first "
                      f"value, line(s) {shown}): {added + 1} trainings appended to one file, each read as a run of "
                      "its own counting rows from 0")
    return added


def split_hits(hits: list, bounds: list[tuple[int, int]], notes: list) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run of a printed log, ``readers/joblog.py``) split where a
    step-less run's values start over (module docstring); each later training's steps count from its first, as
    the first's (as ``_joblog_banners`` does), and a note names how many."""
    out = []
    for a, b in bounds:
        if b - a < 2 * MIN_POINTS or any(h.record.step is not None or h.record.epoch is not None
                                         for h in hits[a:b]):
            out.append((a, b))
            continue
        tags: dict[str, np.ndarray] = {}
        for k, h in enumerate(hits[a:b]):
            for tag, value in h.record.values:
                tags.setdefault(tag, np.full(b - a, np.nan))[k] = value
        found = starts(tags)
        if not found:
            out.append((a, b))
            continue
        cuts = [a] + [a + k for k in found] + [b]
        for lo, hi in zip(cuts[1:-1], cuts[2:]):
            shift = hits[lo].step - hits[a].step
            for h in hits[lo:hi]:
                h.step -= shift
        out.extend(zip(cuts[:-1], cuts[1:]))
        notes.append(f"no step printed and the values start over {len(found)} time(s) (every loss back near its "
                     f"first value): {len(found) + 1} trainings appended to one log, each read as a run of its own")
    return out
