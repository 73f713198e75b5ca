"""A gradient norm non-finite to the end of the run while the training loss goes on learning: fp16 loss scaling
skipping the overflowing steps, not a broken run (``verdict_nan._signal_breaks``).

Format facts. ``torch.cuda.amp.GradScaler.step`` (PyTorch docs, "Automatic Mixed Precision"): "If no inf/NaN
gradients are found, invokes optimizer.step() using the unscaled gradients. Otherwise, optimizer.step() is skipped to
avoid corrupting the params." The norm a training loop logs is the one ``clip_grad_norm_`` returns after
``scaler.unscale_`` -- inf/NaN at a skipped step. facebookresearch/mae (``engine_pretrain.py``, ``util/misc.py``
``NativeScalerWithGradNormCount``) logs ``grad_norm`` through ``MetricLogger``, whose per-epoch value is the mean
of every step's: one skipped step in an epoch makes that epoch's ``train_grad_norm`` inf, so a run whose scaler
skips a step every epoch logs inf from then on while its loss falls smoothly (public maskdg138
``saliency_50_30epochs``: ``train_grad_norm`` Infinity at 26 of 30 epochs, inf from epoch 24 to the end, ``train_loss``
0.4797 -> 0.4789 -> ... -> 0.476 at the last; labelled `healthy`, it was `nan` 0.97).

Had a non-finite step been applied, the weights would be NaN/Inf and every later loss NaN (or, with a loss that
masks it, one exact value: ``verdict_nan._stuck_loss``). So the gradient norm's break is excused (``skipped_steps``)
only when all of these hold:
- the streak to the end reads +inf at more than half its logs and at its last: the scaler's overflow (a too-large
  scale times a finite gradient is inf in float32; maskdg138 logs ``Infinity``). A NaN streak is a NaN in the graph
  at every step -- the breakage domain.md's nan names (and a scaler skipping every step would leave the loss flat).
  A NaN log now and then among the inf ones does not count against it: ``GradScaler`` skips a step whose unscaled
  gradients hold "inf/NaN" (the quote above), and an overflow inside the backward pass gives NaN at times (inf - inf
  where +inf and -inf meet in a sum): maskdg138's per-epoch mean reads NaN at epochs 1 and 14 between its Infinity
  epochs;
- the training loss clearly keeps falling after the break (``learning_after``): >= ``LEARNING_LOGS`` finite logs,
  their least-squares line falling by more than ``NOISE_TIMES`` times the scatter around it. A loss flat within its
  batch noise is a model frozen by skipping every step; a rising one is no learning either;
- no other monitored signal goes non-finite (the loss itself, a validation loss, an accuracy or metric).
"""
from __future__ import annotations

import numpy as np

from .curves import Curves, Series

LEARNING_LOGS = 3  # finite training-loss logs after the break ...
NOISE_TIMES = 2.0  # ... whose fitted fall exceeds 2x the scatter around the fitted line

OTHER_SIGNALS = ("train_loss", "val_loss", "val_acc", "train_acc", "val_metric")


def learning_after(loss: Series | None, step: int) -> bool:
    """Whether the training loss ``loss`` clearly kept falling at and after ``step``: >= ``LEARNING_LOGS`` logs
    there, all finite, the least-squares line through them falling (from its value at the first of them to its value
    at the last) by more than ``NOISE_TIMES`` x the residuals' standard deviation."""
    if loss is None or len(loss.values) == 0:
        return False
    s = np.asarray(loss.steps, dtype=np.float64)
    v = np.asarray(loss.values, dtype=np.float64)
    x, y = s[s >= step], v[s >= step]
    if len(y) < LEARNING_LOGS or not np.isfinite(y).all() or np.ptp(x) == 0:
        return False
    slope, icpt = np.polyfit(x, y, 1)
    fall = -slope * float(np.ptp(x))
    noise = float(np.std(y - (slope * x + icpt)))
    return fall > 0 and fall > NOISE_TIMES * noise


def skipped_steps(curves: Curves, norm: Series, step: int) -> bool:
    """Whether the gradient norm ``norm``, non-finite from ``step`` to the end, reads as fp16 loss scaling skipping
    overflowing steps (the module docstring): +inf at more than half the logs from ``step`` on and at the last, the
    training loss clearly falling after ``step`` and no other monitored signal non-finite anywhere."""
    v = np.asarray(norm.values, dtype=np.float64)
    tail = v[np.asarray(norm.steps) >= step]
    if not len(tail) or tail[-1] != np.inf or 2 * int((tail == np.inf).sum()) <= len(tail):
        return False
    for role in OTHER_SIGNALS:
        other = getattr(curves, role, None)
        if other is not None and len(other.values) and not np.isfinite(np.asarray(other.values, float)).all():
            return False
    return learning_after(curves.train_loss, step)
