"""``combine_columns(pieces, resolve=False)`` -- every point, tbparse's table -- with fewer passes over the rows: the
sort key is the dense rank of the (dir, tag) pairs the pieces hold, found per piece (a few tags each) rather than
per row. A big tree's raw table (3.6M rows, 10,000 dirs) then sorts in one 16-bit radix pass instead of two, and
the dir and tag codes come from the sorted pair ranks through two small tables instead of four full-size arrays.

The rank is a strictly increasing function of ``combine``'s key (``dir * n_tags + tag``), so the stable order, and
so the table, is the same (``tests/test_combine_raw.py`` compares the two on generated and real pieces).
"""
from __future__ import annotations

import itertools
import os

import numpy as np

from .combine_order import restart_mask, sorted_order
from .runs import run_order

try:  # the C counting sort (setup.py builds it when a compiler is there); else numpy's path, the same table
    from . import _rawsort
except ImportError:  # pragma: no cover - numpy's path
    _rawsort = None


def combine_raw(pieces: list[tuple], series: bool = False):
    """The raw-view ``Combined`` of ``(dir, ScalarColumns, restarts, path)`` pieces, none empty, at least one.
    ``series``: instead, the table as runs of one (dir, tag) -- ``(dir_names, tag_names, blocks, steps, values,
    wall_times)``, ``blocks`` the int64 rows (dir code, tag code, row count) of each series in order -- told from
    the sorted pair ranks, without the two row-long code columns (``load_parallel.pack``'s form)."""
    dir_names = sorted({p[0] for p in pieces}, key=run_order)
    dir_index = {d: i for i, d in enumerate(dir_names)}
    tag_index: dict[str, int] = {}
    local, lengths, restarts = [], [], []
    known: dict[tuple, list[int]] = {}  # a piece's tags -> their codes: most pieces of a tree log the same few tags
    offset = 0
    for k, (_, cols, marks, _) in enumerate(pieces):
        names = tuple(cols.tags)
        codes = known.get(names)
        if codes is None:
            codes = known[names] = [tag_index.setdefault(t, len(tag_index)) for t in names]
        local.append(codes)
        lengths.append(len(cols.steps))
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
    pair_of = pair_of.ravel()
    if not restarts:  # the C counting sort (most tables): the rows in pair order without numpy's passes
        fast = _series_c(pieces, sizes, pair_of, len(pairs))
        if fast is not None:
            counts, steps, values, wall_times = fast
            return _finish(dir_names, tag_names, n_tags, pairs, counts, steps, values, wall_times, series)
    pair_of = pair_of.tolist()
    parts, at = [], 0
    for (_, cols, _, _), n in zip(pieces, sizes.tolist()):
        # a piece's own tag code -> its (dir, tag) pair's rank; -1 (a row without a tag) stays -1
        parts.append(np.array(pair_of[at:at + n] + [-1], dtype=np.int64)[cols.tag_codes])
        at += n
    one = len(pieces) == 1
    group = parts[0] if one else np.concatenate(parts)
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
    return _finish_rows(dir_names, tag_names, n_tags, pairs, g, steps[order], values[order], wall_times[order], series)


