"""Darknet's training line (used by ``readers/_progress.py``): AlexeyAB/darknet ``src/detector.c`` ``train_detector``
prints, per iteration, ``2132: 0.494753, 0.534922 avg loss, 0.001000 rate, 3.2 seconds, 136448 images, 5.1 hours
left`` (the iteration, that batch's loss, its running average, the learning rate). The numbers come before their
names, which no key pattern reads: the log gave no point (public BelitK/MLcourse).

pjreddie/darknet (d9cc4e4, ``examples/detector.c``) prints ``printf("%ld: %f, %f avg, %f rate, %lf seconds, %d
images\n", get_current_batch(net), loss, avg_loss, ...)`` and ``examples/classifier.c`` ``"%ld, %.3f: %f, %f avg,
%f rate, ..."`` (the batch, then the epoch ``seen / N``): no ``loss`` word at all, so the log read as no training
(``NEEDLE`` finds those lines; ``_joblog_names`` takes a ``*.log`` holding one for a job log). Read the same:
``loss``, ``avg_loss``, ``lr`` at the batch (the classifier's epoch kept as the line's epoch)."""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_DARKNET = re.compile(r"^\s*(?:(\d+)(?:,\s*(\d+\.\d+))?:)?\s*(" + NUMBER + r"),\s*(" + NUMBER + r")\s+avg(?: loss)?,\s*("
                      + NUMBER + r")\s+rate")
NEEDLE = b" avg, "  # pjreddie's lines (no 'loss' word)


def darknet(text: str, rank: int | None = None) -> Record | None:
    """The record of a Darknet line; ``rank``: the iteration when ``_progress.clean`` took ``2132:`` for an ``srun
    --label`` rank prefix."""
    m = _DARKNET.match(text) if " avg loss," in text or " avg, " in text else None
    if m is None or (m.group(1) is None and rank is None):
        return None
    values = (("loss", float(m.group(3))), ("avg_loss", float(m.group(4))), ("lr", float(m.group(5))))
    return Record("darknet", values, step=int(m.group(1)) if m.group(1) is not None else rank,
                  epoch=float(m.group(2)) if m.group(2) else None)
