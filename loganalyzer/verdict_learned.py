"""A `stalled` label refuted by another sign that the model learned (``verdict_refine``, after ``verdict_creep``):
domain.md's stalled is a run where nothing is being learned, and each check below finds something learned that the
judged loss's first-vs-last hides. One ``NoStall`` (``verdict_stall``) or None; the first check that fires wins:

- a term of the objective fell >= 5x while the total sat flat (``verdict_component.component_fell``): `healthy`;
- the task's [0, 1] metric was >= 0.99 at every evaluation (``verdict_converged.converged_at_ceiling``): `healthy`;
- a short run whose training loss and every validation series improved at every log
  (``verdict_shortagree.short_agreeing_fall``): `healthy` when validation levelled off, else `underfit`;
- a noisy per-step loss whose tenths' means fell as a trend (``verdict_noisyfall.noisy_fall``): `healthy`.
"""
from __future__ import annotations

from .curves import Curves
from .features import RunFeatures
from .verdict_component import component_fell
from .verdict_converged import converged_at_ceiling
from .verdict_noisyfall import noisy_fall
from .verdict_shortagree import short_agreeing_fall
from .verdict_stall import NoStall


def learned_refuted(f: RunFeatures, curves: Curves | None) -> NoStall | None:
    """What a `stalled` run is instead when one of the module's checks finds learning, or None."""
    if curves is None:
        return None
    for check, kind in ((component_fell, "component_fell"), (converged_at_ceiling, "converged")):
        why = check(curves)
        if why is not None:
            return NoStall("healthy", why, kind)
    short = short_agreeing_fall(curves)
    if short is not None:
        return short
    why = noisy_fall(f, curves)
    return NoStall("healthy", why, "noisy_fall") if why is not None else None
