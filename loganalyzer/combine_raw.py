"""``combine_columns(pieces, resolve=False)`` -- every point, tbparse's table -- with fewer passes over the rows: the
sort key is the dense rank of the (dir, tag) pairs the pieces hold, found per piece (a few tags each) rather than
per row. A big tree's raw table (3.6M rows, 10,000 dirs) then sorts in one 16-bit radix pass instead of two, and
the dir and tag codes come from the sorted pair ranks through two small tables instead of four full-size arrays.

The rank is a strictly increasing function of ``combine``'s key (``dir * n_tags + tag``), so the stable order, and
so the table, is the same (``tests/test_combine_raw.py`` compares the two on generated and real pieces).
"""
from __future__ import annotations

import itertools

import numpy as np

from .combine_order import restart_mask, sorted_order
from .runs import run_order


def combine_raw(pieces: list[tuple], series: bool = False):
    """The raw-view ``Combined`` of ``(dir, ScalarColumns, restarts, path)`` pieces, none empty, at least one.
    ``series``: instead, the table as runs of one (dir, tag) -- ``(dir_names, tag_names, blocks, steps, values,
    wall_times)``, ``blocks`` the int64 rows (dir code, tag code, row count) of each series in order -- told from
    the sorted pair ranks, without the two row-long code columns (``load_parallel.pack``'s form)."""
    from .combine import Combined, _only_used

    dir_names = sorted({p[0] for p in pieces}, key=run_order)
    dir_index = {d: i for i, d in enumerate(dir_names)}
    tag_index: dict[str, int] = {}
    local, lengths, restarts = [], [], []
    offset = 0
    for k, (_, cols, marks, _) in enumerate(pieces):
        local.append([tag_index.setdefault(t, len(tag_index)) for t in cols.tags])
        lengths.append(len(cols))
        if marks:  # purged within their own file
            restarts.extend((offset + int(row), k, int(step)) for row, step in marks)
        offset += lengths[-1]
    tag_names = sorted(tag_index)
    n_tags = max(len(tag_names), 1)
    rank = np.empty(len(tag_index), dtype=np.int64)
    rank[[tag_index[t] for t in tag_names]] = np.arange(len(tag_names))
    sizes = np.fromiter(map(len, local), dtype=np.int64, count=len(local))
    tags = np.fromiter(itertools.chain.from_iterable(local), dtype=np.int64, count=int(sizes.sum()))
    piece_dir = np.fromiter((dir_index[p[0]] for p in pieces), dtype=np.int64, count=len(pieces))
    pairs, pair_of = np.unique(np.repeat(piece_dir, sizes) * n_tags + rank[tags], return_inverse=True)
    one = len(pieces) == 1
    # a piece's own tag code -> its (dir, tag) pair's rank, through one table of every piece's tags (the piece's
    # codes shifted by where its tags start there); -1 (a row without a tag) stays -1: the table's last entry
    table = np.append(pair_of.ravel().astype(np.int64), -1)
    codes = pieces[0][1].tag_codes if one else np.concatenate([p[1].tag_codes for p in pieces])
    shift = np.repeat(np.cumsum(sizes) - sizes, lengths)
    if len(codes) and int(codes.min()) < 0:
        shift[codes < 0] = len(table) - 1 - codes[codes < 0]  # lands on the last entry
    group = table[codes + shift]
    steps, values, wall_times = (getattr(pieces[0][1], name) if one else
                                 np.concatenate([getattr(p[1], name) for p in pieces])
                                 for name in ("steps", "values", "wall_times"))
    keep = group >= 0  # a row without a tag is no point (readers should not give one)
    if restarts:
        keep &= restart_mask(np.repeat(np.arange(len(pieces), dtype=np.int64), lengths), steps, restarts)
    if not keep.all():
        rows = np.flatnonzero(keep)
        group, steps, values, wall_times = group[rows], steps[rows], values[rows], wall_times[rows]
    order, _ = sorted_order(group, steps, len(pairs))
    g = group[order]
    if series:  # a series is a run of one pair rank: the codes of its first row, the names they use
        n = len(g)
        starts = np.flatnonzero(g[1:] != g[:-1]) + 1
        if n:
            starts = np.concatenate((np.zeros(1, dtype=starts.dtype), starts))
        first = pairs[g[starts]]
        dir_names, dir_of = _only_used(dir_names, first // n_tags)
        tag_names, tag_of = _only_used(tag_names, first % n_tags)
        blocks = np.stack([dir_of, tag_of, np.diff(np.concatenate((starts, np.array([n], dtype=starts.dtype))))])
        return dir_names, tag_names, blocks.astype(np.int64), steps[order], values[order], wall_times[order]
    dir_names, dir_codes = _only_used(dir_names, (pairs // n_tags)[g])
    tag_names, tag_codes = _only_used(tag_names, (pairs % n_tags)[g])
    return Combined(dir_names, dir_codes, tag_names, tag_codes, steps[order], values[order], wall_times[order])
