"""A validation pass printing its running average after every image (used by ``readers/joblog.py`` through a
needle, as ``_progress_task``'s score lines).

CIRKD's ``eval`` loop (aaryangrg/CIRKD ``train_kd.py``, public cirkd logs, thirtieth labeller's item 8) logs
``Sample: 1, Validation pixAcc: 0.009, mIoU: 0.001`` ... ``Sample: 250, Validation pixAcc: 0.026, mIoU: 0.002``
after each validation image: the metrics accumulated so far over the pass. The lines hold no loss, so they were not
read and the runs had no validation series. The pass's last line (the one before the next training line) is the
pass's result: ``val_pixAcc`` and ``val_mIoU`` at the step of the training line before the pass; the lines before it
are partial averages, no points.
"""
from __future__ import annotations

import re

from ._progress import Record, clean, tag_name, to_float

NEEDLE = b"Sample"
SHAPE = "running_val"
_LINE = re.compile(r"(?:^|(?<=[\s:]))(?:Sample|Image|Img)s?\s*[:=#]?\s*(\d+)(?:\s*/\s*\d+)?\s*[,|]\s*(Validation|Valid|Val|Test|Eval)"
                   r"\s+(.*)$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z][\w@.\-]*)\s*[:=]\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)(?=\s*(?:[,|;]|$))",
                   re.IGNORECASE)
_COUNTS = frozenset({"samples", "sample", "images", "image", "examples", "imgs", "img", "batches"})
_PREFIX = {"validation": "val", "valid": "val", "val": "val", "test": "test", "eval": "val"}


def running_val_line(raw: bytes) -> Record | None:
    """The record of a ``Sample: k, Validation <name>: v, <name>: v`` line (module docstring), or None."""
    text, rank, stamp = clean(raw)
    m = _LINE.search(text.strip())  # after a logger's name and level ('semantic_segmentation INFO: ')
    if m is None:
        return None
    prefix = _PREFIX[m.group(2).lower()]
    values = []
    for pair in _PAIR.finditer(m.group(3)):
        if pair.group(1).lower() in _COUNTS:
            continue  # 'Training Samples: 4237, Validation Samples: 529' (public ciallo96): a dataset's sizes
        value = to_float(pair.group(2))
        if value is not None:
            values.append((f"{prefix}_{tag_name(pair.group(1))}", value))
    if not values:
        return None
    return Record(SHAPE, tuple(values), None, None, "eval", rank, None, stamp)


def last_of_passes(hits: list) -> list:
    """``hits`` (``joblog._Hit``) keeping of each run of consecutive running-average lines only the last.

    A running-average line read also by the generic ``key: value`` parse (``Sample: 1, Validation pixAcc: ..,
    mIoU: ..`` holds a segmentation score, read as a validation line since readers30b) is this module's: the generic
    record at the same offset is dropped first, else it splits the pass and every image's average became a point."""
    mine = {h.offset for h in hits if h.record.shape == SHAPE}
    if mine:
        hits = [h for h in hits if h.record.shape == SHAPE or h.offset not in mine]
    return [h for i, h in enumerate(hits) if h.record.shape != SHAPE
            or i + 1 == len(hits) or hits[i + 1].record.shape != SHAPE]
