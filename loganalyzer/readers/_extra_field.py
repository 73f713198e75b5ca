"""CSV rows carrying one field more than their header (for ``_text.read_table``, before pandas reads the block).

Two writers' habits leave such rows, and pandas alone gets both wrong: rows of n+1 fields among rows of n are
"bad lines" it skips (hundreds of a log's rows gone), and when every row has n+1 it silently drops the last field
of each (right for an empty one, a shift of every column for a leading index). Read here:

- a trailing separator (``f.write(f"{epoch},{loss},{acc},\\n")``: ``0,2.1,0.3,`` under ``epoch,loss,acc``) on some
  or all rows, the extra last field empty in every such row: the separator is dropped;
- a leading row index the header lacks (a DataFrame written with its index under a hand-written header, or
  ``f.write(f"{i},{epoch},...")``): every data row has n+1 fields and the first holds whole numbers going up by
  one row by row (0..n-1, 1..n), while the header's first column is found in the second field (a counter, or a
  header that names no step): the first field is dropped;
- one field inside the row empty in every row, flair's ``loss.tsv`` (flair 0.4-0.6 ``ModelTrainer``: a blank
  cell where ``TRAIN_PRECISION`` is, then ``_`` for the other train scores; public b659-179 ``bert_downsampled``,
  mooddj179: each ``DEV_*``/``TEST_*`` column read one to the left, ``DEV_LOSS`` from ``_``, ``DEV_PRECISION``
  holding the loss): that field is dropped.

Each is said in one line naming the file. Rows with a non-empty extra field that is no such index stay malformed:
pandas skips them with their own Problem per row, or (every row so) the extra field is left out and said.
"""
from __future__ import annotations

import re

import numpy as np

from ..runs import Problem

_STEP_NAME = re.compile(r"(?:_|global_|trainer/)?(?:step|steps|epoch|epochs|ep|iter|iters|iteration|iterations|it"
                        r"|batch|n_iter)", re.IGNORECASE)
_INTEGER = re.compile(rb"\s*[+-]?\d+\s*")


def trim(block: bytes, sep: str, fields: int, path: str) -> tuple[bytes, Problem | None]:
    """``block`` (a header line, then rows) with each row's extra field removed when it is one of the two kinds
    above, and the Problem saying so (None, and the block unchanged, when no row has ``fields + 1`` fields)."""
    if len(sep) != 1 or sep in "\n\r\"" or b'"' in block or fields < 1:
        return block, None
    header_end = block.find(b"\n")
    if header_end < 0:
        return block, None
    body = block[header_end + 1:]
    cut = sep.encode()
    arr = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    if not len(ends) or ends[-1] != len(body) - 1:
        ends = np.append(ends, len(body))
    counts = np.bincount(np.searchsorted(ends, np.flatnonzero(arr == cut[0])), minlength=len(ends))[: len(ends)]
    extra = np.flatnonzero(counts == fields)  # n separators: n + 1 fields
    if not len(extra):
        return block, None
    lines = body.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    name = block[:header_end].decode("utf-8", "replace").split(sep)[0].strip().strip("\r")
    if all(not lines[i].rstrip(b"\r").rsplit(cut, 1)[1].strip() for i in extra):
        for i in extra:
            row = lines[i]
            tail = b"\r" if row.endswith(b"\r") else b""
            lines[i] = row.rstrip(b"\r").rsplit(cut, 1)[0] + tail
        said = (f"{len(extra)} row(s) end with an empty field the header lacks (a trailing '{sep}'); read with the "
                f"header's {fields} columns")
        return _join(block, header_end, lines), Problem(path, said)
    rows = [i for i, row in enumerate(lines) if row.strip(b"\r \t")]
    if len(extra) == len(rows) and _index(lines, rows, cut, name):
        for i in rows:
            lines[i] = lines[i].split(cut, 1)[1]
        said = (f"every row has one field more than the header: a leading row index the header lacks, left out "
                f"(the header's {fields} columns read from the second field on)")
        return _join(block, header_end, lines), Problem(path, said)
    if len(extra) == len(rows) and (gap := _empty_inside(lines, rows, cut, fields)) is not None:
        for i in rows:
            parts = lines[i].split(cut)
            lines[i] = cut.join(parts[:gap] + parts[gap + 1:])
        said = (f"every row has one field more than the header, field {gap + 1} empty in every row (flair's blank "
                f"TRAIN_PRECISION cell): left out, the header's {fields} columns read from the rest")
        return _join(block, header_end, lines), Problem(path, said)
    if len(extra) == len(rows):
        said = (f"every row has {fields + 1} fields, the header {fields}: each row's last field has no name and is "
                f"left out")
        return block, Problem(path, said)
    return block, None


def _empty_inside(lines: list[bytes], rows: list[int], cut: bytes, fields: int) -> int | None:
    """The one field position (not the first, not the last) empty in every row of ``fields + 1`` fields, else None."""
    empty = None
    for i in rows:
        parts = lines[i].rstrip(b"\r").split(cut)
        blank = {j for j in range(1, fields) if not parts[j].strip()}
        empty = blank if empty is None else empty & blank
        if not empty:
            return None
    return next(iter(empty)) if empty is not None and len(empty) == 1 else None


def _index(lines: list[bytes], rows: list[int], cut: bytes, name: str) -> bool:
    """The rows' first fields are whole numbers going up by one, and the header's first column (a step counter, or
    any name when the header names no step first) is the second field: whole numbers never going down."""
    firsts, seconds = [], []
    for i in rows:
        parts = lines[i].split(cut, 2)
        if len(parts) < 2 or not _INTEGER.fullmatch(parts[0]):
            return False
        firsts.append(int(parts[0]))
        seconds.append(parts[1])
    if len(firsts) < 2 or np.any(np.diff(firsts) != 1):
        return False
    if _STEP_NAME.fullmatch(name) is None:
        return True
    if not all(_INTEGER.fullmatch(s) for s in seconds):
        return False
    return bool(np.all(np.diff([int(s) for s in seconds]) >= 0))


def _join(block: bytes, header_end: int, lines: list[bytes]) -> bytes:
    """The header line and the rows again, ending as ``block`` did (with its newline or without: cut mid-write)."""
    return block[: header_end + 1] + b"\n".join(lines) + (b"\n" if block.endswith(b"\n") else b"")
