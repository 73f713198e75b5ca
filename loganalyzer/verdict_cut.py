"""How a run ended, and runs too short for the shape rules (issue 9, stop 21). Four checks, each with its own notes:
``cut_off`` (still falling steeply: `underfit`), ``blew_up_at_end`` (its last log the highest of all: `diverged`),
``too_short_for_a_stall`` (2-3 logs that fell: not `stalled`) and ``noisy_wander`` (a noisy loss the learned model
called `diverged` without a climb beyond its noise).

A run cut off while its loss was still falling steeply: `underfit` by its cause, "too few epochs" (domain.md's
underfit row), although the curve has not flattened yet.

domain.md asks of an underfit run for "a plateau ... while the loss is still high relative to what the task allows";
the labels (eval/README.md: "or a run cut off after a few epochs while the loss is still high and falling") also
call `underfit` a short run stopped while each evaluation still took a large bite off the loss: its end says
nothing about what the model could reach, only that it had far to go. ``cut_off`` takes that, on the validation
loss (else the training loss), when all of these hold:

- a short log: ``MIN_EVALS``-``MAX_EVALS`` (4-8) finite evaluations, the last one the lowest;
- a steep end: the last two moves took >= ``STEEP`` (8%) of the last value each, on average -- a run that is
  levelling off (the public `healthy` ``ne-astro v5``, 3% a step at its end, or ``jithsg-pl``, 4%) is not taken;
- still high against its own start: it removed < ``HIGH_END`` (60%) of its first evaluation (a 5-epoch seq2seq
  fine-tune that removed 93%, public ``telugu-mt``, is a converging run, not one stopped half-way);
- the task is not solved by its own measure (``verdict_chance.task_solved``: accuracy >= 0.85, ...) and is no
  language model (a first loss above ln 400 but below ``LN_V_MAX`` = 13, or a loss named like one:
  ``verdict_chance._language_model``), which end high by nature.

Public runs this takes (labelled `underfit`, eval/public dev): ``ssl-farid`` v2/v3 (5 epochs, a regression's
loss 4495 -> 2003, still -8% an epoch), ``brain-seg v30`` (5 epochs, 1.145 -> 0.783, -13% an epoch at its end).
No labelled `healthy` run matches (eval/public dev, eval/real_labels.tsv); the closest, ``rg321-assign`` (a TrOCR
fine-tune, -16% an evaluation), starts at 11.3 > ln 400. Confidence <= ``CUT_CONFIDENCE``: five points are thin
evidence, and the task's floor is unknown. The limits (8 evaluations, 60%) leave out the really-trained healthy runs
of the kind tests that a 12-evaluation, 75% version took: a 10-class MLP on 10 epochs (1.53 -> 0.47, still -11% an
epoch, tests/test_verdict_unseen.py ``tb_mlp_k10``) and a fine-tune's 10 evaluations (test_verdict_kinds.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .verdict_base import _rise_y
from .verdict_chance import _language_model, task_solved
from .verdict_climb import CLIMB_NOISE, _tail_noise
from .verdict_evidence import finite

MIN_EVALS, MAX_EVALS = 4, 8
STEEP = 0.08  # mean fall of the last two moves, relative to the last value, from a log not above all earlier ones
# (the fourteenth set's clear `healthy` batcheffect-vae, val_elbo 5.196, 4.586, 7.089 -- a spike --, 4.598, 4.556, was
# cut off "28% an evaluation")
HIGH_END = 0.6  # removed less than 60% of the first evaluation
CUT_CONFIDENCE = 0.45
LN_V_MAX = 13.0  # ln 442,000: above the largest tokenizer vocabularies (~256k, ln 12.5): no language model's ln V


@dataclass(frozen=True)
class CutOff:
    """The series that was still falling steeply when the run stopped: first and last values with their steps."""

    name: str
    x: str
    points: int
    first: float
    first_step: int
    last: float
    last_step: int
    per_eval: float  # mean fall of the last two moves / the last value

    @property
    def fall(self) -> float:
        return 1 - self.last / self.first


def _far_above_any_vocabulary(curves: Curves) -> bool:
    """A first training loss above ``LN_V_MAX``: a regression's squared error, not the ln V of a language model."""
    _, v = finite(curves.train_loss if curves.train_loss is not None else curves.val_loss)
    return len(v) > 0 and float(v[0]) > LN_V_MAX


