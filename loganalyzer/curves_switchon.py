"""A training objective that changes when a loss term is switched on part-way (``curves.find_curves``): the total
judged from the switch on. Split from ``curves`` (past its size)."""
from __future__ import annotations

import numpy as np

from .curves_series import Series

# the term's exact zeros first, and its values after them, each at least this many logs; the total's first log at
# the switch at least RISE times its log before (a new term added to the sum, not noise)
MIN_ZEROS, MIN_AFTER, RISE = 3, 3, 1.3


def after_term_switched_on(train: Series | None, components, notes: list) -> Series | None:
    """``train`` from the step where a loss term logged as exactly 0.0 at its first >= ``MIN_ZEROS`` logs becomes
    non-zero at every later log (>= ``MIN_AFTER``), when the total jumps there (its first log at that step >= ``RISE``
    x its log before): the objective changed, its earlier values are another sum's. A note says so; ``train``
    itself otherwise. YOLOX and the trackers built on it (FairMOT-X, public myfairmotx194 ``log.txt``: ``epoch: 16
    |tot_loss 13.287 | iou_loss 3.62 | l1_loss 2.035 | conf_loss 39.5 ..`` after ``epoch: 15 |tot_loss 4.750 | ..
    l1_loss 0.000000 ..``) switch the L1 box loss on for the last epochs when mosaic augmentation stops
    (``yolox/core/trainer.py``: ``self.model.head.use_l1 = True`` at ``max_epoch - no_aug_epochs``): the total
    jumped 4.75 -> 13.29 and the run, falling again to 10.44, was `diverged` 0.98. domain.md: a total that rises
    because the objective's weights change is no divergence: check the components."""
    if train is None or len(train.values) < MIN_ZEROS + MIN_AFTER:
        return train
    for comp in components:
        v = np.asarray(comp.values, dtype=float)
        zero = v == 0
        if zero.all() or not zero[0]:
            continue
        lead = int(np.argmax(~zero))
        if lead < MIN_ZEROS or len(v) - lead < MIN_AFTER or zero[lead:].any() or not np.isfinite(v[lead:]).all():
            continue
        at = int(np.searchsorted(train.steps, comp.steps[lead]))
        if at < MIN_ZEROS or len(train.values) - at < MIN_AFTER or train.steps[at] != comp.steps[lead]:
            continue
        before, after = float(train.values[at - 1]), float(train.values[at])
        if not (np.isfinite(before) and np.isfinite(after) and before > 0 and after >= RISE * before):
            continue
        notes.append(f"{train.name}: the term {comp.name} is exactly 0.0 at its first {lead} logs and switched on at "
                     f"step {int(comp.steps[lead])}, where {train.name} jumps {before:.4g} -> {after:.4g}: the "
                     "objective changed; judged from that step on")
        return Series(train.role, train.dir, train.tag, train.steps[at:], train.values[at:], train.x)
    return train
