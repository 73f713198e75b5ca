"""Training losses printing one value at every log (used by ``curves_choose._choose_train``)."""
from __future__ import annotations

import numpy as np

from .curves_names import COMPONENT, _Cand, _level

STALE_POINTS = 5  # logs of one identical value that make a stale copy beside a loss that moves
# a penalty shrinking beside a constant total is no learning (a breaker's dead ReLU net: `loss` 2.3026 = ln 10 at all
# 30 epochs beside `reg_loss` 1.3e6 -> 0 stays `stalled`)
_REGULARISERS = frozenset({"reg", "regularization", "regularisation", "l2", "wd", "decay", "penalty", "norm"})


STALE_POINTS = 5  # logs of one identical value that make a stale copy beside a loss that moves


def _one_value(c: _Cand, least: int = STALE_POINTS) -> bool | None:
    """The same value at every one of >= ``STALE_POINTS`` logs: a trainer printing its one evaluation again on
    each progress line (ezpz's ``step=5 loss=3.66 .. train_loss=4.29 val_loss=4.29`` for 100 steps, public
    kharelb/ai-science-training-series ``homework_6.md``: judged on that ``train_loss``, a learning run was called
    stalled at 0.99). Only beside another training loss whose values move (``_choose_train``: ``least`` 2, False).
    None: fewer than ``least`` finite logs."""
    v = c.values() if c.n >= least else np.empty(0)
    v = v[np.isfinite(v)]
    return bool((v == v[0]).all()) if len(v) >= least else None


def without_stale(totals: list[_Cand], usable: list[_Cand], skipped: list[str]) -> list[_Cand]:
    """``totals`` less the ones printing one value at every log beside a loss that moves (a reason appended to
    ``skipped``). When every total is such and one moving group of component-named terms (no penalty) is logged
    beside them, that group is the training's loss: public gasnext102, pix2pix's 'L1: 1.642 bottom: 1.000', had
    `loss_bottom` (1.000 at all 62 logs) judged as the total, `stalled` 0.99."""
    from .curves_choose import _groups

    stale = [c for c in totals if _one_value(c)]
    moving = _groups([c for c in usable if _level(c) == COMPONENT and _one_value(c, 2) is False
                      and not c.rest & _REGULARISERS])
    if stale and len(stale) == len(totals) and len(moving) == 1:
        totals = totals + moving[0]
    if stale and any(c not in stale and _one_value(c, 2) is False for c in totals):  # beside a loss that moves
        totals = [c for c in totals if c not in stale]
        names = ", ".join(sorted(c.name for c in stale))
        skipped.append(f"{names} printed one value at every one of its logs (a copy of a single evaluation) beside "
                       "a loss that moves")
    return totals
