"""A whitespace-aligned table whose header names hold a space (``Train Loss``), the columns kept apart by two spaces
or more: the fixed-width table a script prints with ``f"{'Epoch':<10}{'Train Loss':<15}{'Test Loss':<15}..."`` and
rows ``f"{epoch:<10}{train_loss:<15.4f}..."`` (public d2lfmnist154 ``CNN.txt``: ``Epoch     Train Loss     Test Loss
     Test Accuracy``). Split on every space, the header named seven columns over four values (``Train``, ``Loss``,
``Test``...), the losses read under the wrong names and three empty columns. When the header splits into as many
names on runs of two spaces or more as the first data rows have fields (and single spaces split it into more), the
spaces inside each name become ``_`` (``Train_Loss``), so the header splits as the rows do (``spaced_names``).
"""
from __future__ import annotations

import re

_GAP = re.compile(r" {2,}")
_ROWS = 5  # data rows that must all have the width of the two-space split


def spaced_names(raw: bytes, offset: int, header: str) -> tuple[bytes, str] | None:
    """(``raw`` with the header's inner spaces made ``_``, the new header) for such a table; None otherwise."""
    if any(sep in header for sep in (",", ";", "|", "\t")):
        return None
    names = [n for n in _GAP.split(header.strip()) if n]
    if len(names) < 2 or len(names) == len(header.split()) or not any(" " in n for n in names):
        return None
    end = raw.find(b"\n", offset)
    if end < 0:
        return None
    rows = [line.split() for line in bytes(raw[end + 1:end + 1 + 8192]).decode("utf-8", "replace").splitlines()
            if line.strip()][:_ROWS]
    if not rows or any(len(r) != len(names) for r in rows):
        return None
    new = "  ".join(n.replace(" ", "_") for n in names)
    stop = raw.find(b"\r", offset, end)
    return bytes(raw[:offset]) + new.encode("utf-8") + bytes(raw[stop if stop >= 0 else end:]), new
