"""The Mann-Kendall test of a falling training loss after validation's best, and a validation that climbed far after it
(for ``verdict_evidence.val_rise``)."""
from __future__ import annotations

import math

import numpy as np

TREND_Z = 1.645  # one-sided 5%: the training logs after validation's best fall as a trend (Mann-Kendall)
TREND_MAX_POINTS = 2000  # a longer log is thinned evenly before the O(n^2) pair count


def trend_fell(ty: np.ndarray) -> bool:
    """A falling trend in the training logs after validation's best (``ty``, >= 8 values, in log order): the
    Mann-Kendall statistic (pairs falling minus pairs rising, normal approximation, no tie correction) below
    -``TREND_Z``. It uses every log after the best, where ``val_rise``'s window test compares two windows of
    ``len // 20`` logs: a noisy per-batch loss logged every 10 steps (single batches: 26% noise a log) has few logs in
    each window and failed that test while the same losses logged every 5 steps passed it -- the newcomer's stop-27
    run (torch, 30 epochs, 750 steps: validation 8% above its best over 13 evaluations, training 0.079 -> 0.044) was
    `overfit` as TensorBoard, Keras CSV and JSON history and `healthy` from single-batch losses every 10 steps in a
    trainer_state.json (a linear fit over those 40 logs: z = -1.5; Mann-Kendall: z = -1.9)."""
    return len(ty) >= 8 and mann_kendall_z(ty) < -TREND_Z


def kendall_s(v) -> tuple[float, int]:
    """(rising pairs - falling pairs, the number of values counted) of ``v`` in log order: the Mann-Kendall / Kendall
    statistic S, over a series thinned evenly to ``TREND_MAX_POINTS`` first (the pair count is O(n^2)). Shared by
    ``trend_fell``, ``mann_kendall_z`` (verdict_noisyfall) and ``verdict_trendrise.kendall_tau``."""
    y = np.asarray(v, dtype=np.float64)
    if len(y) > TREND_MAX_POINTS:
        y = y[np.linspace(0, len(y) - 1, TREND_MAX_POINTS).astype(np.intp)]
    n = len(y)
    return float(sum(np.sign(y[k + 1:] - y[k]).sum() for k in range(n - 1))), n


def mann_kendall_z(v) -> float:
    """The Mann-Kendall z of ``v`` in log order (>= 2 values; normal approximation with the continuity correction, no
    tie correction): negative for a falling trend."""
    s, n = kendall_s(v)
    return (s + (1.0 if s < 0 else -1.0 if s > 0 else 0.0)) / math.sqrt(n * (n - 1) * (2 * n + 5) / 18.0)


FAR_CLIMB = 0.25  # a validation that ended >= 25% above its best ...
FAR_CLIMB_EVALS = 20  # ... after >= 20 evaluations, at most a tenth of them below the one before


def climbed_far(y: np.ndarray, i: int, relative) -> bool:
    """Whether validation (``y``, its ln values when relative) climbed far after its best at ``i``: >= ``FAR_CLIMB``
    above it at the end, over >= ``FAR_CLIMB_EVALS`` evaluations, at most a tenth of them a step down."""
    after = np.diff(y[i:])
    return len(after) >= FAR_CLIMB_EVALS and (after < 0).sum() <= len(after) // 10 \
        and relative(float(y[-1]) - float(y[i])) >= FAR_CLIMB
