"""PyTorch Lightning ``CSVLogger`` ``metrics.csv``.

Columns are ``epoch``, ``step`` and one per metric, sorted by name (older Lightning versions wrote them in other
orders). Every logging call is its own row, so rows are sparse: an empty cell is no point. Steps repeat (train and
validation rows of one step). The x-axis is ``step``; ``epoch`` is kept as a tag so later stages can align steps
and epochs (a hand-made ``metrics.csv`` whose ``step`` starts over at each epoch is read in epoch-major order,
``_text.epoch_major``). Values are written with ``str(float)``, so a logged NaN or ±Inf appears as
``nan``/``inf``/``-inf``.
"""
from __future__ import annotations

import posixpath

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from ._text import (
    clean_text, epoch_major, first_line, head_line, head_rows, long_columns, long_frame, no_rows, numbers, read_rows,
    read_wide, split_header,
)
from ._text_clean import cut_last_cell

FILE_NAME = "metrics.csv"
_MISSING = ("",)


def sniff(name: str, head: bytes) -> bool:
    """A CSV whose header has ``step`` and ``epoch`` columns and that is named metrics.csv or has sparse rows."""
    line = head_line(head)
    if line is None:
        return False
    columns = split_header(line, ",")
    if "step" not in columns or "epoch" not in columns:
        return False
    if posixpath.basename(name.replace("\\", "/")) == FILE_NAME:
        return True
    return any(_has_empty_cell(row) for row in head_rows(head))


def _has_empty_cell(row: str) -> bool:
    return ",," in row or row.startswith(",") or row.rstrip("\r").endswith(",")


def read(data, path: str) -> ReadResult:
    wide, steps, valid, problems = _parse(data, path)
    return ReadResult(long_frame(wide.tags, wide.columns, steps, valid), problems.result())


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    wide, steps, valid, problems = _parse(data, path)
    return long_columns(wide.tags, wide.columns, steps, valid), ReadResult(no_rows(), problems.result())


def _parse(data, path: str):
    raw, damage = clean_text(data, path)
    line_no, offset, header = first_line(raw)
    columns = split_header(header, ",")
    if "step" not in columns:
        raise UnreadableFile(
            Problem(path, f"no 'step' column in the header, not a Lightning metrics.csv: {header[:80]!r}", line=line_no)
        )
    raw, cut = cut_last_cell(raw, path, ",", len(columns))  # a job stopped mid-write
    if cut is not None:
        damage = [*damage, cut]
    table, problems = read_rows(raw, offset, path, sep=",", missing=_MISSING, line_no=line_no, damage=damage)
    step_col = columns.index("step")
    value_cols = [i for i in range(len(columns)) if i != step_col]
    wide = read_wide(table, step_col, value_cols, _MISSING, problems, report_text_columns=True)
    steps, valid = wide.steps, wide.valid
    if "epoch" in columns:  # a hand-made metrics.csv whose step counts within each epoch: one run, epoch-major
        found = epoch_major(numbers(table.cells[step_col], _MISSING),
                            numbers(table.cells[columns.index("epoch")], _MISSING))
        if found is not None:
            valid = valid & ~np.isnan(found.steps)
            steps = np.where(valid, found.steps, 0).astype(np.int64)
            problems.add(found.note("step", "epoch"))
    return wide, steps, valid, problems
