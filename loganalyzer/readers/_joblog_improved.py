"""A validation loss printed only when it improved (used by ``readers/joblog.py``).

A YOLOv1 trainer (public Dylan-Zhang7788/Yolo ``train_log.txt``, forty-fourth labeller's set) prints after each
epoch either ``get best test loss 3.02493`` -- the epoch's test loss, a new minimum, the model saved -- or
``EarlyStopping counter: 1 out of 8`` when the test loss did not improve; no other line holds the test loss. A
``best`` line with no step is a best-so-far summary to the job-log reader (``_progress_skip.best_so_far``), so the run
looked as if it had no validation at all.

Read here, when the log's training lines hold no loss of that split: at least ``MIN_LINES`` lines ``[get|got|new|
found|save[d]] best <split> loss[:=] <number>``, each alone on its line. The file tells which kind of line it is:
- every value below the one before (each a new minimum): the epoch's own loss, printed at improving epochs only. Read
  as ``<split>_loss`` (``test``; ``val`` for val/valid/validation/dev/eval) at the step of the line before it (the
  epoch's last training line), with a note: the epochs between have no value, so the series cannot show a rise;
- a value equal to or above the one before: a running best repeated (a minimum over the curve, not a point of it):
  no validation series, and a note says so.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

MIN_LINES = 2
_NEEDLE = re.compile(rb"best[ \t_]+(?:val|valid|validation|test|dev|eval)[ \t_]+loss", re.IGNORECASE)
_LINE = re.compile(rb"^[ \t]*(?:(?:get|got|new|found|saved?|saving)[ \t]+(?:the[ \t]+|a[ \t]+)?)?best[ \t_]+"
                   rb"(val|valid|validation|test|dev|eval)[ \t_]+loss[ \t]*[:=]?[ \t]*(" + NUMBER.encode() + rb")[ \t]*\r?$",
                   re.IGNORECASE | re.MULTILINE)
_PATIENCE = re.compile(rb"EarlyStopping counter: *\d+", re.IGNORECASE)


def improved_evals(data, hits: list, notes: list, make_hit) -> list:
    """``hits`` with the improving epochs' validation losses added (module docstring; ``make_hit(offset, record)``),
    in file order; a note in ``notes`` either way."""
    if _NEEDLE.search(data) is None or not any(h.record.kind == "train" for h in hits):
        return hits
    found = [(m.start(), m.group(1).decode().lower(), float(m.group(2))) for m in _LINE.finditer(data)]
    if len(found) < MIN_LINES:
        return hits
    split = "test" if found[0][1] == "test" else "val"
    tag = f"{split}_loss"
    if any(t.lower() == tag or (split in t.lower() and "loss" in t.lower()) for h in hits for t, _ in h.record.values):
        return hits  # the epoch's own line prints it: the 'best' line is a summary beside it
    values = [v for _, _, v in found]
    line = data.count(b"\n", 0, found[0][0]) + 1
    said = f"'best {found[0][1]} loss' lines ({len(found)}, the first at line {line:,})"
    if any(b >= a for a, b in zip(values, values[1:])):
        notes.append(f"{said} repeat a running best (a value not below the one before): a minimum over the curve, not "
                     "a validation series; not read")
        return hits
    between = len(_PATIENCE.findall(data))
    notes.append(f"{said} read as '{tag}': each is a new minimum, the epoch's own {split} loss printed only when it "
                 f"improved" + (f" ({between} 'EarlyStopping counter' lines at the epochs between)" if between else "")
                 + "; the epochs between have no value, so the series cannot show a rise")
    added = [make_hit(offset, Record("kv", ((tag, v),), kind="eval")) for offset, _, v in found]
    return sorted(hits + added, key=lambda h: h.offset)
