"""Row bookkeeping for ``loganalyzer.combine``: the rows a restart orphans, the stable (series, step) order of the
rows, whether the resume rules have anything to look at, and the small step and session helpers its rules share."""
from __future__ import annotations

import numpy as np

_TRUE, _FALSE = np.ones(1, dtype=bool), np.zeros(1, dtype=bool)


def lead_true(mask: np.ndarray) -> np.ndarray:
    """``np.r_[True, mask]`` of a bool array (the same array, without ``np.r_``'s ~10 us of parsing a call)."""
    return np.concatenate((_TRUE, mask))


def ends_at(starts: np.ndarray, n: int) -> np.ndarray:
    """``np.r_[starts, n]`` of an int64 array (rows where each group starts, then the row count)."""
    return np.concatenate((starts, np.array([n], dtype=np.int64)))


def restart_mask(codes: np.ndarray, steps: np.ndarray, restarts: list[tuple[int, int, int]]) -> np.ndarray:
    """Rows to keep after the restarts (global row, scope code, step): a row is dropped when a later restart of
    its scope (dir, or file for tbparse's view) has a step <= the row's step."""
    keep = np.ones(len(steps), dtype=bool)
    by_scope: dict[int, list[tuple[int, int]]] = {}
    for row, d, step in restarts:
        by_scope.setdefault(d, []).append((row, step))
    for d, marks in by_scope.items():
        marks.sort()
        rows = np.array([m[0] for m in marks], dtype=np.int64)
        # smallest restart step at or after each restart: what purges the rows before it
        floor = np.minimum.accumulate(np.array([m[1] for m in marks], dtype=np.int64)[::-1])[::-1]
        in_scope = np.flatnonzero(codes == d)
        nxt = np.searchsorted(rows, in_scope, side="right")  # first restart after the row
        has = nxt < len(rows)
        candidates = in_scope[has]
        drop = steps[candidates] >= floor[nxt[has]]
        keep[candidates[drop]] = False
    return keep


def sorted_order(group: np.ndarray, steps: np.ndarray, n_groups: int) -> tuple[np.ndarray, bool]:
    """Stable order by (group, step) and whether every (group, step) key is unique.

    A radix stable sort on the group code (16 bits at a time) first leaves steps sorted inside most groups; only the
    groups whose steps do not strictly increase (a resumed run's re-logged steps) are sorted again on the composite
    key: a big tree's table is not sorted whole twice."""
    n = len(steps)
    if n == 0:
        return np.empty(0, dtype=np.intp), True
    if n_groups <= 1 << 16:
        order = np.argsort(group.astype(np.uint16), kind="stable")
    elif n_groups <= 1 << 32:  # a big tree's many dirs: two 16-bit radix passes, low half then high half
        order = np.argsort((group & 0xFFFF).astype(np.uint16), kind="stable")
        order = order[np.argsort((group[order] >> 16).astype(np.uint16), kind="stable")]
    else:
        order = np.argsort(group, kind="stable")
    g, s = group[order], steps[order]
    same_group = g[1:] == g[:-1]
    back = same_group & (s[1:] <= s[:-1])
    if not back.any():
        return order, True  # the common case: every series already strictly increasing in step
    # only the series whose steps do not strictly increase are sorted again (their rows, in place)
    starts = np.flatnonzero(lead_true(~same_group))
    redo = np.zeros(len(starts), dtype=bool)
    redo[np.searchsorted(starts, np.flatnonzero(back) + 1, side="right") - 1] = True
    rows = np.flatnonzero(np.repeat(redo, np.diff(ends_at(starts, n))))
    g, s = g[rows], s[rows]
    lo, hi = int(s.min()), int(s.max())
    span = hi - lo + 1
    if n_groups * span < 2**62:
        second = np.argsort(g * span + (s - lo), kind="stable")
    else:  # steps spanning the int64 range: no composite key
        second = np.lexsort((s, g))
    order[rows] = order[rows[second]]
    g, s = g[second], s[second]
    return order, not ((g[1:] == g[:-1]) & (s[1:] == s[:-1])).any()


def flat_series(g: np.ndarray, s: np.ndarray) -> bool:
    """Whether rule 2 looks at a series (rows sorted by group ``g``, step ``s``): with one session per dir, none
    means that rules 2-4 change nothing (rule 4 needs two sessions of a dir)."""
    if not len(g):
        return False
    starts = np.flatnonzero(lead_true(g[1:] != g[:-1]))
    ends = ends_at(starts[1:], len(g))
    return bool(((ends - starts > 1) & (s[starts] == 0) & (s[ends - 1] == 0)).any())


