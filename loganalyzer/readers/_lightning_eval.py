"""Lightning's evaluation-batch counter: step-level validation/test metrics put back on the global-step axis.

A metric logged with ``on_step=True`` from ``validation_step`` (or ``test_step``) is written by Lightning at its
own counter of evaluation batches, not at the global step. Source, pytorch_lightning 2.6:
``loops/evaluation_loop.py`` ``_evaluation_step`` calls
``trainer._logger_connector.update_eval_step_metrics(self._seen_batches_per_dataloader[dataloader_idx])`` and then
adds 1 to that counter (one per dataloader, reset only when the loop's dataloaders are set up again: it runs on
across the fit's validations, 0..159 over 16 epochs of 10 batches); ``update_eval_step_metrics`` is
``log_metrics(metrics, step=<that counter>)``, and ``trainer/connectors/logger_connector/logger_connector.py``
``log_metrics`` adds the ``epoch`` key (``scalar_metrics.setdefault("epoch", current_epoch)``) and takes
``_batches_that_stepped`` (the global step) only for a call WITHOUT a step. So in a ``CSVLogger`` ``metrics.csv``
(one row per call, in call order) and a ``TensorBoardLogger`` event file (one event per key, in call order, ``epoch``
one of them) such calls are the ones without an epoch; their steps run on as the counter (0, 1, 2, ... each
validation going on where the one before stopped, a second dataloader from 0) and go back below the global step
written before them.

The validation that wrote them ran at one global step: the one Lightning writes its epoch-level call at when that
validation ends (``val_loss_epoch``, ``val_loss`` with ``on_epoch``), which is the next call carrying an epoch. Each
such block is placed there (the last earlier call carrying an epoch when none follows), every batch's point kept.
Calls without an epoch that go back below the global step but do not run on as that counter are not Lightning's
(a user's ``logger.log_metrics(step=...)``): their global step cannot be recovered, so they are left out, said.
A validation with more batches than the epoch has training steps keeps its counter AHEAD of the global step (20
validation batches against 16 training steps an epoch: 0..19 beside step 15, 20..39 beside 31, ...): nothing goes
back, but two or more blocks that run on as that counter from 0 are the same calls, placed the same way (read as
steps, the batch values of all validations made one series of 240 "evaluations" and a flat run `overfit` 0.95).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Lightning's TensorBoardLogger writes hp_metric at step 0 at every log_hyperparams call (no epoch): not a batch
SKIP_TAGS = frozenset({"hp_metric"})


@dataclass
class Placement:
    steps: np.ndarray  # new step of every call (unchanged where not moved)
    moved: np.ndarray  # bool over calls: an evaluation-batch call placed at its validation's global step
    dropped: np.ndarray  # bool over calls: going back, not the counter: left out

    def lines(self, old: np.ndarray, names_moved: list[str], names_dropped: list[str]) -> list[str]:
        out = []
        if self.moved.any():
            a, b = old[self.moved], self.steps[self.moved]
            out.append(f"{int(self.moved.sum())} call(s) written at Lightning's evaluation-batch counter (steps "
                       f"{int(a.min())}..{int(a.max())}), not the global step -- metrics logged with on_step=True in "
                       f"validation_step/test_step ({', '.join(names_moved)}): each placed at the global step of its "
                       f"validation's epoch-level call ({int(b.min())}..{int(b.max())})")
        if self.dropped.any():
            a = old[self.dropped]
            out.append(f"{int(self.dropped.sum())} call(s) without an epoch written at steps {int(a.min())}.."
                       f"{int(a.max())}, below the global step before them, and not Lightning's evaluation-batch "
                       f"counter ({', '.join(names_dropped)}): their global step cannot be recovered, left out")
        return out


def place(steps: np.ndarray, has_epoch: np.ndarray, considered: np.ndarray) -> Placement | None:
    """``steps``/``has_epoch``/``considered`` over a file's logging calls in written order (``considered``: the
    calls that have a step and are not ``SKIP_TAGS`` alone). None when nothing is to move: no call with an epoch,
    or none without, or none of those going back below the global step written before it."""
    idx = np.flatnonzero(considered)
    if not len(idx):
        return None
    e = has_epoch[idx]
    if e.all() or not e.any():
        return None
    s = steps[idx].astype(np.int64)
    pos = np.arange(len(idx))
    last_e = np.maximum.accumulate(np.where(e, pos, -1))  # the latest call with an epoch at or before each
    later = np.where(e, pos, len(idx))
    nxt_pos = np.minimum.accumulate(later[::-1])[::-1]
    nxt = np.where(nxt_pos < len(idx), nxt_pos, -1)  # the next call with an epoch after each
    blocks = [(a, b) for a, b in _blocks(~e) if not _at_global_step(s, a, b, last_e, nxt)]
    back = [bool(last_e[a] >= 0 and s[a] < s[last_e[a]]) for a, _ in blocks]
    runs_ok = _counter(s, blocks)
    if not any(back) and not (runs_ok and len(blocks) >= 2 and s[blocks[0][0]] == 0):
        return None  # (a counter ahead of the global step: more validation batches than training steps an epoch)
    new = steps.astype(np.int64).copy()
    moved = np.zeros(len(steps), dtype=bool)
    dropped = np.zeros(len(steps), dtype=bool)
    for (a, b), goes_back in zip(blocks, back):
        if runs_ok:
            at = nxt[b - 1] if nxt[b - 1] >= 0 else last_e[a]
            new[idx[a:b]] = s[at]
            moved[idx[a:b]] = True
        elif goes_back:
            dropped[idx[a:b]] = True
    return Placement(new, moved, dropped)


def _at_global_step(s: np.ndarray, a: int, b: int, last_e: np.ndarray, nxt: np.ndarray) -> bool:
    """Whether the calls without an epoch ``[a, b)`` all sit at the global step of the call with an epoch just before
    or just after them: calls made at the global step without Lightning's ``epoch`` key, not evaluation batches.
    ``LearningRateMonitor`` is one (``callbacks/lr_monitor.py`` calls ``logger.log_metrics(latest_stat,
    step=trainer.fit_loop.epoch_loop._batches_that_stepped)`` directly, so no epoch is added): its ``lr-Adam`` rows
    between the epoch-carrying calls broke the counter check, and a public OpenSTL ``metrics.csv`` lost its first
    validation's 625 ``val_loss_step`` points while the later 5,914 stayed at the counter (steps 625..6538 beside
    training steps 49..1099)."""
    block = s[a:b]
    return any(j >= 0 and bool((block == s[j]).all()) for j in (last_e[a], nxt[b - 1]))


def _blocks(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) of each run of True."""
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist()))


