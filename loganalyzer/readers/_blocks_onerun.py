"""Telling a CSV file of one run without parsing it (``one_run``, used by the Keras and plain-CSV readers'
``count_segments``; see ``_blocks`` for what starts a run): a counter column that only goes forward, checked by
one regex pass over the lines, or by the C parser's ``counts_up`` (``_csvcells``) with its Python twin
``_counts_up_py`` for a counter going up by one.
"""
from __future__ import annotations

import functools
import os
import re

import numpy as np

try:  # the C twin of ``_counts_up_py`` (setup.py builds it when a compiler is there)
    from . import _csvcells
except ImportError:  # pragma: no cover - the Python twin: the same answer
    _csvcells = None


@functools.lru_cache(maxsize=16)
def _line_counters(lead: bytes, tail: bytes) -> re.Pattern:
    """Each line's counter, matched after its newline: the regex engine jumps from newline to newline (a line's
    remaining bytes are never scanned: any of them fits the tail)."""
    return re.compile(rb"\n" + lead + rb"(\d{1,15})" + tail)


@functools.lru_cache(maxsize=64)
def _counting(first: bytes, n: int, after: bytes = b"") -> list[bytes]:
    """The counter written ``first``, ``first + 1``, ... (``n`` lines; each followed by ``after``): Keras' epochs
    0, 1, 2..."""
    start = int(first)
    return [b"%d%s" % (i, after) for i in range(start, start + n)]


def _counts_up(body: bytes, sep: bytes, pure_python: bool | None = None) -> bool:
    """Every line of ``body`` starts with the counter of the line before plus one, then ``sep`` (the common Keras
    log): by the C parser's ``counts_up`` when built (one pass, no line objects: ~35 -> ~2 us a 200-line log), else
    (``LOGANALYZER_PURE_PYTHON=1``, or a ``sep`` C does not take) by ``_counts_up_py``; the same answer."""
    if pure_python is None:
        pure_python = _csvcells is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1"
    if pure_python or not sep or sep[:1].isdigit() or b"\n" in sep:
        return _counts_up_py(body, sep)
    return _csvcells.counts_up(body, sep)


def _counts_up_py(body: bytes, sep: bytes) -> bool:
    """``_counts_up`` in Python: a split and one ``startswith`` a line, no regex over the lines' bytes."""
    lines = body.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    first = re.match(rb"(\d{1,15})" + re.escape(sep), lines[0]) if lines else None
    return first is not None and int(first.group(1)) + len(lines) < 10**15 \
        and all(map(bytes.startswith, lines, _counting(first.group(1), len(lines), sep)))


def one_run(raw: bytes, offset: int, sep: str, col: int = 0, *, ties_restart: bool = True) -> bool:
    """The common file, told without parsing it: after the header line at ``offset``, every line holds a whole
    number (1 to 15 digits) in field ``col`` (followed by ``sep`` when ``col`` is 0), there is no quote, no CR
    (but every line ending in CRLF), no blank line and no second header, and that counter only goes forward
    (strictly with ``ties_restart``), so no row can start a new run (a row the parser would skip only removes a
    step: the rest still go forward). True: the file holds one run. False: parse it to know."""
    header_end = raw.find(b"\n", offset)
    if header_end < 0 or sep == r"\s+":
        return False
    body = raw[header_end + 1:]
    if b'"' in body:
        return False
    if b"\r" in body:  # every line in CRLF (Python's csv module: both CSVLoggers): the lines the parser reads
        if body.count(b"\r") != body.count(b"\r\n"):
            return False
        body = body.replace(b"\r\n", b"\n")
    if col == 0 and _counts_up(body, sep.encode()):
        return True
    cut = re.escape(sep.encode())
    lead = rb"(?:[^\n" + cut + rb"]*" + cut + rb"){" + str(col).encode() + rb"}"
    tail = cut if col == 0 else rb"(?=" + cut + rb"|\n|\Z)"
    # one pass: each line of the right form gives its counter; a line that is not (a blank line) gives none
    found = _line_counters(lead, tail).findall(b"\n" + body)
    if len(found) != body.count(b"\n") + (not body.endswith(b"\n")) - (not body):
        return False
    if not found or found == _counting(found[0], len(found)):
        return True  # 0, 1, 2...: forward (no parse of the digits)
    counter = np.array(found, dtype=np.int64)
    step = np.diff(counter)
    return bool((step > 0).all() if ties_restart else (step >= 0).all())

