"""Many plain Keras ``CSVLogger``, Lightning ``metrics.csv`` and plain CSV files read together: files with the same
header line are parsed as one table and cut back into each file's ``ScalarColumns``: by the C extension
``_csvcells`` (``read``: every cell's ``float()`` and each file's points in one pass) when it was built, else by its
Python twin (one orjson call for all their numbers, numpy over all their rows: ``_cells_py`` + ``_tail``; also with
``LOGANALYZER_PURE_PYTHON=1``), with the same result (``tests/test_csvcells.py``). A big tree holds thousands of
such files of a few hundred rows, where the per-file path's fixed cost (a few dozen numpy calls per file) is most of
the time.

Only the plain kind of file is taken, for which the per-file reader (``keras_csv``, ``lightning_csv``,
``plain_csv.read_columns``) gives no problem and whose result is known without its rules: the header line first
(ASCII, no quote, distinct names), then rows of plain numbers, ``nan`` or empty cells separated by ``,``, each with
the header's count of fields and ending in ``\\n`` (or every line in ``\\r\\n``, as Python's ``csv`` module
writes for both CSVLoggers; no other CR, no blank line, no space, no other letter: no inf, no
second header), no number of 1e18 or more, no ``-0``; every row has a whole step (Keras: ``epoch``, strictly
increasing: one run; Lightning: ``step``, never going back: no epoch-major counter, no column training and validation may share; plain CSV: its finest step-like
column, strictly increasing: no copies, one run; and no time column). A Lightning file whose first training row is
late (a resumed fit's, ``_lightning_late``) is left to its reader, which says so. Any other file is left to the per-file
reader, and so is (twin) a chunk orjson cannot read (halved until the file at fault is alone; the C parser leaves
out the file at fault alone). The result is then the same, array for array (``tests/test_batchcsv.py``).
"""
from __future__ import annotations

import os
import re

import numpy as np

from . import ReadResult, ScalarColumns, _index_columns
from ._csv_sessions import _eval_name
from ._lightning_late import late_start
from ._repeated_rows import hf_history
from ._shared_split import candidates
from ._text import no_rows

try:
    import orjson
except ImportError:  # pragma: no cover - no batch path: every file read on its own
    orjson = None
try:
    from . import _csvcells  # the C cell parser (setup.py builds it when a compiler is there)
except ImportError:  # pragma: no cover - its Python twin, ``_cells_py``: the same output
    _csvcells = None

FORMATS = ("keras_csv", "lightning_csv", "csv")
CHUNK = 512  # files parsed in one go: bounded memory, and a file orjson refuses costs only its chunk a retry
_CELL_BYTES = b"0123456789.eE+-,\nna"  # "nan": a logged NaN (as str(float) writes it)
_ONE_CELL = re.compile(rb"(?m)^,*[^,\n]+,*$")  # a row with one cell filled (``_index_columns``: no value in it)
_HEADER = re.compile(r"[A-Za-z0-9_./\-]+(?:,[A-Za-z0-9_./\-]+)+")  # plain names: split_header gives split(',')


def read_many(items: list[tuple[str, str, bytes]]) -> dict[str, tuple[ScalarColumns, ReadResult]]:
    """``(path, format, data)`` of files -> ``{path: (columns, result)}`` for those read here, equal to what their
    format's ``read_columns(data, path)`` gives; the paths left out are for the per-file reader."""
    out: dict[str, tuple[ScalarColumns, ReadResult]] = {}
    if orjson is None:
        return out
    groups: dict[tuple[str, bytes], list[tuple[str, bytes]]] = {}
    # the C parser leaves out a file holding any other byte itself (a cell that is no number): no translate pass
    # over every body (~10 us a 5 KB file); the Python twin needs it (one such file would cost its chunk a retry)
    screen = _csvcells is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1"
    for path, fmt, data in items:
        if fmt not in FORMATS:
            continue
        if b"\r" in data:  # Python's csv module (both CSVLoggers) ends lines in CRLF: taken when every line does
            n = data.count(b"\n")
            if data.count(b"\r") != n or data.count(b"\r\n") != n:
                continue
            data = data.replace(b"\r\n", b"\n")
        end = data.find(b"\n")
        if end <= 0:
            continue
        body = data[end + 1:]
        # (a blank line further down fails the count of fields: that file alone is left out)
        if not body or body[:1] == b"\n" or body[-1:] != b"\n" or (screen and body.translate(None, _CELL_BYTES)):
            continue
        if fmt != "lightning_csv" and _empty_cell(body) and _ONE_CELL.search(body) and _step_alone(body):
            continue  # said by the reader
        groups.setdefault((fmt, data[:end]), []).append((path, body))
    for (fmt, header), files in groups.items():
        found = _names(fmt, header)
        if found is None:
            continue
        for i in range(0, len(files), CHUNK):
            _read_split(fmt, *found, files[i:i + CHUNK], out)
    lightning = {path for path, fmt, _ in items if fmt == "lightning_csv"}
    for path in [p for p in out if p in lightning and late_start(out[p][0], _eval_name) is not None]:
        del out[path]  # a resumed fit's metrics.csv: its line is the reader's (_lightning_late)
    return out