def _finish_rows(dir_names, tag_names, n_tags, pairs, g, steps, values, wall_times, series):
    """``combine_raw``'s result from the rows in order (``g``: each row's pair rank, steps/values/walls sorted)."""
    from .combine import Combined, _only_used

    if series:  # a series is a run of one pair rank: the codes of its first row, the names they use
        n = len(g)
        starts = np.flatnonzero(g[1:] != g[:-1]) + 1
        if n:
            starts = np.concatenate((np.zeros(1, dtype=starts.dtype), starts))
        first = pairs[g[starts]]
        dir_names, dir_of = _only_used(dir_names, first // n_tags)
        tag_names, tag_of = _only_used(tag_names, first % n_tags)
        blocks = np.stack([dir_of, tag_of, np.diff(np.concatenate((starts, np.array([n], dtype=starts.dtype))))])
        return dir_names, tag_names, blocks.astype(np.int64), steps, values, wall_times
    dir_names, dir_codes = _only_used(dir_names, (pairs // n_tags)[g])
    tag_names, tag_codes = _only_used(tag_names, (pairs % n_tags)[g])
    return Combined(dir_names, dir_codes, tag_names, tag_codes, steps, values, wall_times)


def _finish(dir_names, tag_names, n_tags, pairs, counts, steps, values, wall_times, series):
    """``_finish_rows`` from the C sort's rows per pair rank (``counts``): the names and codes found per pair holding
    rows (a few per dir), then each code repeated over its pair's rows -- the same columns as ``_finish_rows`` over a
    row-long pair rank, without that rank and its two gathers and two counts over every row (10k bench tree, 3.6M
    rows, one-process read: peak RSS 349 -> 323 MiB, median of 5; its time within the noise of a loaded machine)."""
    from .combine import Combined, _only_used

    held = np.flatnonzero(counts)
    first = pairs[held]
    dir_names, dir_of = _only_used(dir_names, first // n_tags)
    tag_names, tag_of = _only_used(tag_names, first % n_tags)
    if series:  # the blocks straight from the counts: the series are the pairs holding rows
        blocks = np.stack([dir_of, tag_of, counts[held]])
        return dir_names, tag_names, blocks.astype(np.int64), steps, values, wall_times
    rows = counts[held]
    return Combined(dir_names, np.repeat(dir_of.astype(np.int64, copy=False), rows), tag_names,
                    np.repeat(tag_of.astype(np.int64, copy=False), rows), steps, values, wall_times)


_I8, _F8 = np.dtype(np.int64), np.dtype(np.float64)


def _series_c(pieces: list[tuple], sizes: np.ndarray, pair_of: np.ndarray, n_pairs: int) -> tuple | None:
    """(rows per pair rank, steps, values, wall times in pair order) by ``_rawsort.series_sort`` -- what the numpy
    path's stable sort gives -- or None for that path: no C extension (``LOGANALYZER_PURE_PYTHON=1``), columns of
    other types, a tag code out of its piece's tags."""
    if _rawsort is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1":
        return None
    cols = [p[1] for p in pieces]
    if any(c.tag_codes.dtype != _I8 or c.steps.dtype != _I8 or c.values.dtype != _F8 or c.wall_times.dtype != _F8
           for c in cols):
        return None
    offsets = np.cumsum(sizes) - sizes
    got = _rawsort.series_sort([c.tag_codes for c in cols], [c.steps for c in cols], [c.values for c in cols],
                               [c.wall_times for c in cols], pair_of.astype(np.int64), offsets.astype(np.int64),
                               n_pairs)
    if got is None:
        return None
    counts, steps, values, walls = (np.frombuffer(got[0], dtype=np.int64), np.frombuffer(got[1], dtype=np.int64),
                                    np.frombuffer(got[2], dtype=np.float64), np.frombuffer(got[3], dtype=np.float64))
    back = np.frombuffer(got[4], dtype=np.int64)
    if len(back):  # series going back (a resumed run's re-logged steps): their rows sorted again by step, stably
        sizes = counts[back]
        total = int(sizes.sum())
        rows = np.repeat((np.cumsum(counts) - counts)[back] - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
        g, s = np.repeat(np.arange(len(back), dtype=np.int64), sizes), steps[rows]
        lo, hi = int(s.min()), int(s.max())
        span = hi - lo + 1
        if len(back) * span < 2**62:  # as combine_order.sorted_order's second sort
            second = np.argsort(g * span + (s - lo), kind="stable")
        else:  # steps spanning the int64 range: no composite key
            second = np.lexsort((s, g))
        moved = rows[second]
        steps[rows], values[rows], walls[rows] = steps[moved], values[moved], walls[moved]
    return counts, steps, values, walls
