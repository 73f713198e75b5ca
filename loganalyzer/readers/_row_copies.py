"""Rows a logger wrote twice (moved out of ``_blocks``, which imports ``first_copies`` back for its ``drop_copies``
mode): ``first_copies(rows)`` takes a ``_blocks.Rows`` (numeric columns, int64 steps, float64 counter, optional wall
times and int64 text-cell codes per row) and returns a bool mask per row, True for the rows to keep -- those with a
usable step that are not an identical copy of an earlier row. Rows are hashed (64-bit FNV-style mixing) only where
steps repeat, and equal hashes are confirmed cell by cell, so a hash collision never drops a row. Raises nothing;
no thresholds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ._blocks import Rows


def first_copies(rows: Rows) -> np.ndarray:
    """Rows to keep: those with a usable step that are not an identical copy of an earlier row (its text cells too,
    ``Rows.labels``; a row holding no value is no copy: it only marks where the counter was).

    Only rows sharing a step can be copies; those are hashed (64 bits over every cell), sorted by (step, hash), and
    neighbours with equal keys compared cell by cell: linear passes, no sort of whole rows."""
    keep = rows.valid.copy()
    has_value = np.zeros(len(keep), dtype=bool)
    for c in rows.columns:
        has_value |= c.present
    idx = np.flatnonzero(keep & has_value)
    if len(idx) < 2:
        return keep
    # the step, or the raw counter's bits when steps are row numbers (each row its own)
    at = np.ascontiguousarray(rows.counter[idx]).view(np.int64) if rows.row_numbers else rows.steps[idx]
    order = np.argsort(at, kind="stable")
    same = at[order][1:] == at[order][:-1]
    if not same.any():
        return keep  # every step once: no copies (the common case, no per-row work)
    repeated = np.zeros(len(idx), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    pick = np.sort(order[repeated])
    cand, at = idx[pick], at[pick]
    parts = []
    for c in rows.columns:
        present = c.present[cand]
        parts += [present.astype(np.int64), np.where(present, c.values[cand], 0.0).view(np.int64)]
    if rows.wall_time is not None:
        parts.append(np.ascontiguousarray(rows.wall_time[cand]).view(np.int64))
    if rows.labels is not None:  # 'off,0,..' then 'legacy,0,..': two runs' first rows, no copy (``_text_rows``)
        parts.append(rows.labels[cand])
    h = np.full(len(cand), 0xCBF29CE484222325, dtype=np.uint64)
    for part in parts:  # FNV-style mixing; uint64 products wrap
        h = (h ^ part.view(np.uint64)) * np.uint64(0x100000001B3)
        h ^= h >> np.uint64(29)
    by_key = np.lexsort((h, at))  # stable: rows of one key stay in file order
    equal = (at[by_key][1:] == at[by_key][:-1]) & (h[by_key][1:] == h[by_key][:-1])
    for part in parts:  # a hash collision is no copy
        equal &= part[by_key][1:] == part[by_key][:-1]
    keep[cand[by_key[1:][equal]]] = False
    return keep
