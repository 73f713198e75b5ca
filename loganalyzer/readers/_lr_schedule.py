"""A later session of a JSON-lines file whose learning rate is off the earlier session's schedule: a training of its
own, not a resume (for ``_json_trainings``).

detectron2's ``JSONWriter`` appends every launch into one ``metrics.json``. A resumed launch (``--resume``) loads the
last checkpoint, taken at a multiple of ``CHECKPOINT_PERIOD`` at or below the last logged iteration, and goes on with
the same LR schedule (the scheduler's state is in the checkpoint): its ``lr`` at an iteration is the one the earlier
launch had there. A launch whose counter went back and whose ``lr`` at the iteration it logs first is far from the
earlier launch's ``lr`` around that iteration is another training (public coffee19850519/pathway_retinanet
``output/metrics.json``: a first launch at base LR 0.001 logs to iteration 319::

    {"data_time": 0.0025, "eta_seconds": 95417.9, "iteration": 99, ..., "lr": 9.9901e-05, ..., "total_loss": 3.38}
    {"data_time": 0.0025, "eta_seconds": 99357.2, "iteration": 319, ..., "lr": 0.000319681, ..., "total_loss": 3.55}
    {"iteration": 100, "loss_box_reg": 2.17, "loss_cls": 1.12, "lr": 0.00099901, "total_loss": 3.29}

then a new one at base LR 0.01, 10x the first's LR at the same point of the same warmup). Only when certain: both
sessions log the rate under one name (``lr``, ``learning_rate``, ``.../lr``), the earlier session logged it on both
sides of (or at) the later session's first step, and the later value lies outside half the lower to twice the higher
of those two neighbours (a step decay between the two neighbours is no difference).

A resume whose scheduler state was not restored runs its warm-up again (``lr`` 2e-06 at the resumed iteration 4100
where the first launch had 0.001) but its loss carries on from the checkpoint's level: ``loss_carries_on`` (the
earlier launch's loss had come well down by that iteration and the later one's first loss is nearer that level than
the earlier launch's first loss) keeps it a resume. A new training starts high again; when the earlier loss never
came down (the pathway_retinanet case above) the loss cannot tell and the LR decides.
"""
from __future__ import annotations

import numpy as np

LR_NAMES = ("lr", "learning_rate")


def is_lr(tag: str) -> bool:
    return tag.lower().rsplit("/", 1)[-1] in LR_NAMES


def other_schedule(tags, steps, values, before: slice, mine: slice, shared: list[str]) -> bool:
    """Whether the session ``mine`` logged an LR off the schedule the session ``before`` logged (see above)."""
    for tag in shared:
        if not is_lr(tag):
            continue
        b, m = tags[before] == tag, tags[mine] == tag
        sb, vb = steps[before][b], values[before][b]
        sm, vm = steps[mine][m], values[mine][m]
        ok_b, ok_m = np.isfinite(vb), np.isfinite(vm)
        sb, vb, sm, vm = sb[ok_b], vb[ok_b], sm[ok_m], vm[ok_m]
        if len(sb) < 2 or not len(sm):
            continue
        order = np.argsort(sb, kind="stable")
        sb, vb = sb[order], vb[order]
        first = int(np.argmin(sm))
        at, lr = sm[first], vm[first]
        if not sb[0] <= at <= sb[-1]:
            continue
        lo_i = int(np.searchsorted(sb, at, side="right")) - 1  # the earlier session's last point at or below
        hi_i = int(np.searchsorted(sb, at, side="left"))  # and its first at or above
        near = (vb[lo_i], vb[hi_i])
        low, high = min(near), max(near)
        if low <= 0 or lr <= 0:
            continue
        return bool(lr > 2 * high or lr < low / 2)
    return False


def loss_carries_on(tags, steps, values, before: slice, mine: slice, tag: str) -> bool:
    """Whether the session ``mine``'s loss ``tag`` goes on from the level the session ``before`` had at its first
    step, well below where ``before`` started (see above)."""
    if "loss" not in tag.lower():
        return False
    b, m = tags[before] == tag, tags[mine] == tag
    sb, vb, sm, vm = steps[before][b], values[before][b], steps[mine][m], values[mine][m]
    ok_b, ok_m = np.isfinite(vb), np.isfinite(vm)
    sb, vb, sm, vm = sb[ok_b], vb[ok_b], sm[ok_m], vm[ok_m]
    if len(sb) < 3 or not len(sm):
        return False
    order = np.argsort(sb, kind="stable")
    sb, vb = sb[order], vb[order]
    at, resumed = sm[int(np.argmin(sm))], vm[int(np.argmin(sm))]
    start = vb[0]
    level = vb[max(int(np.searchsorted(sb, at, side="right")) - 1, 0)]  # the earlier loss at (or before) that step
    if not abs(level) < 0.75 * abs(start):  # the earlier loss hardly came down: the loss cannot tell
        return False
    return bool(abs(resumed - level) < abs(resumed - start))
