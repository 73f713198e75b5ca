"""A log whose lines are listed newest first (used by ``readers/joblog.py``).

An export of a job's events lists them newest first: OpenAI's fine-tuning job events (the dashboard's CSV download,
public drugft101 ``training_results.csv``: ``created_at,level,message,type`` rows, ``Step 1500/1500: training
loss=0.00`` first and ``Step 1/1500: training loss=7.77`` near the end, the job's ``Created fine-tuning job`` last).
Read top to bottom, every step went back below the one before: 1,500 runs of one point each.

``flipped(data, hits)`` -> the same bytes with the line order reversed (same length; offsets then count in the
reversed text), or None: when at least ``MIN_LINES`` training lines print their own step and each step is below
the one printed before it (``SHARE`` of the moves or more, none equal), the last one being the smallest. A log
whose steps count down by design (none known) would read backwards too; a resumed log's steps go back once or a
few times, never line after line.
"""
from __future__ import annotations

MIN_LINES = 5
SHARE = 0.95
NOTE = ("the lines are listed newest first (each training line's step below the one before it, as an export of a "
        "job's events is): read bottom to top")


def flipped(data, hits: list):
    """``data`` with its lines in reverse order when they are listed newest first (module docstring), else None."""
    steps = [h.record.step for h in hits if h.record.own_step and h.record.kind == "train" and h.record.step is not None]
    if len(steps) < MIN_LINES or steps[-1] >= steps[0]:
        return None
    moves = [b - a for a, b in zip(steps, steps[1:])]
    if any(m == 0 for m in moves) or sum(m < 0 for m in moves) < SHARE * len(moves):
        return None
    raw = bytes(data)
    ends = raw.endswith(b"\n")
    lines = (raw[:-1] if ends else raw).split(b"\n")
    lines = [ln[:-1] if ln.endswith(b"\r") else ln for ln in lines]  # (a CRLF file: '\r' kept off the joins)
    crlf = raw.count(b"\r\n") == len(lines) - (0 if ends else 1) and b"\r\n" in raw
    sep = b"\r\n" if crlf else b"\n"
    out = sep.join(reversed(lines)) + (sep if ends else b"")
    return out if len(out) == len(raw) else None
