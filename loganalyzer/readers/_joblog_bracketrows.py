"""Headerless ``[epoch] step loss seconds`` rows, read whole (used by ``_joblog_scan._scan``)::

    [0] 10 44.364216922668774 0.23537039756774902
    [0] 50 20.386635805691135 0.33523058891296387
    [0] 50 IOU:  [0.3086612366639899, 0.32634035002855594]
    ...
    Validation mIOU: [0.6041166992241389, 0.7967230033869129]
    Validation loss: 48.01328498915071

(public Bargain18/AISL-UBEV ``train.out``: ``print(f"[{epoch}] {step} {loss.item()} {time()-t_0}")`` each 10 steps,
``print(f"[{epoch}] {step} IOU: ", ious)`` each 50, then the epoch's validation). The training rows name nothing and
hold no loss word, so the whole training loss (2,312 rows) was dropped; the IOU lines were read at their ordinal
(1..462, not the printed step 50..23100) and only the first of their per-class values kept.

Read here, when >= ``MIN_ROWS`` such rows count their epoch up and their step on, the row's last number is a
positive clock, no other line after the first row names a training loss beside a number, and a split's ``loss`` is printed (``Validation
loss: x``: the objective the unnamed value is the training side of): each row's first value is ``loss`` at the
printed step; a ``[epoch] step name: [a, b]`` line is ``name_0``, ``name_1`` (per class) at its step; a ``Validation
name: x`` or ``: [a, b]`` line after the first row is ``val_name`` (``val_name_0``...) at the step of the row before (the epoch's end).
The reading of unnamed values as a loss is a guess, said in the run's notes.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_N = NUMBER.encode()
_ROW = re.compile(rb"(?m)^\[(\d+)\][ \t]+(\d+)[ \t]+(" + _N + rb")[ \t]+(" + _N + rb")[ \t]*\r?$")
_LISTED = re.compile(rb"(?m)^\[(\d+)\][ \t]+(\d+)[ \t]+([A-Za-z][\w@-]*)[ \t]*:[ \t]*(\[[^\]\n]*\]|" + _N
                     + rb")[ \t]*\r?$")
_SPLIT = re.compile(rb"(?m)^[ \t]*(Validation|Valid|Val|Test|Eval|Evaluation)[ \t]+([A-Za-z][\w@-]*)[ \t]*:[ \t]*"
                    rb"(\[[^\]\n]*\]|" + _N + rb")[ \t]*\r?$", re.IGNORECASE)
_NAMED_LOSS = re.compile(rb"(?i)loss[\w ]{0,20}[:=]?[ \t]*[-+]?\d")
MIN_ROWS = 20
NOTE = ("unnamed '[epoch] step value seconds' rows: the value read as the training loss (a guess: the log names "
        "no training series; its validation prints a loss)")


def _values(raw: bytes) -> list[float] | None:
    text = raw.decode("ascii", "replace").strip()
    parts = text[1:-1].split(",") if text.startswith("[") else [text]
    try:
        return [float(p) for p in parts if p.strip()]
    except ValueError:
        return None


def _named(name: str, values: list[float]) -> tuple:
    return ((name, values[0]),) if len(values) == 1 else tuple((f"{name}_{i}", v) for i, v in enumerate(values))


def bracket_row_hits(data, size: int) -> tuple[list[tuple[int, Record]], str] | None:
    """((offset, record) of every row and named line, the note) or None when the log is not of this shape."""
    if bytes(data[:1]) != b"[" and data.find(b"\n[") < 0:
        return None
    rows = []
    for m in _ROW.finditer(data):
        rows.append(m)
        if len(rows) >= MIN_ROWS:
            break
    if len(rows) < MIN_ROWS:
        return None
    first = rows[0].start()  # the settings printed before the first row ('Val loader: 4625', 'Using loss ce'): no result
    splits = list(_SPLIT.finditer(data, first))
    if not any(m.group(2).lower() == b"loss" for m in splits):
        return None
    rows = list(_ROW.finditer(data))
    last = (-1, -1)
    for m in rows:
        epoch, step, clock = int(m.group(1)), int(m.group(2)), float(m.group(4))
        if epoch < last[0] or step <= last[1] or not clock > 0:
            return None
        last = (epoch, step)
    claimed = {m.start() for m in splits}
    for m in _NAMED_LOSS.finditer(data, first):  # a training loss named elsewhere: the log is another shape
        if data.rfind(b"\n", 0, m.start()) + 1 not in claimed:
            return None
    out = [(m.start(), Record("kv", (("loss", float(m.group(3))),), step=int(m.group(2)),
                              epoch=float(m.group(1)), own_step=True)) for m in rows]
    for m in _LISTED.finditer(data):
        values = _values(m.group(4))
        if values:
            out.append((m.start(), Record("kv", _named(m.group(3).decode(), values), step=int(m.group(2)),
                                          epoch=float(m.group(1)), own_step=True)))
    for m in splits:
        values = _values(m.group(3))
        if values:
            out.append((m.start(), Record("kv", _named("val_" + m.group(2).decode(), values), kind="eval")))
    return sorted(out, key=lambda pair: pair[0]), NOTE