def _empty_cell(body: bytes) -> bool:
    """Whether a row of ``body`` (rows ending in ``\\n``) may hold one cell filled among others (``_ONE_CELL``):
    only where a cell is empty (``,,``, a comma first or last on a line). A row of one cell and no comma has too few
    fields (the header has two or more names): the parser leaves that file out whatever is said here. By the C
    parser's ``empty_cell`` when built (one pass: ~8 us an 8 KB Keras log without an empty cell, where the four
    ``bytes`` searches of ``_empty_cell_py`` take ~70 us), else by ``_empty_cell_py``; the same answer."""
    if _csvcells is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1":
        return _empty_cell_py(body)
    return _csvcells.empty_cell(body)


def _empty_cell_py(body: bytes) -> bool:
    """``_empty_cell`` in Python: a few ``bytes.find`` instead of the regex over every line (~60 us a 5 KB file)."""
    return b",," in body or body[:1] == b"," or b"\n," in body or b",\n" in body


def _step_alone(body: bytes) -> bool:
    """Rows of their step alone in a table whose other rows are full (``_index_columns``: the reader says them)."""
    lines = [line for line in body.split(b"\n") if line]
    if not lines or lines[0].count(b",") < 2:  # one value column (beside the step): nothing said
        return False
    one = sum(1 for line in lines if _ONE_CELL.fullmatch(line))
    partial = sum(1 for line in lines if line[:1] == b"," or line[-1:] == b"," or b",," in line)
    return one == partial


def _names(fmt: str, header: bytes) -> tuple[list[str], int] | None:
    """The header's column names and the step column's index when it is of the plain kind for ``fmt``, else
    None."""
    if not header.isascii():
        return None
    text = header.decode("ascii")
    if _HEADER.fullmatch(text) is None:
        return None
    names = text.split(",")
    if len(set(names)) != len(names):
        return None
    if fmt != "lightning_csv" and _index_columns.header_acts(names, keras=fmt == "keras_csv"):
        return None  # id, wall-time or projected columns: the per-file reader's rules (_index_columns)
    from . import plain_csv

    if fmt != "lightning_csv" and plain_csv.split_columns(names):  # split-named columns (Ra_train, valid): renamed
        return None  # by the per-file reader when the file's name says loss
    if [n.lower() for n in names] == ["step", "value"]:
        return None  # a one-series export, named by its file by the per-file reader (_tb_export)
    if fmt == "keras_csv":
        return (names, 0) if names[0] == "epoch" else None
    if fmt == "lightning_csv":  # a column training and validation may share: the reader splits it (_shared_split)
        if "step" not in names or candidates([n for n in names if n != "step"]) or hf_history(names):
            return None  # (an HF log_history CSV: its repeated final evaluation, _repeated_rows)
        return names, names.index("step")
    x = plain_csv._pick(names, plain_csv.STEP_COLUMNS)  # the finest step-like column; no time column (its rules)
    x = None if x is None else plain_csv._step_column(names)  # (RLlib: timesteps_total over training_iteration)
    if hf_history(names) and plain_csv._pick(names, plain_csv.EPOCH_COLUMNS) is not None:
        return None  # HF's log_history: its epoch beside the step is no series (the per-file reader leaves it out)
    return None if x is None or plain_csv._pick(names, plain_csv.TIME_COLUMNS) is not None else (names, x)


