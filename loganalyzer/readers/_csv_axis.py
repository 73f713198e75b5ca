"""The computed step columns of a plain CSV (``plain_csv``): row numbers and epoch-major positions appended to a
table, and the test that a within-epoch counter beside an epoch column makes the epoch-major axis
(``_text.epoch_major``)."""
from __future__ import annotations

import numpy as np

from ._plain_columns import EPOCH_COLUMNS, _pick
from ._text import Numbers, Problems, Table, epoch_major, numbers

MISSING = ("", "NA", "N/A", "n/a", "null", "NULL", "None")  # cells read as absent (pandas' default NA strings, short)


def concat(parts: list[Numbers]) -> Numbers:
    return Numbers(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("values", "present", "bad")))


def absent(n: int) -> Numbers:
    return Numbers(np.full(n, np.nan), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool))


def add_axis(table: Table, name: str, steps: np.ndarray) -> int:
    """Append a column of computed steps (row numbers, epoch-major positions) to ``table``; its index."""
    table.cells = table.cells.copy()
    table.cells[len(table.columns)] = steps
    table.columns = table.columns + [name]
    return len(table.columns) - 1


def epoch_major_axis(tables: list[Table], xs: list[Numbers], x_label: str, problems: Problems):
    """Per table, the epoch-major steps when the x column is counted within each epoch (``_text.epoch_major``);
    None when it is not, or the file has no epoch column."""
    epochs = []
    for table in tables:
        col = _pick(table.columns, EPOCH_COLUMNS)
        epochs.append(absent(len(table.cells)) if col is None else numbers(table.cells[col], MISSING))
    if all(not e.any for e in epochs):
        return None
    found = epoch_major(concat(xs), concat(epochs))
    if found is None:
        return None
    epoch_name = next(t.columns[c] for t in tables if (c := _pick(t.columns, EPOCH_COLUMNS)) is not None)
    problems.add(found.note(x_label, epoch_name))
    cuts = np.cumsum([len(t.cells) for t in tables])[:-1]
    return np.split(found.steps, cuts)


def sparse_axis(tables: list[Table], xs: list, x_cols: list) -> tuple[int, int] | None:
    """(rows holding values but no x, rows holding values) when most value rows leave the x column empty and some
    fill it: test-tube's ``Experiment`` (PyTorch Lightning 0.x's default logger, ``logs/<name>/version_N/metrics.csv``
    of ``loss,MSE,KLD,created_at,epoch,avg_val_loss``: public torchvae174, the training step's ``log_metrics`` rows
    with no ``epoch`` or step, the epoch rows with ``epoch`` and the validation's ``avg_val_loss``); each row is one
    call, so the row number is the step. None otherwise (an ``epoch`` column with a few holes: rows skipped, said)."""
    empty = total = filled = 0
    for table, x, col in zip(tables, xs, x_cols):
        if x is None or col is None or not len(table.cells):
            return None
        others = [numbers(table.cells[c], MISSING).present for c in range(len(table.columns)) if c != col]
        valued = np.logical_or.reduce(others) if others else np.zeros(len(table.cells), dtype=bool)
        gap = valued & ~x.present & ~x.bad
        empty, total, filled = empty + int(gap.sum()), total + int(valued.sum()), filled + int(x.present.sum())
    return (empty, total) if filled >= 2 and empty >= 10 and 2 * empty >= total else None
