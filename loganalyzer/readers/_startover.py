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

- a loss-like series (its name holds ``loss``) fell as a training's loss does over the piece: ``DROP`` x or more from
  its first values (the highest of the first three) to its last (the median of the last three), its first third
  ``_TREND`` x above its last third, in rank order (Spearman's rho <= ``_RHO``); and the row's value is back nearer
  (in log scale) that first level than the last one, not far above it (``OVERSHOOT`` x: a loss blowing up far past
  where it started is a divergence, kept for the verdicts to see), by a jump of ``_JUMP`` x the piece's typical
  move or more (a per-batch loss at its floor swings 2x from batch to batch: no jump of it starts a training);
- no series that moved says the row goes on from where the piece was: a loss that fell 1.2 x or more, or an
  accuracy-like series (``acc``, ``f1``, ``iou``, ``map``, ``auc``, ``precision``, ``recall``) that rose 2 % of its
  size or more, nearer its value just before than its first value vetoes the start;
- the next row's value of each loss that voted is lower again (a new training falls from its start), and none of
  the ``MIN_POINTS`` rows after it is already back at (or below) where the piece ended (a spike of per-batch noise,
  not a new training: ``_back_at_end``), nor at a level the piece took ``FASTER`` x as many rows to reach (unless the jump was back to ``NEAR_FIRST`` of
  the first level).

Only rows where a loss jumps past sqrt(``DROP``) x the least of its three values before are looked at, each piece's
ends read ``_WINDOW`` values deep, and logs over ``MAX_ROWS`` rows are left as read (no quadratic time).

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
_TREND = 1.5  # the piece's first third over its last third (medians): it fell as a whole, not one noisy point
_TYPICAL = 10  # the last moves (in log) that tell the piece's own noise
_WINDOW = 200  # values read at each end of a piece (a long per-batch log costs no quadratic time)
MAX_ROWS = 200_000  # longer step-less logs are left as they are read
_JUMP = 4.0
_RHO = -0.8  # the start-over jump in typical moves: per-batch noise (a hard batch) is no new training
_MOVED_ACC = 0.02
NEAR_FIRST = 0.85  # a jump to >= 0.85x the piece's first level (the highest of its first three) is back at its start
FASTER = 10  # a new training reaching in its first MIN_POINTS rows what the piece took 10x as many rows for: a spike
_ACC = re.compile(r"(?i)acc|f1|iou|\bmap\b|map$|auc|precision|recall")


def _loss_like(name: str) -> bool:
    return "loss" in name.lower()


def _acc_like(name: str) -> bool:
    return not _loss_like(name) and bool(_ACC.search(name))


def _first(values: np.ndarray, lo: int, hi: int) -> float | None:
    seg = values[lo:hi]
    ok = np.flatnonzero(np.isfinite(seg))
    return float(seg[ok[0]]) if len(ok) else None


def _loss_vote(head: np.ndarray, tail: np.ndarray, cur: float) -> bool | None:
    """A loss's vote on ``cur`` starting the piece over (module docstring), on levels, not single noisy points:
    ``head``/``tail`` the piece's first and last finite values (up to ``_WINDOW`` each; the same for a short one)."""
    vals = tail
    if len(vals) < MIN_POINTS or cur <= 0 or (head <= 0).any() or (tail <= 0).any():
        return None
    first = float(head[:MIN_POINTS].max())  # a new training's first value is its highest
    end = float(np.median(vals[-MIN_POINTS:]))
    if first / end < _MOVED_LOSS:
        return None
    if abs(math.log(cur / first)) >= abs(math.log(cur / end)):
        return False  # nearer where the piece was: it goes on
    k = max(1, min(len(head), len(tail)) // 3)
    trend = float(np.median(head[:k]) / np.median(tail[-k:]))
    typical = float(np.median(np.abs(np.diff(np.log(vals[-(_TYPICAL + 1):])))))
    if first / end >= DROP and trend >= _TREND and cur <= OVERSHOOT * first and math.log(cur / end) > _JUMP * typical \
            and _falling(tail):
        return True
    return None


def _falling(vals: np.ndarray) -> bool:
    """Whether ``vals`` fall as a training's loss does, in rank order (Spearman's rho <= ``_RHO``): a noisy loss
    at its floor (per-batch values swinging 2x either way) has no such order however far one point jumps."""
    if len(vals) < MIN_POINTS:
        return False
    ranks = np.argsort(np.argsort(vals, kind="stable"), kind="stable").astype(float)
    pos = np.arange(len(vals), dtype=float)
    if ranks.std() == 0:
        return False
    return float(np.corrcoef(pos, ranks)[0, 1]) <= _RHO


def _vote(name: str, values: np.ndarray, lo: int, i: int) -> bool | None:
    """True: row ``i`` starts again for this series (decisively); False: it goes on; None: cannot tell."""
    cur = values[i]
    if not math.isfinite(cur):
        return None
    head, tail = values[lo:min(i, lo + _WINDOW)], values[max(lo, i - _WINDOW):i]
    head, tail = head[np.isfinite(head)], tail[np.isfinite(tail)]
    if not len(head) or not len(tail):
        return None
    if _loss_like(name):
        return _loss_vote(head, tail, cur)
    if _acc_like(name):
        first, prev, seg = float(head[0]), float(tail[-1]), tail
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
    if n > MAX_ROWS:
        return []
    # rows where a loss jumps up past sqrt(DROP) x the least of its 3 values before: the only rows that can start over
    maybe = np.zeros(n, dtype=bool)
    for name in losses:
        v = columns[name]
        least = np.full(n, np.nan)
        for back in range(1, MIN_POINTS + 1):
            least[back:] = np.fmin(least[back:], v[:-back])
        with np.errstate(invalid="ignore"):
            maybe |= v > math.sqrt(DROP) * least
    out, lo = [], 0
    for i in np.flatnonzero(maybe):
        i = int(i)
        if i - lo < MIN_POINTS or i > n - MIN_POINTS:
            continue
        votes = {name: _vote(name, values, lo, i) for name, values in columns.items()}
        if False in votes.values() or True not in votes.values():
            continue
        falls = [name for name, v in votes.items() if v]
        nxt = [(columns[name][i], _first(columns[name], i + 1, min(n, i + 1 + _WINDOW))) for name in falls]
        if not all(b is not None and b < a for a, b in nxt):
            continue
        if any(_back_at_end(columns[name], lo, i) for name in falls):
            continue  # one noisy batch: the rows after it are at the piece's last level again
        out.append(i)
        lo = i
    return out


def _back_at_end(values: np.ndarray, lo: int, i: int) -> bool:
    """Whether a loss is already back at (or below) the piece's last level (the median of its last three values
    before row ``i``) in the ``MIN_POINTS`` rows after ``i``: a new training does not beat where the last one ended
    in its first few rows (public cs321nn ``losses.csv``: a fresh model's 0.693 -> 0.0105 in 15 batches, then a
    0.846 batch, 0.349, 0.334, 0.0128...: per-batch noise of the same training, spikes like it all through)."""
    before = values[lo:i]
    before = before[np.isfinite(before)]
    after = values[i + 1:i + 1 + MIN_POINTS]
    after = after[np.isfinite(after)]
    if len(before) < MIN_POINTS or not len(after):
        return False
    if after.min() <= float(np.median(before[-MIN_POINTS:])):
        return True
    # nor does it reach in its first rows a level the piece took FASTER x as many rows to fall to (public in104106
    # loss.csv: a C MLP's smooth 71.1 -> 14.7 over 55 epochs, one epoch at 50.1, then 40.0, 34.0, 19.1 -- a level
    # the piece reached at its 52nd row -- and spiky to ~35 until it settles at 0.3: one training, not two)
    # (a jump back to within NEAR_FIRST of the piece's first level is a restart however fast it falls: a breaker's
    # second training at 10x the learning rate, 2.22 after a first start of 2.32)
    reached = np.flatnonzero(before <= after.min())
    return bool(len(reached) and reached[0] >= FASTER * MIN_POINTS
                and values[i] < NEAR_FIRST * before[:MIN_POINTS].max())


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


def _passes(hits: list, a: int, b: int) -> list[tuple[int, int]]:
    """(first, end) hit indexes of each pass of ``hits[a:b]``: the lines in a row at one step (the ordinal of a
    step-less log's pass, ``_joblog_steps._ordinals``, or the epoch header above them), each value a line of its own
    (public ppghr100 ``train_output.txt``: ``Train Loss: 3.2612`` then ``Val Loss: 1.1553`` under ``Epoch 15/50:``,
    read as two rows, the validation loss's spike a start-over the training loss beside it could not veto)."""
    out, lo = [], a
    for i in range(a + 1, b + 1):
        if i == b or hits[i].step is None or hits[i].step != hits[i - 1].step:
            out.append((lo, i))
            lo = i
    return out


def split_hits(hits: list, bounds: list[tuple[int, int]], notes: list) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run of a printed log, ``readers/joblog.py``) split where a
    step-less run's values start over (module docstring); each later training's steps count from its first, as
    the first's (as ``_joblog_banners`` does), and a note names how many."""
    from ._joblog_banners import stepless  # a job-log module: not imported by the CSV readers that use this one

    out = []
    for a, b in bounds:
        if not stepless(hits, a, b, MIN_POINTS):
            out.append((a, b))
            continue
        rows = _passes(hits, a, b)
        tags: dict[str, np.ndarray] = {}
        for k, (lo, hi) in enumerate(rows):
            for h in hits[lo:hi]:
                for tag, value in h.record.values:
                    column = tags.get(tag)
                    if column is None:  # (a new column only for a new tag: ``setdefault`` filled one every value)
                        column = tags[tag] = np.full(len(rows), np.nan)
                    column[k] = value
        found = starts(tags)
        if not found:
            out.append((a, b))
            continue
        cuts = [a] + [rows[k][0] for k in found] + [b]
        for lo, hi in zip(cuts[1:-1], cuts[2:]):
            shift = hits[lo].step - hits[a].step
            for h in hits[lo:hi]:
                h.step -= shift
        out.extend(zip(cuts[:-1], cuts[1:]))
        notes.append(f"no step printed and the values start over {len(found)} time(s) (every loss back near its "
                     f"first value): {len(found) + 1} trainings appended to one log, each read as a run of its own")
    return out
