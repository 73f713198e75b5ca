"""A split-named segmentation/retrieval score printed on its own line in a log whose training lines are printed dicts
(used by ``_joblog_scan._scan``)::

    {'train/loss': 0.6507002163632232, 'train/dice loss': 0.40878378379970004, ..., 'train/actor_loss': 0}
    Name: Task02_Heart_1 Dice score: 0.5871579806735155 IoU score: 0.4795198391804806
    val/IOU: 0.528205565514832, val/dice : 0.6217346868603878

(public UreMine02/DQN-MedSAM2 ``log_train.txt``: ``print(train_metrics)`` then the epoch's validation). The score
lines hold no loss, and their needle scan (``_progress_task``) ran only for ``key: value`` training lines, so the
run's only validation result was lost. Here a score line is read when every name on it is a split's
(``val/IOU``, ``val_dice``, ``test/mIoU``): a per-case line (``Name: <case> Dice score: ..``) names no split and
stays unread (one case's score is no point of the run's curve).
"""
from __future__ import annotations

import re

from ._progress_task import TASK_NEEDLES, task_line

_SPLIT_NAME = re.compile(r"(?i)^(?:val|valid|validation|eval|evaluation|test|dev)[/_]")


def _split_scores(segment):
    record = task_line(segment)
    if record is None or not record.values or not all(_SPLIT_NAME.match(t) for t, _ in record.values):
        return None
    return record


def dict_log_scores(data, size: int, needle_hits, seen: set) -> list:
    """The hits (``needle_hits(data, size, needle, parse=...)``) of split-named score lines not in ``seen``."""
    out = []
    for needle in TASK_NEEDLES:
        for h in needle_hits(data, size, needle, parse=_split_scores):
            if h.offset not in seen:
                seen.add(h.offset)
                out.append(h)
    return out
