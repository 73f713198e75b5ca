"""``combine_raw`` (the raw view by (dir, tag) pair ranks) gives exactly the ``Combined`` of ``combine_columns``'s
general path: names, codes, steps, values and wall times array for array, bit for bit, on generated pieces
(restarts, rows without a tag, a tag named twice in one piece, several pieces per dir, more than 2**16 pairs) and
on the pieces of the sample, eval and shared trees."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from loganalyzer import combine
from loganalyzer.combine import combine_columns
from loganalyzer.readers import ScalarColumns

from test_fastcsv import TREES


def _general(pieces):
    combine.RAW_FAST[0] = False
    try:
        return combine_columns(pieces, resolve=False)
    finally:
        combine.RAW_FAST[0] = True


def _same(pieces) -> None:
    got, want = combine_columns(pieces, resolve=False), _general(pieces)
    assert got.dir_names == want.dir_names and got.tag_names == want.tag_names
    for name in ("dir_codes", "tag_codes", "steps", "values", "wall_times"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a.view(np.int64) if a.dtype == np.float64 else a,
                                      b.view(np.int64) if b.dtype == np.float64 else b, err_msg=name)
    assert (got.rules, got.notes) == (want.rules, want.notes)


def _piece(rng: random.Random, dirs: list[str], tags: list[str]):
    n = rng.randint(0, 30)
    names = rng.sample(tags, rng.randint(1, min(4, len(tags))))
    if rng.random() < 0.2:
        names.append(names[0])  # one name twice: both codes are one tag
    codes = np.array([rng.randrange(-1 if rng.random() < 0.1 else 0, len(names)) for _ in range(n)], dtype=np.int64)
    steps = np.array([rng.randint(-3, 12) for _ in range(n)], dtype=np.int64)
    values = np.array([rng.choice([rng.random(), np.nan, -0.0]) for _ in range(n)])
    walls = np.array([rng.choice([rng.random() * 1e9, np.nan]) for _ in range(n)])
    marks = tuple(sorted({(rng.randrange(n), rng.randint(-3, 12)) for _ in range(rng.randint(0, 2))})) if n else ()
    return (rng.choice(dirs), ScalarColumns(names, codes, steps, values, walls), marks, f"file{rng.random()}")


def test_generated_pieces():
    rng = random.Random(4)
    for _ in range(400):
        dirs = rng.sample(["", "a", "b/c", "b", "z", "a/x"], rng.randint(1, 6))
        tags = rng.sample(["loss", "acc", "lr", "val/loss", "epoch"], rng.randint(1, 5))
        pieces = [_piece(rng, dirs, tags) for _ in range(rng.randint(1, 8))]
        pieces = [p for p in pieces if len(p[1])]
        if pieces:
            _same(pieces)


def test_more_than_2_16_pairs_and_no_tags():
    rng = np.random.default_rng(1)
    pieces = []
    for d in range(23000):  # 23,000 dirs x 3 tags: 69,000 pairs, two radix passes
        n = 4
        pieces.append((f"run{d:05d}", ScalarColumns(["a", "b", "c"], rng.integers(0, 3, n), rng.integers(0, 5, n),
                                                    rng.random(n), np.full(n, np.nan)), (), f"f{d}"))
    _same(pieces)
    _same([("x", ScalarColumns([], np.full(3, -1), np.arange(3), np.ones(3), np.ones(3)), (), "f")])


def _tree_pieces(tree: Path) -> list:
    """The pieces of ``tree``'s read; of eval/public, those of every 10th run folder (~140 runs of every kind), each
    dir under its folder's name: the whole tree is a read of ~1,400 runs and their printed logs (minutes)."""
    from loganalyzer.load_batch import read_pieces

    if tree.name != "public":
        return read_pieces(str(tree), False, lambda problems: None)
    pieces = []
    for folder in sorted(p for p in tree.iterdir() if p.is_dir())[::10]:
        for piece in read_pieces(str(folder), False, lambda problems: None):
            pieces.append((f"{folder.name}/{piece[0]}".rstrip("/"),) + tuple(piece[1:]))
    return pieces


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_pieces(tree: Path):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    pieces = _tree_pieces(tree)
    _same([(p[0], p[1], p[2], p[3] if len(p) > 3 else (p[0] or ".")) for p in pieces if len(p[1])])


def _c_and_numpy(pieces, monkeypatch) -> None:
    """combine_raw by the C counting sort (``_rawsort``) and by numpy's path: the same table and series form."""
    from loganalyzer.combine_raw import combine_raw

    full = [(p[0], p[1], p[2], p[3] if len(p) > 3 else (p[0] or ".")) for p in pieces if len(p[1])]
    if not full:
        return
    for series in (False, True):
        monkeypatch.delenv("LOGANALYZER_PURE_PYTHON", raising=False)
        got = combine_raw(full, series=series)
        monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
        want = combine_raw(full, series=series)
        monkeypatch.delenv("LOGANALYZER_PURE_PYTHON")
        if not series:
            got, want = [got.dir_names, got.tag_names, got.dir_codes, got.tag_codes, got.steps, got.values,
                         got.wall_times], [want.dir_names, want.tag_names, want.dir_codes, want.tag_codes, want.steps,
                                           want.values, want.wall_times]
        assert got[0] == want[0] and got[1] == want[1]
        for a, b in zip(got[2:], want[2:]):
            assert a.dtype == b.dtype and a.shape == b.shape and a.flags.writeable
            np.testing.assert_array_equal(a.view(np.int64) if a.dtype == np.float64 else a,
                                          b.view(np.int64) if b.dtype == np.float64 else b)


