"""A late climb of the training loss while the task's validation accuracy (else its metric) held its best
(``verdict_climb.late_climb``): not divergence.

domain.md's diverged is the model getting worse -- "the loss, after improving, climbs far above its best ... and
does not come back", caused by a step size too large for the weights; a model broken that way predicts worse, and
its accuracy falls back with its loss (issue 9, kind 2: "learned, then collapsed back to the chance level"). When
the validation accuracy (or the task's metric: mAP, F1, IoU) gave back at most ``verdict_metric.HELD`` (10%) of its
gain by its last evaluation (``verdict_metric.held_measure``, the measure ``verdict_noisy`` already uses for a
validation loss drifting up), the training loss's climb is the model growing more confident on its wrong examples
(or a spike it is recovering from), not a model that diverged: the climb is reported, the shape label stands.
Only a plain "climb" that stayed below the start: a collapse, a climb past the start, or a validation loss that
climbed too (``both``) stays `diverged`.

Public runs, labelled `healthy` and called `diverged`: asquaredm (a DARTS-SAM supernet search, CIFAR-10:
loss_train 1.83 -> 0.196 at epoch 52 -> 0.354, 1.8x its best, while valid accuracy 84.5 at its best and 82.5 at the
last); signlang130 (Keras, 50 epochs: loss 0.108 at epoch 39, a spike 6.42 at 41, 0.335 at the last, while
validation accuracy was 0.944 at the last, 1.0 at its best).
"""
from __future__ import annotations

from .curves import Curves
from .verdict_base import _fmt, _step
from .verdict_metric import held_measure


def metric_held(curves: Curves) -> str | None:
    """Why a climb of the training loss is not divergence: the task's validation accuracy/metric held its best
    (``held_measure``), worded with its logged first, best and last values; or None."""
    held = held_measure(curves)
    if held is None:
        return None
    return (f"the task's validation measure `{held.name}` held its best: {_fmt(held.first)} at its first evaluation, "
            f"{_fmt(held.best)} at its best ({held.x} {_step(held.best_step)}), {_fmt(held.last)} at the last ({held.x} "
            f"{_step(held.last_step)})")
