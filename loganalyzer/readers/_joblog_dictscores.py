"""A split-named segmentation/retrieval score printed on its own line in a log whose training lines are printed dicts
(used by ``_joblog_scan._scan``)::

    {'train/loss': 0.6507002163632232, 'train/dice loss': 0.40878378379970004, ..., 'train/actor_loss': 0}
    Name: Task02_Heart_1 Dice score: 0.5871579806735155 IoU score: 0.4795198391804806
    val/IOU: 0.528205565514832, val/dice : 0.6217346868603878

(public UreMine02/DQN-MedSAM2 ``log_train.txt``: ``print(train_metrics)`` then the epoch's validation). The score
lines hold no loss, and their needle scan (``_progress_task``) ran only for ``key: value`` training lines, so the
run's only validation result was lost. Here a score line is read when every name on it is a split's (``val/IOU``,
``val_dice``, ``test/mIoU``; or any score named ``test/``, ``val/``, ..., as HF scripts print ``test/accuracy:
0.853, test/f1 : 0.812`` after the Trainer's dicts): a per-case line (``Name: <case> Dice score: ..``) names no
split and stays unread (one case's score is no point of the run's curve).
"""
from __future__ import annotations

import re

from ._progress import _KV, _from_pairs, clean
from ._progress_task import TASK_NEEDLES, task_line

# 'test/accuracy: 0.853, test/f1 : 0.812' after HF Trainer dicts: split-named scores with no task word
_SPLIT_NEEDLES = (b"test/", b"val/", b"valid/", b"eval/", b"dev/")
_SPLIT_NAME = re.compile(r"(?i)^(?:val|valid|validation|eval|evaluation|test|dev)[/_]")


def _split_scores(segment):
    record = task_line(segment)
    if record is None or not record.values or not all(_SPLIT_NAME.match(t) for t, _ in record.values):
        return None
    return record


def _split_only(segment):
    """'test/accuracy: 0.853, test/f1 : 0.812': a line of nothing but split-named scores (no task word needed)."""
    text = clean(segment)[0]
    pairs = [(k.group(1), k.group(2)) for k in _KV.finditer(text)]
    if not pairs or not all(_SPLIT_NAME.match(t) for t, _ in pairs) or len(text) > 60 * len(pairs):
        return None
    record = _from_pairs("kv", pairs, needs=None)
    if record is None or not record.values or not all(_SPLIT_NAME.match(t) for t, _ in record.values):
        return None
    return record


def dict_log_scores(data, size: int, needle_hits, seen: set) -> list:
    """The hits (``needle_hits(data, size, needle, parse=...)``) of split-named score lines not in ``seen``."""
    out = []
    for needle in TASK_NEEDLES + _SPLIT_NEEDLES:
        for h in needle_hits(data, size, needle, parse=_split_scores if needle in TASK_NEEDLES else _split_only):
            if h.offset not in seen:
                seen.add(h.offset)
                out.append(h)
    return out
