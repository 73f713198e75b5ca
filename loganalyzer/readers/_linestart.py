"""Where a printed line starts, for the job-log scans (``_joblog_scan``, ``_needle`` and the needle readers).

``line_start(data, p)`` is ``max(data.rfind(b"\\n", lo, p), data.rfind(b"\\r", lo, p)) + 1`` (a line starts after the
last newline or carriage return before ``p``; ``lo`` when there is none), found by looking back a short window first:
the plain ``rfind`` of the break a log never prints (no ``\\r`` in a log of plain lines, no ``\\n`` in one bar's
redraws) scanned back to the file's start for every hit -- quadratic in the file (a 3.7 MB log of 38,000 lines:
~10 s in ``_joblog_debug`` alone). Same result, bytes or mmap.
``line_end(data, p)`` is the matching end: the first ``\\n`` or ``\\r`` at or after ``p`` (a bar's redraw ends at its
``\\r``: taking the next ``\\n`` instead made every hit on a 10,000-update tqdm bar decode and search the whole bar,
quadratic in the bar -- a 260 KB log of GS/NeRF-style bars took 33 s in ``_joblog_sweep`` alone).
"""
from __future__ import annotations

_NEAR = 4096  # bytes looked back first: a longer printed line is rare


def line_start(data, p: int, lo: int = 0) -> int:
    """The offset just after the last ``\\n`` or ``\\r`` in ``data[lo:p]``; ``lo`` when there is none."""
    near = max(lo, p - _NEAR)
    last = max(data.rfind(b"\n", near, p), data.rfind(b"\r", near, p))
    if last < 0 and near > lo:
        last = max(data.rfind(b"\n", lo, near), data.rfind(b"\r", lo, near))
    return last + 1 if last >= 0 else lo


def line_end(data, p: int) -> int:
    """The offset of the first ``\\n`` or ``\\r`` at or after ``p``; ``len(data)`` when there is none. The ``\\r``
    search is bounded by the ``\\n`` found (a log of plain lines has no ``\\r`` to find: no scan to the file's end)."""
    e_n = data.find(b"\n", p)
    e_n = len(data) if e_n < 0 else e_n
    e_r = data.find(b"\r", p, e_n)
    return e_n if e_r < 0 else e_r


def newline_start(data, p: int) -> int:
    """The offset just after the last ``\\n`` in the ``_NEAR`` bytes before ``p``; 0 when there is none (a ``\\r`` is
    no break here: the line-prefix rules -- ``_joblog_learners``, ``_joblog_twice``, ``_joblog_relaunch`` -- look
    at a printed line's first bytes, a bar's redraws included)."""
    return data.rfind(b"\n", max(0, p - _NEAR), p) + 1
