"""Printed ``key:value`` rows (``epoch:1\\tAccuracy:71.04\\tAverage precision:74.8``): a printed log whose first line
looks like a tab-separated CSV header, but every cell of it holds a name and its number, so it is a data line of a
printed log (``readers/joblog.py``), never a table's header."""
from __future__ import annotations

from ._lazy import lazy_re

_CELL = lazy_re(r"\s*[A-Za-z][\w ./@()-]*?\s*[:=]\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?%?\s*")


def kv_row(line: str, sep: str | None = None) -> bool:
    """Whether a would-be header line is ``name:number`` cells only (two or more, split at tabs, commas, semicolons
    or bars -- the sniff may have taken the colon for the separator): a printed progress line."""
    for cut in ("\t", ",", ";", "|"):
        cells = [c for c in line.strip().split(cut) if c.strip()]
        if len(cells) >= 2 and all(_CELL().fullmatch(c) for c in cells):
            return True
    return False