def cut_off(curves: Curves | None) -> CutOff | None:
    """The validation loss (else the training loss) when the run was cut off while it still fell steeply (module
    notes), else None."""
    if curves is None:
        return None
    series = curves.val_loss if curves.val_loss is not None else curves.train_loss
    s, v = finite(series)
    if not MIN_EVALS <= len(v) <= MAX_EVALS or v.min() <= 0 or int(np.argmin(v)) != len(v) - 1:
        return None
    per_eval = float(v[-3] - v[-1]) / 2 / float(v[-1])
    spike = float(v[-3]) > float(v[:-3].max())  # the fall starts from above every earlier log: a spike's way back
    if per_eval < STEEP or spike or 1 - v[-1] / v[0] >= HIGH_END:
        return None
    if _language_model(curves) and not _far_above_any_vocabulary(curves) or task_solved(curves) is not None:
        return None
    return CutOff(series.name, series.x, len(v), float(v[0]), int(s[0]), float(v[-1]), int(s[-1]), per_eval)


END_BLOWUP_MIN_LOGS = 5
END_BLOWUP_OVER_FIRST, END_BLOWUP_OVER_LOW = 1.5, 10.0
END_BLOWUP_CONFIDENCE = 0.5


@dataclass(frozen=True)
class EndBlowup:
    """The training loss's last log: the highest of the whole run, far above its first and its lowest."""

    name: str
    first: float
    low: float
    low_step: int
    last: float
    last_step: int


def blew_up_at_end(curves: Curves | None) -> EndBlowup | None:
    """The run ended on a blow-up (domain.md's `diverged`: "climbs far above its best and above its starting value
    and does not come back" -- a run that stopped there never came back): the training loss (else validation's),
    >= ``END_BLOWUP_MIN_LOGS`` positive logs, whose last log is the highest of them all, >= ``END_BLOWUP_OVER_FIRST``
    (1.5x) its first and >= ``END_BLOWUP_OVER_LOW`` (10x) its lowest. One point, so the spike rules set it aside as
    noise and the smoothed end stays low; but a last log above every earlier one, the first included, is no
    per-batch wiggle of a falling loss. Public `diverged` (sixth set, opened for tuning): ``paksu-nn v32``, a
    Lightning tutorial network on SGD whose 6 logs went 3.773 -> 0.195 (its lowest) -> 0.244 -> 9.693 (the last:
    50x its lowest, 2.6x its first); it was `healthy` "94% lower" (the smoothed end). Confidence <= 0.5: one log."""
    if curves is None:
        return None
    series = curves.train_loss if curves.train_loss is not None else curves.val_loss
    s, v = finite(series)
    if len(v) < END_BLOWUP_MIN_LOGS or v.min() <= 0 or len(series.values) != len(v):
        return None  # a NaN in the log: verdict_nan's business
    last, low = float(v[-1]), float(v.min())
    if last <= float(v[:-1].max()) or last < END_BLOWUP_OVER_FIRST * v[0] or last < END_BLOWUP_OVER_LOW * low:
        return None
    i = int(np.argmin(v))
    return EndBlowup(series.name, float(v[0]), low, int(s[i]), last, int(s[-1]))


SHORT_LOGS = 3  # a training loss of <= 3 logs
SHORT_FALL, SHORT_VAL_FALL = 0.05, 0.10  # ... that fell >= 5% (or validation >= 10%) between its logs
SHORT_FAR_FALL = 0.5  # ... and one whose training loss fell by half or more over them is no "still high": healthy


@dataclass(frozen=True)
class CutShort:
    """A run of <= ``SHORT_LOGS`` training logs that fell: why it is no stall, and the label it gets instead."""

    reason: str
    label: str  # "underfit" (cut short while still high), or "healthy" (fell by >= SHORT_FAR_FALL: it learned)


def too_short_for_a_stall(curves: Curves | None) -> CutShort | None:
    """Why a `stalled` label does not fit a run of <= ``SHORT_LOGS`` training logs whose loss fell (>=
    ``SHORT_FALL``, or validation >= ``SHORT_VAL_FALL``), and its label, or None. domain.md's stalled "barely moves
    from its initial value for the whole run": two or three logs that fell show a run stopped early, not a flat one --
    the labels' "cut off after a few epochs while the loss is still high and falling" (`underfit`). Public runs
    labelled `underfit` (ninth and tenth sets): ``glitch v0`` (2 epochs: train 0.210 -> 0.195, val 0.216 -> 0.144),
    ``ramen`` (a YOLO classifier, 2 epochs: val 2.388 -> 1.743, top-1 0.275 -> 0.521), ``fer`` (2 epochs, train
    1.732 -> 1.607); each was `stalled` 0.5. A run that did not move (< 5%) stays `stalled`.

    A training loss that fell by ``SHORT_FAR_FALL`` or more learned fast and was stopped, which says nothing of a
    level "high relative to what the task allows" (domain.md's underfit): `healthy`. The labellers' cut-short
    `underfit` runs fell 7-27%; public carnd47 (a Keras regression, 3 epochs: loss 30.1 -> 0.15, val 0.064 -> 0.060)
    and vitchang53 #1 (a ViT, 3 epochs: 2.66 -> 0.25) are `healthy` and were `underfit` 0.45 (dev +2 -0)."""
    if curves is None or curves.train_loss is None:
        return None
    s, v = finite(curves.train_loss)
    if not 2 <= len(v) <= SHORT_LOGS or v.min() <= 0:
        return None
    fell = 1 - float(v[-1]) / float(v[0])
    vs, vv = finite(curves.val_loss)
    val_fell = 1 - float(vv[-1]) / float(vv[0]) if len(vv) >= 2 and vv.min() > 0 else 0.0
    if fell < SHORT_FALL and val_fell < SHORT_VAL_FALL:
        return None
    what = f"`{curves.train_loss.name}` fell {fell:.0%} over its {len(v)} logs" + (
        f" and validation `{curves.val_loss.name}` {val_fell:.0%}" if len(vv) >= 2 and vv.min() > 0 else "")
    return CutShort(f"{what}: too few logs to be a stall -- a run cut short while still falling",
                    "healthy" if fell >= SHORT_FAR_FALL else "underfit")


