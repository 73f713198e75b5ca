"""What a stall is not (issue 9 follow-up): ``stall_refuted`` checks a `stalled` label (the model's or the rules')
against domain.md's definition -- "the training loss barely moves from its initial value for the whole run ...
often at ln k" -- on the logged values, in every monitored loss:

- **validation fell**: a validation loss that fell >= 10% from its first evaluation to its end level, by >= 5x its
  evaluation-to-evaluation noise, is a model that learns, whatever the training loss did (a dropout-inflated
  training loss logged from step 49 on moves little while validation falls: public dev ``tcc-cnn1d v0``, valid_loss
  0.693 -> 0.381, human `healthy`). Then `healthy` when validation removed >= 35% of its start (the rules'
  underfit needs < 35%, ``verdict.rule_scores``), else `underfit` (it learned, a little, and flattened).
- **learned before the first log**: with the task's floor known (``--num-classes``/``--chance-loss``/hparams), a loss
  whose first logged value (training and validation alike) lies <= 0.8x the chance loss had already learned before
  it was first logged (a per-epoch log's first point comes after one epoch of learning; domain.md: an untrained
  classifier starts near ln k). Stalls sit at the floor: dev ``dlgn v10/v58`` 1.0x ln 2, ``data-challenge v0``
  1.02x ln 28, ``hmm-miracles v60`` (a constant prior) 0.92x ln 2 -- hence 0.8. Flat from there on is a plateau
  reached before the first log: `underfit` when it ends >= 0.3x the chance loss (dev ``forestcover v0``: 7 classes,
  0.87 = 0.45x ln 7, flat from its first log, train = val, human `underfit`), else `healthy` (converged early).

- **fell in its first logs**: a loss whose first logged value lies >= 2x above its end level and that was within 10%
  of that level by the first tenth of its logs moved a lot before it flattened (dev ``meteo-thesis v0``: 3415 at
  epoch 1, 2.46 at epoch 2, flat for 498 epochs; the model saw a robust start of ~2.5 and said stalled; human
  `underfit`): `underfit`, an early plateau (whether it is high needs the task's floor).

All come back with a confidence <= ``REFUTED_CONFIDENCE``: the curves say what the run is not, more than what it is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import end_level, median
from .features import RunFeatures
from .verdict_base import _fmt, _pct, _step
from .verdict_evidence import finite

VAL_FALL = 0.10  # validation fell >= 10% (the model's stall is refused after a steady 10%+ fall: verdict.py)
VAL_FALL_NOISE = 5.0  # ... by >= 5x its evaluation-to-evaluation noise (the same 5x as there)
HEALTHY_FALL = 0.35  # ... >= 35% of its start: not underfit (rule_scores' underfit removes < 35%)
BELOW_CHANCE = 0.8  # first logged loss <= 0.8x the chance loss: learned before the first log (see above)
FLAT_HIGH = 0.3  # a plateau from the first log at >= 0.3x the chance loss is underfit (forestcover v0: 0.45x)
REFUTED_CONFIDENCE = 0.6
EARLY_FALL, EARLY_BY = 2.0, 0.1  # first log >= 2x the end level, reached within the first 10% of the logs


@dataclass(frozen=True)
class NoStall:
    label: str  # what the run is instead: "healthy" or "underfit"
    reason: str  # logged values behind it, for a finding
    kind: str  # "val_fell", "fell_first" or "learned_before_log"


def _val_fall(curves: Curves) -> tuple[float, float, float, int, int] | None:
    """(relative fall, first, end level, first step, last step) of the validation loss when it fell >= 10% beyond
    5x its noise, else None."""
    s, v = finite(curves.val_loss)
    if len(v) < 4:
        return None
    first = float(v[0])
    end = end_level(v)
    noise = float(median(np.abs(np.diff(v))))
    fall = (first - end) / max(abs(first), 1e-12)
    if fall < VAL_FALL or first - end < VAL_FALL_NOISE * noise:
        return None
    return fall, first, end, int(s[0]), int(s[-1])


def _early_fall(series) -> tuple[str, float, int, float, int, int] | None:
    """(name, first, its step, end level, the step by which it got there, last step) when a positive loss's first
    logged value lies >= ``EARLY_FALL``x above its end level (the median of its last tenth) and it was within 10% of
    that level by the first ``EARLY_BY`` of its logs: it moved a lot, then stayed -- whatever a robust start says."""
    s, v = finite(series)
    if len(v) < 10 or (v <= 0).any():
        return None
    end = end_level(v)
    first = float(v[0])
    if first < EARLY_FALL * end:
        return None
    near = np.nonzero(np.abs(v / end - 1) <= 0.1)[0]
    if not len(near) or near[0] > EARLY_BY * (len(v) - 1):
        return None
    return series.name, first, int(s[0]), end, int(s[near[0]]), int(s[-1])


def stall_refuted(f: RunFeatures, curves: Curves | None) -> NoStall | None:
    """Why a `stalled` label does not fit the logged values (module notes), or None when it does."""
    if curves is None:
        return None
    fell = _val_fall(curves)
    if fell is not None:
        fall, first, end, s0, s1 = fell
        label = "healthy" if fall >= HEALTHY_FALL else "underfit"
        return NoStall(label, f"validation `{curves.val_loss.name}` fell {_pct(fall)}, from {_fmt(first)} at step "
                              f"{_step(s0)} to {_fmt(end)} by step {_step(s1)}, well beyond its noise: the model "
                              "learns, so the flat training loss is no stall", "val_fell")
    early = _early_fall(curves.train_loss if f.train is not None else curves.val_loss)
    if early is not None:
        name, first, s0, end, by, s1 = early
        return NoStall("underfit", f"`{name}` fell from {_fmt(first)} at its first log (step {_step(s0)}) to "
                                   f"{_fmt(end)} by step {_step(by)} and stayed there to step {_step(s1)}: it learned "
                                   "in its first logs, then flattened -- an early plateau, not a stall (whether it is "
                                   "high needs the task's floor)", "fell_first")
    chance = f.chance_loss
    if chance != chance or chance <= 0:
        return None
    main = curves.train_loss if f.train is not None else curves.val_loss
    firsts = [float(finite(s)[1][0]) for s in (main, curves.val_loss) if s is not None and len(finite(s)[1])]
    if not firsts or max(firsts) > BELOW_CHANCE * chance:
        return None
    _, mv = finite(main)
    final = end_level(mv)
    label = "underfit" if final >= FLAT_HIGH * chance else "healthy"
    name = f"ln {f.num_classes}" if f.num_classes and abs(chance - math.log(f.num_classes)) < 1e-9 else "the chance loss"
    return NoStall(label, f"`{main.name}` was already {_fmt(firsts[0])} at its first log, {firsts[0] / chance:.2f}x "
                          f"{name} ({_fmt(chance)}): it learned before the first log, then "
                          + ("stayed high (>= 0.3x of it): a plateau reached at once, not a stall"
                             if label == "underfit" else "stayed low: converged before the first log, not a stall"),
                    "learned_before_log")


FROZEN_EVALS, FROZEN_SHARE = 5, 0.3  # >= 5 evaluations in a row, >= 30% of them, the last among them
FROZEN_REL = 1e-7  # identical to float32 precision: the same weights evaluated on the same data


@dataclass(frozen=True)
class Frozen:
    """A validation loss bit-identical at its last ``evals`` evaluations: the weights stopped changing."""

    name: str
    value: float
    evals: int
    of: int
    since_step: int  # the first evaluation of the identical stretch
    last_step: int
    x: str


def frozen_validation(curves: Curves | None) -> Frozen | None:
    """The validation loss repeated to float32 precision (relative 1e-7) at >= ``FROZEN_EVALS`` consecutive
    evaluations ending at the last, >= ``FROZEN_SHARE`` of them, at a value logged with more than 6 decimals (a
    logger's rounding, 0.0001 at every step, says nothing): the model evaluated was the same every time -- a learning
    rate of 0, frozen parameters, or every optimizer step skipped (a loss scaler skipping NaN/Inf gradients). The run
    stopped learning there, whatever level it reached: an early stop that no schedule chose. Public `underfit`
    (fifth set, ``lstm-bade03`` v2/v10: val_loss 0.22974897921085358 at 14 of 20 epochs, per-batch training losses
    repeating every epoch). Of the 226 labelled real runs, no other shows it (training losses repeat only where the
    logger rounds them to 4 decimals)."""
    if curves is None:
        return None
    s, v = finite(curves.val_loss)
    if len(v) < FROZEN_EVALS:
        return None
    same = np.abs(np.diff(v)) <= FROZEN_REL * np.abs(v[1:])
    n = 1
    for equal in same[::-1]:
        if not equal:
            break
        n += 1
    last = float(v[-1])
    if n < FROZEN_EVALS or n < FROZEN_SHARE * len(v) or abs(last - round(last, 6)) <= 1e-12:
        return None
    return Frozen(curves.val_loss.name, last, n, len(v), int(s[len(v) - n]), int(s[-1]),
                  "epoch" if curves.val_loss.x == "epoch" else "step")
