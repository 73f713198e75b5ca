"""Debugging prints beside a job log's training lines (used by ``readers/joblog.py``).

A training loop's own ``print("[DEBUG] Tổng Loss:", ...)`` (public LIDC TransAttUNet ``train.log``: per epoch
``[DEBUG] Max prob: 1.0000`` / ``[DEBUG] Tổng Loss: 0.1923`` / ``[DEBUG] Dice per class: ...`` above ``Train Loss:
0.7225 | Dice: 0.6443`` / ``Val Loss: ...``) reports one batch the author looked at, not a curve; read, it became a
series of its own (``Tổng_Loss``) beside the training's. Lines whose text starts with a ``[DEBUG]`` marker (after a
time or rank prefix) are left out, with one line saying how many and where the first is, when the log has at least
two other lines read; a log printing only ``[DEBUG]`` lines keeps them (the marker is then the logger's level).
"""
from __future__ import annotations

import re

from ._joblog_ending import _count_lines
from ._linestart import line_start

_DEBUG = re.compile(rb"^\s*(?:\[[^\]\n]{1,40}\]\s*|\d[\d\-/: ,.T]{7,30}\s*)?\[DEBUG\]")
_LEN = 120  # bytes of the line start looked at


def drop_debug_prints(data, hits: list, notes: list) -> list:
    """``hits`` without the ``[DEBUG]`` lines (module docstring); a note in ``notes`` when any was left out."""
    if data.find(b"[DEBUG]") < 0 or not hits:
        return hits
    kept, dropped = [], []
    for h in hits:
        start = line_start(data, h.offset)
        (dropped if _DEBUG.match(bytes(data[start:start + _LEN])) else kept).append(h)
    if not dropped or len(kept) < 2:
        return hits
    line = _count_lines(data, 0, dropped[0].offset) + 1
    names = sorted({t for h in dropped for t, _ in h.record.values})
    notes.append(f"{len(dropped)} '[DEBUG]' lines (the first at line {line}; {', '.join(names[:4])}) left out: "
                 f"debugging prints beside the training's own lines, not a curve")
    return kept
