"""An "accuracy" the loss beside it shows cannot be a classifier's: a regression run's Keras ``acc``.

Kind (stop 70, sets 226): Keras regressions compiled with ``metrics=['accuracy']`` log an ``acc``/``val_acc`` that
is exact-match accuracy of real-valued outputs -- a constant or a flat wander that means nothing -- beside a mean
squared error. The verdict read it as a classifier's accuracy that "never rose" and called the run `underfit`.
Public open ``eljefecbc226 model-nvda-earlystop-corr0.04-drop0.2.h5-history`` (clear `healthy`: loss 0.01405 ->
0.0084 over 13 epochs, val_loss 0.01044 -> 0.00812, ``acc`` 0.1759 and ``val_acc`` 0.1804 at every epoch) and
``nikhilbc226 hist`` (`healthy`: loss 0.508 -> 0.154, val_loss 0.435 -> 0.150, ``val_acc`` 0.568-0.574 flat) were
`underfit` 0.6.

The test: a cross-entropy cannot sit below ``(1 - accuracy) * ln 2`` -- every misclassified example has p(correct)
<= 0.5 and so costs >= ln 2 nats (binary or categorical, per element for a multi-label accuracy). A logged pair (the
training loss with the training accuracy, or the validation pair) at the same step with the loss below
``BOUND_SHARE`` (0.5) of that bound -- slack for a focal term or a loss weight below 1 -- is no classifier's pair.
With that, the accuracy must also have carried nothing: its range over the run <= ``FLAT_RANGE`` (0.05, as
fractions), so a classifier whose loss is scaled down but whose accuracy learned is never touched. Such a run is
judged without its accuracies (``verdict.judge``), with a ``accuracy_not_a_classifier`` finding saying why.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .curves import Curves
from .verdict_base import Finding, _fmt, _step
from .verdict_evidence import ACC_BROKEN, accuracy_fractions, finite

BOUND_SHARE = 0.5
FLAT_RANGE = 0.05
MIN_PAIRS = 3  # at least 3 logged steps shared by the loss and its accuracy


def _pair_breaks_bound(loss, acc) -> tuple[int, float, float] | None:
    """(step, loss, accuracy) of the first shared step where the loss is below ``BOUND_SHARE`` of the
    cross-entropy's bound for that accuracy, or None (fewer than ``MIN_PAIRS`` shared steps, or none breaks it)."""
    if loss is None or acc is None:
        return None
    read = accuracy_fractions(acc, percent=True)
    if read is None:
        s, v = finite(acc)  # a constant accuracy is "broken" for the readers of accuracies: read it as logged
        if len(v) == 0 or v.min() < 0 or v.max() > 1:
            return None
        read = (s, v)
    a_steps, a = read
    if len(a) < MIN_PAIRS or float(a.max() - a.min()) > FLAT_RANGE or float(a.max()) <= ACC_BROKEN:
        return None  # (an accuracy never above 1% is a placeholder: verdict_evidence's broken metric, its own finding)
    l_steps, lv = finite(loss)
    at = {int(s): float(x) for s, x in zip(l_steps, lv)}
    shared = [(int(s), at[int(s)], float(x)) for s, x in zip(a_steps, a) if int(s) in at]
    if len(shared) < MIN_PAIRS:
        return None
    for step, value, accuracy in shared:
        if value >= 0 and accuracy < 1 and value < BOUND_SHARE * (1 - accuracy) * math.log(2):
            return step, value, accuracy
    return None


def _tail(v) -> float | None:
    """The median of the last tenth of ``v`` (at least one value), or None when it is empty."""
    return float(np.median(v[-max(1, len(v) // 10):])) if len(v) else None


def _end(series) -> float | None:
    """``_tail`` of a series' finite logs, or None."""
    return None if series is None else _tail(finite(series)[1])


def _some_loss_keeps_the_bound(curves: Curves) -> bool:
    """True when a loss of the run ends at or above the cross-entropy bound for an accuracy's end level: a
    classifier whose other loss is on another scale (the PyTorch MNIST example's test loss summed then divided by
    the set's size again, beside a training loss at ln 10 and a 10% accuracy: test_vd63) -- not a regression."""
    for acc in (curves.train_acc, curves.val_acc):
        read = accuracy_fractions(acc, percent=True) if acc is not None else None
        a = _tail(read[1]) if read is not None else None
        if a is None or not 0 <= a < 1:
            continue
        for loss in (curves.train_loss, curves.val_loss):
            end = _end(loss)
            if end is not None and end >= (1 - a) * math.log(2):
                return True
    return False


def accuracy_not_a_classifier(curves: Curves | None) -> tuple[Curves, Finding] | None:
    """The run's curves without its accuracies, and the finding that says why, when a loss/accuracy pair breaks
    the cross-entropy bound and the accuracy stayed flat (module notes), and no loss of the run ends within the
    bound for an accuracy's end level (``_some_loss_keeps_the_bound``); else None."""
    if curves is None or (curves.train_acc is None and curves.val_acc is None) or _some_loss_keeps_the_bound(curves):
        return None
    for loss, acc in ((curves.train_loss, curves.train_acc), (curves.val_loss, curves.val_acc)):
        hit = _pair_breaks_bound(loss, acc)
        if hit is not None:
            step, value, accuracy = hit
            names = ", ".join(f"`{a.name}`" for a in (curves.train_acc, curves.val_acc) if a is not None)
            text = (f"`{loss.name}` was {_fmt(value)} at step {_step(step)} while `{acc.name}` was {_fmt(accuracy)}: a "
                    f"cross-entropy cannot be below (1 - accuracy) x ln 2 = {_fmt((1 - accuracy) * math.log(2))}, and "
                    f"the accuracy stayed flat, so {names} are no classifier's accuracy (a regression compiled with "
                    "metrics=['accuracy']?): judged on the losses alone")
            return dataclasses.replace(curves, train_acc=None, val_acc=None), \
                Finding("accuracy_not_a_classifier", text, step)
    return None
