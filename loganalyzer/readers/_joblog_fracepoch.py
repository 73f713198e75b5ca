"""Printed lines whose only counter is a fractional epoch (``epoch 0.25, train_loss 1.93``, ``Epoch 1.50 | val_loss
0.41``: a script evaluating or logging several times per epoch and printing the epoch as a float): for ``joblog``.

The line parser places a line with no step key at ``int(epoch)``, which floors 0.25, 0.5 and 0.75 onto one step:
the points of an epoch merged into one (their mean, said as "printed N times"), two validation passes of one epoch
made one. When such lines hold fractional epochs, every line placed at its epoch is placed at ``epoch x k``
instead, k the smallest of a few denominators (2, 3, 4, 5, 8, 10, 20, 25, 50, 100, 1000) making the printed epochs
whole numbers (1000 when none does, rounded): the points keep their order and their spacing, one step each. Said
in one note. A log whose lines also print a step key of their own is left as it is (their steps are the axis).
"""
from __future__ import annotations

import math

from ._record_replace import replace

_DENOMINATORS = (2, 3, 4, 5, 8, 10, 20, 25, 50, 100, 1000)


def fractional_epochs(hits: list, notes: list) -> None:
    """Re-place, in place, the hits placed at a floored fractional epoch (module docstring)."""
    placed = [h for h in hits if h.record.epoch is not None and h.record.step is not None and not h.record.own_step
              and h.record.shape not in ("keras", "hf") and math.isfinite(h.record.epoch)
              and h.record.step == int(h.record.epoch)]
    if not placed or any(h.record.own_step for h in hits):
        return
    epochs = sorted({h.record.epoch for h in placed})
    if all(e == int(e) for e in epochs) or len(epochs) < 3:
        return
    scale = next((k for k in _DENOMINATORS if all(abs(e * k - round(e * k)) < 1e-6 * max(1.0, e * k)
                                                   for e in epochs)), 1000)
    for h in placed:
        step = round(h.record.epoch * scale)
        h.record = replace(h.record, step=step)
        if h.step is not None:
            h.step = step
    shown = ", ".join(f"{e:g}" for e in epochs[:3])
    notes.append(f"fractional epochs printed ({shown}, ...): each line is placed at epoch x {scale} (its own step), "
                 f"not at the whole epoch")
