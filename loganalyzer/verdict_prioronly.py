"""A one-answer classifier whose loss fell only to the entropy of the class prior: it learned the prior, nothing more.

A binary classifier that predicts the majority class for every example has an accuracy equal to that class's share
``p`` at every evaluation (``verdict_flatacc``'s ``one_answer``), and the lowest cross-entropy it can reach without
telling the examples apart is the prior's entropy, ``H(p) = -p ln p - (1 - p) ln(1 - p)`` nats. Its loss falls fast
from the initial guess to ``H(p)`` (the output bias finds the prior) and stays there: that fall is no learning.
Public fakereview213 ``history.pkl`` (a Keras ``history.history`` pickled as a list of dicts, 20 epochs): accuracy
0.8964 at every epoch from 1 and val_accuracy 0.8992 at all 20, loss 0.584 -> 0.332 at epoch 1 -> 0.309 at 19,
val_loss 0.375 -> 0.302; ``H(0.8992)`` = 0.327 nats. Judged `underfit` 0.40 (one answer, the loss fell 47%), labelled
`stalled`: nothing but the prior was learned. A one-answer accuracy beside a loss well below ``H(p)`` (public
quoraspam ``model_history.csv``: 0.9375 at all 88 epochs, loss 0.119 at the end against ``H`` = 0.233, labelled
underfit) did learn something and stays as it was.

Rule (``prior_only``): the flat accuracy is one answer (identical at >= 5 logs, above chance:
``FlatAccuracy.one_answer``), and the training loss's end level (median of its last tenth,
``features_robust.end_level``; >= 5 finite logs) lies within ``BAND`` (0.85-1.15 x) of ``H(p)`` of that accuracy. For more than two classes the prior's entropy is at least the
binary one of the majority share, so the band can only be met by a loss near that floor too. The band: fakereview213's
0.309 / 0.327 = 0.95; quoraspam's 0.51 and dermacqi ``training_log`` (7 classes, 1.17 against 0.63: 1.85) fall outside.
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves
from .features_robust import end_level
from .verdict_flatacc import FlatAccuracy

BAND = (0.85, 1.15)
MIN_LOGS = 5


def prior_entropy(p: float) -> float:
    """Binary entropy of a class share ``p`` in (0, 1), in nats."""
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def prior_only(curves: Curves, flat: FlatAccuracy | None) -> tuple[float, float] | None:
    """(the training loss's end level, ``H(p)``) when the run learned only the class prior (module docstring), else
    None."""
    if flat is None or not flat.one_answer or curves.train_loss is None or not 0.5 < flat.last < 1.0:
        return None
    v = curves.train_loss.values[np.isfinite(curves.train_loss.values)]
    if len(v) < MIN_LOGS or (v < 0).any():
        return None
    end, h = end_level(v), prior_entropy(flat.last)
    return (end, h) if BAND[0] * h <= end <= BAND[1] * h else None
