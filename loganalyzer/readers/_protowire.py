"""Protocol-buffer wire format, read by hand (for ``_tfevents_py``, ``tensorboard`` and ``wandb_run``; re-exported
by ``_tfevents_py``): varints, skipping a field by its wire type, a message's fields, a length-delimited payload.
Each raises ``_Malformed`` on bytes that run past the end, as ``_tfevents.c`` stops on them.
"""
from __future__ import annotations


class _Malformed(Exception):
    pass


def _varint(b, p: int, end: int) -> tuple[int, int]:
    v = 0
    shift = 0
    while shift < 70:
        if p >= end:
            raise _Malformed
        x = b[p]
        p += 1
        v |= (x & 0x7F) << shift
        if not x & 0x80:
            return v & 0xFFFFFFFFFFFFFFFF, p
        shift += 7
    raise _Malformed


def _skip(b, p: int, end: int, wt: int) -> int:
    if wt == 0:
        return _varint(b, p, end)[1]
    if wt == 1:
        if end - p < 8:
            raise _Malformed
        return p + 8
    if wt == 2:
        n, p = _varint(b, p, end)
        if n > end - p:
            raise _Malformed
        return p + n
    if wt == 5:
        if end - p < 4:
            raise _Malformed
        return p + 4
    raise _Malformed


def _fields(b, p: int, end: int):
    """Yield (field, wire_type, value_start, next) for each field of a message in b[p:end]."""
    while p < end:
        key, p = _varint(b, p, end)
        wt = key & 7
        nxt = _skip(b, p, end, wt)
        yield key >> 3, wt, p, nxt
        p = nxt


def _ld(b, p: int, end: int) -> tuple[int, int]:
    """Start and end of a length-delimited field's payload (already validated by _skip)."""
    n, p = _varint(b, p, end)
    return p, p + n