def _past_start(shape) -> bool:
    """The end lies >= 1.5x above the robust start (the rules' diverged: ``verdict.rule_scores``), or half the
    start's size above it for losses that are not all positive."""
    if shape.log_scale:
        return shape.rise_above_start >= math.log10(1.5)
    return shape.rise_above_start >= 0.5 * abs(shape.initial)


def noisy_wander(train, curves: Curves | None) -> bool:
    """A training loss whose end lies < 1.5x above its start, its rise from its best within 4x its noise
    (``verdict_climb.CLIMB_NOISE``, ``_tail_noise``), and no blow-up at its last log: domain.md's diverged ("climbs
    far above its best and above its starting value and does not come back") is not there, so the learned model's
    `diverged` is not taken when ``late_climb`` found no climb either. The ninth set's ``roperope v3`` (a per-step
    loss wandering 0.5-1.5 with spikes, labelled `stalled`) was `diverged` 0.95."""
    if train is None or curves is None or _past_start(train) or blew_up_at_end(curves) is not None:
        return False
    return _rise_y(train) < CLIMB_NOISE * _tail_noise(curves.train_loss, train)


BACK_RISE = math.log10(3.0)  # ... whose end lies < 3x its start
BACK_MAX_LOGS = 30  # a short log (6-30 logs): a long one's noise and windows are ``late_climb``'s to weigh


def came_back_in_noise(train, curves: Curves | None) -> bool:
    """A short positive training loss (6-``BACK_MAX_LOGS`` logs) whose end lies >= 1.5x above its start (the rules'
    diverged) only within ``CLIMB_NOISE`` x its noise, which came back to its start or below in the last half of its logs, with no blow-up at its last log: it
    did not "climb far above ... and not come back" (domain.md), it wandered. Public fasterrcnn123 (a Faster R-CNN
    resumed at iteration 119,900 at a constant learning rate, 11 per-batch logs 0.089-0.33 -- 0.135, 0.089, 0.18,
    0.21, 0.28, 0.27, 0.12, 0.33, 0.29, 0.17, 0.29 --, labelled `healthy`: "no trend in 11 points") was `diverged`
    0.89, "2.2x its first logged"; its rise above the start is 1.6x its point-to-point noise, and it logged 0.12 after
    the climb began."""
    if train is None or curves is None or curves.train_loss is None or not train.log_scale \
            or not _past_start(train) or blew_up_at_end(curves) is not None:
        return False
    _, v = finite(curves.train_loss)
    if not 6 <= len(v) <= BACK_MAX_LOGS or not train.initial == train.initial:
        return False
    rise = train.rise_above_start  # (decades; and < 3x the start: a breaker's fine-tune 0.023 -> 0.68 -> 0.20 with one
    # low log late in the run was `diverged`, rightly)
    return bool(v[len(v) // 2:].min() <= train.initial) and rise < min(CLIMB_NOISE * _tail_noise(curves.train_loss,
                                                                                                   train), BACK_RISE)


def ended_below_first(curves: Curves | None) -> str | None:
    """'last <value> < first <value>' when the training loss's last finite log lies below its first (>= 5 logs), else
    None: where the model alone says `diverged` (the rules do not, and ``verdict_climb.late_climb`` saw no climb or
    one the learning rate excuses), its label is then held back, since domain.md's diverged ends "above its starting
    value". On development runs such a `diverged` was wrong five times out of five (gaussmlp v10, alexthesis42 v8, a
    GAN's D_logs: `healthy`; imlvit130, a loss_history.csv: `stalled`), all at its capped 0.6."""
    series = curves.train_loss if curves is not None else None
    if series is None:
        return None
    _, v = finite(series)
    if len(v) < 5 or not float(v[-1]) < float(v[0]):
        return None
    return f"last {float(v[-1]):.4g} < first {float(v[0]):.4g}"
