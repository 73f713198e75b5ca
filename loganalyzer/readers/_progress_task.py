"""Lines printing a text-generation score and no loss (used by ``readers/joblog.py`` through a needle, as
``_progress_acc``'s accuracy lines): ``Epoch 2 - Validation BLEU: BLEU-1 71.65, BLEU-2 65.76, BLEU-3 46.57, BLEU-4
31.75`` and ``Epoch 2 - Dev BLEU: ...`` (public 1025378573/T5-Finetune ``train.log``, Python logging). The reader's
one pass stops only at ``loss``, so these lines gave no series and no warning: the run's only validation signal was
lost. Each ``<name> <number>`` pair whose name holds BLEU or ROUGE is read (with the line's other pairs), the step
from the line's own epoch/step (else the line before's), the names split-prefixed as any printed line's
(``_progress_text.sectioned``: ``val_BLEU-1``, ``dev_BLEU-1``). A line naming "best" before its score (``New best
model saved with BLEU-2: 65.76``) repeats a value, even with its own epoch: not read.
"""
from __future__ import annotations

import re

from ._progress import _KV, Record, _from_pairs, clean
from ._progress_epoch import epoch_summary
from ._progress_skip import _BEST, best_so_far, not_progress
from ._progress_text import rewrite, sectioned

TASK_NEEDLES = (b"BLEU", b"ROUGE", b"iou", b"IoU", b"IOU", b"Dice", b"dice", b"DICE")
# a segmentation score: 'miou', 'mIoU', 'mean_iou', 'Dice' (never the 'iou' inside 'previous')
_TASK = re.compile(r"bleu|rouge|(?<![a-z])m?iou|dice", re.IGNORECASE)


def task_line(raw: bytes) -> Record | None:
    """The record of a line of BLEU/ROUGE scores (module docstring), or None."""
    text, rank, stamp = clean(raw)
    text = rewrite(text)
    if not text or not_progress(text):
        return None
    pairs = [(key, value) for key, value, _, _ in _KV.findall(text)]
    if not any(_TASK.search(key) for key, _ in pairs):
        return None
    best = _BEST.search(text)
    if best is not None and best.start() < _TASK.search(text).start():
        return None  # 'Epoch 2 - New best model saved with BLEU-2: 65.76': the best so far, printed again
    record = _from_pairs("kv", pairs, needs=None)
    if record is None or not record.values or not any(_TASK.search(tag) for tag, _ in record.values) \
            or best_so_far(record, text):
        return None
    record = epoch_summary(sectioned(record, text))
    if record is None:
        return None
    kind = "eval" if record.step is None else record.kind
    return Record("kv", record.values, record.step, record.epoch, kind, rank, record.total, stamp, record.own_step)
