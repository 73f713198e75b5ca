"""Any CSV or TSV of training metrics with a step-like column (scripts' own logs, pandas ``to_csv``, W&B and
TensorBoard CSV exports).

The delimiter is guessed from the header (``,`` TAB ``;`` ``|``, else whitespace). The x-axis is the finest
step-like column, matched case-insensitively: step > iteration > batch > epoch; the other step-like columns stay
as tags (so steps and epochs can be aligned later). A ``wall_time``/``timestamp``/``time`` column holding numbers
(seconds; milliseconds and finer are scaled down) or ISO datetimes becomes ``wall_time``. Every other column
holding numbers becomes a tag; text columns (labels, phases) are left out, with a Problem only when their text has
digits (``tensor(0.5)``, a decimal comma). Missing cells: empty, ``NA``, ``N/A``, ``null``, ``None``;
``nan``/``inf`` are values.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..runs import Problem
from . import ReadResult, UnreadableFile
from . import keras_csv, lightning_csv
from ._text import (
    Numbers, Problems, first_line, guess_separator, head_line, is_number, long_frame, numbers, read_table,
    read_wide, split_header, text_bytes,
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
    """A header of names (none a number) with a step-like column and another column, that neither the Lightning
    nor the Keras reader claims."""
    line = head_line(head)
    if line is None:
        return False
    _, columns = _header(line)
    if len(columns) < 2 or any(not c or is_number(c) for c in columns) or _pick(columns, STEP_COLUMNS) is None:
        return False
    return not lightning_csv.sniff(name, head) and not keras_csv.sniff(name, head)


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


def read(data, path: str) -> ReadResult:
    raw = text_bytes(data, path)
    line_no, offset, header = first_line(raw)
    sep, columns = _header(header)
    x_col = _pick(columns, STEP_COLUMNS)
    if x_col is None:
        raise UnreadableFile(
            Problem(path, f"no step, iteration or epoch column in the header: {header[:80]!r}", line=line_no)
        )
    table = read_table(raw[offset:], path, sep=sep, missing=_MISSING, first_line_no=line_no)
    problems = Problems(path)
    problems.extend(table.problems)
    if not len(table.cells):
        problems.add("no data rows (header only)", line=line_no)

    wall_time = None
    time_col = _pick(columns, TIME_COLUMNS)
    if time_col is not None and time_col != x_col:
        wall_time = _wall_time(table.cells[time_col], numbers(table.cells[time_col], _MISSING))
    value_cols = [i for i in range(len(columns)) if i != x_col and (wall_time is None or i != time_col)]

    x = numbers(table.cells[x_col], _MISSING)
    with np.errstate(invalid="ignore"):
        fractional = x.present & np.isfinite(x.values) & (np.floor(x.values) != x.values)
    if fractional.any():
        # A fractional epoch (0.25, 0.5...) is no step: number the rows instead and keep the column as a tag.
        problems.add(f"column {columns[x_col]!r} has fractional values; the row number is the step, "
                     f"{columns[x_col]!r} is kept as a tag")
        table.cells = table.cells.copy()
        table.cells[len(columns)] = np.arange(len(table.cells))
        table.columns = columns + ["row"]
        value_cols = sorted(value_cols + [x_col])
        x_col = len(columns)
    wide = read_wide(table, x_col, value_cols, _MISSING, problems, report_text_columns=False)
    if len(table.cells) and not wide.tags:
        problems.add(f"no column besides {table.columns[x_col]!r} holds numbers")
    return ReadResult(long_frame(wide.tags, wide.columns, wide.steps, wide.valid, wall_time), problems.result())
