"""Whether a CSV head's first rows are a table of numbers (for ``plain_csv._sniff`` and ``_table_preamble``):
``_rows_are_a_table`` -- the header's number of fields on every row, each a number, a one-number tensor repr or
missing, a ``time`` column's ISO 8601 dates (``_DATETIME``) -- and ``_whole_lines`` (the sniffed head without a last
line that may be cut short). Moved from ``plain_csv`` (which re-exports them) to keep that module under the
project's ~400-line rule; no change of behaviour."""
from __future__ import annotations

import re

from ._csv_axis import MISSING as _MISSING
from ._history_table import is_list_cell
from ._plain_columns import TIME_COLUMNS, _pick, is_loss_like
from ._text import head_rows, is_number, split_header
from ._text_clean import unwrap_number

_DATETIME = re.compile(r"\d{4}-\d\d-\d\d([ T]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$")  # ISO 8601


def _whole_lines(head: bytes) -> bytes:
    """The sniffed head without its last line when that may be cut short."""
    head = bytes(head)
    return head if len(head) < 8192 or b"\n" not in head else head[: head.rfind(b"\n") + 1]


def _rows_are_a_table(head: bytes, sep: str, columns: list[str]) -> bool:
    """The first rows have the header's number of fields, every one a number (perhaps a one-number tensor/numpy
    repr: ``tensor(0.52, grad_fn=<...>)`` as pandas writes a list of loss tensors) or missing (a log of losses, not
    a report or a dataset with text in it) and, with pandas' unnamed index, a whole number first."""
    rows = [r for r in head_rows(head, 10) if r.strip()]
    if not rows:
        return False
    clock = _pick(columns, TIME_COLUMNS)  # 'time' of '2024-05-13 12:26:23' dates: the wall time, read as such
    listed: set[int] = set()  # columns of quoted lists of numbers beside the scalars: skipped, said (read_wide)
    for row in rows:
        fields = split_header(row, sep)
        if len(fields) != len(columns):
            return False
        listed.update(i for i, f in enumerate(fields) if sep != r"\s+" and is_list_cell(f))
        if any(f not in _MISSING and not is_number(f) and unwrap_number(f) is None and i not in listed
               and not (i == clock and _DATETIME.match(f)) for i, f in enumerate(fields)):
            return False
    if listed and not any(is_loss_like(c) for i, c in enumerate(columns) if i not in listed):
        return False  # only the lists name a loss: a table of histories (``_history_table`` says so)
        if columns[0] == "" and len(columns) > 1 and not fields[0].lstrip("-").isdigit():
            return False
    return True
