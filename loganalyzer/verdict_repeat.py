"""A training loss that repeats itself exactly, period after period: the weights stopped changing (issue 9 follow-up,
the opened seventy-fifth set's clear `stalled` dancevision75 version_12).

A per-batch training loss moves because the weights move: even at a plateau, SGD's updates change every batch's loss
in its last digits. When the logged losses repeat one block of ``P`` values exactly (to float precision), block after
block, the weights did not change between the blocks and the batches came in the same order each epoch: the
parameters are frozen (``requires_grad=False``, an optimizer given no or other parameters), the learning rate is 0,
or no gradient reaches them (a ReLU on the output stuck at 0, a saturated activation). Public dancevision75
version_12 (a Lightning regression model, no validation: from its fourth epoch on every epoch logged the same five
batch losses 0.0, 1.0, 1.534, 9.0, 10.487 to 1e-6 for 300 epochs, its output `out_0` exactly 0.0) was `healthy`
0.55 "went from 1.45e-07 at step 0 to 10.49"; labelled `stalled` (clear).

``repeats_exactly``: the smallest period ``P`` in 2..``MAX_PERIOD`` whose blocks repeat (``|v[i] - v[i-P]| <=
REPEAT_REL x max(1, |v[i]|)``) over the last >= ``REPEAT_SHARE`` of the logs and >= ``MIN_PERIODS`` blocks, the
block not constant (a constant loss is other rules' case), and the repeated block's mean >= ``KEPT_SHARE`` of the
run's first logs' mean (nothing learned before the weights stopped: a model that learned and then stopped at a low
loss is not claimed here). `stalled`: no learning happens in the repeated part.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves_series import Curves

MAX_PERIOD = 512  # batches per epoch of a small data set (the repeat is an epoch's batches in a fixed order)
MIN_LOGS = 20
REPEAT_REL = 1e-6  # the same value to float precision
REPEAT_SHARE, MIN_PERIODS = 0.25, 3  # the last >= 25% of the logs, and >= 3 whole blocks
KEPT_SHARE = 0.5  # the block's mean >= half the first logs' mean: nothing learned before
REPEAT_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Repeat:
    name: str  # the training loss
    period: int  # logs per repeated block
    block: tuple[float, ...]  # the block's values, in order
    since_step: int  # the step of the first log of the first repeated block
    blocks: float  # how many blocks from then to the end
    last_step: int


def _trailing_match(v: np.ndarray, p: int) -> int:
    """How many logs at the end of ``v`` equal the log ``p`` before them (to ``REPEAT_REL``), contiguously."""
    same = np.abs(v[p:] - v[:-p]) <= REPEAT_REL * np.maximum(1.0, np.abs(v[p:]))
    off = np.flatnonzero(~same)
    return len(same) - (int(off[-1]) + 1 if len(off) else 0)


def repeats_exactly(curves: Curves | None) -> Repeat | None:
    """``Repeat`` when the training loss repeats one block of values exactly to its end (module notes), else None."""
    s = curves.train_loss if curves is not None else None
    if s is None or len(s.values) < MIN_LOGS or not np.all(np.isfinite(s.values)):
        return None
    v = np.asarray(s.values, dtype=float)
    n = len(v)
    tol = REPEAT_REL * max(1.0, abs(v[-1]))
    candidates = [p for p in range(2, min(MAX_PERIOD, n // MIN_PERIODS) + 1) if abs(v[-1] - v[-1 - p]) <= tol]
    for p in candidates:
        matched = _trailing_match(v, p)
        covered = matched + p  # the first block is the template the later ones repeat
        if matched < (MIN_PERIODS - 1) * p or covered < REPEAT_SHARE * n:
            continue
        block = v[n - p:]
        if float(np.ptp(block)) <= REPEAT_REL * max(1.0, float(np.mean(np.abs(block)))):
            return None  # constant: not this rule's case (and no longer period would say otherwise)
        first = float(np.mean(v[:max(p, 5)]))
        if first > 0 and float(np.mean(block)) < KEPT_SHARE * first:
            return None  # it learned before the weights stopped
        start = n - covered
        return Repeat(s.name, p, tuple(float(x) for x in v[start:start + p]), int(s.steps[start]), covered / p,
                      int(s.steps[-1]))
    return None


def repeat_text(found: Repeat, x: str = "step") -> tuple[str, str, tuple[str, ...]]:
    """(summary, finding message, advice) of a training loss that repeats exactly."""
    from .verdict_base import _fmt, _step

    shown = ", ".join(_fmt(b) for b in found.block[:6]) + (", ..." if found.period > 6 else "")
    summary = (f"From {x} {_step(found.since_step)} to the last log ({x} {_step(found.last_step)}) `{found.name}` "
               f"repeated the same {found.period} values ({shown}) exactly, block after block ({found.blocks:.0f} "
               "blocks): the weights did not change between them, so the model learned nothing there.")
    message = (f"`{found.name}` repeats a block of {found.period} logged values exactly from {x} "
               f"{_step(found.since_step)} to the end: the weights stopped changing")
    advice = ("Check that the parameters are trained: `requires_grad`, the parameters given to the optimizer, a "
              "learning rate above 0.",
              "Check the output layer: a ReLU (or a clamp) on the output that sits at 0 passes no gradient; a "
              "saturated sigmoid/tanh neither.",
              "Overfit one small batch first: if the loss does not drop, the bug is in the model/loss/data pipeline.")
    return summary, message, advice


def repeat_verdict(verdict, curves: Curves | None):
    """``verdict`` turned `stalled` when its run's training loss repeats exactly (``repeats_exactly``); None when the
    rule does not apply (a `nan`/`diverged`/`unknown` label stays as it is; a `stalled` one gets the repeat as its
    evidence)."""
    import dataclasses

    from .verdict_base import Finding, who_chose

    found = repeats_exactly(curves) if verdict.label in ("healthy", "underfit", "overfit", "stalled") else None
    if found is None:
        return None
    summary, message, advice = repeat_text(found, curves.train_loss.x)
    was = () if verdict.label == "stalled" else (
        Finding("possible_" + verdict.label, f"{who_chose(verdict.label, verdict.confidence, verdict.method)}, "
                                             "but its training loss repeats itself exactly"),)
    return dataclasses.replace(verdict, label="stalled", confidence=max(verdict.confidence, REPEAT_CONFIDENCE),
                               summary=summary, method="rules", advice=advice,
                               findings=verdict.findings + (Finding("loss_repeats", message, found.since_step),) + was,
                               evidence={**verdict.evidence, "repeat_since_step": found.since_step,
                                         "repeat_period": found.period})
