"""Rows wider than their header from some row to the end, with no header of their own (for ``plain_csv``, before
its blocks are split): a script that logs a second stage with more metrics into the same file through
``csv.writer(f).writerow([...])``, its header written once for the first stage (public superhan
``training_log.csv``: ``timestamp,stage,epoch,train_loss,val_loss`` over 30 ``fan`` rows, then 200 ``sr`` rows of 8
fields). Before, every wider row was skipped (87% of that file) with one warning.

When every row after some line has the same number of fields, more than the header's, and every row before it
the header's count, and there are ``MIN_ROWS`` or more distinct ones, a header line is written above the first of them
(and so above each of several stages, each wider than the one before: Keras' ``CSVLogger(append=True)`` writes its
header only into an empty file, so fits appended with other metrics -- photofilter's ``train_log.csv``: 12 fits of
``epoch,auc,loss,val_auc,val_loss``, then 12 of 11 fields, 18 of 13 -- wrote rows no header names; all 150 were
skipped, "11 fields, the header has 5"):
the first header's names, then the extra fields named by their position (``column_6``, ``column_7``... from 1), so
that ``_blocks`` reads them as a block of a header with more columns (metrics logged from some point on). One
warning says so (the file lines it names after that line are one further on: the written header counts). A later
header naming the wider rows is ``_blocks``' own case: nothing is done here then.
"""
from __future__ import annotations

MIN_ROWS = 3


def widen(raw: bytes, offset: int, sep: str, columns: list[str], *, sorted_keys: bool = False
          ) -> tuple[bytes, str, int] | None:
    """(``raw`` with a header line written above each wider stage, the line saying so, the headers written), or None
    (module docstring). ``offset``: where the header line starts. ``sorted_keys``: a Keras CSVLogger's rows, ``epoch``
    then its metrics in sorted order, so a fit with other metrics has other names at every position: only ``epoch``
    keeps its name, every other field is named by position (``column_2``...)."""
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
    stages = _stages(widths)
    if len(stages) < 2 or stages[0][0] != n or any(b[0] <= a[0] for a, b in zip(stages, stages[1:])):
        return None  # rows of the header's width first, then each stage wider than the one before
    out, notes, at = [], [], 0
    for wide, k, stop in stages[1:]:
        rows = starts[k:stop]
        if len(rows) < MIN_ROWS:
            return None
        tail = {raw[a:raw.find(b"\n", a) if raw.find(b"\n", a) >= 0 else len(raw)].strip() for a in rows}
        if len(tail) < MIN_ROWS:
            return None  # one malformed line written again and again: no stage's epochs (said row by row as before)
        first_field = raw[starts[k]:].split(s, 1)[0].strip().decode("utf-8", "replace")
        if first_field == columns[0]:
            return None  # a header of its own
        if sorted_keys and not _restarts(raw, starts[k - 1], first_field, s):
            return None  # a Keras fit appended starts at epoch 0 again: rows going on counting with one value more
            # (a trailing ',', a value the header never named) stay the named problem they were (test_readers35)
        kept = columns[:1] if sorted_keys else columns
        names = [*kept, *(f"column_{i}" for i in range(len(kept) + 1, wide + 1))]
        out += [raw[at:starts[k]], sep.join(names).encode() + b"\n"]
        at = starts[k]
        line_no = raw.count(b"\n", 0, starts[k]) + 1
        notes.append(f"{len(rows)} rows from line {line_no} on have {wide} fields, the header {n}")
    if sorted_keys:
        note = ("; ".join(notes) + ": fits appended to a Keras CSVLogger(append=True) file with other metrics (it writes "
                "its header only into an empty file, its metrics in sorted order): their fields are named by position "
                "(column_2, ...), 'epoch' first")
    else:
        note = ("; ".join(notes) + " (a later stage logging more metrics?): read with the header's names, the extra "
                f"fields named by position (column_{n + 1}, ...); the names are assumed")
    return b"".join(out) + raw[at:], note, len(stages) - 1


def _stages(widths: list[int]) -> list[tuple[int, int, int]]:
    """(width, first row, row after the last) of each stretch of rows of one width, in file order."""
    firsts = [i for i, w in enumerate(widths) if not i or widths[i - 1] != w]
    return [(widths[a], a, b) for a, b in zip(firsts, [*firsts[1:], len(widths)])]


def _restarts(raw: bytes, before: int, first_field: str, s: bytes) -> bool:
    """Whether the epoch of a wider stage's first row (``first_field``) is at most the epoch of the row before it
    (starting at ``before``): ``CSVLogger(append=True)`` writes each fit's epochs from 0 again."""
    prev = raw[before:].split(s, 1)[0].strip().decode("utf-8", "replace")
    try:
        return float(first_field) <= float(prev)
    except ValueError:
        return False
