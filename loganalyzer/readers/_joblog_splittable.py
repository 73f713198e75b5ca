"""A fixed-width table whose columns sit under split groups (used by ``readers/_joblog_scan.py``).

A Kaggle-style classification loop (public cnnfinal74 ``log_train.txt``; the layout of Heng CherKeng's starter
kernels) prints a two-line header, then one row per evaluation::

                               |------------ VALID -------------|----------- TRAIN -------------|------Accuracy------|------------|
    lr       iter     epoch    | loss   top-1  top-2            | loss   top-1  top-2           |    Current Best    | time       |
    -------------------------------------------------------------------------------------------------------------------------------
    0.0001   0.0    0.0        | 0.381  85.181  98.566          | 0.801  76.460  90.826         |         85.1811         |  0 hr 06 min

No row holds the word ``loss`` (only the header does) and no cell is named on its own line, so the log was read as
nothing. The group line names each ``|`` column group (dashes around a word); the names line under it names the
cells of each group. A row is read by its ``|`` groups: the first group's cells (``lr``, ``iter``, ``epoch``: no
split), and every group named by a split (``VALID``/``VAL``/``VALIDATION`` -> ``val_``, ``TRAIN``/``TRAINING`` ->
``train_``, ``TEST`` -> ``test_``) under the split's prefix (``top-1`` -> ``top1``); other groups (``Current Best``:
the best so far, ``time``) are left out. The step is the ``epoch`` cell (else ``iter``). A table needs a split group
holding a ``loss``; its rows end at the first line with a ``|`` that is no row (a header printed again starts a
table of its own); lines without a ``|`` between rows (``save checkpoint: ./checkpoint/00003_model.pth``, a blank
line) are passed over. The kernels that validate every half epoch print the epoch as a fraction (``0.00``, ``0.50``,
``1.00``): such a table's steps count the fraction (``epoch x 2``: 0, 1, 2, ..., the smallest of 2, 4, 5, 10, 20, 100
making every epoch whole; the ``epoch`` value stays the fraction); an epoch of no such fraction ends the table.
"""
from __future__ import annotations

import re

from ._progress import Record

_GROUPS = re.compile(rb"(?m)^ *(?:\|-+ ?[A-Za-z][A-Za-z0-9 ]*? ?-+)+\|(?:-+\|)* *\r?$")
_SPLITS = {"valid": "val", "val": "val", "validation": "val", "train": "train", "training": "train", "test": "test"}
_DASHES = re.compile(r"-{10,}")
_MAX_TABLES = 1000


def _lines(data, start: int, size: int):
    """The text of each line from ``start`` with the offset it starts at."""
    while start < size:
        end = data.find(b"\n", start)
        end = size if end < 0 else end
        yield start, bytes(data[start:end]).decode("utf-8", "replace").rstrip()
        start = end + 1


def _parts(text: str) -> list[str]:
    parts = [p.strip() for p in text.split("|")]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _columns(groups: list[str], names: list[str]):
    """Per part: the names to read its cells under (a list), or None for a part left out; None when the header is
    not such a table."""
    if len(names) != len(groups):
        return None
    out = []
    for group, part in zip(groups, names):
        words = part.split()
        if not group:
            out.append(words if out == [] else None)
            continue
        split = _SPLITS.get(group.strip("- ").lower())
        out.append([f"{split}_{w.lower().replace('-', '')}" for w in words] if split else None)
    if not out or not out[0] or not ({"epoch", "iter"} & set(out[0])):
        return None
    if not any(c and any(n.endswith("_loss") for n in c) for c in out[1:]):
        return None
    return out


def _row(columns, text: str):
    parts = _parts(text)
    if len(parts) != len(columns):
        return None
    values = []
    for names, part in zip(columns, parts):
        if names is None:
            continue
        cells = part.split()
        if len(cells) != len(names):
            return None
        for n, c in zip(names, cells):
            try:
                values.append((n, float(c)))
            except ValueError:
                return None
    return values


_SCALES = (1, 2, 4, 5, 10, 20, 100)


def _scale(epochs: list[float]) -> int | None:
    """The smallest of ``_SCALES`` making every epoch whole, or None."""
    for k in _SCALES:
        if all(abs(e * k - round(e * k)) < 1e-6 for e in epochs):
            return k
    return None


def split_table_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every such table in ``data`` (module docstring)."""
    out: list[tuple[int, Record]] = []
    for tables, m in enumerate(_GROUPS.finditer(data)):
        if tables == _MAX_TABLES:
            break
        lines = _lines(data, m.end() + 1, size)
        groups = [g.strip(" -") for g in _parts(bytes(m.group(0)).decode("ascii", "replace"))]
        first = next(lines, None)
        columns = _columns(groups, _parts(first[1])) if first else None
        if columns is None:
            continue
        rows = []
        for at, text in lines:
            if _DASHES.fullmatch(text.strip()) or "|" not in text:
                continue  # a rule, or a line between rows ('save checkpoint: ..')
            values = _row(columns, text)
            if values is None:
                break
            cells = dict(values)
            step = cells.get("epoch", cells.get("iter"))
            if step is None or step < 0 or _scale([step]) is None:
                break
            rows.append((at, values, step, cells.get("epoch")))
        k = _scale([step for _, _, step, _ in rows])
        for at, values, step, epoch in rows:
            kept = tuple((n, v) for n, v in values if n not in ("epoch", "iter"))
            out.append((at, Record("splittable", kept, step=int(round(step * k)), epoch=epoch)))
    return out
