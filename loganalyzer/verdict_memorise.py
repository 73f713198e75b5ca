"""Training went on to memorise after validation's best (issue 9, kind 1 on erratic validation).

domain.md's overfit: "training loss keeps falling while validation loss reaches a minimum and then rises"; its seed
note: "validation loss stopping its descent (or rising) while training loss heads towards zero". ``val_rise`` asks
whether validation's rise after its best stands out of the evaluation noise; on an erratic validation loss (a small
validation set, one batch an evaluation) it cannot, however far training went on. ``memorised`` takes the other
side of the definition instead, where the logs leave no doubt: after validation's best, training fell to a tenth of
its level there or less (``FALL``: it went on fitting the training set), while validation did not follow -- the
median of its >= 3 evaluations after the best and of its last ones both lie >= 10% above that best
(``RISE``: the gap widened). A lone early dip (``verdict_dip.lucky_dip``) is checked by the caller.

Dev rows (stop 31): public `overfit` ``dyslexeeg v3`` (validation 1.455 at its best, then 1.5-2.5 while training
fell 0.025 -> 0.0002), ``picme v6`` (0.220, then about 2x it while training fell 0.11 -> 0.005) and ``topnmusic``
(an HF fine-tune: eval_loss 0.715 at epoch 2, then 0.74-1.46 while training went to 0) were `healthy`; no
`healthy`-labelled row of the public dev set or real_logs meets this, and a validation best that was a lone early
dip before learning began (``mtid NIV10``) is left to ``lucky_dip``.
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .features_robust import end_level
from .verdict_base import times, _fmt, _pct, _step
from .verdict_evidence import ValRise, finite

FALL = 10.0  # training ended >= 10x below its level at validation's best
RISE = 0.10  # validation after its best: the median of the evaluations after it and of its last ones >= 10% above it
MIN_AFTER = 3  # evaluations after the best


@dataclass(frozen=True)
class Memorised:
    """Validation's best, the level after it, and training's level at that best and at the end."""

    best: float
    best_step: int
    x: str  # what the steps count: "step" or "epoch"
    evals_after: int
    level_after: float  # median of the evaluations after the best
    rise_after: float  # level_after relative to the best (0.2 = 20% above)
    rise_end: float  # the median of the last ~10% of evaluations relative to the best
    train_at_best: float  # training's level around validation's best (``ValRise.train_at_best``)
    train_end: float  # the median of training's last tenth of logs
    train_name: str

    @property
    def fold(self) -> float:
        """How many times lower training ended than where it was at validation's best."""
        return self.train_at_best / self.train_end if self.train_end > 0 else float("inf")


def memorised(curves: Curves | None, vr: ValRise | None) -> Memorised | None:
    """The run's validation rose >= ``RISE`` after its best while training fell >= ``FALL`` x below its level there,
    or None. ``vr``: ``verdict_evidence.val_rise(curves)``. Needs a non-negative training loss (a ratio of levels)
    that fell beyond its noise after the best (``ValRise.train_fell``)."""
    if curves is None or vr is None or curves.train_loss is None or vr.evals_after < MIN_AFTER or not vr.train_fell:
        return None
    _, tv = finite(curves.train_loss)
    if len(tv) < 2 or (tv < 0).any() or not vr.train_at_best > 0:
        return None
    end = end_level(tv)
    if min(vr.rise, vr.rise_end) < RISE or end * FALL > vr.train_at_best:
        return None
    x = "epoch" if curves.val_loss.x == "epoch" else "step"
    return Memorised(vr.best, vr.best_step, x, vr.evals_after, vr.level_after, vr.rise, vr.rise_end, vr.train_at_best,
                     end, curves.train_loss.name)


def memorised_text(m: Memorised, who: str) -> str:
    """The finding's sentence, quoting the logged values."""
    fold = "to 0" if m.train_end <= 0 else f"{times(m.fold)} lower"
    return (f"{who}, but after validation's best ({_fmt(m.best)} at {m.x} {_step(m.best_step)}) its {m.evals_after} "
            f"later evaluations sat at a median of {_fmt(m.level_after)} ({_pct(m.rise_after)} above it; the last "
            f"ones {_pct(m.rise_end)}) while training `{m.train_name}` went on from {_fmt(m.train_at_best)} around "
            f"that best to {_fmt(m.train_end)} at the end ({fold}): the model went on fitting its training set, not "
            "the task: overfitting (erratic evaluations: low confidence)")

