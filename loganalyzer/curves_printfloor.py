"""A validation loss printed at the floor of its precision: its moves are the print's rounding, no shape. ``curves``
judges no run on it (``without_print_floor``: the role left empty, a note saying why)."""
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


def without_print_floor(series, notes: list):
    """``series`` (a ``Series`` or None), or None with a note when its finite values lie at the floor of their print
    (``at_print_floor``)."""
    if series is None:
        return None
    values = series.values[np.isfinite(series.values)]
    if not at_print_floor(values):
        return series
    notes.append(f"validation loss: none ({series.name} lies within {PRINT_FLOOR_QUANTA} steps of its printed "
                 f"precision, {values.min():g} .. {values.max():g}: the print's rounding, no curve to judge)")
    return None
