"""A perplexity judged as what it measures, its cross-entropy in nats (ln ppl), where "barely moving" is asked: a
10% lower perplexity near a uniform guess over a large vocabulary is ~1% of its nats (public clear `stalled`
ptbviolet102 exp4). Used by ``verdict`` (the model's stall not refused) and ``verdict_stall`` (validation's fall).
The relative overfit thresholds stay on the logged perplexity (judging it in nats there was tried at stop 48 and
withdrawn: a 0.5-nat LM validation rise fell under the 5%)."""
from __future__ import annotations

import math
import re

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_evidence import finite

_PPL = frozenset({"ppl", "perplexity"})


def is_perplexity(name: str) -> bool:
    """A series named as a perplexity (a word ``ppl`` or ``perplexity``)."""
    return bool(set(re.split(r"[^a-z]+", name.lower())) & _PPL)


PPL_NATS_FALL = 0.03  # a perplexity judged as what it measures: its cross-entropy (ln ppl) fell < 3%


def perplexity_crept(main, curves: Curves | None, f: RunFeatures) -> bool:
    """The judged series (training's, else validation's loss) is a perplexity whose ln fell < ``PPL_NATS_FALL`` from
    its start to its end (``main``: its features' smoothed ``start``/``final``): a 10% fall of the perplexity is
    ~0.1 nats, barely moving on a model near guessing (ptbviolet102 exp4: train ppl 20,730 -> 18,521 in 40 epochs,
    ln 9.94 -> 9.83, at the ~10,000 of a uniform guess over the PTB vocabulary, was `healthy` "a steady 10% fall")."""
    series = None if curves is None else (curves.train_loss if f.train is not None else curves.val_loss)
    if series is None or not is_perplexity(series.name) or not (main.start > 1 and main.final > 1):
        return False
    return 1 - math.log(main.final) / math.log(main.start) < PPL_NATS_FALL


def val_values(curves: Curves) -> tuple[np.ndarray, np.ndarray]:
    """The validation loss's finite (steps, values); a perplexity (all > 1) as its cross-entropy, ln ppl: a 12% lower
    perplexity near a uniform guess is ~1% of the nats (ptbviolet102 exp4: val ppl 10,367 -> 9,094 over 40 epochs,
    ln 9.25 -> 9.12, was refused as a stall by "validation fell 12%")."""
    s, v = finite(curves.val_loss)
    if curves.val_loss is not None and is_perplexity(curves.val_loss.name) and len(v) and v.min() > 1:
        return s, np.log(v)
    return s, v
