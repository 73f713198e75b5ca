"""deep-text-recognition-benchmark's ``Current_accuracy``: the validation accuracy, though its name says no split.

clovaai/deep-text-recognition-benchmark's ``train.py`` (and EasyOCR's trainer copied from it) prints, at every
``valInterval`` iterations, ``[1000/2500] Train loss: 0.14, Valid loss: 0.21, Elapsed_time: 692.9`` and then
``Current_accuracy : 94.400, Current_norm_ED : 0.9440`` -- ``valid_loss, current_accuracy, current_norm_ED, ... =
validation(model, criterion, valid_loader, converter, opt)``: both numbers are measured on the validation set.
Unmarked, ``Current_accuracy`` was taken for the TRAINING accuracy; where the losses print as ``0.00000`` (public
arabicocr176 ``en_filtered/log_train.txt``, a logging/rounding bug: every loss zero, the accuracy 0 @ 1 -> 80.6 @ 300
-> 81.4 max, 80.8 @ 1000) the run had no validation series at all and was ``unknown``. The rule: in a run that
logs ``Valid loss`` (the same printed line), an unmarked ``Current_accuracy`` / ``Current_norm_ED`` is re-marked
``val``, with a note."""
from __future__ import annotations

_VALID_LOSS = frozenset({"valid_loss", "valid loss"})
_CURRENT = frozenset({"current_accuracy", "current_norm_ed"})


def current_is_validation(cands, notes: list[str]) -> None:
    """Re-mark the unmarked ``Current_accuracy``/``Current_norm_ED`` of ``cands`` ``val`` (module docstring)."""
    dirs = {c.dir for c in cands if c.tag.strip().lower() in _VALID_LOSS}
    if not dirs:
        return
    moved = [c for c in cands if c.dir in dirs and c.marker is None and c.tag.strip().lower().replace(" ", "_")
             in _CURRENT]
    for c in moved:
        c.marker = "val"
    if moved:
        notes.append(f"{', '.join(c.name for c in moved)}: deep-text-recognition-benchmark's accuracy of the "
                     "validation() call printed after each 'Valid loss' line: the validation accuracy")
