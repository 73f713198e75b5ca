"""Combining the tables a run's files gave into one: every point as logged, or the resume-resolved view.

Pieces are ``(dir, ScalarColumns, restarts[, path])`` in written order (files of one dir in name order, rows in
file order); a piece is one *session*: what one writer wrote into one file.

Two views (``resolve``):

``resolve=False`` — every point, tbparse's table. Duplicated (dir, tag, step) points are all kept, in write order.
  The only points removed are those a ``SessionLog.START`` orphans *inside its own file* (rows written earlier in
  that file with step >= the restart step): tbparse reads each file through TensorBoard's ``EventAccumulator``,
  which purges them (``event_accumulator._MaybePurgeOrphanedData``).

``resolve=True`` — the view the verdicts judge, one curve per series. Rules, in this order:

1. ``restart_purged``: a ``SessionLog.START`` drops the points written earlier in the same dir (any file) at or
   after its step — what TensorBoard's data server does for a job restarted with ``purge_step``.
2. ``steps_all_equal``: a (dir, tag) series whose steps are all 0, some session logging it more than once
   (``add_scalar`` without ``global_step``: torch/tensorboardX leave ``Event.step`` at its proto default 0; MLflow
   ``log_metric`` without ``step=`` stores ``step or 0``), is placed by write order: on the steps of the dir's
   other series at the same wall times when they give one increasing clock (a step-less validation loss beside a
   stepped training loss), else as steps ``0..n-1``. Points sharing another step were given it by their writer
   and stay: Lightning logs ``trainer.test()`` at ``fit_loop.epoch_loop._batches_that_stepped`` (every test after
   a fit at its last step), HF ``Trainer.log`` puts ``step: state.global_step`` and the epoch in every entry.
3. ``counter_reset_continued``: a session whose step counter went back to (or below) the first step of the
   earlier sessions of its dir on the tags they share, with wall times not earlier than theirs (a job resumed from
   a checkpoint whose step counter restarted at 0: catalyst#970), is continued after them: its steps are shifted
   to start one stride after the earlier sessions' last step (stride: the median step spacing of the earlier
   sessions' longest shared series). When instead the new session's first value is nearer the earlier sessions'
   first value than their last (the training started over rather than resumed), rule ``fresh_start_replaces``
   drops the earlier points of the shared tags at or after the new session's first step, as a restart would, and
   those of the counters both log (``BOOKKEEPING``: epoch...) at or after each counter's own first new step, and
   those of the series only the abandoned training logged (detectron2's ``sem_seg/*`` evaluation) at or after the
   new session's first step. A Keras ``validation/`` session follows the ``train/`` session written with it
   (``combine_splitpair``): continued by the same shift.
3b. ``concurrent_writers``: a session written at the same time as an earlier one of its dir (wall-time spans
   overlapping over half the shorter one) over the same steps (80% of the shorter one's) of the same series -- a
   writer on every rank of a multi-process job -- is left out on those series: the first file's curves are kept
   whole rather than spliced step by step.
4. ``later_session_replaces``: a (dir, tag, step) logged by several sessions keeps only the latest session's
   points (a job resumed from an earlier checkpoint re-logs those steps). Repeated steps *within* one session keep
   their write order: the writer's own (three ``trainer.test()`` calls, HF's final evaluation of the best model).
5. A counter (``BOOKKEEPING``: ``epoch``, ``train/epoch``, ``trainer/global_step``...) keeps one point per step,
   the last written (``combine_order.counters_once``): Lightning writes ``epoch`` on a step's training and
   validation rows, HF the final epoch in three entries, W&B each ``wandb.log`` row at one global step.

Each rule that changed something is named in the returned ``rules`` and explained by one ``Problem`` naming the
file and the steps, so a run's warnings and its JSON say what was done.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .combine_indexed import RULE as INDEXED_RULE, join_indexed
from .combine_raw import combine_raw
from .combine_resolve import _Resolver
from .combine_order import counters_once, flat_series, restart_mask, only_used as _only_used, sorted_order
from .runs import Problem, run_order

RAW_FAST = [True]  # tests/test_combine_raw.py turns it off to compare combine_raw with the path below
RULES = ("restart_purged", "steps_all_equal", "concurrent_writers", "counter_reset_continued",
         "fresh_start_replaces", "later_session_replaces", "indexed_tags_joined")


def _dir_path(pieces: list[tuple], d: str) -> str:
    """The first file of run dir ``d``, to name in a message."""
    return next(p[3] for p in pieces if p[0] == d)


@dataclass(frozen=True, eq=False)
class Combined:
    """The combined table as columns (names sorted, all used), sorted by dir, tag, step; rows of one
    (dir, tag, step) in write order. ``rules``: the RULES that changed something; ``notes``: one Problem each."""

    dir_names: list
    dir_codes: np.ndarray
    tag_names: list
    tag_codes: np.ndarray
    steps: np.ndarray
    values: np.ndarray
    wall_times: np.ndarray
    rules: tuple = ()
    notes: tuple = ()

    def columns(self) -> tuple:
        return (self.dir_names, self.dir_codes, self.tag_names, self.tag_codes, self.steps, self.values,
                self.wall_times)


def combine_columns(pieces: list[tuple], resolve: bool = True) -> Combined:
    """Combine ``(dir, ScalarColumns, restarts[, path])`` pieces in written order (see the module docstring for
    the two views). Without a path, messages name the dir."""
    pieces = [(p[0], p[1], p[2], p[3] if len(p) > 3 else (p[0] or ".")) for p in pieces if len(p[1])]
    if not pieces:
        no_codes = np.empty(0, dtype=np.int64)
        return Combined([], no_codes, [], no_codes, no_codes, np.empty(0), np.empty(0))
    if not resolve and RAW_FAST[0]:  # the same table with fewer passes over the rows
        return combine_raw(pieces)
    # name -> code through dicts: few names, many rows; duplicate names in a piece merge here
    dir_names = sorted({d for d, _, _, _ in pieces}, key=run_order)
    dir_index = {d: i for i, d in enumerate(dir_names)}
    tag_index: dict[str, int] = {}
    tag_parts, piece_dirs, lengths, restarts = [], [], [], []
    offset = 0
    for k, (d, cols, marks, _) in enumerate(pieces):
        remap = np.array([tag_index.setdefault(t, len(tag_index)) for t in cols.tags] + [-1], dtype=np.int64)
        tag_parts.append(remap[cols.tag_codes])
        piece_dirs.append(dir_index[d])
        lengths.append(len(cols))
        scope = dir_index[d] if resolve else k
        restarts.extend((offset + int(row), scope, int(step)) for row, step in marks)
        offset += lengths[-1]
    one = len(pieces) == 1
    dir_codes = np.repeat(np.array(piece_dirs, dtype=np.int64), lengths)
    tag_codes = tag_parts[0] if one else np.concatenate(tag_parts)
    # each row's piece: for the restarts and the resume rules only (the raw view of a big tree has neither)
    piece = np.repeat(np.arange(len(pieces), dtype=np.int64), lengths) if resolve or restarts else None
    steps, values, wall_times = (
        getattr(pieces[0][1], name) if one else np.concatenate([getattr(c, name) for _, c, _, _ in pieces])
        for name in ("steps", "values", "wall_times")
    )
    # tag codes in sorted-name order, so the final sort by code is a sort by name
    tag_names = sorted(tag_index)
    rank = np.empty(len(tag_index) + 1, dtype=np.int64)
    rank[[tag_index[t] for t in tag_names]] = np.arange(len(tag_names))
    rank[-1] = -1
    tag_codes = rank[tag_codes]

    rules: list[str] = []
    notes: list[Problem] = []
    keep = tag_codes >= 0  # a row without a tag is no point (readers should not give one)
    if restarts:
        kept = restart_mask(dir_codes if resolve else piece, steps, restarts)
        if resolve and not kept.all():
            rules.append("restart_purged")
            for q in np.unique(piece[~kept & keep]).tolist():
                n = int((~kept & keep & (piece == q)).sum())
                notes.append(Problem(pieces[q][3], f"{n:,} point(s) orphaned by a later restart "
                                                   "(SessionLog.START) were dropped, as TensorBoard does"))
        keep &= kept
    if not keep.all():
        rows = np.flatnonzero(keep)
        dir_codes, tag_codes, steps = dir_codes[rows], tag_codes[rows], steps[rows]
        piece = None if piece is None else piece[rows]
        values, wall_times = values[rows], wall_times[rows]
    if resolve:  # indexed_tags_joined: loss: 0, loss: 1, ... each holding the next steps are one series
        per_epoch = join_indexed(tag_names, tag_codes, dir_codes, steps, lambda d: _dir_path(pieces, dir_names[d]))
        if per_epoch is not None:
            tag_names, tag_codes, joined = per_epoch
            rules.append(INDEXED_RULE)
            notes += joined
    n_groups = len(dir_names) * max(len(tag_names), 1)
    key = dir_codes * max(len(tag_names), 1) + tag_codes
    order, unique = sorted_order(key, steps, n_groups)
    # one session per dir and no series rule 2 looks at (``flat_series``): rules 2-4 would change nothing
    one_session = len(pieces) == len(dir_names)
    if resolve and not (one_session and (unique or not flat_series(key[order], steps[order]))):
        r = _Resolver(tag_names, dir_codes, tag_codes, piece, steps, values, wall_times,
                      [p[3] for p in pieces])
        fixed = r.steps_all_equal(order)
        r.counter_resets(fixed)
        order, _ = sorted_order(r.group, r.steps, n_groups)
        order = r.later_replaces(order[~r.dropped[order]])
        steps = r.steps
        rules += r.rules
        notes += r.notes
    if resolve:  # 5: a counter logged several times at one step keeps the last written
        order, counted = counters_once(order, key, steps, values, (tag_names, tag_codes), piece, pieces)
        notes += counted
    dir_codes, tag_codes = dir_codes[order], tag_codes[order]
    dir_names, dir_codes = _only_used(dir_names, dir_codes)
    tag_names, tag_codes = _only_used(tag_names, tag_codes)
    return Combined(dir_names, dir_codes, tag_names, tag_codes, steps[order], values[order], wall_times[order],
                    tuple(rules), tuple(notes))

