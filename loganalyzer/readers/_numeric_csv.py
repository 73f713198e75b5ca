"""A CSV named like a training log whose lines are all numbers, no header (``plain_csv`` reads the table returned
here and adds the returned line to its problems): a script's ``csv.writer(f).writerow([epoch, *values])`` or
``f.write('%f,%f,...\\n' % (...))`` with no header row (public faultdiag ``transfer_train_log.csv``: ``epoch,
clf_loss, transfer_loss, total_loss, test_loss, test_acc`` as six ``%f`` numbers a line, its names only in the
script). Before, discovery said "its header names no step, epoch or loss column" and nothing was read.

The columns are named by position, with one warning saying so: the first is ``step`` when it counts up by one
stride (from any whole number; going back to its start, a training appended to the file, starts a new run) and the
others ``value_1``, ``value_2``... (``value_k``: the k-th column after it); with no such first column, the row
number is the step and the columns are ``value_1``, ``value_2``... . A file named like a loss
log is ``_loss_shapes``'s (its columns get loss names), three columns in a file named by its split
``_headerless``'s. Only files named like a log (``LOG_NAMED``), of ``MIN_ROWS`` rows or more, every line of one width
of 2 to ``MAX_COLUMNS`` numbers: a data set of numbers (``features.csv``) is no log. Where the values show which
column is a loss (``_unnamed_cols``: a total summing its terms), they are named so instead.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re

MIN_ROWS = 3
MAX_COLUMNS = 12
LOG_NAMED = lazy_re(r"(?:^|[^a-z])logs?(?:[^a-z]|$)|(?:train|training|fit|epoch|step|eval|val)_?log|histor|metric")
_NUMBER = lazy_re(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf|-inf)$", re.IGNORECASE)


def _rows(data: bytes, whole: bool) -> list[list[str]] | None:
    """The lines' cells when every line is ``,``-separated numbers of one width (2 to ``MAX_COLUMNS``), else None.
    ``whole=False``: ``data`` is a head whose last line may be cut."""
    lines = bytes(data).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    if not whole and len(lines) > 1 and not bytes(data).endswith((b"\n", b"\r")):
        lines = lines[:-1]
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) < MIN_ROWS:
        return None
    rows = [[c.strip() for c in line.split(",")] for line in lines]
    width = len(rows[0])
    if not 2 <= width <= MAX_COLUMNS or any(len(r) != width for r in rows):
        return None
    if not all(_NUMBER().match(c) for r in rows for c in r):
        return None
    return rows


def _claims(name: str) -> bool:
    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return low.endswith(".csv") and "loss" not in low and LOG_NAMED().search(low) is not None


def sniff(name: str, head: bytes) -> bool:
    """A CSV named like a log whose first lines are all rows of numbers of one width (module docstring)."""
    return _claims(name) and _rows(head, whole=False) is not None


def counts_up(column: list[float]) -> bool:
    """Whole numbers going up by one stride (the first gap, > 0) from row to row, or back to (or below) where they
    started (a training appended to the file)."""
    if len(column) < 2 or any(v != int(v) for v in column) or column[1] <= column[0]:
        return False
    first, stride = column[0], column[1] - column[0]
    for a, b in zip(column, column[1:]):
        if b <= first:
            first = b
        elif b != a + stride:
            return False
    return True


def named(data: bytes, path: str) -> tuple[bytes, str] | None:
    """(the CSV with a header line naming its columns by position, the line saying so), or None for any other
    file."""
    if not _claims(path):
        return None
    rows = _rows(data, whole=True)
    if rows is None:
        return None
    from . import _unnamed_cols

    found = _unnamed_cols.name(rows)  # a total beside its terms, a training and a validation loss: named so
    if found is not None:
        return _unnamed_cols.table(rows, *found)
    step = counts_up([float(r[0]) for r in rows])
    values = [f"value_{k}" for k in range(1, len(rows[0]) + (0 if step else 1))]
    if step:
        names, body = ["step", *values], rows
    else:  # the row number is the step
        names, body = ["step", *values], [[str(i), *r] for i, r in enumerate(rows)]
    out = "\n".join([",".join(names)] + [",".join(r) for r in body]) + "\n"
    note = (f"no header line: its {len(rows[0])} columns of numbers are named by position, "
            + ("the first counting up the step, then " if step else "the row number the step, ")
            + ", ".join(values) + "; the names are assumed, not written in the file: write a header line to name them")
    return out.encode(), note
