"""DCGAN-tensorflow's training lines (used by ``readers/_progress.py``).

carpedm20/DCGAN-tensorflow ``model.py`` (and its many forks) prints, per batch, ``[%8d Epoch:[%2d/%2d] [%4d/%4d]
time: %4.4f, d_loss: %.8f, g_loss: %.8f`` (the global counter, the epoch of the planned epochs, the batch of the
epoch) and, every few hundred steps, ``[Sample] d_loss: %.8f, g_loss: %.8f``: both losses on the fixed sample batch
(an evaluation). The ``kv`` shape read neither counter (the points were numbered by line, the ``[Sample]`` line one
of them: every later point one step late, public XBisATrouble/DCGAN-NPU ``nohup.out``), and TensorFlow's warnings
written to the same stream without a line break (``g_loss: 0.69223416WARNING:tensorflow:From ...``) cost the last
value. Read: step = the printed counter, the planned epochs' count as the total; ``[Sample]`` values as ``val_d_loss``
/``val_g_loss`` at the step before; a number glued to a log record's start (``WARNING:``, ``W0522 ...``) is read up
to it.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

_TRAIN = re.compile(r"^\[\s*(\d+)\s+Epoch:\s*\[\s*(\d+)\s*/\s*(\d+)\]\s*\[\s*(\d+)\s*/\s*(\d+)\]")
_SAMPLE = re.compile(r"^\[Sample\]\s")
# a value, then the end of the line, a separator, or a log record glued on (TensorFlow writes to the same stream)
_PAIR = re.compile(r"(?<![\w.])([A-Za-z_]\w*):\s*(" + NUMBER + r")"
                   r"(?:(?![\w.])|(?=(?:WARNING|INFO|ERROR|DEBUG|CRITICAL)\b|[IWEF]\d{4}\s))")
_TIMING = frozenset({"time", "data_time", "eta"})


def _pairs(text: str) -> list:
    out = []
    for key, raw in _PAIR.findall(text):
        value = to_float(raw)
        if value is not None and key.lower() not in _TIMING:
            out.append((key, value))
    return out


def dcgan(text: str) -> Record | None:
    """The record of a DCGAN-tensorflow training or ``[Sample]`` line, None for any other text."""
    if text.startswith("[Sample]"):
        if _SAMPLE.match(text) is None:
            return None
        values = tuple(("val_" + k, v) for k, v in _pairs(text[8:]))
        return Record("dcgan", values, kind="eval") if any("loss" in k for k, _ in values) else None
    if not text.startswith("[") or "Epoch:" not in text[:40]:
        return None
    m = _TRAIN.match(text)
    if m is None:
        return None
    values = tuple(_pairs(text[m.end():]))
    if not any("loss" in k for k, _ in values):
        return None
    return Record("dcgan", values, step=int(m.group(1)), epoch=float(m.group(2)), total=None, own_step=True)
