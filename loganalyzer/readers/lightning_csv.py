"""PyTorch Lightning ``CSVLogger`` ``metrics.csv``.

Columns are ``epoch``, ``step`` and one per metric, sorted by name (older Lightning versions wrote them in other
orders). Every logging call is its own row, so rows are sparse: an empty cell is no point. Steps repeat (train and
validation rows of one step). The x-axis is ``step``; ``epoch`` is kept as a tag so later stages can align steps
and epochs (a hand-made ``metrics.csv`` whose ``step`` starts over at each epoch is read in epoch-major order,
``_text.epoch_major``). Values are written with ``str(float)``, so a logged NaN or ±Inf appears as
``nan``/``inf``/``-inf``. A column logged from both ``training_step`` and ``validation_step`` under one name is
split into ``train_<name>``/``val_<name>`` by its rows (``readers._shared_split``, with a line saying so).
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
from ._shared_split import call_kinds, candidates, split_names, split_of, split_rows
from ._text import Numbers
from ._text_clean import cut_last_cell
from ._lightning_eval import place
from ._repeated_rows import repeated_rows
from . import _phase_split
from ._csv_sessions import _eval_name, resumed_sessions
from ._lightning_late import late_start

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
    if _phase_split.in_head(columns, head, ","):
        return False  # a text column of train/val words: no CSVLogger's (the plain CSV reader splits by it)
    if posixpath.basename(name.replace("\\", "/")) == FILE_NAME:
        return True
    return any(_has_empty_cell(row) for row in head_rows(head))


def _has_empty_cell(row: str) -> bool:
    return ",," in row or row.startswith(",") or row.rstrip("\r").endswith(",")


def read(data, path: str) -> ReadResult:
    wide, steps, valid, problems = _parse(data, path)
    _late(long_columns(wide.tags, wide.columns, steps, valid), problems)
    return ReadResult(long_frame(wide.tags, wide.columns, steps, valid), problems.result(),
                      sessions=resumed_sessions(steps, valid, wide.columns, wide.tags))


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame). A step going back above the
    first starts a resumed job's later session (``_csv_sessions``)."""
    wide, steps, valid, problems = _parse(data, path)
    columns = long_columns(wide.tags, wide.columns, steps, valid)
    _late(columns, problems)
    return columns, ReadResult(
        no_rows(), problems.result(), sessions=resumed_sessions(steps, valid, wide.columns, wide.tags))


def _late(columns, problems) -> None:
    """A file whose first rows are a resumed fit's (``readers._lightning_late``): one line."""
    late = late_start(columns, _eval_name)
    if late is not None:
        problems.add(late, kind="late_start")


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
        else:
            steps, valid = _eval_batches(wide, table.cells[columns.index("epoch")], steps, valid, problems)
    valid = repeated_rows(wide.tags, wide.columns, steps, valid, table.lines, problems)  # a row written twice
    _split_shared(wide, valid, problems)
    return wide, steps, valid, problems


def _eval_batches(wide, epoch_cells, steps: np.ndarray, valid: np.ndarray, problems):
    """Rows of step-level validation/test metrics, written at Lightning's evaluation-batch counter (no epoch
    cell), placed at their validation's global step, or left out when not that counter
    (``readers._lightning_eval``); one line each."""
    if not wide.columns:
        return steps, valid
    has_epoch = numbers(epoch_cells, _MISSING).present
    if has_epoch.all() or not has_epoch.any():
        return steps, valid
    present = np.stack([c.present for c in wide.columns], axis=1) & valid[:, None]
    considered = valid & present.any(axis=1)
    found = place(steps, has_epoch, considered)
    if found is None:
        return steps, valid
    names = [[t for i, t in enumerate(wide.tags) if present[rows, i].any() and t != "epoch"]
             for rows in (found.moved, found.dropped)]
    for line in found.lines(steps, *names):
        problems.add(line, kind=("eval_batches", line[:40]))
    return np.where(found.moved, found.steps, steps), valid & ~found.dropped


def _split_shared(wide, valid: np.ndarray, problems) -> None:
    """A column holding training and validation values (one name logged from both ``training_step`` and
    ``validation_step``, ``readers._shared_split``) becomes two series, ``train_<name>`` at the training rows and
    ``val_<name>`` at the validation rows (those carrying a ``val_*`` column and no training one), with one line;
    where its rows cannot all be told apart, or a name is taken, it stays one series and the line says so."""
    if not wide.columns:
        return
    present = np.stack([c.present for c in wide.columns], axis=1) & valid[:, None]
    cands = candidates(wide.tags)
    if not cands:
        return
    done = {i: (train, val) for i, train, val in split_rows(wide.tags, present)}
    kinds = call_kinds(present, [split_of(t) for t in wide.tags])
    taken = set(wide.tags)
    for i in cands:
        name = wide.tags[i]
        own = kinds[present[:, i]]
        if not ((own == 1).any() and (own == 2).any()):
            continue
        names = split_names(name, taken) if i in done else None
        if names is None:
            problems.add(f"column {name!r} holds training and validation values (one name logged from both "
                         "training_step and validation_step?) in rows that cannot all be told apart; read as one "
                         "series mixing both", kind=("shared", name))
            continue
        taken.update(names)
        train, val = done[i]
        column = wide.columns[i]
        wide.columns[i] = Numbers(column.values, column.present & train, column.bad)
        wide.columns.append(Numbers(column.values, column.present & val, column.bad))
        wide.tags[i] = names[0]
        wide.tags.append(names[1])
        problems.add(f"column {name!r} holds training and validation values (one name logged from both "
                     f"training_step and validation_step): read as {names[0]!r} ({int(train.sum())} training rows) "
                     f"and {names[1]!r} ({int(val.sum())} validation rows, those carrying the validation columns)",
                     kind=("split", name))
