"""Trainings appended under a header that is no longer theirs (used by ``keras_csv``).

Keras' ``CSVLogger(filename, append=True)`` writes its header only into an empty file (keras ``callbacks/
csv_logger.py``: ``self.append_header = not bool(len(f.readline()))``), then one row per epoch of ``epoch`` and the
SORTED keys of the epoch's logs. A script that appends several ``fit`` calls to one file, with another
``compile(metrics=...)`` in a later one, writes that training's rows under the first training's names: public
fkpkeras186 ``single_hidden_layer.csv`` (12 trainings under ``epoch;loss;mean_squared_error;val_loss;
val_mean_squared_error``; from the 4th on, ``loss`` holds the accuracy 0.25 -> 0.81 and ``mean_squared_error`` the
MSE loss): the 12th run was read as a loss rising from 0.25 to 0.81 (``diverged`` at 0.99).

The names a later training's columns really had are not written anywhere, so they are not guessed. What shows that
they are not the header's: two columns equal in every row of the first run (``loss`` and ``mean_squared_error``: the
loss and a metric of the same function, as Keras computes them; at least 3 distinct values, so no constant pair)
that are equal in NO row of a later run. One of the two must be named as a loss: learning rates of two parameter
groups equal in one training and apart in the next (ultralytics' ``lr/pg0``, ``lr/pg1`` during another warmup,
public tealeaf51's results.csv) say nothing of the names. Such a run's columns are read as ``column_<k>`` (``k`` the column's
1-based position in the row, ``epoch`` being 1), not under the header's names, and the run says so in one line;
runs that keep the equality (the same ``compile``) keep the names.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from ._text import Numbers

_MIN_ROWS = 3


def unname(runs) -> None:
    """Rename, in place, the columns of every later run of ``runs`` (a ``_blocks.Runs``) whose rows break an
    equality of two columns that holds in every row of the first run (module docstring), with a problem line at
    each such run's first row. Files of one run, or with no such equality, are left as they are."""
    if runs.count < 2:
        return
    r = runs.rows
    first = runs.keep & (runs.segments == 0)
    if first.sum() < _MIN_ROWS:
        return
    pairs = [(i, j) for i, j in combinations(range(len(r.columns)), 2)
             if "loss" in f"{r.tags[i]} {r.tags[j]}".lower() and _equal_in(r.columns[i], r.columns[j], first)]
    if not pairs:
        return
    stale = np.zeros(len(r.steps), dtype=bool)
    for segment in range(1, runs.count):
        rows = runs.keep & (runs.segments == segment)
        broken = next(((i, j) for i, j in pairs if _never_equal(r.columns[i], r.columns[j], rows)), None)
        if broken is None:
            continue
        stale |= rows
        i, j = broken
        runs.problems.add(
            f"run #{segment + 1} appended under the first run's header (Keras CSVLogger(append=True) writes the header "
            f"only into an empty file), but its columns are not the header's: {r.tags[i]!r} equals {r.tags[j]!r} in "
            f"every row of run #1 and in no row of this run (another compile()'s metrics, sorted); its columns are "
            f"read as column_2.. by position, not by the header's names", line=int(r.lines[np.flatnonzero(rows)[0]]))
    if not stale.any():
        return
    for k in range(len(r.columns)):
        column = r.columns[k]
        r.tags.append(f"column_{k + 2}")  # (epoch is the file's first column)
        r.columns.append(Numbers(column.values, column.present & stale, column.bad & stale))
        r.columns[k] = Numbers(column.values, column.present & ~stale, column.bad & ~stale)


def _equal_in(a: Numbers, b: Numbers, rows: np.ndarray) -> bool:
    """Both columns present in the same rows of ``rows``, at least ``_MIN_ROWS`` of them, equal in each, varying."""
    both = rows & a.present & b.present
    if both.sum() < _MIN_ROWS or (rows & (a.present ^ b.present)).any():
        return False
    values = a.values[both]
    return bool(np.array_equal(values, b.values[both])) and len(np.unique(values)) >= _MIN_ROWS


def _never_equal(a: Numbers, b: Numbers, rows: np.ndarray) -> bool:
    """Both present in at least two rows of ``rows`` and equal in none of them."""
    both = rows & a.present & b.present
    return both.sum() >= 2 and not np.any(a.values[both] == b.values[both])