def step_stride(steps: np.ndarray) -> int:
    """The median gap between the distinct steps (>= 1; 1 for a single step): a session's logging interval."""
    diffs = np.diff(np.unique(steps))
    return max(int(np.median(diffs)), 1) if len(diffs) else 1


def step_span(a: np.ndarray) -> str:
    """``"lo–hi"`` of the steps in ``a`` (one step: ``"lo"``), with thousands separators, for a message."""
    lo, hi = int(a.min()), int(a.max())
    return f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"


def session_files(paths: list, pieces: np.ndarray, own: str) -> str:
    """The files of ``pieces`` for a message; the session's own file is named as such (a W&B run whose step
    metric went back holds both sessions in one file)."""
    names = sorted({paths[int(q)] for q in np.unique(pieces)})
    return ", ".join("an earlier session in the same file" if n == own else n for n in names)


def concurrent_sessions(s_before, s_mine, w_before, w_mine) -> bool:
    """Two sessions that are one process's and another's at the same time, not a job and its resume (whose clock
    may be skewed, but whose steps go on past the earlier ones): at least 80% of the shorter one's steps shared,
    and their wall-time spans overlapping over half the shorter span."""
    a, b = np.unique(s_before), np.unique(s_mine)
    shorter = min(len(a), len(b))
    if shorter < 2 or len(np.intersect1d(a, b, assume_unique=True)) < 0.8 * shorter:
        return False
    lo_b, hi_b, lo_m, hi_m = np.nanmin(w_before), np.nanmax(w_before), np.nanmin(w_mine), np.nanmax(w_mine)
    overlap = min(hi_b, hi_m) - max(lo_b, lo_m)
    return bool(overlap >= 0.5 * min(hi_b - lo_b, hi_m - lo_m) and overlap > 0)



def counters_once(order: np.ndarray, group: np.ndarray, steps: np.ndarray, values: np.ndarray, tags: tuple,
                  piece: np.ndarray, pieces: list) -> tuple[np.ndarray, list]:
    """The resolved view's one point per step of a counter (``BOOKKEEPING``: epoch, global_step, ...): of the rows
    ``order`` (sorted by group, step; write order within a key), a counter's rows at a step logged more than once
    keep the last written -- the copies repeat its value, the last is the counter as the step ended. Returns the
    rows kept and one ``Problem`` per (piece, counter) whose left-out values differed from the kept one."""
    from .readers._continued import BOOKKEEPING
    from .runs import Problem

    if len(order) < 2:
        return order, []
    g, s = group[order], steps[order]
    same_next = (g[1:] == g[:-1]) & (s[1:] == s[:-1])
    if not same_next.any():
        return order, []
    tag_names, tag_codes = tags
    counter = np.array([t.rsplit("/", 1)[-1] in BOOKKEEPING for t in tag_names] + [False], dtype=bool)
    drop = np.concatenate((same_next, _FALSE)) & counter[tag_codes[order]]
    if not drop.any():
        return order, []
    new_key = lead_true(~same_next)
    last = order[ends_at(np.flatnonzero(new_key)[1:], len(order)) - 1][np.cumsum(new_key) - 1]
    v_old, v_new = values[order], values[last]
    differing = order[drop & (v_old != v_new) & ~(np.isnan(v_old) & np.isnan(v_new))]
    notes = []
    for q, t in sorted({(int(piece[i]), int(tag_codes[i])) for i in differing}):
        rows = differing[(piece[differing] == q) & (tag_codes[differing] == t)]
        notes.append(Problem(pieces[q][3], f"{tag_names[t]!r}: {len(np.unique(steps[rows])):,} step(s) "
                                           f"({step_span(steps[rows])}) logged with another value of the counter "
                                           "before its last; the last written is kept"))
    return order[~drop], notes


def only_used(names: list, codes: np.ndarray) -> tuple[list, np.ndarray]:
    """``names`` cut to those ``codes`` use, and the codes renumbered."""
    used = np.bincount(codes, minlength=len(names)) > 0 if len(codes) else np.zeros(len(names), dtype=bool)
    if used.all():
        return names, codes
    remap = np.cumsum(used) - 1
    return [n for n, u in zip(names, used) if u], remap[codes]
