"""A fast path under ``_text.read_table`` for the common CSV: a header, then rows of plain decimal numbers (or
missing cells), every row with the header's count of fields. Such a block is parsed with Python's ``float`` (each
cell correctly rounded, as pandas' C parser reads it: ``tests/test_fastcsv.py`` compares the two on every CSV the
tests, the sample and the real logs hold) into ``Numbers`` columns, with no DataFrame.

Anything else goes to pandas as before (``simple_table`` returns None): a quote, a lone CR, a blank line, a row
with another count of fields, a last line without its newline (maybe cut mid-write), a cell that is text, ``inf``,
a bool, a missing-cell marker other than the empty cell, a negative integer zero (pandas reads ``-0`` in an integer
column as +0.0), a number of 1e18 or more (past int64), a separator other than one plain character.
"""
from __future__ import annotations

import contextlib
import re

import numpy as np

try:
    import orjson
except ImportError:  # every cell through float()
    orjson = None

_INT_MINUS_ZERO = re.compile(rb"-0+(?![0-9.eE])")  # '-0' as an integer: JSON reads it as +0, float() as -0.0
_NUMBER_BYTES = b"0123456789.eE+- \t"  # all a cell of plain numbers is made of (float() says whether it is one)
_NAN_BYTES = b"naNA"  # and a logged NaN: any case of nan, -nan, +nan, as float() and pandas both read it
_NAN_CELL = re.compile(rb"(?<=,)[ \t]*[+]?[nN][aA][nN][ \t]*(?=,)")  # a NaN cell float() reads as +NaN (not -nan)


class NumericCells:
    """A parsed block's columns as ``Numbers`` (keyed 0..n-1, like the DataFrame ``read_table`` gives otherwise):
    what the readers use of a table's cells (``len``, ``cells[i]``, ``cells[i] = steps``, ``copy``, ``iloc[:k]``,
    ``iat[row, col]``) without pandas."""

    def __init__(self, columns: dict, rows: int, texts: tuple = ((), frozenset(), 0)):
        self.columns = columns
        self.rows = rows
        # (every cell's bytes row by row, the columns holding a logged NaN, fields per row): pandas keeps those
        # columns as text, and a message quoting one of their cells quotes it as written
        self.texts = texts

    def __len__(self) -> int:
        return self.rows

    def __getitem__(self, col: int):
        return self.columns[col]

    def __setitem__(self, col: int, values) -> None:
        from ._text import Numbers

        values = np.asarray(values, dtype=np.float64)
        self.columns[col] = Numbers(values, np.ones(len(values), dtype=bool), np.zeros(len(values), dtype=bool))

    def copy(self) -> "NumericCells":
        return NumericCells(dict(self.columns), self.rows, self.texts)

    @property
    def iloc(self):
        return _Rows(self)

    @property
    def iat(self):
        return _Cell(self)


class _Rows:
    def __init__(self, cells: NumericCells):
        self.cells = cells

    def __getitem__(self, rows: slice) -> NumericCells:
        from ._text import Numbers

        columns = {k: Numbers(c.values[rows], c.present[rows], c.bad[rows]) for k, c in self.cells.columns.items()}
        return NumericCells(columns, len(range(self.cells.rows)[rows]), self.cells.texts)


class _Cell:
    def __init__(self, cells: NumericCells):
        self.cells = cells

    def __getitem__(self, at: tuple[int, int]):
        row, col = at
        cells, texty, fields = self.cells.texts
        if col in texty:
            return cells[row * fields + col].decode()
        return self.cells.columns[col].values[row]


ENABLED = [True]  # tests/test_fastcsv.py turns it off (``pandas_only``) to compare both paths on real files


@contextlib.contextmanager
def pandas_only():
    """Inside: every table goes through pandas (what the fast path must equal)."""
    ENABLED[0] = False
    try:
        yield
    finally:
        ENABLED[0] = True


