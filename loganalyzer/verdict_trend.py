"""A validation loss falling as a trend through the noise of many evaluations, for ``verdict_stall`` (a stall
refuted). Spearman's rank correlation of the losses with their order is the standard test of a monotone trend that
makes no assumption on the noise's size or shape.
"""
from __future__ import annotations

import math

import numpy as np

from .verdict_floor import CUT_SHORT_MAX_K, nearest_k

# Many noisy evaluations fall at fewer than 90% of their moves however steady the trend: >= 20 of them whose rank
# correlation with time is <= -0.9 and whose lowest comes in the last 10% are still falling. Public `healthy`
# gpt2scratch45 (GPT-2 pre-training resumed at step 70,250: dev_loss 3.274 -> 3.142 over 331 evaluations, lower at
# 66% of its moves, Spearman -0.999, its lowest at the last) was `stalled` 0.98 on its noisy train_loss.
TREND_EVALS, TREND_RHO, TREND_BEST = 20, 0.9, 0.9


def noisy_trend(v: np.ndarray) -> str | None:
    """How a positive loss ``v`` (in order, finite) fell as a trend -- >= ``TREND_EVALS`` values, rank correlation with
    time <= -``TREND_RHO``, its lowest in the last tenth, not stuck near ln k (``near_chance``) -- or None."""
    if len(v) < TREND_EVALS or int(np.argmin(v)) < TREND_BEST * (len(v) - 1) or near_chance(v):
        return None
    rho = rank_correlation(v)
    return f"its lowest at the end (rank correlation with time {rho:.2f})" if rho <= -TREND_RHO else None


def near_chance(v: np.ndarray) -> bool:
    """A small-k classifier's loss that began at ln k (within 3%, k <= 20: ``verdict_floor.nearest_k``) and ended
    >= 0.9x of it: a slow trend that never left the guessing level is no learning to speak of. Public dev `stalled`
    drowsiness-ai (binary, 77 samples: val_loss 0.6899 -> 0.6676, ln 2 = 0.693, lower at 33 of 38 moves)."""
    k = nearest_k(float(v[0]))
    return k is not None and k <= CUT_SHORT_MAX_K and abs(float(v[0]) / math.log(k) - 1) <= 0.03 \
        and float(v[-1]) >= 0.9 * math.log(k)


def rank_correlation(v: np.ndarray) -> float:
    """Spearman's rank correlation of ``v`` with its order (ties are rare in float losses: ordinal ranks)."""
    ranks = np.argsort(np.argsort(v, kind="stable"), kind="stable").astype(float)
    return float(np.corrcoef(np.arange(len(v), dtype=float), ranks)[0, 1])
