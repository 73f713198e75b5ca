"""A printed log of accuracy lines and no loss at all (``epoch:1\\tAccuracy:71.04\\tAverage precision:74.8`` per
epoch, the validation metrics of a training whose loss went to another file): used by ``readers/joblog.py`` when no
line names a loss. Each line must carry its own epoch/step, so lines that only mention an accuracy stay unread."""
from __future__ import annotations

from ._progress_acc import ACCURACY_NEEDLE, accuracy_line

MIN_LINES = 2


def accuracy_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose progress is accuracy lines with their own epoch/step (``needle_hits`` is the job-log
    reader's needle search), or [] when there are fewer than ``MIN_LINES`` or one lacks its step."""
    hits = needle_hits(data, size, ACCURACY_NEEDLE, parse=accuracy_line)
    if len(hits) < MIN_LINES or any(h.record.step is None or h.record.kind != "train" for h in hits):
        return []
    return hits
