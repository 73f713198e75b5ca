"""A short run that fell at every evaluation, whatever the training log's density (kind 10, the same facts in every
format).

``verdict_evidence.steady_fall`` looks at one series of 3-12 logs. A Keras CSV of a 3-epoch run has 3 training logs
(epoch means) and was called cut short; the same run in TensorBoard with the per-batch loss logged every 5 steps
has 15 noisy training logs, no steady fall, and its summary said "the loss fell 38% and levelled off" while its
validation fell at all 3 evaluations (the newcomer's stop-27 report, item 9: ``torch_tb_cut3`` vs
``keras_style/cut3``). ``short_steady_fall`` also tries the training loss as one value per evaluation: the median
of the training logs after the previous evaluation up to each one (``per_evaluation``), when training is logged at
least twice as often as validation and validation has 3-12 evaluations.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .curves import Curves, Series
from .verdict_evidence import SteadyFall, finite, steady_fall


def per_evaluation(curves: Curves) -> Series | None:
    """The training loss as the median of its logs in each interval ending at a validation evaluation (after the
    previous one; from the start for the first), at the evaluation steps; None unless validation has 3-12 finite
    evaluations, training >= 2 logs an evaluation, and every interval holds a training log."""
    ts, tv = finite(curves.train_loss)
    vs, _ = finite(curves.val_loss)
    if not 3 <= len(vs) <= 12 or len(tv) < 2 * len(vs):
        return None
    ends = np.searchsorted(ts, vs, side="right")
    starts = np.concatenate([[0], ends[:-1]])
    if (ends <= starts).any():
        return None
    values = np.array([float(np.median(tv[a:b])) for a, b in zip(starts, ends)])
    train = curves.train_loss
    return Series(train.role, train.dir, train.tag, vs.astype(np.int64), values, curves.val_loss.x)


def short_steady_fall(curves: Curves | None, has_train: bool) -> SteadyFall | None:
    """``steady_fall`` of the main loss (training when ``has_train``, else validation), else of the training loss
    per evaluation (``per_evaluation``, its points called "evaluation"s), else None."""
    if curves is None:
        return None
    steady = steady_fall(curves.train_loss if has_train else curves.val_loss)
    if steady is not None or not has_train:
        return steady
    blocks = per_evaluation(curves)
    steady = steady_fall(blocks) if blocks is not None else None
    return None if steady is None else dataclasses.replace(steady, unit="evaluation")
