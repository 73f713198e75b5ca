"""A training-loss climb that a term's weight explains (``curves_weights``): the weight grew between the loss's best
and the start of the climb and stayed grown, so the total now weighs a term it weighed less (or not at all) before.

That is no divergence (domain.md: a rise the schedule explains is not divergence; a KL or domain-adversarial weight
ramped in is such a schedule). The twenty-fifth set's `healthy` ``audiodann`` (a DANN whose total jumped 0.022 ->
0.70 = ln 2, the domain classifier at chance as designed, exactly when ``dann_lambda`` went 0 -> 0.09, while its
accuracy held 0.995-0.998) was `diverged` 0.99.
"""
from __future__ import annotations

from .curves_series import Curves
from .verdict_base import GREW, _fmt, values_around



def weight_excuse(curves: Curves | None, best_step: int | None, climb_step: int | None) -> tuple[str, str] | None:
    """(weight's name, the sentence saying how it grew) for the first logged loss weight that grew from the loss's
    best step to the climb's start and still holds >= its value at the best and half its value at the climb's start
    at its last log, else None. Steps are the loss's x units (the weight is read at or just before them)."""
    if curves is None or not curves.loss_weights or best_step is None or climb_step is None:
        return None
    for w in curves.loss_weights:
        at_best, at_climb, at_end = values_around(w, best_step, climb_step)
        if at_best is None or at_climb is None or at_end is None or at_best < 0:
            continue
        grew = at_climb > 0 if at_best == 0 else at_climb >= GREW * at_best
        if grew and at_end >= max(at_best, 0.5 * at_climb):
            return w.name, (f"the weight `{w.name}` of a term of the objective grew from {_fmt(at_best)} at the "
                            f"loss's best to {_fmt(at_climb)} when the climb began "
                            f"({_fmt(at_end)} at the end): the total weighs a term it weighed less before")
    return None
