"""A log that begins late in its run (a resumed job's log, a log kept from the middle of training): no stall can be
shown from it, since the stall's "barely moves from its initial value" needs the initial value (issue 9, kind 10).
"""
from __future__ import annotations

import numpy as np

from .curves import Curves, Series
from .features import RunFeatures

# A log that begins late in its run: its first logged step is >= 25% of its last and >= 100 (a resumed job's log, a
# log kept from the middle of training). The stall's "barely moves from its initial value" needs the initial value;
# a flat stretch after an unlogged start is no evidence of one. Public dev `healthy` transformer40 (a resumed log,
# steps 22,200 -> 41,220, loss falling 4.607 -> 4.371 with its decile means) was `stalled` 0.76 by the learned model.
LATE_START_SHARE, LATE_START_STEP = 0.25, 100


def late_start(f: RunFeatures, curves: Curves | None) -> str | None:
    """Why a stall is not shown: the judged loss's log starts at step >= ``LATE_START_STEP`` and >= ``LATE_START_SHARE``
    of its last step (the start of training was not logged), and it still fell (its last below its first) -- or the
    validation loss, logged as late, still fell (public dev `healthy` gpt2scratch45: a resumed GPT-2 pre-training log
    from step 70,250, train_loss 3.114 -> 3.183 in noise while dev_loss fell 3.274 -> 3.142, its lowest at the last
    evaluation, was `stalled` 0.98); None otherwise or without ``curves``."""
    if curves is None:
        return None
    series = curves.train_loss if f.train is not None else curves.val_loss
    for judged in (series, curves.val_loss if series is curves.train_loss else None):
        why = _late_and_fell(judged)
        if why is not None:
            return why + ("" if judged is series else f" (validation `{judged.name}` still fell)")
    return None


def _late_and_fell(series: Series | None) -> str | None:
    if series is None or len(series.steps) < 3 or series.x != "step":
        return None
    first, last = int(series.steps[0]), int(series.steps[-1])
    values = series.values[np.isfinite(series.values)]
    if first < LATE_START_STEP or first < LATE_START_SHARE * last or len(values) < 3 or not values[-1] < values[0]:
        return None
    return (f"its log begins at step {first:,} ({first / max(last, 1):.0%} of the way to {last:,}): the loss's "
            "initial value was not logged, so a flat stretch is no sign that it barely moved from it")
