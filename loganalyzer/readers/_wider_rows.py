"""Rows wider than their header from some row to the end, with no header of their own (for ``plain_csv``, before
its blocks are split): a script that logs a second stage with more metrics into the same file through
``csv.writer(f).writerow([...])``, its header written once for the first stage (public superhan
``training_log.csv``: ``timestamp,stage,epoch,train_loss,val_loss`` over 30 ``fan`` rows, then 200 ``sr`` rows of 8
fields). Before, every wider row was skipped (87% of that file) with one warning.

When every row after some line has the same number of fields, more than the header's, and every row before it
the header's count, and there are ``MIN_ROWS`` or more distinct ones, a header line is written above the first of them:
the first header's names, then the extra fields named by their position (``column_6``, ``column_7``... from 1), so
that ``_blocks`` reads them as a block of a header with more columns (metrics logged from some point on). One
warning says so (the file lines it names after that line are one further on: the written header counts). A later
header naming the wider rows is ``_blocks``' own case: nothing is done here then.
"""
from __future__ import annotations

MIN_ROWS = 3


def widen(raw: bytes, offset: int, sep: str, columns: list[str]) -> tuple[bytes, str] | None:
    """(``raw`` with a header line written above the wider tail, the line saying so), or None (module docstring).
    ``offset``: where the header line starts."""
    if len(sep) != 1 or b'"' in raw:
        return None
    end = raw.find(b"\n", offset)
    if end < 0:
        return None
    n, s = len(columns), sep.encode()
    widths, starts, pos = [], [], end + 1
    while pos < len(raw):
        stop = raw.find(b"\n", pos)
        stop = len(raw) if stop < 0 else stop
        line = raw[pos:stop].rstrip(b"\r")
        if line.strip():
            widths.append(line.count(s) + 1)
            starts.append(pos)
        pos = stop + 1
    if not widths or widths[-1] <= n:
        return None
    wide = widths[-1]
    k = len(widths)
    while k and widths[k - 1] == wide:
        k -= 1
    if len(widths) - k < MIN_ROWS or not k or any(w != n for w in widths[:k]):
        return None
    tail = {raw[a:raw.find(b"\n", a) if raw.find(b"\n", a) >= 0 else len(raw)].strip() for a in starts[k:]}
    if len(tail) < MIN_ROWS:
        return None  # one malformed line written again and again: no stage's epochs (said row by row as before)
    first_field = raw[starts[k]:].split(s, 1)[0].strip().decode("utf-8", "replace")
    if first_field == columns[0]:
        return None  # a header of its own
    names = [*columns, *(f"column_{i}" for i in range(n + 1, wide + 1))]
    header = sep.join(names).encode() + b"\n"
    line_no = raw.count(b"\n", 0, starts[k]) + 1
    note = (f"{len(widths) - k} rows from line {line_no} on have {wide} fields, the "
            f"header {n} (a later stage logging more metrics?): read with the header's names, the extra fields named "
            f"by position ({', '.join(names[n:])}); the names are assumed")
    return raw[:starts[k]] + header + raw[starts[k]:], note
