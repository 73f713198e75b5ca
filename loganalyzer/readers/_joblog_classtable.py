"""A per-class score table printed at the end of a job log (used by ``readers/joblog.py``).

The MIT ADE20K semantic-segmentation baseline (public houstondet60 ``mitbaseline_train.log``) ends its training
with ``class [0], IoU: 0.7666`` ... ``class [149], IoU: 0.2666``: one line per class of the final evaluation. Read as
progress lines they became two series continuing the iteration count, ``class`` (0, 1, ... 149) and ``IoU``, at
steps 20211-20360 past the training's 20210 -- a class index is no curve and the table is one evaluation. The last
lines of a log, each naming a class index key (``class``, ``category``, ``cls``, ``label``, ``idx``) that counts up
by one from 0 or 1 through at least three lines, with no step of their own, are left out with a note.
"""
from __future__ import annotations

_KEYS = frozenset({"class", "classes", "category", "cls", "label", "idx", "class_id", "class_idx"})
MIN_ROWS = 3


def _index(h) -> float | None:
    for tag, value in h.record.values:
        if tag.lower() in _KEYS:
            return value
    return None


def drop_class_table(hits: list, notes: list) -> list:
    """``hits`` without a trailing per-class table (module docstring)."""
    if len(hits) < MIN_ROWS + 1 or _index(hits[-1]) is None:
        return hits
    start = len(hits)
    while start > 0 and not hits[start - 1].record.own_step and _index(hits[start - 1]) is not None:
        start -= 1
    rows = [_index(h) for h in hits[start:]]
    if len(rows) < MIN_ROWS or rows[0] not in (0, 1) or any(b != a + 1 for a, b in zip(rows, rows[1:])) \
            or start == 0:
        return hits
    notes.append(f"a per-class table of {len(rows)} rows at the end of the log (class {rows[0]:g}-{rows[-1]:g}) "
                 "is one final evaluation, not a curve: not read")
    return hits[:start]
