"""The task's validation measure (accuracy, else mAP/F1/... ) that peaked and then fell back for good while the
training loss kept falling (brief verdict28b: metric-only overfitting).

Rule: when the validation accuracy (else the task's metric, oriented by its name) peaked in the first two thirds of
>= 8 evaluations and the evaluations after its peak gave back >= 25% of its gain from the first one -- their median
and the median of the last tenth alike, by more than 3 standard errors of its evaluation noise -- while the training
loss fell >= 20% from the peak's step to its end, and the validation loss (if logged) made its lowest before the last
fifth of the run, the run is `overfit` at a low confidence, however flat the validation loss looked.

Overfitting is generalisation getting worse while training improves (domain.md); the task's measure is the direct
reading of generalisation, the validation loss only a proxy. ``verdict_refine._metric_held`` and
``verdict_level.measure_held`` already read the measure one way (a loss that drifts up while the measure holds its
best is no overfitting); this is the other way: a measure that lost a quarter of its gain and never won it back is
worse predictions, even when the validation loss, summed over terms or flattened by a confident model, moves only
1-6% (YOLO's box+cls+dfl+pose sum; a classifier whose cross-entropy sits 3% above its best while top-1 accuracy fell
0.475 -> 0.36). Thresholds: 25% of the gain is ``rule_scores``' overfit ("rose by >= 25% of its improvement") read on
the measure; ``MEASURE_HELD`` (10%) stays the other side of the gap; the training fall is 20%, as
``verdict_evidence.short_val_rise``'s (``SHORT_TRAIN_FALL``, "the gap widened"): the validation loss does not show the
overfitting here, so the gap must widen on the training side, not merely creep (domain.md's overfit: training "keeps
falling ... heads towards zero", "the gap widens"); the best in the first two thirds is ``ValRise.mild``'s; both the gain (the level around the peak against the
first evaluation) and what was given back must exceed 3 standard errors of the measure's evaluation noise (from
second differences, as ``val_rise``).
Stop 56 (sets 137-142 opened): of the seven dev runs the rule decided, the six labelled `overfit` had training fall
28-99% after the peak (an Ultralytics classifier 0.011 -> 0.001, YOLO-pose 15.5 -> 10.5); the one labelled
`healthy` (clear: mriartifact140, an MRI artefact regressor whose val_psnr gave back 27% of its gain on a noisy
plateau under ReduceLROnPlateau while training crept 0.082 -> 0.077, 6%) was called `overfit` at 5%. The kind-6 wobble (a loss 1-3% above its best
while training goes to ~0) stays `healthy` unless the measure itself fell back by a quarter of its gain.
Dev evidence (eval/public, stop 28, 1020 labelled runs): the test holds on 10 runs, 9 labelled `overfit` and one
`nan` (the nan rule comes first), no `healthy`; of them it changes the three the tool called `healthy` (an
Ultralytics classifier's top-1 0.475 -> 0.36, two YOLO-pose runs whose mAP50-95 fell 0.553 -> 0.42 and
0.153 -> 0.064), the rest were `overfit` already. Not knife-edge: at 30% the same 10 runs; at 20% three `healthy`
runs join (a YOLO run, two Lightning runs), at 35% three `overfit` drop out. Without the gain-beyond-noise test a
TFT run labelled `healthy` (val_MAE 2.88 -> 2.85 at its best, then ~3.0) was called `overfit`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features_robust import end_level, median
from .verdict_evidence import _sigma2, _y, accuracy_fractions, finite
from .verdict_shortrise import SHORT_TRAIN_FALL
from .curves_names import metric_word
from .verdict_metric import metric_course
from .verdict_measureonly import decline_se

GAVE_BACK = 0.25  # the evaluations after the peak lost >= 25% of the gain from the first evaluation to the peak
TRAIN_FALL = SHORT_TRAIN_FALL  # ... while training fell >= 20% from the peak's step to its end (module notes)
MIN_EVALS = 8
PEAK_BY = 2 / 3  # the peak within the first two thirds of the evaluations: enough after it to see it stay down
EARLY_PEAK = 1 / 3  # a peak this early with a clear decline after it needs no gain over the first evaluation
VAL_LOW_BY = 0.8  # a validation loss still making its lowest in the last fifth argues against overfitting


@dataclass(frozen=True)
class MeasureDecline:
    """The task's validation measure that fell back after its peak (values as logged)."""

    name: str
    x: str  # "step" or "epoch"
    higher_is_better: bool
    first: float
    best: float
    best_step: int
    level_after: float  # median of the evaluations after the peak
    last: float
    last_step: int
    gave_back: float  # share of the gain (first -> peak) the later evaluations lost (median; the least of the tests)
    evals: int
    train_at_best: float  # the training loss near the peak's step (median of the logs around it)
    train_last: float


