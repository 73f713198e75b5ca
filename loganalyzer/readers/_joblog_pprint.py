"""A config dict pretty-printed over many lines by a logger record, for ``joblog``: no point of any curve.

DBNet-style trainers (public JessicaAuditore/DBNet ``output/train.log``, WenmuZhou/DBNet.pytorch's
``logger.info(pformat(config))``) log their whole config at every launch as one record whose message is a
``pprint.pformat`` of a dict, its lines after the first without the logger's prefix::

    2020-12-06 09:20:53,932 DBNet INFO: {'arch': {'backbone': {'in_channels': 3,
     ...
     'loss': {'alpha': 1, 'beta': 10, 'ohem_ratio': 3, 'type': 'DBLoss'},
     'lr_scheduler': {'args': {'warmup_epoch': 3}, 'type': 'WarmupPolyLR'},

The line ``'loss': {'alpha': 1, ...}`` names a loss, and its hyper-parameters were read as a training point at step
0 before every launch: series ``alpha``/``beta``/``ohem_ratio``, and a first step of 0 under which every later
training's ``global_step: 1`` looked like a resume (105 launches, fresh trainings among them, read as one run).

``regions(data)`` are the spans of such dumps: a line whose text (after a logger prefix) opens a Python dict or list
repr (``{'`` or ``[{'``) that does not close on that line, up to the line where its brackets close (strings
skipped), at most ``MAX_LINES`` lines; kept only when the dump holds ``MIN_STRINGS`` or more quoted string values
(``'type': 'DBLoss'``: a config, where a metrics dict printed over several lines holds numbers).
"""
from __future__ import annotations

import re

MAX_LINES = 5000  # a dump longer than this is no dump (its close is somebody else's)
MIN_STRINGS = 3
_OPENS = re.compile(rb"(?m)^[^\n{\[']{0,100}?(?<![\w'\"])(\[?\{')[^\n]*$")
_STRING_VALUE = re.compile(rb"'\s*:\s*'")
_TOKENS = re.compile(rb"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|[\[\]{}()\n]")


def _close(data, start: int) -> int | None:
    """The offset just past the line where the brackets opened at ``start`` close, or None (no close within
    ``MAX_LINES`` lines, or they close on the first line)."""
    depth, lines = 0, 0
    for m in _TOKENS.finditer(data, start):
        t = m.group(0)
        if t == b"\n":
            lines += 1
            if lines > MAX_LINES:
                return None
            continue
        if t[:1] in b"'\"":
            continue
        depth += 1 if t in (b"[", b"{", b"(") else -1
        if depth <= 0:
            if lines == 0:
                return None  # closed on its own line: a one-line dict (an HF record), not a dump
            end = data.find(b"\n", m.end())
            return len(data) if end < 0 else end + 1
    return None


def regions(data) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each multi-line pretty-printed config dict of ``data`` (module docstring)."""
    if b"{'" not in data:
        return []
    out, at = [], 0
    while True:
        m = _OPENS.search(data, at)
        if m is None:
            return out
        line = m.group(0)
        if line.count(b"{") + line.count(b"[") <= line.count(b"}") + line.count(b"]"):
            at = m.end()  # its brackets close on the line (a one-line dict: an HF record)
            continue
        end = _close(data, m.start(1))
        if end is None:
            at = m.end()
            continue
        if len(_STRING_VALUE.findall(data, m.start(1), end)) >= MIN_STRINGS:
            out.append((m.start(), end))
        at = end


def drop(data, hits: list) -> list:
    """``hits`` (``joblog._Hit``) less those inside a pretty-printed config dict (``regions``)."""
    spans = regions(data) if hits else []
    if not spans:
        return hits
    out, k = [], 0
    for h in hits:  # hits are in file order, spans too
        while k < len(spans) and spans[k][1] <= h.offset:
            k += 1
        if k < len(spans) and spans[k][0] <= h.offset:
            continue
        out.append(h)
    return out
