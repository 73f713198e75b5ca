"""Evaluation lines naming their values by split alone, between the training's loss lines (used by
``readers/_joblog_fallbacks.py`` when lines named a loss).

A small GPT's loop (public tinyshrek224 ``scratch.log``, a nanoGPT-style character model) prints its training
every 50 iterations as ``iter    400 | loss 0.7636 | lr 4.65e-04 | 36s`` and, every 20 iterations, its estimate
of both splits as ``  eval 420: train 0.7913 | val 1.7533 | 2.5294 bpc``. The evaluation lines name no loss, so
only the per-iteration loss was read: a clear overfit (val best 1.5519 at iteration 280, 1.7533 at 420, while the
evaluated train loss fell 2.90 -> 0.717) was `healthy` "no validation".

A line ``eval|evaluation|validation|step|iter N: <parts>`` (the counter word, the training step, a colon) whose
``|``- or ``,``-separated parts hold a bare ``val``/``valid``/``validation``/``dev`` value (and maybe ``train``,
``test``) is read at step N as ``split_readers._joblog_splitnamed`` reads its epoch lines: the bare value is that
split's objective, ``<split>_loss`` (``train_loss``, ``val_loss``: the names nanoGPT's ``step N: train loss X,
val loss Y`` gets); a part without a name (``2.5294 bpc``) is passed over. At least ``MIN_LINES`` such lines, or
none is read. The step is the training's own counter (``own_step``), the axis of the loss lines around them.

``eval_split_hits(data, size, needle_hits, hits)``: ``hits`` plus these lines' hits (a new list, in file order);
``hits`` itself when fewer are found, or when the ``val`` values all lie in [0, 1] and end above their first: an
accuracy climbing under the bare split names (``eval 100: train 0.95 | val 0.93``), no objective. Never raises.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._joblog_splitnamed import split_named_line

MIN_LINES = 2
_NEEDLE = b"val"
_HEAD = re.compile(rb"^\s*(?:eval|evaluation|validation|step|iter|iteration)\s+(\d+)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def eval_split_line(segment):
    """The record of one ``eval N: train x | val y`` line (module docstring), or None."""
    m = _HEAD.match(bytes(segment))
    if m is None or not (b"|" in m.group(2) or b"," in m.group(2)):
        return None
    record = split_named_line(b"Epoch " + m.group(1) + b" | " + m.group(2))
    if record is None or not any(name == "val_loss" for name, _ in record.values):
        return None
    return replace(record, shape="evalsplits", step=int(m.group(1)), epoch=None, own_step=True, total=None)


def eval_split_hits(data, size: int, needle_hits, hits: list) -> list:
    """``hits`` and the split-named evaluation lines between them (module docstring)."""
    if not hits:
        return hits
    found = needle_hits(data, size, _NEEDLE, parse=eval_split_line)
    if len(found) < MIN_LINES or _rising_share(found):
        return hits
    seen = {h.offset for h in hits}
    return sorted(hits + [h for h in found if h.offset not in seen], key=lambda h: h.offset)


def _rising_share(found: list) -> bool:
    """The bare ``val`` values all in [0, 1] and ending above their first: a score climbing (module docstring)."""
    vals = [x for h in found for name, x in h.record.values if name == "val_loss"]
    return len(vals) >= 2 and min(vals) >= 0.0 and max(vals) <= 1.0 and vals[-1] > vals[0]
