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


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_pieces(tree: Path):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    from loganalyzer.load_batch import read_pieces

    pieces = read_pieces(str(tree), False, lambda problems: None)
    _same([(p[0], p[1], p[2], p[3] if len(p) > 3 else (p[0] or ".")) for p in pieces if len(p[1])])
