"""CSV logs whose cells are whole Python dicts, one per split (for ``plain_csv``).

A script keeping each epoch's metrics as a dict per split and saving them with pandas,
``pd.DataFrame({"train": train_hist, "val": val_hist}).to_csv("train_metrics.csv", index=False)``, writes a header
of split names and, in every cell, the dict's ``repr`` quoted as one CSV field::

    train,val
    "{'net_loss': 0.3600, 'net_accuracy': 38.28, 'precision': 0.2186}","{'net_loss': 0.3740, ...}"

(public change-detection runs ``edcd181`` ``FC-Siam-conc``/``Mid-Conc-Fusion``/``Siam-Late-Fusion``
``train_metrics.csv``: discovery said "its header names no step, epoch or loss column" and nothing was read).
Here each cell is parsed with ``ast.literal_eval``; its numeric keys become columns named ``<column>_<key>``
(``train_net_loss``, ``val_net_loss``), the row's number (1-based, one row per epoch as pandas wrote the list) is the
``epoch``, and one problem line says so. Non-numeric values in the dicts are left out. Only when the header has
no number and every data row's every cell is such a dict (two rows or more); else None and the other readers go on.
"""
from __future__ import annotations

import ast
import csv
import io

MIN_ROWS = 2


def _cell(text: str) -> dict | None:
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    return {str(k): float(v) for k, v in value.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)}


def looks(head: bytes) -> bool:
    """The head's second line starts with a quoted dict repr: the cheap test before ``table``."""
    lines = bytes(head[:4096]).lstrip(b"\xef\xbb\xbf").split(b"\n", 2)
    return len(lines) > 1 and lines[1].lstrip().startswith((b"\"{'", b'"{"""'))


def table(data: bytes, path: str) -> tuple[bytes, str] | None:
    """(the rows as a flat CSV ``epoch,<column>_<key>,..``, the line saying so) when ``data`` is such a file, else
    None."""
    if not looks(data):
        return None
    text = bytes(data).decode("utf-8", "replace").lstrip("\ufeff")
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    except csv.Error:
        return None
    if len(rows) < MIN_ROWS + 1:
        return None
    header = [c.strip() for c in rows[0]]
    if not header or any(not c or c[:1].isdigit() or c.startswith("{") for c in header):
        return None
    names: list[str] = []
    parsed: list[dict] = []
    for row in rows[1:]:
        if len(row) != len(header):
            return None
        flat: dict = {}
        for column, cell in zip(header, row):
            found = _cell(cell)
            if found is None:
                return None
            for key, value in found.items():
                name = f"{column}_{key}"
                if name not in names:
                    names.append(name)
                flat[name] = value
        parsed.append(flat)
    if not names:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", *names])
    for number, flat in enumerate(parsed, 1):
        writer.writerow([number, *("" if (v := flat.get(n)) is None else repr(v) for n in names)])
    note = (f"each cell of columns {', '.join(header)} is a Python dict (pandas' to_csv of per-epoch metric dicts): "
            f"read as {len(names)} series named <column>_<key>, the row number (from 1) as the epoch")
    return out.getvalue().encode(), note