def _read_split(fmt: str, names: list[str], x: int, files: list[tuple[str, bytes]], out: dict) -> None:
    """``_read_chunk``; a chunk it cannot take whole is halved until the files at fault are alone (and left out)."""
    if not _read_chunk(fmt, names, x, files, out) and len(files) > 1:
        half = len(files) // 2
        _read_split(fmt, names, x, files[:half], out)
        _read_split(fmt, names, x, files[half:], out)


def _numbers_text(raw: np.ndarray, seps: np.ndarray, nan: bool) -> tuple:
    """(the cells holding numbers as one comma-separated text, which cells those are, which cells are not empty,
    the cells written ``-0``) from the chunk's bytes and where each cell ends: numpy cuts out the empty cells and
    the ``nan`` ones (a NaN point), no text pass per kind of cell; (None, ...) for a cell that starts like ``nan``
    and is not."""
    starts = np.empty_like(seps)
    starts[0] = 0
    starts[1:] = seps[:-1] + 1
    filled = seps > starts
    number = filled
    keep = np.ones(len(raw), dtype=bool)
    if nan:
        nan_cells = filled & (raw[starts] == 110)  # 'n'
        if nan_cells.any():
            at = starts[nan_cells]
            if ((seps[nan_cells] - at) != 3).any() or (raw[at + 1] != 97).any() or (raw[at + 2] != 110).any():
                return None, None, None, None
            number = filled & ~nan_cells
            keep[(at[:, None] + np.arange(3)).ravel()] = False
    keep[seps[~number]] = False  # no comma after an empty or NaN cell ...
    numbers = np.flatnonzero(number)
    if len(numbers):
        keep[seps[numbers[-1]]] = False  # ... nor after the last number
    buf = raw.copy()
    buf[seps] = 44
    two = np.flatnonzero(seps - starts == 2)  # '-0' (an integer): JSON reads +0, float() -0.0, pandas either
    two = two[(raw[starts[two]] == 45) & (raw[starts[two] + 1] == 48)]
    return buf[keep].tobytes(), number, filled, two


def _read_chunk(fmt: str, names: list[str], x: int, files: list[tuple[str, bytes]], out: dict) -> bool:
    """Reads ``files`` (same format and header) into ``out``, leaving out those with a fault of their own; False
    when one cell or row of one file keeps the chunk from being read at all (Python twin only)."""
    if _csvcells is not None and os.environ.get("LOGANALYZER_PURE_PYTHON") != "1":
        _read_c(fmt, names, x, files, out)
        return True
    parsed = _cells_py(files, len(names))
    if parsed is None:
        return False
    _tail(fmt, names, x, files, out, *parsed)
    return True


def _read_c(fmt: str, names: list[str], x: int, files: list[tuple[str, bytes]], out: dict) -> None:
    """``_cells_py`` + ``_tail`` by the C parser (``_csvcells.read``): each file's points, or the file left out."""
    codes, steps, values, points, used = _csvcells.read([body for _, body in files], len(names), x,
                                                        fmt != "lightning_csv", fmt == "csv")
    codes, steps = np.frombuffer(codes, dtype=np.int64), np.frombuffer(steps, dtype=np.int64)
    values = np.frombuffer(values, dtype=np.float64)
    used_of = np.frombuffer(used, dtype=np.uint8).reshape(len(files), len(names) - 1)
    value_names = [name for j, name in enumerate(names) if j != x]
    tags_of: dict[bytes, list[str]] = {}
    empty = no_rows()
    no_clock = np.full(len(steps), np.nan)  # every file's wall times: slices of one read-only array
    no_clock.flags.writeable = False
    a = 0
    for (path, _), n, mask in zip(files, np.frombuffer(points, dtype=np.int64).tolist(), used_of):
        if n < 0:
            continue
        key = mask.tobytes()
        tags = tags_of.get(key)
        if tags is None:
            tags = tags_of[key] = [name for name, u in zip(value_names, key) if u]
        b = a + n
        if fmt == "csv" and not mask.all():  # a column empty in every row: said by the per-file reader
            a = b
            continue
        out[path] = (ScalarColumns(list(tags), codes[a:b], steps[a:b], values[a:b], no_clock[a:b]),
                     ReadResult(empty, ()))
        a = b


