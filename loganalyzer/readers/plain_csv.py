"""Any CSV or TSV of training metrics with a step-like column (scripts' own logs, pandas ``to_csv``, W&B and
TensorBoard CSV exports).

The delimiter is guessed from the header (``,`` TAB ``;`` ``|``, else whitespace). The x-axis is the finest
step-like column, matched case-insensitively: step > iteration > batch > epoch; the other step-like columns stay
as tags (so steps and epochs can be aligned later). A ``wall_time``/``timestamp``/``time`` column holding numbers
(seconds; milliseconds and finer are scaled down) or ISO datetimes becomes ``wall_time``. Every other column
holding numbers becomes a tag; text columns (labels, phases) are left out, with a Problem only when their text has
digits (``tensor(0.5)``, a decimal comma). Missing cells: empty, ``NA``, ``N/A``, ``null``, ``None``;
``nan``/``inf`` are values.

Header blocks and runs (``_blocks``): a later line equal to a header, or a header with more columns (metrics logged
from some point on, such as evaluation results), starts a block whose rows are read with that header's columns; a
row identical to an earlier one counts once (a logger that rewrites its buffered rows at each save). The step going
on across a header is the same run; the step going back to, or below, the run's first step starts a new run, read
as ``file#2``, ``file#3`` (a script restarted into the same file). A step that goes back but stays above the run's
start is a resume from a checkpoint: same run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..runs import Problem
from . import ReadResult, UnreadableFile
from . import keras_csv, lightning_csv, ultralytics_csv
from ._blocks import Runs, merge, split_blocks
from ._text import (
    Numbers, Problems, first_line, guess_separator, head_line, is_number, numbers, read_wide, split_header, text_bytes,
)

# Step-like column names, finest first; matched on the lower-cased name with spaces and dashes as underscores.
STEP_COLUMNS = (
    "step", "global_step", "_step", "trainer/global_step", "steps", "iteration", "iterations", "iter", "iters",
    "it", "n_iter", "batch", "batches", "epoch", "epochs",
)
TIME_COLUMNS = ("wall_time", "walltime", "timestamp", "_timestamp", "time", "datetime")
_MISSING = ("", "NA", "N/A", "n/a", "null", "NULL", "None")


def _normal(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _pick(columns: list[str], names: tuple[str, ...]) -> int | None:
    normal = [_normal(c) for c in columns]
    for name in names:
        if name in normal:
            return normal.index(name)
    return None


def _header(line: str) -> tuple[str, list[str]]:
    sep = guess_separator(line)
    return sep, split_header(line, sep)


def sniff(name: str, head: bytes) -> bool:
    """A header of names (none a number) with a step-like column and another column, that none of the Lightning,
    Keras and Ultralytics readers claims."""
    line = head_line(head)
    if line is None:
        return False
    _, columns = _header(line)
    if len(columns) < 2 or any(not c or is_number(c) for c in columns) or _pick(columns, STEP_COLUMNS) is None:
        return False
    return not any(m.sniff(name, head) for m in (lightning_csv, keras_csv, ultralytics_csv))


def _wall_time(column: pd.Series, nums: Numbers) -> np.ndarray | None:
    """Seconds since the epoch from a time column of numbers or ISO datetimes; None when it is neither."""
    if nums.any:
        seconds = np.where(nums.present, nums.values, np.nan)
        finite = np.abs(seconds[np.isfinite(seconds)])
        scale = np.median(finite) if len(finite) else 0.0
        for limit, divisor in ((1e17, 1e9), (1e14, 1e6), (1e11, 1e3)):  # ns, us, ms since the epoch
            if scale >= limit:
                return seconds / divisor
        return seconds
    text = column.astype(object).where(column.notna(), None)
    try:
        stamps = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return None
    if stamps.isna().all():
        return None
    epoch = pd.Timestamp(0, tz="UTC")
    return ((stamps - epoch) / pd.Timedelta(seconds=1)).to_numpy(dtype=np.float64, na_value=np.nan)


def _parse(data, path: str) -> Runs:
    raw = text_bytes(data, path)
    line_no, offset, header = first_line(raw)
    sep, columns = _header(header)
    x_col = _pick(columns, STEP_COLUMNS)
    if x_col is None:
        raise UnreadableFile(
            Problem(path, f"no step, iteration or epoch column in the header: {header[:80]!r}", line=line_no)
        )
    x_name = _normal(columns[x_col])

    def is_header(fields: list[str], known: list[list[str]]) -> bool:
        """The line repeats a header, or extends one with more columns (metrics logged later)."""
        if any(not f or is_number(f) for f in fields) or x_name not in (_normal(f) for f in fields):
            return False
        return any(set(fields) >= set(k) for k in known)

    blocks = split_blocks(raw, path, sep=sep, missing=_MISSING, line_no=line_no, offset=offset, is_header=is_header)
    tables = [table for _, table in blocks]
    problems = Problems(path)
    for table in tables:
        problems.extend(table.problems)
    if not any(len(table.cells) for table in tables):
        problems.add("no data rows (header only)", line=line_no)

    x_cols = [[_normal(c) for c in table.columns].index(x_name) for table in tables]
    xs = [numbers(table.cells[x], _MISSING) for table, x in zip(tables, x_cols)]
    with np.errstate(invalid="ignore"):
        fractional = any((x.present & np.isfinite(x.values) & (np.floor(x.values) != x.values)).any() for x in xs)
    if fractional:
        # A fractional epoch (0.25, 0.5...) is no step: number the rows instead and keep the column as a tag.
        problems.add(f"column {columns[x_col]!r} has fractional values; the row number is the step, "
                     f"{columns[x_col]!r} is kept as a tag")
    wides, walls, counters, row = [], [], [], 0
    for table, x, nums in zip(tables, x_cols, xs):
        wall_time = None
        time_col = _pick(table.columns, TIME_COLUMNS)
        if time_col is not None and time_col != x:
            wall_time = _wall_time(table.cells[time_col], numbers(table.cells[time_col], _MISSING))
        value_cols = [i for i in range(len(table.columns)) if i != x and (wall_time is None or i != time_col)]
        if fractional:
            n = len(table.cells)
            table.cells = table.cells.copy()
            table.cells[len(table.columns)] = np.arange(row, row + n)
            table.columns = table.columns + ["row"]
            value_cols = sorted(value_cols + [x])
            x, row = len(table.columns) - 1, row + n
            counters.append(np.where(nums.present, nums.values, np.nan))
        wides.append(read_wide(table, x, value_cols, _MISSING, problems, report_text_columns=False))
        walls.append(wall_time)
    rows = merge(wides, tables, walls, counters or None)
    rows.row_numbers = fractional
    if any(len(t.cells) for t in tables) and not rows.tags:
        problems.add(f"no column besides {columns[x_col]!r} holds numbers")
    runs = Runs(rows, problems, ties_restart=False, drop_copies=True)
    if len(blocks) > 1:
        copies = f"; {runs.copies} repeated identical rows counted once" if runs.copies else ""
        problems.add(f"the header line is written {len(blocks)} times (a logger rewriting its file?); the rows below "
                     f"each are read with its columns{copies}", line=blocks[1][0])
    return runs


def count_segments(data, path: str) -> int:
    """How many runs the file holds: a counter going back to its start begins a new one (see ``_blocks``)."""
    return _parse(data, path).count


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every distinct row in written order."""
    return _parse(data, path).read(path, segment)
