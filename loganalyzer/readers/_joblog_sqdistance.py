"""Epoch lines whose objective is a squared distance named ``D^2`` (used by ``readers/joblog.py`` when no line names
a loss).

An OT-GAN trained on the energy distance (public otgan74 ``run_energy8.log``, config ``loss: energy_distance``)
prints per epoch::

    epoch   1 | D^2=+0.0242 | cross=0.8874 rr=0.2090 ff=0.2226 | 1605.1s | FID=279.58 KIDx1e3=377.63 IS=1.99

the squared distance between real and generated batches (``D^2``, the generator's objective), its cross/real-real/
fake-fake terms, the epoch's time and, every few epochs, the sample scores. No line holds the word ``loss``, so the
file was found but nothing read. A value named by a distance's symbol squared (``D^2``, ``MMD^2``, ``ED^2``,
``W^2``; never ``R^2``, a regression score) on a line that starts with its epoch counter is read as the loss (the other values keep their names; the line is read as the
``kv`` shape reads it). At least ``MIN_LINES`` such lines, or nothing is read. One note says what was read as the
loss.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, parse

MIN_LINES = 2
_NEEDLE = b"^2"
_SQUARED = re.compile(rb"(?<![\w^])(D|MMD|ED|W)\^2(\s*[:=]\s*" + NUMBER.encode() + rb")")
_EPOCH_FIRST = re.compile(rb"\s*epoch\b", re.IGNORECASE)
NOTE = ("no line names a loss; the epoch lines' squared distance ('D^2', the objective a distance-trained GAN "
        "minimises) is read as the loss")


def squared_distance_line(segment):
    """The record of one ``epoch N | D^2=x | ...`` line (module docstring), or None."""
    segment = bytes(segment)
    if _EPOCH_FIRST.match(segment) is None or len(_SQUARED.findall(segment)) != 1:
        return None
    record = parse(_SQUARED.sub(rb"loss\2", segment))
    if record is None or record.kind != "train" or record.epoch is None:
        return None
    return record


def squared_distance_only(data, size: int, notes: list) -> list:
    """The hits of a log of ``D^2``-named epoch lines (in file order), or [] when fewer than ``MIN_LINES``; ``notes``
    gets ``NOTE`` when they are read. (The job-log reader's needle search skips lines holding ``oss``: the terms'
    ``cross`` is such a word.)"""
    from ._joblog_scan import _Hit, _segment_bounds
    hits, pos = [], 0
    while (p := data.find(_NEEDLE, pos)) >= 0:
        start, end, transient = _segment_bounds(data, p, size)
        pos = end + 1
        if not transient:
            record = squared_distance_line(data[start:end])
            if record is not None:
                hits.append(_Hit(start, record, False))
    if len(hits) < MIN_LINES:
        return []
    notes.append(NOTE)
    return hits
