"""A loss that runs away below zero: `diverged` although every log is "lower" than the one before.

A loss that is unbounded below (a Gaussian or flow negative log-likelihood whose predicted variance collapses, a
critic's unclipped Wasserstein estimate, a sign bug in a custom loss) can fall without end: -3.4e4 at epoch 0 to
-6.5e7 at epoch 69, or 1.56 to -3.2e9 in 1,700 steps. Every smoothed measure says "fell 100%", and the shape rules
call it healthy, while the model is not learning the task but exploiting the loss. Blind labellers called both such
public runs (eval/public ``ecg-iface``, ``cisc867-tts overnight``) `diverged` (domain.md: values that run away and
do not come back), and none of the dev runs with a negative loss that settles (flow NLLs around -1.8, negative
cosine similarities in [-1, 0]).

The rule, for the judged loss (training, else validation): its lowest logged value is negative, at least
``MIN_MAGNITUDE`` in size and ``RUNAWAY_RATIO`` times the size of its first log, and it was reached in the last
``LATE_SHARE`` of the logs (still running away when the log ends, or just after). A bounded negative loss (a cosine
similarity, an NLL with a floor) fails the magnitude or the lateness test.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .verdict_base import times, Verdict, _fmt, _step

RUNAWAY_RATIO = 100.0  # |lowest| / max(|first|, 1): two orders of magnitude past where it started
MIN_MAGNITUDE = 1e3  # |lowest| >= 1e3: no bounded negative loss (cosine, a flow's per-dim NLL) gets there
LATE_SHARE = 0.2  # the lowest value sits in the last 20% of the logs: no floor reached
MIN_LOGS = 5


def runaway_below(curves: Curves) -> Verdict | None:
    """`diverged` (confidence 0.8) for a loss running away towards -inf (see the module notes), else None.

    Reads ``curves.train_loss`` (or ``curves.val_loss`` without one): steps and values as logged. The evidence
    names the first log, the lowest logged value and its step, the last log, and the step where the loss first
    went below zero."""
    series = curves.train_loss if curves.train_loss is not None else curves.val_loss
    if series is None:
        return None
    values = np.asarray(series.values, dtype=np.float64)
    steps = np.asarray(series.steps)
    ok = np.isfinite(values)
    values, steps = values[ok], steps[ok]
    if len(values) < MIN_LOGS:
        return None
    low = int(np.argmin(values))
    lowest, first = float(values[low]), float(values[0])
    if lowest >= 0 or -lowest < MIN_MAGNITUDE or -lowest < RUNAWAY_RATIO * max(abs(first), 1.0):
        return None
    if low < (1 - LATE_SHARE) * (len(values) - 1):
        return None
    below = int(np.argmax(values < 0))
    x = series.x
    summary = (f"`{series.name}` runs away below zero: {_fmt(first)} at {x} {_step(int(steps[0]))}, negative from "
               f"{x} {_step(int(steps[below]))}, lowest logged {_fmt(lowest)} at {x} {_step(int(steps[low]))}, "
               f"{_fmt(float(values[-1]))} at the last log ({x} {_step(int(steps[-1]))}): "
               f"{times(-lowest / max(abs(first), 1.0))} the size it started at, with no floor. A loss unbounded "
               "below that keeps falling is exploited, not minimised.")
    evidence = {"series": series.name, "initial": first, "initial_step": int(steps[0]), "minimum": lowest,
                "minimum_step": int(steps[low]), "best_step": int(steps[low]), "best_step_series": series.name,
                "final": float(values[-1]), "final_step": int(steps[-1]),
                "negative_from_step": int(steps[below]), "divergence_start_step": int(steps[below]),
                "runaway": True}
    advice = ("Bound the loss: a Gaussian/flow NLL needs a floor on the predicted variance (softplus + eps, or "
              "clamp log sigma), a Wasserstein critic needs its Lipschitz constraint (gradient penalty or clipping).",
              "Check the sign and the reduction of a custom loss: a term that should be minimised towards 0 must not "
              "be able to go to -inf.",
              "Lower the learning rate and clip gradients while you look; judge the model on a bounded metric.")
    return Verdict("diverged", 0.8, summary, evidence, (), advice, {}, "rules")
