"""Counter lines whose objective is named only ``total`` (used by ``readers/joblog.py`` when no line names a loss).

A semi-supervised FER trainer (public FER_SSL ``train.out``, forty-fourth labeller's set) prints every 25 iterations
``[epoch: 17/200, iter: 400/489] total: 1.339633`` -- the summed objective of its loss terms, named ``total`` -- and
per epoch ``Validation accuracy: 0.440``; no line holds the word ``loss``, so the file was found but nothing read.
Detectron-style and multi-task loops print the same shape (``iter: 20 total: 2.1 cls: 0.8 box: 1.3``). A line with a
step or epoch counter (``epoch``/``iter``/``step``..., read as the ``kv`` shape reads them: ``epoch: 17/200, iter:
400/489`` is step 17 x 489 + 400) and a ``total: <number>`` (or ``total = <number>``) pair is a training line: ``total``
is the training loss, tag ``total_loss``; its other ``name: value`` pairs keep their names. At least ``MIN_LINES`` such
lines, or nothing is read (a ``total: 12 files`` line stays unread). The validation accuracies printed without a step
(``Validation accuracy: 0.440``) are read beside them, at the step of the training line before (the epoch they close).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, parse
from ._progress_acc import ACCURACY_NEEDLE, accuracy_line

MIN_LINES = 2
_NEEDLE = b"otal"
# the objective of a split's summary line too: '[Val]   Epoch 1: total=1633.61 pose=..' after '[Train] Epoch 1: total='
# (public surgeon logs: the validation lines were dropped, its values lost)
_TOTAL_TAGS = frozenset({"total_loss"} | {f"{s}_total_loss" for s in ("train", "val", "valid", "test", "eval", "dev")})
_TOTAL = re.compile(rb"\b([Tt]otal|TOTAL)(\s*[:=]\s*" + NUMBER.encode() + rb")")


def total_named_line(segment):
    """The record of one ``[epoch: e/E, iter: i/I] total: x`` line (module docstring), or None."""
    if _TOTAL.search(segment) is None:
        return None
    record = parse(_TOTAL.sub(rb"\1 loss\2", bytes(segment), count=1))
    if record is None or record.kind != "train" or not (record.own_step or record.epoch is not None):
        return None
    if not any(tag.lower() in _TOTAL_TAGS for tag, _ in record.values):
        return None
    return record


def total_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log of ``total``-named counter lines and its step-less accuracy lines (``needle_hits`` is the
    job-log reader's needle search, hits in file order), or [] when fewer than ``MIN_LINES`` training lines."""
    hits = needle_hits(data, size, _NEEDLE, parse=total_named_line)
    if len(hits) < MIN_LINES:
        return []
    seen = {h.offset for h in hits}
    hits += [h for h in needle_hits(data, size, ACCURACY_NEEDLE, parse=accuracy_line) if h.offset not in seen]
    hits.sort(key=lambda h: h.offset)
    return hits
