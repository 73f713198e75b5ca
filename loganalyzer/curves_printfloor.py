"""A validation loss printed at the floor of its precision: its moves are the print's rounding, no shape. ``curves``
judges no run on it when it lies far below the training loss (``without_print_floor``: the role left empty, a note
saying why)."""
from __future__ import annotations

import numpy as np

# a validation loss printed at a fixed precision and lying within this many of its last digit's steps (msfreb109's
# ``clf_loss_test: 0.0001`` ... ``0.0005`` at four decimals, a classification term near 0 throughout: "216% higher")
# has no shape to rise in: the print's rounding, not the model, moved it
PRINT_FLOOR_QUANTA = 10


def at_print_floor(values: np.ndarray) -> bool:
    """Whether finite, non-negative ``values`` are all whole multiples of one printed decimal step (10^-d, 3 <= d <= 8)
    and none exceeds ``PRINT_FLOOR_QUANTA`` of them: a loss printed at the floor of its precision."""
    if len(values) == 0 or (values < 0).any():
        return False
    for d in range(3, 9):  # (0.1 .. 0.9 at one decimal is a coarse curve still; a near-0 loss at 3+ is none)
        scaled = values * 10.0 ** d
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-6 * np.maximum(1.0, np.abs(scaled))):
            return float(np.max(np.round(scaled))) <= PRINT_FLOOR_QUANTA
    return False


BELOW_TRAIN = 0.1  # ... and below a tenth of the training loss's lowest logged value: no counterpart of it


def without_print_floor(series, train, notes: list):
    """``series`` (the validation ``Series`` or None), or None with a note when its finite values lie at the floor of
    their print (``at_print_floor``) far below anything the training loss ``train`` logged (its lowest finite value
    x ``BELOW_TRAIN``): a term of the objective printed beside the total, not its validation (msfreb109). A small
    validation loss on the training's own scale (0.002 .. 0.009 beside a training loss of 0.0009 .. 0.018: a
    breaker's overfitting run) is a curve still."""
    if series is None or train is None:
        return series
    values = series.values[np.isfinite(series.values)]
    lows = train.values[np.isfinite(train.values)]
    if not at_print_floor(values) or not len(lows) or values.max(initial=0.0) >= BELOW_TRAIN * lows.min():
        return series
    notes.append(f"validation loss: none ({series.name} lies within {PRINT_FLOOR_QUANTA} steps of its printed "
                 f"precision, {values.min():g} .. {values.max():g}, far below the training loss: the print's "
                 "rounding of a term, no curve to judge)")
    return None
