"""A log that begins late in its run (a resumed job's log, a log kept from the middle of training): no stall can be
shown from it, since the stall's "barely moves from its initial value" needs the initial value (issue 9, kind 10).
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves, Series
from .features import RunFeatures

# A log that begins late in its run: its first logged step is >= 25% of its last and >= 100 (a resumed job's log, a
# log kept from the middle of training; on an epoch axis alike: public unetv2eva111, nnU-Net's log of epochs 250-299
# only, its converged CE-minus-Dice loss -1.418 -> -1.425, was `stalled` 0.97 by rules and model together). The
# stall's "barely moves from its initial value" needs the initial value; a flat stretch after an unlogged start is no
# evidence of one. Public dev `healthy` transformer40 (a resumed log, steps 22,200 -> 41,220, loss falling 4.607 ->
# 4.371 with its decile means) was `stalled` 0.76 by the learned model.
LATE_START_SHARE, LATE_START_STEP = 0.25, 100


def late_start(f: RunFeatures, curves: Curves | None) -> str | None:
    """Why a stall is not shown: the judged loss's log starts at step >= ``LATE_START_STEP`` and >= ``LATE_START_SHARE``
    of its last step (the start of training was not logged), and it still fell (its last below its first) -- or, when
    the training log begins that late, the validation loss still fell (public dev `healthy` gpt2scratch45: a resumed GPT-2 pre-training log
    from step 70,250, train_loss 3.114 -> 3.183 in noise while dev_loss fell 3.274 -> 3.142, its lowest at the last
    evaluation, was `stalled` 0.98); None otherwise or without ``curves``."""
    if curves is None:
        return None
    series = curves.train_loss if f.train is not None else curves.val_loss
    why = _late(series, series)
    if why is None and series is curves.train_loss and _late(series, None) is not None:
        # the training log begins late (not only a validation evaluated once an epoch): validation may show the fall
        why = _late(curves.val_loss, curves.val_loss)
        why = None if why is None else why + f" (validation `{curves.val_loss.name}` still fell)"
    return why


def _late(series: Series | None, fell: Series | None) -> str | None:
    """The words for ``series``'s late first log, or None when it begins early; with ``fell``, None also when that
    series did not end below its first log."""
    if series is None or len(series.steps) < 3:  # steps or epochs: a log from epoch 250 of 300 is a resumed tail too
        return None
    first, last = int(series.steps[0]), int(series.steps[-1])
    if first < LATE_START_STEP or first < LATE_START_SHARE * last:
        return None
    if fell is not None:
        values = fell.values[np.isfinite(fell.values)]
        if len(values) < 3 or not values[-1] < values[0]:
            return None
    return (f"its log begins at {series.x} {first:,} ({first / max(last, 1):.0%} of the way to {last:,}): the loss's "
            "initial value was not logged, so a flat stretch is no sign that it barely moved from it")


# an end level within 2% of ln k (k <= verdict_floor.K_MAX, 400): a classifier at the chance level of guessing among k
# classes. Past k = 10 this also holds a language model's loss by chance (a reviewer capped k at 10; that turned dev
# clear `stalled` netranmt59 -- a fine-tune tail from step 32,950 at LR 1e-7, loss ~4.0 -- `healthy`: left at K_MAX)
AT_CHANCE = 0.02


def at_chance(f: RunFeatures) -> bool:
    """Whether the judged loss ends at ln k for some k (within ``AT_CHANCE``): stuck at guessing, a stall whatever
    came before the log began (a breaker's resumed log of epochs 200-400 at 0.6931 = ln 2 was `healthy` by
    ``late_start``, its last value a hair below its first)."""
    from .verdict_floor import nearest_k

    main = f.train if f.train is not None else f.val
    final = main.final if main is not None else float("nan")
    k = nearest_k(final) if final == final else None
    return k is not None and abs(final / math.log(k) - 1) <= AT_CHANCE
