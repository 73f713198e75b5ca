"""Trainings printed one after the other in a job log that are one training going on (used by ``readers/joblog.py``).

``model.fit()`` called twice on one Keras model prints ``Epoch 1/6`` ... ``Epoch 6/6`` then ``Epoch 1/4`` ...: the
epoch goes back to its start, so the reader's runs split there (``joblog._segments``), while the loss goes on from
where the first fit ended. The Keras CSVLogger of the same fits is one run (``_continued``); so is the printed log:
a part that continues the run before it (``_continued.join_continued``: every series takes a next step) joins it,
its steps continued after that run's last one (``counter_reset_continued``), with a note.
"""
from __future__ import annotations

import re

import numpy as np

from ._continued import join_continued
from ._joblog_launches import _line_end
from ._joblog_models import new_training


class _Column:
    __slots__ = ("values", "present")

    def __init__(self, n: int):
        self.values = np.full(n, np.nan)
        self.present = np.zeros(n, dtype=bool)


def join_continued_runs(hits: list, bounds: list[tuple[int, int]], notes: list[str], data=None
                        ) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) with each run that continues the one before it joined to
    it; the joined hits' ``step`` shifted to go on after it (changed in place); a note for each. A Keras run cut
    off (``_cut_off``) is never joined by the run after it."""
    out, first = [], 0
    for k in range(1, len(bounds) + 1):
        if k == len(bounds) or _cut_off(hits, bounds[k - 1], bounds[k], data) \
                or _other_phase(hits, bounds[k - 1], bounds[k]) or _added_series(hits, bounds[k - 1], bounds[k]) \
                or _launched_again(hits, bounds[first], bounds[k], data) \
                or new_training(data, hits, bounds[k - 1], bounds[k]):  # another model, a boosting run
            a = bounds[first][0]
            part = _join(hits[a:bounds[k - 1][1]], [(x - a, y - a) for x, y in bounds[first:k]], notes)
            out.extend((x + a, y + a) for x, y in part)
            first = k
    return out


def _other_phase(hits: list, run: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether the two runs' lines name their counter after two different trainings (``LSTM_e1 Epoch 2: ..`` then
    ``Transformer_L2_e1 Epoch 1: ..``, public HLSvois/DLNLP_2025 train_log.txt: 13 models' losses were one curve)."""
    mine = next((h.record.phase for h in reversed(hits[run[0]:run[1]]) if h.record.kind == "train"), None)
    theirs = next((h.record.phase for h in hits[after[0]:after[1]] if h.record.kind == "train"), None)
    return mine is not None and theirs is not None and mine != theirs


JUMP = 3.0  # a loss printed by both parts whose later first value is >= 3x (or <= 1/3) the earlier's last


def _added_series(hits: list, run: tuple[int, int], after: tuple[int, int], least: int = 3) -> bool:
    """Whether the later part prints a metric (``least`` points or more, no learning rate) the run before it never
    did AND a loss both print starts the later part ``JUMP`` x or more away from where the earlier ended: another
    task's training, not a second ``fit()`` of the same model. Public ppghr100 ``train_output.txt``: a heart-rate
    regression (``Train Loss``, ``Val Loss``, MSE ending at 162 and 58) then, after 'Starting Challenge 2', a noise
    detector printing ``Val Accuracy`` as well (its losses from 44 and 1.3) was read as the regression going on, one
    run of 77 epochs. A Keras fine-tune ``fit()`` that adds validation or a metric (a breaker's head-then-fine-tune
    log: loss 0.306 -> 0.285 across the two) goes on from where the first ended: joined."""
    mine: dict = {}
    for h in hits[run[0]:run[1]]:
        for t, v in h.record.values:
            mine[t] = v  # (the last value)
    counts: dict = {}
    firsts: dict = {}
    for h in hits[after[0]:after[1]]:
        for t, v in h.record.values:
            firsts.setdefault(t, v)
            if t not in mine and "lr" not in t.lower() and "learning" not in t.lower():
                counts[t] = counts.get(t, 0) + 1
    if not mine or not any(c >= least for c in counts.values()):
        return False
    return any("loss" in t.lower() and v > 0 and firsts.get(t, 0) > 0 and
               max(firsts[t] / v, v / firsts[t]) >= JUMP for t, v in mine.items())


HEADER_LINES, HEADER_REPEATS = 20, 3  # of the 20 lines before a run's first, >= 3 printed again before the next
_MASK = re.compile(rb"\d+(?:\.\d+)?")


def _startup_lines(data, lo: int, hi: int, last: int | None = None) -> set:
    """The non-blank lines of ``data[lo:hi]`` (the last ``last`` of them), digits masked, stripped."""
    lines = [ln.strip() for ln in bytes(data[max(lo, hi - (1 << 16)):hi]).splitlines() if ln.strip()]
    return {_MASK.sub(b"#", ln) for ln in (lines[-last:] if last else lines)}


