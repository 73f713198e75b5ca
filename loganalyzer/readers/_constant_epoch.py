"""An ``epoch`` column that never advanced (``_blocks.epoch_runs``): Keras' ``CSVLogger(append=True)`` given to
``model.fit(epochs=1)`` called in a loop writes ``epoch`` 0 on every row (each ``fit`` counts its epochs from
``initial_epoch``, 0), so the file read as a new run at every row (public digit-recognizer notebooks:
``history.csv`` of 8 rows, 8 one-point runs). The rows are one run's successive epochs: the first epoch plus the row
number is the step, and a note says the epoch column never advanced.

Only when every row of the file has the same whole epoch, there are at least ``MIN_ROWS`` rows and not all of them
are the same values (a seeded one-epoch ``fit`` appended twice, identical rows, stays two runs).
"""
from __future__ import annotations

import numpy as np

MIN_ROWS = 3


def constant(epochs: list, tables: list, missing) -> float | None:
    """The epoch value every data row of ``tables`` holds (``epochs``: their epoch columns as ``Numbers``), None when
    the epoch advances anywhere, a row lacks it, there are fewer than ``MIN_ROWS`` rows or all rows are alike."""
    values = [e.values[e.present] for e in epochs]
    if sum(len(e.values) for e in epochs) < MIN_ROWS or any(len(v) != len(e.values) for v, e in zip(values, epochs)):
        return None
    allv = np.concatenate(values) if values else np.empty(0)
    if not len(allv) or not np.isfinite(allv[0]) or (allv != allv[0]).any():
        return None
    from ._text import numbers

    seen: dict = {}
    for table in tables:  # a value that differs between two rows: successive epochs, not one row written again
        for c in range(1, len(table.columns)):
            column = numbers(table.cells[c], missing)
            seen.setdefault(table.columns[c], set()).update(column.values[column.present].round(12).tolist())
    if any(len(values) > 1 for values in seen.values()):
        return float(allv[0])
    return None


def note(value: float, rows: int) -> str:
    """The warning said for such a file."""
    return (f"column 'epoch' is {value:g} on every one of its {rows} rows (fit(epochs=1) called in a loop with "
            "CSVLogger(append=True)?): read as one run whose rows are successive epochs, the step "
            f"{value:g} + the row number")


def steps(table, row: int, value: float) -> tuple[int, int]:
    """Give ``table`` (a block of ``_blocks.epoch_runs``) a ``row`` column, ``value`` + the file's row number, as
    its x column: (that column's index, the row number after the block)."""
    n = len(table.cells)
    table.cells = table.cells.copy()
    table.cells[len(table.columns)] = np.arange(row, row + n) + int(value)
    table.columns = table.columns + ["row"]
    return len(table.columns) - 1, row + n
