"""Where a noisy per-batch validation series was at its best, for ``verdict_evidence.val_rise``: a robust level,
not one batch's luck.

A validation loss logged per test batch on its own counter (public open ``facealign186 raw_CNN_noAug_MSE_lr0.6_B4``:
PyTorch ``SummaryWriter.add_scalar('Testing loss', loss, step)`` for each of 72 test batches of 100 epochs, 7,200
points; deciles flat at 19.4-19.9 after the first, one batch at 2.16) has its lowest point far below every level the
series held: comparing that one batch with the median after it (19.6, "809% higher") called a flat run `overfit`
0.66 (clear `healthy`). With >= ``NOISY_EVALS`` evaluations whose lowest lies more than ``OUTLIER_SIGMA`` times the
one-evaluation noise below the running median around it, the series is judged on its running median (a centred
window, shrinking at the ends, of ``n // WINDOW_SHARE`` points -- a decile --, >= 5): its best is the lowest level it held, its rise that level's.
"""
from __future__ import annotations

import numpy as np


NOISY_EVALS = 200  # per-batch validation: hundreds of points (a per-epoch log rarely has 200 evaluations)
OUTLIER_SIGMA = 3.0  # the lowest point > 3 sigma below the level around it: one batch's luck, not a level
WINDOW_SHARE = 10  # window: a tenth of the series (a decile: 7,200 batches, 720 -- ten epochs of 72 batches)


def robust_levels(y: np.ndarray, sigma: float) -> np.ndarray:
    """``y`` (validation values in order, finite; in ln units for a positive loss) as it is, or its running median
    when it has >= ``NOISY_EVALS`` points and its lowest lies > ``OUTLIER_SIGMA`` x ``sigma`` (the noise of one
    evaluation, same units) below the running median at that point. Same shape as ``y``."""
    n = len(y)
    if n < NOISY_EVALS or not sigma > 0:
        return y
    half = max(5, n // WINDOW_SHARE) // 2
    padded = np.concatenate([np.full(half, np.nan), y, np.full(half, np.nan)])
    # the ends: the median of the points there are (padding with the first value would make one lucky first batch
    # the level of the whole first half-window)
    smooth = np.nanmedian(np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1), axis=1)
    i = int(np.argmin(y))
    return smooth if y[i] < smooth[i] - OUTLIER_SIGMA * sigma else y
