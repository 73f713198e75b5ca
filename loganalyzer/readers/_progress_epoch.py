"""Epoch summary lines among a printed log's per-step lines (for ``readers/_progress.py``).

A training script printing ``epoch=1 step=1400 train_loss=0.2171 val_loss=0.1344`` every N steps and, at the end of
each epoch, ``epoch_end=1 train_loss=0.2149 val_loss=0.1544`` (the epoch's mean training loss and its full
validation pass; Andrei-C-916/Safety-Binary-Classifier ``train_log.txt``, Python logging ``%(asctime)s |
%(message)s``, twenty-fourth labeller's item 4): the summary carries no step, so it sat at the step of the line
before and ran into that line's ``train_loss``/``val_loss`` (two values at one step; the resolved view kept the
summary's). Its values are the epoch-level series ``<name>_epoch`` (Lightning's name for the same aggregates, which
``curves_choose`` pairs with the per-step series), at the epoch's last step; the ``epoch_end`` counter is no series.
"""
from __future__ import annotations

from dataclasses import replace

# the key naming the epoch a summary line closes (``epoch_end=3``)
EPOCH_END_KEYS = frozenset({"epoch_end", "end_of_epoch"})


def epoch_summary(record):
    """``record`` with an epoch summary's values named ``<name>_epoch`` (module docstring); any other unchanged."""
    if record.step is not None or not any(tag.lower() in EPOCH_END_KEYS for tag, _ in record.values):
        return record
    values = tuple((tag if tag.lower().endswith("_epoch") else f"{tag}_epoch", value)
                   for tag, value in record.values if tag.lower() not in EPOCH_END_KEYS)
    if not values:
        return None
    return replace(record, values=values, step=None)
