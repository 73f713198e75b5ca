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
masks it, one exact value: ``verdict_nan._stuck_loss``). So the gradient norm's break is `nan` only when the loss
logged after it does not go on learning: fewer than ``LEARNING_LOGS`` finite training-loss logs after the break, or
their values not distinct, or the last of them above the last loss logged before the break by more than
``LEARNING_SLACK`` (a loss blowing up beside an inf norm is the too-large step domain.md's nan names).
"""
from __future__ import annotations

import numpy as np

from .curves import Series

LEARNING_LOGS = 3  # finite training-loss logs after the break, not all one value ...
LEARNING_SLACK = 1.05  # ... the last of them at most 5% above the last loss logged before the break


def learning_after(loss: Series | None, step: int) -> bool:
    """Whether the training loss ``loss`` went on learning after ``step`` (where a gradient norm became non-finite
    for good): >= ``LEARNING_LOGS`` finite logs at or after it, not all equal, every log there finite, and the last
    no more than ``LEARNING_SLACK``x the last finite log before it (positive losses)."""
    if loss is None or len(loss.values) == 0:
        return False
    s = np.asarray(loss.steps, dtype=np.int64)
    v = np.asarray(loss.values, dtype=np.float64)
    after, before = v[s >= step], v[s < step]
    before = before[np.isfinite(before)]
    if len(after) < LEARNING_LOGS or not np.isfinite(after).all() or len(np.unique(after)) < 2 or not len(before):
        return False
    return float(before[-1]) > 0 and float(after[-1]) <= LEARNING_SLACK * float(before[-1])
