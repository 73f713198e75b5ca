"""Iteration banner lines over step-less values (used by ``_joblog_headers.header_steps``).

A loop that prints its iteration count alone on a ruled line, then the values of that iteration on the next line
with no step of their own (public Ashecy/pinn-code ``output/log.txt``, a PINN's Adam loop)::

    -----------------------------------------------Iteration: 1000-----------------------------------------------
    Loss: 2.60169e-02 Loss_u: 4.964e-03 Loss_v: 1.122e-02 Loss_fu: 4.133e-03 Loss_fv: 5.702e-03 L2: 1.097e+00
    Memory Usage -> CPU: 946.27 MB, GPU Allocated: 19.18 MB, ...
    -----------------------------------------------Iteration: 2000-----------------------------------------------

The values were numbered 1, 2, 3... (the lines' ordinals); they are at the banner's iteration (1000, 2000...).
A banner is a line holding only ``Iteration``/``Iter``/``Step`` and its number (``Iteration: 1000``, ``Step 200``,
``=== iter 5 ===``, ``Iteration 3/10``, ``Step 500 (10%):`` -- a colon after it, the share of the planned steps in
parentheses: a SmolLM2 training summary's blocks, ``Train Loss: 4.130`` / ``Learning Rate: ..`` indented under
``Step 500 (10%):``, public smollm160, were at the blocks' ordinals 1..10), between rules or alone; it is looked for among the ``LINES`` non-blank
lines printed since the progress line before. ``header_steps`` uses it only for a log whose progress lines print
no step at all, and only when no series prints twice under one banner (per-batch lines stay numbered).
"""
from __future__ import annotations

import re

LINES = 4
_BANNER = re.compile(rb"(?i)[-=*#~_<>\[( \t]*(?:iteration|iter|step)[ \t]*[:#=]?[ \t]*(\d{1,9})(?:[ \t]*/[ \t]*(\d{1,9}))?"
                     rb"(?:[ \t]*\([ \t]*\d{1,3}(?:\.\d+)?[ \t]*%[ \t]*\))?[ \t]*:?[ \t]*[-=*#~_<>\]) \t]*")


def iteration_banner(data, lo: int, hi: int, total: bool = False):
    """The iteration of the last banner line among the last ``LINES`` non-blank lines of ``data[lo:hi]``, or None;
    with ``total``, (iteration, the total a ``3/10`` banner prints or None) or None (``_joblog_headers._header``'s
    shape)."""
    seen, end = 0, hi
    while seen < LINES and end > lo:
        start = max(data.rfind(b"\n", lo, max(end - 1, lo)) + 1, lo)
        line = bytes(data[start:end]).strip()
        end = start - 1
        if not line:
            continue
        seen += 1
        m = _BANNER.fullmatch(line)
        if m is not None:
            n = int(m.group(1))
            return (n, int(m.group(2)) if m.group(2) else None) if total else n
    return None
