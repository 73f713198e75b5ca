"""Numbers written with a decimal comma in a CSV separated by ``;`` or tabs (for ``readers/plain_csv``).

Excel and ``pandas.to_csv(sep=";", decimal=",")`` in a German, French or Spanish locale write ``1;1,1168;0,9631``:
every metric cell held "no number" and was skipped, the run left with no curve (a newcomer breaker's log). When
the separator is no comma and the first data rows' cells are numbers once their one comma is a point (and no cell
holds a point and a comma: a thousands separator), every comma after the header is read as a decimal point.
"""
from __future__ import annotations

import re

NOTE = "numbers written with a decimal comma ('0,9631'): read as decimal points"
_COMMA_NUMBER = re.compile(rb"[-+]?\d+,\d+(?:[eE][-+]?\d+)?")
_ROWS = 20


def decimal_commas(raw: bytes, offset: int, sep: str) -> bytes | None:
    """``raw`` with the commas after its header line (at ``offset``) made points, or None when the file is not so."""
    if sep == "," or len(sep) != 1 or b"," not in raw[offset:]:
        return None
    start = raw.find(b"\n", offset) + 1
    if start <= 0:
        return None
    rows = raw[start:start + 8192].split(b"\n")[:_ROWS]
    seen = False
    for row in rows:
        for cell in row.strip().split(sep.encode()):
            cell = cell.strip()
            if b"," in cell:
                if b"." in cell or _COMMA_NUMBER.fullmatch(cell) is None:
                    return None
                seen = True
    return raw[:start] + raw[start:].replace(b",", b".") if seen else None
