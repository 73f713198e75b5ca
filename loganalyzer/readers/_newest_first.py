"""A log whose lines are listed newest first (used by ``readers/joblog.py``).

An export of a job's events lists them newest first: OpenAI's fine-tuning job events (the dashboard's CSV download,
public drugft101 ``training_results.csv``: ``created_at,level,message,type`` rows, ``Step 1500/1500: training
loss=0.00`` first and ``Step 1/1500: training loss=7.77`` near the end, the job's ``Created fine-tuning job`` last).
Read top to bottom, every step went back below the one before: 1,500 runs of one point each.

``flipped(data, hits)`` -> the same bytes with the line order reversed (same length; offsets then count in the
reversed text), or None: when at least ``MIN_LINES`` training lines print their own step, each step is below the one
printed before it (``SHARE`` of the moves or more, none equal), the last one being the smallest, and the lines carry
their time (``_TIME``: a leading Unix time or date, or a ``created_at``/``timestamp`` field), going back too: an
export, written after the fact. A log counting its steps down as it runs (a breaker's ``Step 3000 remaining | loss
2.30`` ... ``Step 100 remaining | loss 0.35``) has no such times, or times going forward: read as printed (flipped,
its falling loss was a rising one: `diverged` 0.96). A resumed log's steps go back once or a few times, never line
after line.
"""
from __future__ import annotations

import re

from ._linestart import newline_start

MIN_LINES = 5
SHARE = 0.95
NOTE = ("the lines are listed newest first (each training line's step below the one before it, as an export of a "
        "job's events is): read bottom to top")


_TIME = re.compile(rb'^\W{0,2}(\d{10}(?:\.\d+)?|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)|'
                   rb'(?:created_at|timestamp|time)\W{1,4}(\d{10}(?:\.\d+)?|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)')


def _time(data, offset: int):
    """The time a line (from ``offset``, back to its start) carries, as comparable text, or None."""
    lo = newline_start(data, offset)
    end = bytes(data[offset:offset + 400]).find(b"\n")
    line = bytes(data[lo:offset + (end if end >= 0 else 400)])
    m = _TIME.search(line)
    if m is None:
        return None
    text = m.group(1) or m.group(2)
    return float(text) if text[:1].isdigit() and b"-" not in text else text


def _times_go_back(data, lines: list) -> bool:
    """Whether (nearly) every line carries a time and they go back from the first to the last, never forward."""
    times = [_time(data, h.offset) for h in lines]
    if sum(t is not None for t in times) < SHARE * len(times):
        return False
    times = [t for t in times if t is not None]
    kinds = {type(t) for t in times}
    return len(kinds) == 1 and times[-1] < times[0] and all(b <= a for a, b in zip(times, times[1:]))


def flipped(data, hits: list):
    """``data`` with its lines in reverse order when they are listed newest first (module docstring), else None."""
    lines = [h for h in hits if h.record.own_step and h.record.kind == "train" and h.record.step is not None]
    steps = [h.record.step for h in lines]
    if len(steps) < MIN_LINES or steps[-1] >= steps[0]:
        return None
    moves = [b - a for a, b in zip(steps, steps[1:])]
    if any(m == 0 for m in moves) or sum(m < 0 for m in moves) < SHARE * len(moves) or not _times_go_back(data, lines):
        return None
    raw = bytes(data)
    ends = raw.endswith(b"\n")
    lines = (raw[:-1] if ends else raw).split(b"\n")
    lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]  # (a CRLF file: '\r' kept off the joins)
    crlf = raw.count(b"\r\n") == len(lines) - (0 if ends else 1) and b"\r\n" in raw
    sep = b"\r\n" if crlf else b"\n"
    out = sep.join(reversed(lines)) + (sep if ends else b"")
    return out if len(out) == len(raw) else None
