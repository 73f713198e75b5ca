"""CSV rows that carry their own names, name cells then a value, along the row (for ``plain_csv``).

A hand-written logger with no header row writes each value after the words naming it,
``writer.writerow(['val', 'loss', loss, 'epoch', epoch])`` -> ``val,loss,"tensor(2.31, device='cuda:0')",epoch,0``
(the Akssi/StyleTransfer way of writing a CSV log, its values torch tensors as ``str()`` prints them). No header,
so the file was "its header names no step, epoch or loss column" and nothing was read, though every value is named.
Here each row is read as its pairs: the name cells before a value joined by ``_`` (``val,loss`` -> ``val_loss``),
the value a number or a one-number tensor/numpy repr; the row's ``epoch``/``step``/``iteration`` its step. Rows
at the same step naming other keys (a training row, then a validation row) are one row of the table. Only in a
file named like a log, three or more rows, every row (but ``writerow('New experiment')``'s one-character cells)
of such pairs, each with a step and a value besides it -- or each one named value and no step (``_numbered``).
"""
from __future__ import annotations

import re

from ._text_clean import unwrap_number
from ._unnamed_rows import _cells, _marker

MIN_ROWS = 3
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_./@-]{0,40}$")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_STEPS = ("epoch", "step", "global_step", "iteration", "iter", "batch")


def _value(cell: str) -> float | None:
    if _NUMBER.match(cell):
        return float(cell)
    return unwrap_number(cell) if cell[:1] in "tanu" else None


def _pairs(line: str) -> dict | None:
    out: dict = {}
    names: list[str] = []
    for cell in _cells(line):
        cell = cell.strip().strip('"').strip()
        value = _value(cell)
        if value is not None and names:
            out["_".join(names).lower()] = value
            names = []
        elif value is None and _NAME.match(cell):
            names.append(cell)
        else:
            return None  # a value with no name before it, or a cell that is neither
    return out if out and not names else None


def _numbered(rows: list) -> list | None:
    """Rows of one named value and no step, ``f.write(f"Loss, {loss:f}\\n")`` once an epoch (Imsanskar/Boltzman-Machine's
    RBM ``loss.csv``): the row's number (from 1) its epoch, when every row names the same one value; else None."""
    if any(step is not None or row.keys() != rows[0][1].keys() for step, row in rows):
        return None
    return [("epoch", {"epoch": float(i), **row}) for i, (_, row) in enumerate(rows, 1)]


def table(data: bytes, name: str) -> tuple[bytes, str] | None:
    """(the rows as a CSV with a header, the line saying so) when ``data`` is such a file, else None."""
    from ._numeric_csv import LOG_NAMED

    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if LOG_NAMED().search(low) is None and "loss" not in low:  # log.csv, train_log.csv, loss.csv
        return None
    first = [line for line in bytes(data[:4096]).decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:-1]
             if line.strip() and not _marker(_cells(line.strip()))][:MIN_ROWS]
    if not first or any(_pairs(line) is None for line in first):
        return None  # (every CSV's parse asks: a header line ends it here, before the whole file is decoded)
    lines = [line for line in bytes(data).decode("utf-8", "replace").lstrip("\ufeff").splitlines() if line.strip()]
    rows = []
    for line in lines:
        if _marker(_cells(line.strip())):
            continue
        found = _pairs(line)
        step = None if found is None else next((k for k in _STEPS if k in found), None)
        if found is not None and step is None and len(found) == 1:
            rows.append((None, found))  # 'Loss, 10.428420': one named value a row, no step (``_numbered``)
            continue
        if found is None or step is None or len(found) < 2:
            return None
        rows.append((step, found))
    if rows and rows[0][0] is None and (rows := _numbered(rows)) is None:
        return None
    if len(rows) < MIN_ROWS or len({step for step, _ in rows}) != 1:
        return None
    step = rows[0][0]
    merged: list[dict] = []
    for _, row in rows:
        last = merged[-1] if merged else None
        if last is not None and last[step] == row[step] and not (set(last) & set(row)) - {step}:
            last.update(row)  # a training row, then the validation row of the same epoch
        else:
            merged.append(dict(row))
    names = [step] + list(dict.fromkeys(k for row in merged for k in row if k != step))
    body = [",".join(repr(row[k]) if k in row else "" for k in names) for row in merged]
    text = "\n".join([",".join(names), *body]) + "\n"
    note = (f"no header: each row names its own values ({lines[0][:60]!r}): read as pairs, "
            f"{', '.join(names[1:4])}{', ...' if len(names) > 4 else ''} by {step!r}")
    return text.encode(), note
