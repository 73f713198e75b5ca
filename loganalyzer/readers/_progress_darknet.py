"""Darknet's training line (used by ``readers/_progress.py``): AlexeyAB/darknet ``src/detector.c`` ``train_detector``
prints, per iteration, ``2132: 0.494753, 0.534922 avg loss, 0.001000 rate, 3.2 seconds, 136448 images, 5.1 hours
left`` (the iteration, that batch's loss, its running average, the learning rate; pjreddie/darknet's ``%ld: %f, %f
avg, %f rate, ...`` has no ``loss`` word and is not looked for). The numbers come before their names, which no key
pattern reads: the log gave no point (public BelitK/MLcourse)."""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_DARKNET = re.compile(r"^\s*(?:(\d+):)?\s*(" + NUMBER + r"),\s*(" + NUMBER + r")\s+avg loss,\s*(" + NUMBER + r")\s+rate")


def darknet(text: str, rank: int | None = None) -> Record | None:
    """The record of a Darknet line; ``rank``: the iteration when ``_progress.clean`` took ``2132:`` for an ``srun
    --label`` rank prefix."""
    m = _DARKNET.match(text) if " avg loss," in text else None
    if m is None or (m.group(1) is None and rank is None):
        return None
    values = (("loss", float(m.group(2))), ("avg_loss", float(m.group(3))), ("lr", float(m.group(4))))
    return Record("darknet", values, step=int(m.group(1)) if m.group(1) is not None else rank)
