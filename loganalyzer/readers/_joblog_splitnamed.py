"""Epoch lines whose values are named only by their split (used by ``readers/joblog.py`` when no line names a loss).

A normalizing flow's loop (public nice__mnist_flow ``train.log``, a user's NICE on MNIST) prints per epoch ``Epoch
1/1000 | train: 1090.1872 (2.0061 bpd) | val: 1078.6729 (1.9849 bpd) | z_mean: 0.002 | z_std: 0.246 | lr:
0.000100``: the objective (the negative log-likelihood) under the bare split names, its bits-per-dim in brackets.
No line names a loss, so nothing was read. A line starting with its epoch (``Epoch N[/M]``) whose ``|``- or
``,``-separated parts include a bare ``train``/``val``/``valid``/``validation``/``test``/``dev`` value is read at
that epoch: the bare value is the split's objective, ``<split>_loss``; a bracketed ``(x unit)`` beside it is
``<split>_<unit>``; the other ``name: value`` parts keep their names. At least ``MIN_LINES`` such lines, each with
its epoch, or nothing is read (a line mentioning a split stays unread).
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import NUMBER, Record, to_float

MIN_LINES = 2
_LINE = lazy_re(r"\s*epoch\s*[:#]?\s*(\d+)(?:\s*/\s*(\d+))?\s*[|,]\s*(.*?)\s*", re.IGNORECASE)
_PART = lazy_re(r"([A-Za-z][\w/.-]*)\s*[:=]?\s*(" + NUMBER + r")(?:\s*\(\s*(" + NUMBER + r")\s*([A-Za-z]\w*)\s*\))?",
                   re.IGNORECASE)
_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
           "dev": "val", "eval": "val"}
_NEEDLE = b"rain"


def split_named_line(segment) -> Record | None:
    """The record of one ``Epoch N | train: x | val: y`` line (module docstring), or None."""
    text = bytes(segment).decode("utf-8", "replace").rstrip("\r\n")
    m = _LINE().fullmatch(text)
    if m is None:
        return None
    values, bare = [], 0
    for part in re.split(r"\s*[|,]\s*", m.group(3)):
        p = _PART().fullmatch(part)
        if p is None:
            continue
        name, value, extra, unit = p.groups()
        split = _SPLITS.get(name.lower())
        x = to_float(value)
        if x is None:
            continue
        if split is not None:
            bare += 1
            values.append((f"{split}_loss", x))
            if extra is not None and to_float(extra) is not None:
                values.append((f"{split}_{unit}", to_float(extra)))
        else:
            values.append((name, x))
    if not bare:
        return None
    epoch = int(m.group(1))
    return Record("splitnamed", tuple(values), step=epoch, epoch=float(epoch), kind="train",
                  total=int(m.group(2)) if m.group(2) else None)


def split_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log of split-named epoch lines (``needle_hits`` is the job-log reader's needle search), or []
    when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=split_named_line)
    return hits if len(hits) >= MIN_LINES else []