def _cells_py(files: list[tuple[str, bytes]], fields: int) -> tuple | None:
    """(every cell of ``files`` row-major as float64, NaN for an empty or ``nan`` cell; which are not empty; the
    cells written ``-0``; each file's count of rows), or None when a row or cell of one file is not of the kind
    taken (the Python twin of ``_csvcells.parse``)."""
    big = b"".join(body for _, body in files)
    rows_of = np.array([body.count(b"\n") for _, body in files], dtype=np.int64)
    n_rows = int(rows_of.sum())
    raw = np.frombuffer(big, dtype=np.uint8)
    seps = np.flatnonzero((raw == 10) | (raw == 44))  # where each cell ends
    if len(seps) != n_rows * fields or (raw[seps[fields - 1::fields]] != 10).any() \
            or int((raw[seps] == 10).sum()) != n_rows:
        return None  # a row with another count of fields: the per-file reader says which
    text, number, filled, minus_zero = _numbers_text(raw, seps, b"n" in big)
    if text is None:
        return None
    try:
        values = orjson.loads(b"[" + text + b"]") if text else []
        flat = np.full(len(seps), np.nan)  # empty cells and logged NaNs (pandas' NaN, as float() gives)
        flat[number] = np.fromiter(values, dtype=np.float64, count=len(values))
    except (orjson.JSONDecodeError, ValueError):  # '1.', '.5', '+1', '01', '1e', a letter: per-file reader decides
        return None
    return flat, filled, minus_zero, rows_of


def _tail(fmt: str, names: list[str], x: int, files: list, out: dict, flat: np.ndarray, filled: np.ndarray,
          minus_zero: np.ndarray, rows_of: np.ndarray) -> None:
    """(The Python twin of ``_csvcells.read``'s second half.) The parsed cells of ``files`` cut back into each file's ``ScalarColumns`` in ``out``, but for the files with
    a fault of their own (a row of numbers past int64 or a -0, no whole step, a step going back)."""
    fields = len(names)
    n_rows = int(rows_of.sum())
    table = flat.reshape(n_rows, fields)
    present = filled.reshape(n_rows, fields)
    starts = np.r_[0, np.cumsum(rows_of)[:-1]]
    with np.errstate(invalid="ignore"):
        odd = (np.abs(table) >= 1e18) | ((table == 0) & np.signbit(table))  # past int64, -0.0: pandas decides
    counter = table[:, x]
    bad_row = odd.any(axis=1) | ~present[:, x] | (np.floor(counter) != counter)
    bad_row[minus_zero // fields] = True
    back = np.zeros(n_rows, dtype=bool)  # the counter going back (Keras, CSV: or staying) within a file
    back[1:] = counter[1:] < counter[:-1] if fmt == "lightning_csv" else counter[1:] <= counter[:-1]
    back[starts] = False
    bad_file = np.add.reduceat((bad_row | back).astype(np.int64), starts) > 0
    value_cols = [j for j in range(fields) if j != x]
    k = len(value_cols)
    vpresent = present[:, value_cols]
    used = np.logical_or.reduceat(vpresent, starts, axis=0)  # file x column: any number (else no tag)
    if fmt == "csv":
        bad_file |= ~used.all(axis=1)  # a column without a number (or none with one): the reader says so
    codes_of = np.cumsum(used, axis=1) - 1
    point = np.flatnonzero(vpresent)  # row-major: rows in written order, columns in header order
    row_of = point // k
    all_codes = codes_of[np.repeat(np.arange(len(files)), rows_of)[row_of], point - row_of * k]
    with np.errstate(invalid="ignore"):  # a file's NaN step: that file is left out
        all_steps = counter.astype(np.int64)[row_of]
    all_values = table[:, value_cols].ravel()[point]
    bounds = np.searchsorted(row_of, np.r_[starts, n_rows]).tolist()
    tags_of: dict[bytes, list[str]] = {}
    empty = no_rows()
    for f, (path, _) in enumerate(files):
        if bad_file[f]:
            continue
        mask = used[f]
        key = mask.tobytes()
        tags = tags_of.get(key)
        if tags is None:
            tags = tags_of[key] = [names[j] for j, u in zip(value_cols, mask.tolist()) if u]
        a, b = bounds[f], bounds[f + 1]
        out[path] = (ScalarColumns(list(tags), all_codes[a:b], all_steps[a:b], all_values[a:b],
                                   np.full(b - a, np.nan)), ReadResult(empty, ()))
