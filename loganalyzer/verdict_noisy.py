"""A validation rise too erratic for the noise tests, but no wobble (issue 9, kind 1 on noisy evaluations).

domain.md's overfit: "validation loss reaches a minimum and then rises". The learned model's `overfit` is refused
(``verdict._model_label_unsupported``) when ``verdict_evidence.val_rise`` cannot show the evaluations after the best
standing out of the evaluation-to-evaluation noise: "a wobble, not a rise". On a noisy validation loss (a few hundred
examples, one batch an evaluation) that noise is large, and the refusal also took rises of 10-40x the kind-6 wobble
(1-3%): "stayed within 133% of it: a wobble". ``noisy_rise`` keeps the model's `overfit` (at a low confidence) when
the rise is plainly no wobble however noisy, and no more specific reading of a refused run (``ValRise.mild``,
``verdict_memorise``, ``verdict_measure``, each with its own evidence) calls it overfit already, nor does
``verdict_level`` see a running-median level rise (no verdict since stop 61: it called new `healthy` runs overfit):
>= 3 evaluations after the best, whose median and last ones both lie >= ``NOISY_RISE`` (10%, twice the labels'
"~5-10%" floor) above it, while the task's own validation accuracy or metric did not hold its best (it gave back
more than ``verdict_metric.HELD`` of its gain: a loss drifting up while the measure the task is judged by holds is
no worse predictions, ``verdict_refine._metric_held``'s reading).

Dev rows (stop 32, all clear=no; ``scripts/eval_real.py --skip-holdout``: public dev 1,112 -> 1,116 of 1,300,
real_logs 51/55, gen1/gen2 37/44 each, unchanged): public `overfit` ``tumortl`` (test loss 0.0628 at epoch 14, then
0.11-0.19 to 0.186 at epoch 20), ``lenet42`` #1 and #2 (0.036 at epoch 4, then ~0.04-0.05 over 45 evaluations while
training fell 0.033 -> 0.017), ``sbi-sgwb`` v15 and v46 (a negative log-likelihood: -1.30 at its best, then up to
49) were `healthy` and ``lungnod train.out`` `underfit`; `healthy` ``mnistchamp`` (validation 27% above its best over
10 evaluations, its accuracy off its best by more than 10% of its gain) and `underfit` ``pneumonia finetune_log``
(the model's `overfit` at 0.32) turn `overfit`; `healthy` ``wheeze`` and ``mlmaniacs`` (validation 23-35% above its
best, accuracy within 10% of its gain of its best) stay `healthy` by the measure guard.
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .verdict_base import _fmt, _pct, _step
from .verdict_evidence import MIN_RISE, ValRise
from .verdict_level import level_rise
from .verdict_measure import measure_declined
from .verdict_memorise import memorised
from .verdict_metric import HELD, held_measure, metric_course  # noqa: F401  (HELD: tests read it here)

NOISY_RISE = 0.10  # the evaluations after the best: their median and the last ones >= 10% above it
MIN_AFTER = 3


@dataclass(frozen=True)
class NoisyRise:
    """Validation's best, the level after it, training around it and at the end, the task's measure if logged."""

    vr: ValRise
    x: str  # "step" or "epoch"
    train_name: str | None
    measure: tuple[str, float, float] | None  # (name, best, last) of the task's accuracy/metric that fell back

    def text(self, who: str) -> str:
        """The finding's sentence, quoting the logged values with their steps."""
        vr = self.vr
        after = vr.end_step - vr.best_step
        level = f"a median of {_fmt(vr.level_after)}" + (f" ({_pct(vr.rise)} above it, the last ones "
                                                          f"{_pct(vr.rise_end)})" if vr.best > 0 else "")
        train = "" if self.train_name is None or vr.train_at_best != vr.train_at_best else (
            f"; training `{self.train_name}` went on {after:,} {self.x}s more ({vr.saved:.0%} of the run), from "
            f"{_fmt(vr.train_at_best)} around that best to {_fmt(vr.train_last)} at its last log")
        measure = "" if self.measure is None else (
            f"; `{self.measure[0]}` fell back from its best {_fmt(self.measure[1])} to {_fmt(self.measure[2])}")
        return (f"{who}: validation's best was {_fmt(vr.best)} at {self.x} {_step(vr.best_step)} and its "
                f"{vr.evals_after} later evaluations sat at {level}{measure}{train}: too erratic for the noise test, "
                "but a rise, not a wobble: overfitting (noisy evaluations: low confidence)")


def noisy_rise(curves: Curves | None, vr: ValRise | None) -> NoisyRise | None:
    """The rise after validation's best when the noise tests cannot confirm it but it is no wobble (module notes),
    else None. ``vr``: ``verdict_evidence.val_rise(curves)``."""
    if curves is None or vr is None or vr.evals_after < MIN_AFTER:
        return None
    if vr.rising or (vr.significant and max(vr.rise, vr.rise_end) >= MIN_RISE):
        return None  # the noise tests confirm it: no refusal to undo
    if vr.mild or memorised(curves, vr) is not None or level_rise(curves) is not None \
            or measure_declined(curves) is not None:
        return None  # refused: the healthy run's own overfit readings call it overfit with their evidence (a level
        # rise, verdict_level, no longer does since stop 61: left out here as measured)
    if min(vr.rise, vr.rise_end) < NOISY_RISE:
        return None
    if held_measure(curves) is not None:
        return None  # the task's measure held its best: a loss drifting up, not worse predictions
    fell = None
    for series in (curves.val_acc, curves.val_metric):
        course = metric_course(series)
        if course is not None and course.improved:
            fell = fell or (course.name, course.best, course.last)
    x = "epoch" if curves.val_loss.x == "epoch" else "step"
    return NoisyRise(vr, x, None if curves.train_loss is None else curves.train_loss.name, fell)


def refusal_text(curves: Curves, vr: ValRise) -> str:
    """Why the model's `overfit` is not followed when the noise tests cannot confirm the rise (``verdict``'s
    refusal): a wobble of a few percent, or a larger rise while the task's measure held its best."""
    where = (f"the {vr.evals_after} validation evaluations after its best ({_fmt(vr.best)} at step "
             f"{_step(vr.best_step)})")
    held = held_measure(curves) if min(vr.rise, vr.rise_end) >= NOISY_RISE else None
    if held is not None:
        return (f"{where} sat {_pct(vr.rise)} above it (median {_fmt(vr.level_after)}), within their noise, while "
                f"`{held.name}` held its best ({_fmt(held.best)} at {held.x} {_step(held.best_step)}, "
                f"{_fmt(held.last)} at the last): no worse predictions")
    return (f"{where} stayed within {max(vr.rise, vr.rise_end, 0):.0%} of it (median {_fmt(vr.level_after)}): a "
            "wobble, not a rise (overfitting needs >= 5% beyond the noise)")
