"""Row bookkeeping for ``loganalyzer.combine``: the rows a restart orphans, the stable (series, step) order of the
rows, and whether the resume rules have anything to look at."""
from __future__ import annotations

import numpy as np


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

    A radix-friendly stable sort on the small group code first leaves steps nearly sorted inside each group, so the
    second (timsort) pass over the composite key is close to linear."""
    n = len(steps)
    if n == 0:
        return np.empty(0, dtype=np.intp), True
    small = group.astype(np.uint16) if n_groups <= 1 << 16 else group
    order = np.argsort(small, kind="stable")
    g, s = group[order], steps[order]
    same_group = g[1:] == g[:-1]
    if ((s[1:] > s[:-1]) | ~same_group).all():
        return order, True  # the common case: every series already strictly increasing in step
    lo, hi = int(s.min()), int(s.max())
    span = hi - lo + 1
    if n_groups * span < 2**62:
        second = np.argsort(g * span + (s - lo), kind="stable")
    else:  # steps spanning the int64 range: no composite key
        second = np.lexsort((s, g))
    order = order[second]
    g, s = g[second], s[second]
    return order, not ((g[1:] == g[:-1]) & (s[1:] == s[:-1])).any()


def flat_series(g: np.ndarray, s: np.ndarray) -> bool:
    """Whether rule 2 looks at a series (rows sorted by group ``g``, step ``s``): with one session per dir, none
    means that rules 2-4 change nothing (rule 4 needs two sessions of a dir)."""
    if not len(g):
        return False
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    ends = np.r_[starts[1:], len(g)]
    return bool(((ends - starts > 1) & (s[starts] == s[ends - 1]) & ((s[starts] == 0) | (ends - starts > 2))).any())