def _rising_piece(rng: random.Random, dirs: list[str], tags: list[str]):
    """A piece whose series each take strictly rising steps (the C sort's case), interleaved as writers do."""
    names = rng.sample(tags, rng.randint(1, min(4, len(tags))))
    if rng.random() < 0.1:
        names.append(names[0])
    codes, steps = [], []
    next_step = {k: rng.randint(-5, 5) for k in range(len(names))}
    for _ in range(rng.randint(0, 40)):
        k = -1 if rng.random() < 0.05 else rng.randrange(len(names))
        codes.append(k)
        if k >= 0 and names[k] == names[0]:
            k = 0  # one name twice: one series, so one counter
        steps.append(next_step.get(k, 0))
        if k >= 0:
            next_step[k] += rng.randint(1, 3)
    n = len(codes)
    values = np.array([rng.choice([rng.random(), np.nan, -0.0, np.inf]) for _ in range(n)])
    walls = np.array([rng.choice([rng.random() * 1e9, np.nan]) for _ in range(n)])
    return (rng.choice(dirs), ScalarColumns(names, np.array(codes, dtype=np.int64), np.array(steps, dtype=np.int64),
                                            values, walls), (), f"file{rng.random()}")


def test_c_sort_equals_numpy_path(monkeypatch):
    """Generated pieces: rising series (one dir's pieces apart or together, rows without a tag), series going back
    or repeating a step (sorted again after the C sort), restarts and other dtypes (numpy's path); and the C answer
    itself where it must decline (a code past its piece's tags). The trees: test_real_pieces (C against combine's
    general path)."""
    from loganalyzer import combine_raw as cr

    pytest.importorskip("loganalyzer._rawsort", reason="C extension not built (no compiler)")

    rng = random.Random(11)
    taken = 0
    for i in range(600):
        dirs = rng.sample(["", "a", "b/c", "b", "z", "a/x"], rng.randint(1, 6))
        tags = rng.sample(["loss", "acc", "lr", "val/loss", "epoch"], rng.randint(1, 5))
        make = _rising_piece if i % 3 else _piece
        pieces = [make(rng, dirs, tags) for _ in range(rng.randint(1, 8))]
        if i % 3 == 0:
            pieces = [(d, c, (), f) for d, c, _, f in pieces]  # numpy's steps, no restarts
        if i % 50 == 1:  # other dtypes: numpy's path
            d, c, m, f = pieces[0]
            pieces[0] = (d, ScalarColumns(c.tags, c.tag_codes.astype(np.int32), c.steps, c.values, c.wall_times), m, f)
        _c_and_numpy(pieces, monkeypatch)
        full = [p for p in pieces if len(p[1])]
        if full and i % 3 and i % 50 != 1:
            taken += cr._series_c(full, *_ranks(full)) is not None
    assert taken > 300
    # a code past its piece's tags (or below -1): declined, numpy's path decides
    bad = [("a", ScalarColumns(["x"], np.array([0, 1], dtype=np.int64), np.arange(2), np.ones(2), np.ones(2)), (), "f")]
    assert cr._series_c(bad, *_ranks(bad)) is None
    bad = [("a", ScalarColumns(["x"], np.array([0, -2], dtype=np.int64), np.arange(2), np.ones(2), np.ones(2)), (), "f")]
    assert cr._series_c(bad, *_ranks(bad)) is None


def _ranks(pieces):
    """(sizes, pair_of, n_pairs) as combine_raw computes them, for calling ``_series_c`` alone."""
    import itertools

    from loganalyzer.runs import run_order

    dir_index = {d: i for i, d in enumerate(sorted({p[0] for p in pieces}, key=run_order))}
    tag_index: dict = {}
    local = [[tag_index.setdefault(t, len(tag_index)) for t in p[1].tags] for p in pieces]
    names = sorted(tag_index)
    rank = np.empty(len(tag_index), dtype=np.int64)
    rank[[tag_index[t] for t in names]] = np.arange(len(names))
    sizes = np.array([len(x) for x in local], dtype=np.int64)
    tags = np.fromiter(itertools.chain.from_iterable(local), dtype=np.int64, count=int(sizes.sum()))
    piece_dir = np.array([dir_index[p[0]] for p in pieces], dtype=np.int64)
    pairs, pair_of = np.unique(np.repeat(piece_dir, sizes) * max(len(names), 1) + rank[tags], return_inverse=True)
    return sizes, pair_of.ravel(), len(pairs)
