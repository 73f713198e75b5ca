"""An argument dump at a printed log's top, one ``name = value`` a line (for ``readers/_config_dump.drop``).

IMU-Group/FGSD's ShadowDet logs its arguments before training (``Experiment arguments:`` then ``=====begin=====``,
``action = train`` ... ``loss_binary_coeff = 10.0``, ``loss_det_coeff = 10.0``, ``lr = 0.0005`` ... one
``f'{k} = {v}'`` a line; public shadowdet ``train.log``, thirtieth labeller's item 6): each numeric one was read as a
one-point series at step 0, six of them named like losses. Such lines are settings, no progress: a block of at least
``_MIN_BLOCK`` consecutive lines that are each one ``name = value`` pair, each name once, before the first line that
prints a step, whose names no later line prints again. A lone ``loss = 0.4`` line (no block) stays a value. YAML-like
``name: value`` lines count too (public elsa86's train_log.txt: ``vars(args)`` printed as ``loss_temporal_wei: 1.0``
among 36 such lines between dashes, two read as one-point losses).
"""
from __future__ import annotations

import re

_PAIR_LINE = re.compile(r"^[ \t]*([A-Za-z_][\w.\-]*)[ \t]*(?:=|:(?=[ \t]))[ \t]*(\S[^=]*?)[ \t]*$")
_MIN_BLOCK = 5
_REACH = 1 << 16  # bytes looked at around a line for its block


def _lines_around(data, offset: int) -> tuple[list[str], int]:
    """The text lines within ``_REACH`` of ``offset`` and the index of the one holding it."""
    lo = max(0, offset - _REACH)
    hi = min(len(data), offset + _REACH)
    before = bytes(data[lo:offset]).decode("utf-8", "replace").split("\n")
    after = bytes(data[offset:hi]).decode("utf-8", "replace").split("\n")
    if lo > 0:
        before = before[1:]  # a cut line
    lines = before[:-1] + [before[-1] + after[0]] + after[1:]
    return [line.rstrip("\r") for line in lines], len(before) - 1


def _in_dump(data, offset: int) -> bool:
    """Whether the line at ``offset`` is one ``name = value`` pair in a block of such lines, each name once."""
    lines, at = _lines_around(data, offset)
    if _PAIR_LINE.match(lines[at]) is None:
        return False
    lo = at
    while lo > 0 and _PAIR_LINE.match(lines[lo - 1]):
        lo -= 1
    hi = at
    while hi + 1 < len(lines) and _PAIR_LINE.match(lines[hi + 1]):
        hi += 1
    names = [_PAIR_LINE.match(line).group(1) for line in lines[lo:hi + 1]]
    return len(names) >= _MIN_BLOCK and len(set(names)) == len(names)


def drop_settings(data, hits: list) -> list:
    """``hits`` (``joblog._Hit``) less the values of a ``name = value`` argument dump before the first stepped line
    (module docstring)."""
    first = next((i for i, h in enumerate(hits) if h.record.step is not None), len(hits))
    if first == 0:
        return hits
    later = {tag for h in hits[first:] for tag, _ in h.record.values}
    seen: dict = {}
    for h in hits[:first]:
        for tag, _ in h.record.values:
            seen[tag] = seen.get(tag, 0) + 1
    out = []
    for i, h in enumerate(hits):
        if i < first and len(h.record.values) == 1 and h.record.step is None:
            tag = h.record.values[0][0]
            if tag not in later and seen[tag] == 1 and _in_dump(data, h.offset):
                continue
        out.append(h)
    return out