def _counter(s: np.ndarray, blocks: list[tuple[int, int]]) -> bool:
    """Whether the blocks' steps, in order, run on as Lightning's per-dataloader counter: within a block each step
    is the one before + 1 or a dataloader's counter (0 or where one stopped); a block starts at 0 or where a
    counter stopped."""
    ends: set[int] = set()
    for a, b in blocks:
        prev = None
        for v in s[a:b].tolist():
            if prev is not None and v == prev + 1:
                prev = v
                continue
            if prev is not None:
                ends.add(prev + 1)  # one dataloader's counter stopped, another's goes on
            if not (v == 0 or v in ends):
                return False
            ends.discard(v)
            prev = v
        ends.add(prev + 1)
    return True


def in_events(columns, path: str):
    """An event file's points (``ScalarColumns`` in written order) with Lightning's evaluation-batch calls placed
    (or left out), and the lines saying so: (columns, [Problem]). Only a file with an ``epoch`` tag (Lightning's
    own key) is looked at; a call is a run of points at one step (``_shared_split.event_calls``)."""
    names = [str(t) for t in columns.tags]
    if "epoch" not in names or not len(columns):
        return columns, []
    from ..runs import Problem
    from ._shared_split import event_calls

    codes = columns.tag_codes
    epoch_codes = [i for i, t in enumerate(names) if t == "epoch"]
    skip_codes = [i for i, t in enumerate(names) if t in SKIP_TAGS]
    calls = event_calls(codes, columns.steps)
    n = int(calls[-1]) + 1
    is_epoch = np.isin(codes, epoch_codes)
    has_epoch = np.zeros(n, dtype=bool)
    has_epoch[calls[is_epoch]] = True
    if has_epoch.all():
        return columns, []
    counted = ~np.isin(codes, skip_codes)
    considered = np.zeros(n, dtype=bool)
    considered[calls[counted]] = True
    call_steps = np.zeros(n, dtype=np.int64)
    call_steps[calls] = columns.steps
    found = place(call_steps, has_epoch, considered)
    if found is None:
        return columns, []
    moved, dropped = found.moved[calls] & counted, found.dropped[calls] & counted
    tag_lists = [sorted({names[c] for c in np.unique(codes[m]).tolist()}) for m in (moved, dropped)]
    lines = found.lines(call_steps, *tag_lists)
    steps = np.where(moved, found.steps[calls], columns.steps)
    from . import ScalarColumns
    out = ScalarColumns(columns.tags, codes, steps, columns.values, columns.wall_times)
    if dropped.any():
        out = out.take(~dropped)
    return out, [Problem(path, line) for line in lines]