def _launched_again(hits: list, run: tuple[int, int], after: tuple[int, int], data) -> bool:
    """Whether the script's start-up block, >= ``HEADER_REPEATS`` of the lines printed right before the run's first
    line (digits masked: a date, a count), is printed again before the next part: the script was launched again,
    a new process, not a second ``fit()`` going on in the same one (Keras prints one ``Train on N samples`` line a
    fit; the lines every ``fit()`` prints, ``Train on N samples`` and ``Epoch 1/M``, are not counted). Public csta finetune1.log (labelled): a 4-epoch launch stuck at 4.09 (chance) and the next launch starting
    at 4.098 after ``Finetuning starting on: <date>`` and the same 9-line config dump were joined as one training."""
    if data is None or run[0] >= len(hits) or after[0] >= len(hits):
        return False
    start, end, nxt = hits[run[0]].offset, hits[after[0] - 1].offset, hits[after[0]].offset
    lo = hits[run[0] - 1].offset + 1 if run[0] else 0
    before = _startup_lines(data, lo, start, HEADER_LINES)
    if len(before) < HEADER_REPEATS or nxt <= end:
        return False
    between = _startup_lines(data, _line_end(data, end), nxt)
    return len({ln for ln in before & between if not _FIT_LINE.fullmatch(ln)}) >= HEADER_REPEATS


# what every Keras fit() prints at its start (digits masked): no sign of a new process. Public Vikvas6/NN
# train_output.txt: a char-RNN's 25 ``model.fit(epochs=5)`` in a loop, each block opened by '=====', 'Итерация #: i',
# 'Train on 99983 samples', 'Epoch 1/5' -- the loss going on from block to block -- was read as 25 launches
_FIT_LINE = re.compile(rb"Train on # samples(?:, validate on # samples)?|Epoch #/#")


# Keras 2 EarlyStopping's line ('Epoch 00023: early stopping'; Keras 3: 'Epoch 23: early stopping')
_EARLY_STOP = b"early stopping"


def _cut_off(hits: list, run: tuple[int, int], after: tuple[int, int], data) -> bool:
    """Whether a Keras ``fit()`` was stopped before its epochs were done: the run's last epoch N is below the M of
    its ``Epoch N/M`` line and no early stopping line follows before the next run. ``fit()`` returns only after M
    epochs or an early stop, so the process was stopped there and the next part is a new process -- not a ``fit()``
    that returned and was called again, which is what joining assumes (public FrozenBurning Semantic-Segmentation
    ``train_stanford_fcn8.log``: trainings of 150 epochs stopped at 6, 13, 16, 37... and started again from
    ``Epoch 1/150``, with fresh weights or loaded ones, were joined into one 414-epoch curve with collapses)."""
    if data is None:
        return False
    last, nxt = hits[run[1] - 1], hits[after[0]]
    if last.step is None or nxt.offset <= last.offset:
        return False
    lo = max(0, last.offset - (1 << 16))
    opened = list(_EPOCH_OPENED.finditer(bytes(data[lo:last.offset])))
    if not opened or int(opened[-1].group(1)) != last.step or last.step >= int(opened[-1].group(2)):
        return False
    # Keras 1-2 print 'Epoch 00008: early stopping' between the last 'Epoch 9/10' line and that epoch's values
    return _EARLY_STOP not in bytes(data[lo + opened[-1].end():nxt.offset][-(1 << 17):])


_EPOCH_OPENED = re.compile(rb"(?m)^Epoch (\d+)/(\d+)\s*$")


def _join(hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    if len(bounds) < 2 or any(h.step is None for h in hits):
        return bounds
    n = len(hits)
    segments = np.zeros(n, dtype=np.int64)
    for k, (a, b) in enumerate(bounds):
        segments[a:b] = k
    columns: dict[str, _Column] = {}
    for i, h in enumerate(hits):
        for tag, value in h.record.values:
            column = columns.get(tag)
            if column is None:
                column = columns[tag] = _Column(n)
            if not column.present[i]:
                column.values[i], column.present[i] = value, True
    steps = np.array([h.step for h in hits], dtype=np.float64)
    tags = list(columns)
    joined_segments, joined = join_continued(tags, [columns[t] for t in tags], steps, np.ones(n, dtype=bool),
                                             segments)
    if not joined:
        return bounds
    for row, _reached, name in joined:  # the step reached: after the parts joined before (shifted)
        part = int(segments[row])
        a, b = bounds[part]
        earlier = np.flatnonzero((joined_segments[:a] == joined_segments[row]))
        before = np.unique(steps[earlier])
        stride = max(int(np.median(np.diff(before))), 1) if len(before) > 1 else 1
        shift = int(before.max()) + stride - int(steps[a:b].min())
        for h in hits[a:b]:
            h.step += shift
        steps[a:b] += shift
        reached = int(before.max())
        notes.append(f"step went back to {int(steps[a] - shift):,} after {reached:,} while {name!r} went on from "
                     "where it was (not back near its start): the same model trained on (a second fit()), one run; "
                     f"its steps {int(steps[a:b].min() - shift):,}–{int(steps[a:b].max() - shift):,} are continued "
                     f"as {int(steps[a:b].min()):,}–{int(steps[a:b].max()):,} (counter_reset_continued)")
    out = []
    for k, (a, b) in enumerate(bounds):
        if out and joined_segments[a] == joined_segments[out[-1][0]]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