def simple_table(block: bytes, sep: str, fields: int, missing) -> NumericCells | None:
    """The rows below the header line of ``block`` as numeric columns, or None when the block is not the plain
    kind (see the module's docstring): pandas then reads it. ``missing``: the reader's missing-cell markers; only
    the empty cell is taken here (a block holding another marker goes to pandas)."""
    if not ENABLED[0] or len(sep) != 1 or sep in _NUMBER_BYTES.decode() or sep in "\n\r\"'" or fields < 2 \
            or "" not in missing or b'"' in block:
        return None
    header_end = block.find(b"\n")
    if header_end < 0:
        return None
    body = block[header_end + 1:]
    if not body.endswith(b"\n") or len(body) < 2:
        return None
    if b"\r" in body:
        if body.count(b"\r") != body.count(b"\r\n"):
            return None
        body = body.replace(b"\r\n", b"\n")
    body = body[:-1]
    cut = sep.encode()
    if body.translate(None, _NUMBER_BYTES + _NAN_BYTES + cut + b"\n"):
        return None  # a letter, a quote, anything else: text, nan, inf, a bool, a marker
    raw = np.frombuffer(body, dtype=np.uint8)
    seps = np.flatnonzero((raw == 10) | (raw == cut[0]))  # where each cell but the last ends
    lines = np.flatnonzero(raw[seps] == 10)
    rows = len(lines) + 1
    if len(seps) != rows * fields - 1 or (lines != np.arange(fields - 1, len(seps), fields)).any():
        return None  # a row short of fields or with too many: pandas pads or skips it, with its problem
    cells = body.replace(b"\n", cut).split(cut)
    try:
        flat = _floats(cells, np.diff(seps, prepend=-1, append=len(body)) > 1)
    except ValueError:  # '1e', '--1', ' ', 'NA': not a number; pandas says what it is
        return None
    with np.errstate(invalid="ignore"):
        big = np.abs(flat) >= 1e18
    if big.any() or np.signbit(flat[flat == 0]).any():
        return None  # inf (overflow), past int64, -0 (an integer column reads it as +0.0): pandas decides
    table = flat.reshape(rows, fields)
    texts: tuple = ((), frozenset(), 0)
    if body.translate(None, _NUMBER_BYTES + cut + b"\n"):  # a logged NaN: a point, unlike an empty cell
        present = np.array([c != b"" for c in cells], dtype=bool).reshape(rows, fields)
        flat[np.isnan(flat)] = np.nan  # pandas' NaN, whatever the sign written ('-nan')
        texts = (cells, frozenset(np.flatnonzero((present & np.isnan(table)).any(axis=0)).tolist()), fields)
    else:
        present = ~np.isnan(table)  # no letter: float() gave NaN for the empty cells only
    from ._text import Numbers

    columns = {j: Numbers(np.ascontiguousarray(table[:, j]), np.ascontiguousarray(present[:, j]),
                          np.zeros(rows, dtype=bool)) for j in range(fields)}
    return NumericCells(columns, rows, texts)


def _floats(cells: list[bytes], filled: np.ndarray | None = None) -> np.ndarray:
    """``float`` of each cell, NaN for an empty one (ValueError for a cell that is not a number): the cells read as
    one JSON array by orjson when they make one (~10x faster than a ``float`` call per cell, and as correctly
    rounded: ``tests/test_fastcsv.py``; a ``nan``/``+nan`` cell as JSON's null, the NaN ``float`` gives), else (a
    ``-nan``, '1.', '+1', '.5', a number past float range, an integer ``-0``, which JSON reads as +0) by ``float``.
    ``filled``: which cells are not empty (``simple_table`` knows it from the separators), else told here."""
    if orjson is not None:
        text = b"," + b",".join(cells) + b","
        if b"n" in text or b"N" in text:  # a logged NaN: JSON's null (the caller tells it from an empty cell)
            text = _NAN_CELL.sub(b"null", text)
        if _INT_MINUS_ZERO.search(text) is None:
            if b",," in text:  # missing cells: the others parsed, NaN put at their places (``filled``: the others)
                if filled is None:
                    filled = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) > 0
                while b",," in text:
                    text = text.replace(b",,", b",")
            else:
                filled = None
            try:
                values = orjson.loads(b"[" + text[1:-1] + b"]")
            except orjson.JSONDecodeError:
                values = None
            if values is not None and filled is None and len(values) == len(cells):
                return np.array(values, dtype=np.float64)
            if values is not None and filled is not None and len(values) == int(filled.sum()):
                flat = np.full(len(cells), np.nan)
                flat[filled] = np.array(values, dtype=np.float64)
                return flat
    return _floats_one_by_one(cells)


def _floats_one_by_one(cells: list[bytes]) -> np.ndarray:
    if b"" not in cells:
        return np.fromiter(map(float, cells), dtype=np.float64, count=len(cells))
    filled = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells)) > 0
    flat = np.full(len(cells), float("nan"))
    flat[filled] = np.fromiter(map(float, filter(None, cells)), dtype=np.float64, count=int(filled.sum()))
    return flat
