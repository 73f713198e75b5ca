"""The resume rules 2-4 of the resolved view (``combine``'s module docstring says what each does and why):
``steps_all_equal``, ``concurrent_writers``, ``counter_reset_continued`` / ``fresh_start_replaces`` and
``later_session_replaces``, over rows already purged by restarts. Split from ``combine.py``."""
from __future__ import annotations

import numpy as np

from . import combine_splitpair as splitpair
from .combine_order import concurrent_sessions, ends_at, lead_true, session_files, step_span, step_stride
from .readers._continued import BOOKKEEPING, decisive, started_afresh  # the CSV readers decide the same way
from .runs import Problem


SIBLING_WALL = 0.5  # seconds: sessions of one dir's files begun this close together began together (_sibling)


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
        pairs = splitpair.split_dirs(self.paths, pieces_of)  # Keras' validation dir -> its train dir
        walls = {}  # piece -> its (first, last) wall time
        for i, row in enumerate(first_row):
            w = self.wall_times[row:bounds[i + 1]]
            w = w[np.isfinite(w)]
            if len(w):
                walls[int(self.piece[row])] = (float(w.min()), float(w.max()))
        self._continued: dict = {}  # a train session continued -> the shift it got
        self._decided: dict = {}  # (dir, first wall time) -> (piece, afresh): a session's decision, for its siblings
        for code, pieces in splitpair.ordered(pieces_of, pairs):
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
                q = splitpair.partner(p, pieces_of[pairs[code]], walls) if code in pairs and shared else None
                if q is not None and q in self._continued:
                    self._continue(p, rows, tags, earlier, self._continued[q], q)
                elif shared:
                    self._resolve_session(p, rows, tags, shared, earlier, rows_of, self._sibling(code, p, walls))
                for t in np.unique(tags).tolist():
                    mine = rows[tags == t]
                    earlier[t] = np.concatenate([earlier[t], mine]) if t in earlier else mine

    def _sibling(self, code: int, p: int, walls: dict):
        """The decision (afresh or not) taken for a session of another file of dir ``code`` that began at the same
        wall time as session ``p``, else None. MLflow keeps one file per metric: a run resumed (or a hyperopt
        trial started) at step 0 begins a session in every metric file at one timestamp (Keras autolog logs an
        epoch's metrics together), and each file's session was judged alone -- public hyperkeras159's resumed run
        had loss, accuracy and val_loss continued to steps 30-59, but its constant val_accuracy (0.4615 again at
        steps 0-8) looked like the same history repeated and was cut to the first session's steps."""
        if p not in walls:
            return None
        for (c, wall), (q, afresh) in self._decided.items():
            if c == code and abs(wall - walls[p][0]) <= SIBLING_WALL and self.paths[q] != self.paths[p]:
                return afresh
        return None

    def _resolve_session(self, p: int, rows, tags, shared: list, earlier: dict, rows_of: dict,
                         sibling: bool | None = None) -> None:
        first_wall = self.wall_times[rows]
        first_wall = float(np.nanmin(first_wall)) if np.isfinite(first_wall).any() else None
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
        if sibling is None and self._same_history(earlier, rows, tags, shared):
            self._resume_truncates(p, rows, tags, before, int(s_mine.min()), rows_of)
            return  # the later file repeats the earlier history and goes on (HF checkpoints)
        longest = decisive({self.tag_names[t]: len(earlier[t]) for t in shared})
        longest = next(t for t in shared if self.tag_names[t] == longest)
        # the longest shared series says it, or the training loss does (an eval loss rising at the end of the
        # earlier session made a new training's high first eval loss look nearer its last value)
        afresh = sibling if sibling is not None else any(
            self._started_afresh(earlier[t], rows[tags == t]) for t in {longest, self._judged(shared, earlier)})
        if first_wall is not None:
            self._decided[(int(self.dir_codes[rows[0]]), first_wall)] = (p, afresh)
        if afresh:
            # a new training replaces the earlier one's counters too (epoch, ...), each from its own first step: a
            # clock on another axis (W&B's _runtime at _step, which went on) keeps what it did not log again
            book = [e[self.steps[e] >= self.steps[rows[tags == t]].min()] for t in np.unique(tags).tolist()
                    if t in self.bookkeeping and len(e := earlier.get(t, rows[:0]))]
            # and the abandoned training's series the new one never logged (detectron2's sem_seg/* evaluation at
            # iteration 499 of a training replaced by a relaunch that logged iteration 19 alone: public
            # norlab-ulaval/droneSegmentation output/), from the new one's first step on -- only those written in
            # the files that held the abandoned sessions: MLflow keeps one file per metric (metrics/loss,
            # metrics/accuracy), whose sessions say nothing of another file's series (public hyperkeras159: 16
            # hyperopt trials in one run, each trial's fresh start in metrics/loss dropped all of metrics/accuracy)
            gone = [e[(self.steps[e] >= s_mine.min()) & self._in_files(e, before)] for t, e in earlier.items()
                    if t not in self.bookkeeping and t not in set(tags.tolist())]
            drop = np.concatenate([before[self.steps[before] >= s_mine.min()], *book, *gone])
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
        self._continued[p] = shift
        earlier_files = session_files(self.paths, self.piece[before], self.paths[p])
        self._note("counter_reset_continued", p,
                   f"step counter went back to {int(old.min()):,} after an earlier session reached "
                   f"{int(s_before.max()):,} ({earlier_files}: steps {step_span(s_before)}); this "
                   f"session's steps {step_span(old)} are continued after it as {step_span(self.steps[moved])}")

    def _in_files(self, rows, of) -> np.ndarray:
        """Which of ``rows`` were written in a file that also holds rows ``of``."""
        files = {self.paths[k] for k in np.unique(self.piece[of]).tolist()}
        return np.array([self.paths[k] in files for k in self.piece[rows].tolist()], dtype=bool)

    def _continue(self, p: int, rows, tags, earlier: dict, shift: int, q: int) -> None:
        """Validation session ``p`` continued as train session ``q`` was, by ``shift`` (``combine_splitpair``): its
        series whose step went back are moved; one that went on (Keras' iteration counter) stays."""
        on = np.array([t in earlier and self.steps[rows[tags == t]].min() <= self.steps[earlier[t]].max()
                       for t in tags.tolist()], dtype=bool) if len(rows) else np.zeros(0, dtype=bool)
        moved = rows[on]
        if not len(moved):
            return
        old = self.steps[moved].copy()
        self.steps[moved] += shift
        self._note("counter_reset_continued", p,
                   f"step counter went back to {int(old.min()):,} as in {self.paths[q]}, the train split's session "
                   f"written with this one (Keras' TensorBoard callback, fit() called again): continued the same way, "
                   f"this session's steps {step_span(old)} as {step_span(self.steps[moved])}")

    def _concurrent_left_out(self, p: int, mine, before) -> None:
        """Rule 0: a session written at the same time as an earlier one of its dir, over the same steps of the same
        series (a writer on every rank of a multi-process job), is left out on those series: the first file's curves
        are kept whole (per-step later-wins would splice the processes' curves wherever their steps differ). The
        line names both files, the kept one and the one left out (ux69 F8: "the first file's curves are kept, this
        file's points are left out" left the reader to guess which "first" meant)."""
        self.dropped[mine] = True
        names = sorted({self.tag_names[int(t)] for t in np.unique(self.tag_codes[mine])})
        first = self.paths[int(self.piece[before].min())]
        shown = ", ".join(repr(n) for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        self._note("concurrent_writers", p,
                   f"written at the same time as {first} over the same steps of {shown} (another process writing "
                   f"the same series into this directory: a writer on every rank of a multi-process job?); "
                   f"kept: {_base(first)}'s curves (the file written first); left out: this file's "
                   f"({_base(self.paths[p])}) {len(mine):,} point(s) at steps {step_span(self.steps[mine])} "
                   f"(the raw view keeps them)")

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
        """At least half of the (tag, step) points both sessions logged carry the same value. A series flat in both
        (a broken metric logged as 0.0 at every epoch: photofilter's Keras ``auc``, 42 fits appended into one
        CSVLogger file) tells nothing: left out while a series that moved is shared (else its 0.0s made every second
        fit() "the same history logged again", and its epochs replaced the first fit's)."""
        moved = [t for t in shared
                 if len(np.unique(self.values[earlier[t]])) > 1 or len(np.unique(self.values[rows[tags == t]])) > 1]
        same = common = 0
        for t in moved or shared:
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


def _base(path: str) -> str:
    """A file's own name (after the last '/' or '\\'): both files of the line lie in one directory."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]
