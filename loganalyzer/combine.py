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
   those of the counters both log (``BOOKKEEPING``: epoch...) at or after each counter's own first new step.
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
from .combine_order import concurrent_sessions, counters_once, ends_at, flat_series, lead_true, restart_mask, \
    only_used as _only_used, session_files, sorted_order, step_span, step_stride
from .readers._continued import BOOKKEEPING, decisive, started_afresh  # the CSV readers decide the same way
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


class _Resolver:
    """The resume rules 2-4 over rows already purged by restarts (see the module docstring)."""

    def __init__(self, tag_names, dir_codes, tag_codes, piece, steps, values, wall_times, paths):
        self.tag_names, self.paths = tag_names, paths
        self.values = values
        self.dropped = np.zeros(len(steps), dtype=bool)
        self.dir_codes, self.tag_codes, self.piece = dir_codes, tag_codes, piece
        self.steps = steps.copy()
        self.wall_times = wall_times
        self.rules: list[str] = []
        self.notes: list[Problem] = []
        self.group = dir_codes * max(len(tag_names), 1) + tag_codes
        # counters every session logs (Lightning's 'epoch' in trainer.test() too): they never make two sessions one
        self.bookkeeping = {i for i, t in enumerate(tag_names) if t.rsplit("/", 1)[-1] in BOOKKEEPING}

    def _note(self, rule: str, piece: int, message: str) -> None:
        if rule not in self.rules:
            self.rules.append(rule)
        self.notes.append(Problem(self.paths[piece], message))

    def steps_all_equal(self, order: np.ndarray) -> np.ndarray:
        """Rule 2; ``order`` sorts rows by (group, step). Returns the rows it placed (bool)."""
        g, s = self.group[order], self.steps[order]
        starts = np.flatnonzero(lead_true(g[1:] != g[:-1]))
        ends = ends_at(starts[1:], len(order))
        flat = (ends - starts > 1) & (s[starts] == s[ends - 1])  # sorted by step: first == last means all equal
        flat &= s[starts] == 0  # what step-less writers store; another shared step is the writer's (rule 2)
        changed = np.zeros(len(self.steps), dtype=bool)
        placed = []
        for a, b in zip(starts[flat], ends[flat]):
            rows = np.sort(order[a:b])  # write order
            if len(np.unique(self.piece[rows])) == len(rows):
                continue  # one point per session (HF checkpoints repeating an eval): re-logged, rule 4
            placed.append((rows, int(s[a])))
            changed[rows] = True
        for rows, step in placed:
            tag = self.tag_names[int(self.tag_codes[rows[0]])]
            how = self._place_by_wall_time(rows, changed)
            if how is None:
                self.steps[rows] = np.arange(len(rows), dtype=np.int64)
                how = f"write order as steps 0–{len(rows) - 1:,}"
            self._note("steps_all_equal", int(self.piece[rows[-1]]),
                       f"{tag!r}: all {len(rows)} points logged at step {step:,} (no step given?); placed in {how}")
        return changed

    def _place_by_wall_time(self, rows: np.ndarray, flat: np.ndarray) -> str | None:
        """Steps for a step-less series from the wall-time -> step map of the other series of its dir (a
        validation loss logged without a step beside a training loss logged with one), else None."""
        walls = self.wall_times[rows]
        others = np.flatnonzero((self.dir_codes == self.dir_codes[rows[0]]) & ~flat & np.isfinite(self.wall_times))
        if len(others) < 2 or not np.isfinite(walls).all() or (np.diff(walls) < 0).any():
            return None
        ref = others[np.lexsort((self.steps[others], self.wall_times[others]))]
        ref_steps, ref_walls = self.steps[ref], self.wall_times[ref]
        if (np.diff(ref_steps) < 0).any() or ref_steps[-1] <= ref_steps[0]:
            return None  # the other series do not give one increasing clock
        self.steps[rows] = np.rint(np.interp(walls, ref_walls, ref_steps)).astype(np.int64)
        return (f"wall-time order on the steps of the other series of its directory (steps "
                f"{step_span(self.steps[rows])})")

    def counter_resets(self, fixed: np.ndarray) -> None:
        """Rules 3 and 4a, dir by dir over its sessions in written order; rows in ``fixed`` (rule 2) are left
        alone."""
        pieces_of: dict[int, list[int]] = {}
        first_row = np.flatnonzero(lead_true(self.piece[1:] != self.piece[:-1]))
        for row in first_row:
            pieces_of.setdefault(int(self.dir_codes[row]), []).append(int(self.piece[row]))
        bounds = ends_at(first_row, len(self.piece))
        rows_of = {int(self.piece[bounds[i]]): (bounds[i], bounds[i + 1]) for i in range(len(first_row))}
        self._unfixed = ~fixed
        for pieces in pieces_of.values():
            if len(pieces) < 2:
                continue
            earlier: dict[int, np.ndarray] = {}  # tag -> rows of earlier sessions
            for p in pieces:
                a, b = rows_of[p]
                rows = np.arange(a, b)[~fixed[a:b]]
                tags = self.tag_codes[rows]
                earlier = {t: r[~self.dropped[r]] for t, r in earlier.items()}
                earlier = {t: r for t, r in earlier.items() if len(r)}
                shared = [t for t in np.unique(tags).tolist() if t in earlier and t not in self.bookkeeping]
                if shared:
                    self._resolve_session(p, rows, tags, shared, earlier, rows_of)
                for t in np.unique(tags).tolist():
                    mine = rows[tags == t]
                    earlier[t] = np.concatenate([earlier[t], mine]) if t in earlier else mine

    def _resolve_session(self, p: int, rows, tags, shared: list, earlier: dict, rows_of: dict) -> None:
        before = np.concatenate([earlier[t] for t in shared])
        mine = rows[np.isin(tags, shared)]
        s_before, s_mine = self.steps[before], self.steps[mine]
        w_before, w_mine = self.wall_times[before], self.wall_times[mine]
        later = not (np.isfinite(w_before).any() and np.isfinite(w_mine).any()
                     and np.nanmin(w_mine) < np.nanmax(w_before))  # interleaved wall times: concurrent writers
        if not later and concurrent_sessions(s_before, s_mine, w_before, w_mine):
            self._concurrent_left_out(p, mine, before)
            return
        # went back to (or below) the start of the earlier sessions on every shared tag: a reset counter
        reset = all(self.steps[rows[tags == t]].min() <= self.steps[earlier[t]].min() for t in shared)
        if not reset:
            if later and s_mine.min() <= s_before.max():
                self._resume_truncates(p, rows, tags, before, int(s_mine.min()), rows_of)
            return
        if s_before.max() <= s_before.min() or not later:
            return
        if self._same_history(earlier, rows, tags, shared):
            self._resume_truncates(p, rows, tags, before, int(s_mine.min()), rows_of)
            return  # the later file repeats the earlier history and goes on (HF checkpoints)
        longest = decisive({self.tag_names[t]: len(earlier[t]) for t in shared})
        longest = next(t for t in shared if self.tag_names[t] == longest)
        # the longest shared series says it, or the training loss does (an eval loss rising at the end of the
        # earlier session made a new training's high first eval loss look nearer its last value)
        if any(self._started_afresh(earlier[t], rows[tags == t]) for t in {longest, self._judged(shared, earlier)}):
            # a new training replaces the earlier one's counters too (epoch, ...), each from its own first step: a
            # clock on another axis (W&B's _runtime at _step, which went on) keeps what it did not log again
            book = [e[self.steps[e] >= self.steps[rows[tags == t]].min()] for t in np.unique(tags).tolist()
                    if t in self.bookkeeping and len(e := earlier.get(t, rows[:0]))]
            drop = np.concatenate([before[self.steps[before] >= s_mine.min()], *book])
            self.dropped[drop] = True
            earlier_files = session_files(self.paths, self.piece[drop], self.paths[p])
            self._note("fresh_start_replaces", p,
                       f"step counter went back to {int(s_mine.min()):,} and the values started over (not a "
                       f"resume): a new training in the same directory; {len(drop):,} earlier point(s) of "
                       f"{earlier_files} at steps {step_span(self.steps[drop])} are replaced by it")
            return
        # the rows on the counter that went back: a series of its own clock that went on (W&B's _runtime at
        # _step beside a step metric that went back) stays where it is
        on = np.array([t not in earlier or self.steps[rows[tags == t]].min() <= self.steps[earlier[t]].max()
                       for t in tags.tolist()], dtype=bool) if len(rows) else np.zeros(0, dtype=bool)
        moved = rows[on]
        shift = int(s_before.max()) + step_stride(self.steps[earlier[longest]]) - int(self.steps[moved].min())
        old = self.steps[moved].copy()
        self.steps[moved] += shift
        earlier_files = session_files(self.paths, self.piece[before], self.paths[p])
        self._note("counter_reset_continued", p,
                   f"step counter went back to {int(old.min()):,} after an earlier session reached "
                   f"{int(s_before.max()):,} ({earlier_files}: steps {step_span(s_before)}); this "
                   f"session's steps {step_span(old)} are continued after it as {step_span(self.steps[moved])}")

    def _concurrent_left_out(self, p: int, mine, before) -> None:
        """Rule 0: a session written at the same time as an earlier one of its dir, over the same steps of the same
        series (a writer on every rank of a multi-process job), is left out on those series: the first file's curves
        are kept whole (per-step later-wins would splice the processes' curves wherever their steps differ)."""
        self.dropped[mine] = True
        names = sorted({self.tag_names[int(t)] for t in np.unique(self.tag_codes[mine])})
        first = self.paths[int(self.piece[before].min())]
        shown = ", ".join(repr(n) for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        self._note("concurrent_writers", p,
                   f"written at the same time as {first} over the same steps of {shown} (another process writing "
                   f"the same series into this directory: a writer on every rank of a multi-process job?); the "
                   f"first file's curves are kept, this file's {len(mine):,} point(s) at steps "
                   f"{step_span(self.steps[mine])} are left out (the raw view keeps them)")

    def _resume_truncates(self, p: int, rows, tags, before, k: int, rows_of: dict) -> None:
        """Rule 4a: a later session resumed at step ``k`` (from a checkpoint) supersedes the points the earlier
        sessions logged at or after ``k`` in the series it shares with them, as ``purge_step`` would: their tail
        after the checkpoint belongs to an abandoned timeline and must not be spliced after the new session's last
        step."""
        sessions = np.unique(self.piece[before]).tolist()
        cand = np.concatenate([np.arange(*rows_of[q]) for q in sessions])
        cand = cand[self._unfixed[cand] & ~self.dropped[cand] & (self.steps[cand] >= k)
                    & np.isin(self.tag_codes[cand], np.unique(self.tag_codes[before]))]
        if not len(cand):
            return
        self.dropped[cand] = True
        mine_value: dict[tuple, float] = {}
        for t, st, v in zip(self.tag_codes[rows].tolist(), self.steps[rows].tolist(), self.values[rows].tolist()):
            mine_value.setdefault((t, st), v)
        keys = list(zip(self.tag_codes[cand].tolist(), self.steps[cand].tolist()))
        tail = np.array([key not in mine_value for key in keys], dtype=bool)
        changed = sum(1 for key, v in zip(keys, self.values[cand].tolist())
                      if key in mine_value and v != mine_value[key] and not (v != v and mine_value[key] != mine_value[key]))
        if not tail.any() and not changed:
            return  # the same history logged again (HF checkpoint copies): nothing to say
        parts = []
        if changed:
            parts.append(f"{changed:,} point(s) at steps it logged again with other values are replaced by its own")
        if tail.any():
            parts.append(f"{int(tail.sum()):,} point(s) at steps {step_span(self.steps[cand[tail]])} that it did not "
                         "log again belong to the abandoned run after that checkpoint and are dropped")
        files = session_files(self.paths, self.piece[cand], self.paths[p])
        self._note("later_session_replaces", p,
                   f"this session resumed at step {k:,} over {files}: " + "; ".join(parts)
                   + " (as purge_step would)")

    def _same_history(self, earlier: dict, rows, tags, shared: list) -> bool:
        """At least half of the (tag, step) points both sessions logged carry the same value."""
        same = common = 0
        for t in shared:
            b, m = earlier[t], rows[tags == t]
            both, ib, im = np.intersect1d(self.steps[b], self.steps[m], return_indices=True)
            common += len(both)
            same += int((self.values[b][ib] == self.values[m][im]).sum())
        return common > 0 and same * 2 >= common

    def _judged(self, shared: list, earlier: dict) -> int:
        """The shared series that best says whether the values started over: a training loss (a validation loss may
        be rising when the earlier session stopped), else any loss, else the longest."""
        def rank(t):
            name = self.tag_names[t].lower()
            loss = "loss" in name
            held_out = any(w in name for w in ("val", "eval", "test"))
            return (loss and not held_out, loss, len(earlier[t]))

        return max(shared, key=rank)

    def _started_afresh(self, before: np.ndarray, mine: np.ndarray) -> bool:
        """The later session's first value is nearer the earlier session's first value than its last one."""
        b = before[np.argsort(self.steps[before], kind="stable")]
        m = mine[np.argsort(self.steps[mine], kind="stable")]
        return bool(started_afresh(self.values[b], self.values[m]))

    def later_replaces(self, order: np.ndarray) -> np.ndarray:
        """Rule 4 over ``order`` (rows sorted by group, step; write order within a key): the rows kept. Only
        replacements that changed a value are noted (HF checkpoints repeat the same history: nothing to say)."""
        g, s, p = self.group[order], self.steps[order], self.piece[order]
        new_key = lead_true((g[1:] != g[:-1]) | (s[1:] != s[:-1]))
        key_id = np.cumsum(new_key) - 1
        latest = np.maximum.reduceat(p, np.flatnonzero(new_key))[key_id]
        keep = p == latest
        if keep.all():
            return order
        last_row = order[ends_at(np.flatnonzero(new_key)[1:], len(order)) - 1][key_id]  # the key's final point
        v_old, v_new = self.values[order], self.values[last_row]
        differs = ~keep & (v_old != v_new) & ~(np.isnan(v_old) & np.isnan(v_new))
        for q in np.unique(p[differs]).tolist():
            mine = differs & (p == q)
            lost, by = order[mine], latest[mine]
            later = [self.paths[int(x)] if self.paths[int(x)] != self.paths[q] else "a later session of the same file"
                     for x in np.unique(by)]
            self._note("later_session_replaces", int(by.max()),
                       f"{len(lost):,} point(s) at steps {step_span(self.steps[lost])} were logged again with other "
                       f"values by {' and '.join(dict.fromkeys(later))}; the later points replace those of "
                       f"{self.paths[q]}")
        return order[keep]


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

