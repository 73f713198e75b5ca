"""Epoch lines whose objective is named ``Energy`` (used by ``readers/joblog.py`` when no line names a loss).

An energy-based model (a predictive-coding transformer: public PC-Transformers ``training.log``, forty-eighth
labeller's set) minimises an energy, and its loop prints per epoch, behind Python logging's prefix::

    2025-11-20 13:45:08,427 - INFO - Epoch 1/20 | Train Energy: 1.3597 | Train Perplexity: 983.6121 | Val Energy: 1.3987 | Val Perplexity: 1145.2217

and per batch ``Batch 10/165 | Batch Energy: 1.4454 | Perplexity: 1157.8436``. No line holds the word ``loss``, so
the file was found but nothing read. The energy is the objective the model is trained on: here it is read as the
loss (``Train Energy`` -> ``Train_loss``, ``Val Energy`` -> ``Val_loss``; the other values keep their names) on the
lines that print an epoch counter (``Epoch k/N``: read as the ``kv`` shape reads it). The batch lines count batches
within an epoch under an epoch header (a counter starting again each epoch) and are left out. At least ``MIN_LINES``
such lines, or nothing is read (one ``energy: 3.2 kWh`` line stays unread). One note says the energy was read as the
loss.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, parse

MIN_LINES = 2
_NEEDLE = b"nergy"
_ENERGY = re.compile(rb"\b(?:[Ee]nergy|ENERGY)(\s*[:=]\s*" + NUMBER.encode() + rb")")
NOTE = ("no line names a loss; the epoch lines' 'Energy' values (the objective of an energy-based model) are read "
        "as the loss: 'Train Energy' as Train_loss, 'Val Energy' as Val_loss")


def energy_named_line(segment):
    """The record of one ``Epoch k/N | Train Energy: x | Val Energy: y`` line (module docstring), or None."""
    if _ENERGY.search(segment) is None:
        return None
    record = parse(_ENERGY.sub(rb"loss\1", bytes(segment)))
    if record is None or record.kind != "train" or record.epoch is None:
        return None
    return record


def energy_named_only(data, size: int, needle_hits, notes: list) -> list:
    """The hits of a log of ``Energy``-named epoch lines (``needle_hits`` is the job-log reader's needle search, hits
    in file order), or [] when fewer than ``MIN_LINES``; ``notes`` gets ``NOTE`` when they are read."""
    hits = needle_hits(data, size, _NEEDLE, parse=energy_named_line)
    if len(hits) < MIN_LINES:
        return []
    notes.append(NOTE)
    return hits
