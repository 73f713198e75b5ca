"""A job log's last line without its newline (for ``readers/joblog.py``).

A log saved by an editor, committed to git or printed with ``print(..., end="")`` often ends right after its last
line's text: that line is a finished record. A job killed mid-write ends inside a line: that line is cut. The last
line is read when it is complete: it parses into the same keys as the line of its shape before it (which ended in a
newline) and its last number is printed like that line's last number (as many decimals: ``0.8488`` after ``0.8414``;
``0.84`` after ``0.8414`` is cut mid-number). Without such a line before, a last line that parses is read. A last
line that looks cut is dropped with one warning naming the file's line.
"""
from __future__ import annotations

import re

_TRAILING_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d*)?%?$")


def _number_form(text: bytes) -> tuple | None:
    """How the number ending ``text`` is printed (decimals, exponent) or None when the text ends in no number."""
    m = _TRAILING_NUMBER.search(text.rstrip())
    if m is None:
        return None
    number = m.group().rstrip(b"%")
    mantissa, _, exponent = number.lower().partition(b"e")
    decimals = len(mantissa.partition(b".")[2]) if b"." in mantissa else -1
    return decimals, bool(exponent) or number.lower().endswith(b"e")


def looks_complete(data, start: int, size: int, record, hits) -> bool:
    """Whether the unterminated last segment ``data[start:size]``, parsed into ``record``, is a finished line: its
    keys and its trailing number's form match the newline-ended line of the same shape before it (``hits``)."""
    before = next((h for h in reversed(hits) if not h.transient and h.record.shape == record.shape
                   and h.record.kind == record.kind), None)
    if before is None:
        return True
    if tuple(k for k, _ in before.record.values) != tuple(k for k, _ in record.values):
        return False
    end = data.find(b"\n", before.offset, start)
    if end < 0:
        return False
    r = data.rfind(b"\r", before.offset, end)
    return _number_form(bytes(data[before.offset:r if r >= 0 else end])) == _number_form(bytes(data[start:size]))


def cut_note(data, size: int) -> str:
    """The warning for a dropped cut last line, naming its line number."""
    line = data.count(b"\n", 0, size) + 1
    return (f"line {line}: the last line has no newline and looks cut short (file truncated mid-write?): "
            "not read")
