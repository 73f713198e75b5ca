"""An accuracy that never rose after a loss that blew up at its first log: the learning rate, not capacity.

newcomer33 #3: SGD at lr 8 (momentum 0.9) on digits logs an epoch-mean loss of 12.07 in its first epoch, then ~2.7
(above ln 10) with the accuracy at chance. ``verdict_text`` calls that `underfit` ("never rose"), whose advice ended
"Then raise the learning rate" -- the opposite of the fix. ``blown_up_first`` gives the advice that comes first
instead.
"""
from __future__ import annotations

from .curves import Curves
from .verdict_base import _fmt, _value_at
from .verdict_evidence import Logged

BLOWN_FIRST = 3.0  # the first logged loss >= 3x the last: the first updates blew the outputs up


def blown_up_first(lg: Logged, curves: Curves) -> tuple[str, str] | None:
    """(why, advice) when the training loss ``lg`` (positive) logged first >= ``BLOWN_FIRST`` x its last value,
    the advice quoting the logged learning rate at the last step when ``curves.lr`` has one; else None."""
    if not (lg.first > 0 and lg.last > 0 and lg.first >= BLOWN_FIRST * lg.last):
        return None
    why = f"the first logged loss {_fmt(lg.first)} is {lg.first / lg.last:.1f}x the last"
    lr = _value_at(curves.lr, lg.last_step)
    rate = f", it was {_fmt(lr)}" if lr is not None else ""
    return why, (f"The first logged loss {_fmt(lg.first)} is {lg.first / lg.last:.1f}x the last: the updates are too "
                 f"large for the model (the sign of a learning rate too high{rate}); lower it ~10x and add warm-up "
                 "and gradient clipping (clip_grad_norm_ at 1.0) before anything else.")