def _measure(curves: Curves):
    """(series, steps, values oriented so that higher is better, higher_is_better) of the validation accuracy, else
    the task's metric, or None."""
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is not None and len(acc[1]) >= MIN_EVALS:
        return curves.val_acc, acc[0], acc[1], True
    course = metric_course(curves.val_metric)
    if course is None:
        return None
    s, v = finite(curves.val_metric)
    return curves.val_metric, s, (v if course.higher_is_better else -v), course.higher_is_better


def measure_declined(curves: Curves | None) -> MeasureDecline | None:
    """The rule of the module notes, or None."""
    if curves is None:
        return None
    got = _measure(curves)
    if got is None:
        return None
    series, s, v, up = got
    n = len(v)
    if n < MIN_EVALS or not np.ptp(v) > 0 or other_measure_at_best(curves, series) is not None:
        return None
    i = int(np.argmax(v))
    if i > PEAK_BY * (n - 1) or i == 0:
        return None
    w = max(1, n // 10)
    peak = float(median(v[max(0, i - w): i + w + 1]))  # the level around the peak, not its luckiest evaluation
    gain = float(v[i] - v[0])
    after, tail = v[i + 1:], v[n - w:]
    if len(after) < 3 or gain <= 0:
        return None
    back_level, back_end = float(v[i] - median(after)) / gain, float(v[i] - median(tail)) / gain
    sigma = _sigma2(v)
    later = v[min(n, i + w + 1):]
    if len(later) < 3:
        return None
    width = min(n, i + w + 1) - max(0, i - w)
    se = 1.25 * sigma * math.sqrt(1 / width + 1 / len(later))
    if min(back_level, back_end) < GAVE_BACK or peak - float(median(later)) <= decline_se(curves) * se:  # (3 SE;
        # 1.5 with no validation loss: verdict_measureonly)
        return None
    # it must have improved beyond its noise before it can give anything back (the level around the peak against
    # the first evaluation): a metric that moved 1% then wandered has no gain to lose
    # -- unless it is the validation accuracy, its peak came in the first third (the decline from the level around
    # it passed the test above) and the training accuracy ended >= MEMORISED: one noisy first evaluation is no
    # baseline for an early peak of a model that went on to memorise (public wesad105: validation accuracy 92.6
    # first, ~95 around its peak at epoch 6, then 91-92 for 90 epochs while training reached 99.5%, `overfit`; a
    # TFT's val_MAE 2.88 -> 2.85 -> 3.02 beside a flat validation loss stays healthy: tft-clustering v2)
    if peak - float(v[0]) <= 3 * 1.25 * sigma * math.sqrt(1 / width + 1) \
            and not (i <= EARLY_PEAK * (n - 1) and series is curves.val_acc and _memorised(curves)
                     and float(median(v[-(n // 3):])) <= float(median(v[n // 3: n - n // 3]))) \
            and not _below_first(v, i, later, sigma):  # not rising again
        return None
    ts, tv = finite(curves.train_loss)
    if len(tv) < 3:
        return None
    j = int(np.searchsorted(ts, s[i], side="right")) - 1
    if j < 0 or j >= len(tv) - 1:
        return None
    ty, trel = _y(tv)
    h = max(1, len(ty) // 20)
    at = float(median(ty[max(0, j - h): j + h + 1]))
    fell = at - end_level(ty)
    if fell < (math.log(1 + TRAIN_FALL) if trel else TRAIN_FALL * max(abs(at), 1e-12)):
        return None
    vs, vv = finite(curves.val_loss)
    if len(vv) >= 4 and int(np.argmin(vv)) > VAL_LOW_BY * (len(vv) - 1):
        return None
    sign = 1.0 if up else -1.0
    return MeasureDecline(series.name, "epoch" if series.x == "epoch" else "step", up, sign * float(v[0]),
                          sign * float(v[i]), int(s[i]), sign * float(median(after)), sign * float(v[-1]),
                          int(s[-1]), min(back_level, back_end), n, float(math.exp(at) if trel else at),
                          float(tv[-1]))


BELOW_FIRST = 0.05  # ... or the evaluations after an early peak sit >= 5% of its value below the first evaluation


def _below_first(v: np.ndarray, i: int, later: np.ndarray, sigma: float) -> bool:
    """An early peak (first third) after which the measure (oriented, higher is better) settled clearly below its
    FIRST evaluation: the median of the evaluations after the peak's neighbourhood ``later`` is >= ``BELOW_FIRST`` of
    the first value's size and > 3 standard errors under it. Such a measure needs no gain to lose: it got worse than
    where it began while training went on improving (domain.md: overfitting is generalisation getting worse). Stop 66
    (opened set 200): public brickgcn200 t9yhnzhf, clear `overfit`, a link predictor whose valid/rel_mrr was 0.990 at
    its first evaluation, 0.998 at its peak (epoch 23, inside one noise step of the first) and 0.85-0.90 for the
    150 epochs after while its training loss fell 0.5 -> 0.004, was `healthy`; the TFT of the notes above (val_MAE
    2.88 first, ~3.0 after, 4%) stays under the 5%."""
    first, level = float(v[0]), float(median(later))
    se = 1.25 * sigma * math.sqrt(1 + 1 / len(later))
    return i <= EARLY_PEAK * (len(v) - 1) and first - level >= BELOW_FIRST * abs(first) and first - level > 3 * se


OTHER_BEST_BY = 0.9  # another validation measure whose best came in the last tenth of its evaluations
_TRADE_OFF = metric_word("precision")[0]  # precision, recall (the last of METRIC_UP): a threshold trade-off


def other_measure_at_best(curves: Curves, chosen) -> str | None:
    """The name of another validation measure of the run (its accuracy, its metric, ``curves.other_metrics``; >=
    ``MIN_EVALS`` finite evaluations, oriented by its name) that improved on its first evaluation and made its best
    in the last tenth of its evaluations or equalled it at its last, else None. The measures then disagree on whether generalisation got worse:
    one falling back is no evidence of overfitting while another ends at its best (stop 62, opened set 175: public
    frozenvmae175 seed_42, clear `healthy`, a video-anomaly head whose val_ap gave back 25% of its gain while its
    val_auc rose 0.916 -> 0.974, equalled at the last epoch, was `overfit`; its sibling k10, where both fell, stays `overfit`).
    Precision and recall trade against each other and are left out, as in ``verdict_flatacc._metric_improved``."""
    for m in (curves.val_acc, curves.val_metric, *curves.other_metrics):
        if m is None or m is chosen:
            continue
        word = metric_word(m.tag)
        if word is not None and word[0] >= _TRADE_OFF:
            continue
        course = metric_course(m)
        if course is not None and course.points >= MIN_EVALS and course.improved \
                and (course.best_position >= OTHER_BEST_BY or course.last == course.best):
            return m.name
    return None


MEMORISED = 0.97  # a training accuracy ending (median of its last tenth) at least this high: the training set learnt


def _memorised(curves: Curves) -> bool:
    read = accuracy_fractions(curves.train_acc, percent=True)
    return read is not None and len(read[1]) >= 3 and float(median(read[1][-max(1, len(read[1]) // 10):])) >= MEMORISED


def measure_text(m: MeasureDecline, train_name: str, train_last: str, val_part: str) -> tuple[str, dict, list[str]]:
    """The `overfit` summary, evidence and advice when the task's measure decided (``verdict_text._summary``):
    logged values with their steps (issue 9, kind 9); ``train_last``: the training loss's last log as quoted there,
    ``val_part``: what the validation loss did ("" when none is logged)."""
    step = f"{m.best_step:,}"
    text = (f"validation `{m.name}` peaked at {m.x} {step} ({m.best:.4g}; {m.first:.4g} at its first evaluation) and "
            f"then fell back: the evaluations after it have a median of {m.level_after:.4g} ({100 * m.gave_back:.0f}% "
            f"of its gain given back) and the last logged is {m.last:.4g} at {m.x} {m.last_step:,}, while training "
            f"`{train_name}` kept falling, from {m.train_at_best:.4g} (median around the peak) to {train_last}"
            f"{val_part}.")
    ev = {"best_step": m.best_step, "best_step_series": m.name, "measure": m.name, "measure_best": m.best, "measure_best_step": m.best_step,
          "measure_last": m.last, "measure_gave_back": round(m.gave_back, 4)}
    advice = [f"Stop at {m.x} {step} (the best `{m.name}`, {m.best:.4g}): early stopping on that metric / keep that "
              "checkpoint.",
              "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.",
              "Or use a smaller model."]
    return text, ev, advice
