"""An accuracy that never rose after a loss that blew up at its first log: the learning rate, not capacity.

newcomer33 #3: SGD at lr 8 (momentum 0.9) on digits logs an epoch-mean loss of 12.07 in its first epoch, then ~2.7
(above ln 10) with the accuracy at chance. ``verdict_text`` calls that `underfit` ("never rose"), whose advice ended
"Then raise the learning rate" -- the opposite of the fix. ``blown_up_first`` gives the advice that comes first
instead.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .verdict_base import times, _fmt, _value_at
from .verdict_evidence import Logged, finite

BLOWN_FIRST = 3.0  # the first logged loss >= 3x the last: the first updates blew the outputs up
# ... and >= 3x the next logs too (the median of the 2nd-4th): a jump at the first log, then a flat rest. A loss
# that falls step by step from its initial value (a language model's 10.96 -> 10.5 -> 10.1 ... -> 3.3, public
# buildnanogptlb152) fell by learning, not from a blow-up
NEXT_LOGS = 3


def blown_up_first(lg: Logged, curves: Curves, sure: bool = True) -> tuple[str, str] | None:
    """(why, advice) when the training loss ``lg`` (positive) logged first >= ``BLOWN_FIRST`` x its last value and
    x the median of its next ``NEXT_LOGS`` logs,
    the advice quoting the logged learning rate at the last step when ``curves.lr`` has one; else None. ``sure``:
    an accuracy at chance confirms it (the advice says so); else the advice says what to check (newcomer33 #8:
    Keras SGD at lr 50, first epoch 1,732.3, then 17-20 -- 8x ln 10 -- flat: plain `underfit`)."""
    if not (lg.first > 0 and lg.last > 0 and lg.first >= BLOWN_FIRST * lg.last):
        return None
    if curves.train_loss is not None and curves.train_loss.name == lg.name:
        nxt = finite(curves.train_loss)[1][1:1 + NEXT_LOGS]
        if len(nxt) and lg.first < BLOWN_FIRST * float(np.median(nxt)):
            return None  # no jump at the first log: the loss fell from there by learning
    why = f"the first logged loss {_fmt(lg.first)} is {times(lg.first / lg.last)} the last"
    lr = _value_at(curves.lr, lg.last_step)
    rate = f", it was {_fmt(lr)}" if lr is not None else ""
    if not sure:
        return why, (f"The first logged loss {_fmt(lg.first)} is {times(lg.first / lg.last)} the last and the rest "
                     f"barely fell: if the first updates blew the model up (a learning rate too high{rate}), lower "
                     "the rate ~10x and add warm-up and gradient clipping (clip_grad_norm_ at 1.0) before growing "
                     "the model.")
    return why, (f"The first logged loss {_fmt(lg.first)} is {times(lg.first / lg.last)} the last: the updates are too "
                 f"large for the model (the sign of a learning rate too high{rate}); lower it ~10x and add warm-up "
                 "and gradient clipping (clip_grad_norm_ at 1.0) before anything else.")


REST_FELL = 0.3  # plain `underfit`: only when the smoothed rest removed < 30% (the first log far above a flat rest)


def with_blowup(lg: Logged, curves: Curves, advice: list[str], ev: dict, rest_fell: float | None = None) -> list[str]:
    """``advice`` of an `underfit` run with the blow-up line first when ``blown_up_first`` finds one (its why in
    ``ev["updates_too_large"]``), and without the advice to raise the learning rate. ``rest_fell`` None: the
    accuracy never rose (sure; the first two lines kept); else the plain underfit's smoothed fall, the advice
    conditional and given only when it is below ``REST_FELL``."""
    sure = rest_fell is None
    blown = blown_up_first(lg, curves, sure=sure) if sure or rest_fell < REST_FELL else None
    if blown is None:
        return advice
    ev["updates_too_large"], line = blown
    if sure:
        return [line] + advice[:2]
    return [line] + [("Train longer if the curve was still creeping down." if "higher learning rate" in a else a)
                     for a in advice]
