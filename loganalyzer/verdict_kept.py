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

The measure speaks for the climb only when it was evaluated during it: at least one evaluation at or after the
climb's start (a file whose last evaluation came before the climb says nothing about the predictions then -- brk57
``div_late_noeval``: val_acc at steps 2,000-6,000 only, the loss climbing from 7,000), and not falling through it
(``_falling``): a measure moving the worse way at most (``FALLING``) of its evaluations from the last one before the
climb to the end, and ending worse than there, is the model getting worse with its loss, within ``HELD`` or not
(brk57 ``div_acc_slight``: val_accuracy 0.895 -> 0.834, lower at every epoch of a climb to 6.5x the best).
"""
from __future__ import annotations

import numpy as np

from .curves import Curves, Series
from .verdict_base import _fmt, _step
from .verdict_evidence import finite
from .verdict_metric import HELD, metric_course

FALLING = 2 / 3  # the share of moves, from the last evaluation before the climb on, that go the worse way


def _falling(series: Series, up: bool, start: int) -> bool | None:
    """Whether the measure fell through the climb that began at ``start`` (the module docstring); None when it was
    not evaluated at or after ``start``."""
    s, v = finite(series)
    inside = np.nonzero(s >= start)[0]
    if not len(inside):
        return None
    v = (v if up else -v)[max(int(inside[0]) - 1, 0):]
    moves = np.diff(v)
    return bool(len(moves) and v[-1] < v[0] and (moves < 0).sum() >= FALLING * len(moves))


def metric_held(curves: Curves, start: int) -> str | None:
    """Why a climb of the training loss from ``start`` is not divergence: the task's validation accuracy/metric held
    its best (gave back <= ``HELD`` of its gain), was evaluated during the climb and did not fall through it; worded
    with its logged first, best and last values; or None."""
    for series in (curves.val_acc, curves.val_metric):
        held = metric_course(series)
        if held is not None and held.improved and held.gave_back <= HELD \
                and _falling(series, held.higher_is_better, start) is False:
            break
    else:
        return None
    return (f"the task's validation measure `{held.name}` held its best: {_fmt(held.first)} at its first evaluation, "
            f"{_fmt(held.best)} at its best ({held.x} {_step(held.best_step)}), {_fmt(held.last)} at the last ({held.x} "
            f"{_step(held.last_step)})")
