"""An accuracy (or the task's metric) that never rose (issue 9, kinds 5 and 10; used by ``verdict_refine``).

A classifier whose accuracy stayed at chance or at the majority-class rate learned nothing it can show, whatever its
loss did; beside a loss that barely fell from where it started, nothing was learned at all (`stalled`). Split from
``verdict_floor`` (the chance level presumed from a first loss at ln k), whose ``ACC_LAST_MAX`` bounds "low" here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .curves_names import metric_word
from .features_robust import end_level
from .verdict_evidence import accuracy_fractions, finite
from .verdict_floor import ACC_LAST_MAX
from .verdict_metric import metric_course
from .verdict_nooverlap import overlap_never_rose

ACC_FLAT_GAIN = 0.05  # an accuracy whose highest log is <= 5 points above its first (accuracy_collapse's ACC_GAIN)
ACC_FLAT_MAX = ACC_LAST_MAX  # ... and <= 0.65: it never left chance or the majority-class rate
ACC_FLAT_TRAIN_MAX = 0.75  # a training accuracy beside it, when logged, stayed low too (else: overfit/mismatch)
ACC_FLAT_CONFIDENCE = 0.6
# an accuracy identical at every one of >= 5 logs (to 1e-6) at any level: one answer for every example -- the
# majority-class rate of unbalanced data (tenth set ``quoraspam``: accuracy 0.9383 and val_accuracy 0.9375 at all 88
# epochs while the loss fell 16% and flattened, labelled `underfit`, was `healthy`)
CONSTANT_EVALS, CONSTANT_BAND = 5, 1e-6
# ... below a perfect score: an accuracy (or mean IoU) of 1.0 at every log is a saturated metric, not one answer for
# every example (the fifty-first set's clear `healthy` displayseg51 v4/v18: val_mean_accuracy 1.0 at all 100
# evaluations while val_loss fell 0.36 -> 8.7e-05 was `underfit` "never rose")
CONSTANT_PERFECT = 0.999
TRAIN_ONE_ANSWER = 0.02  # ... with a training accuracy beside it never above that one answer's rate + 2 points
# (the eleventh set's clear `underfit` dermacqi: val_accuracy 0.6698 at all 9 epochs, training 0.45 -> 0.668)


@dataclass(frozen=True)
class FlatAccuracy:
    """An accuracy (or, with none logged, the task's [0, 1] metric) that never rose: its first, highest and last
    logged values (fractions), with their steps."""

    name: str
    first: float
    first_step: int
    peak: float
    peak_step: int
    last: float
    last_step: int
    points: int
    metric: bool = False  # the task's metric (F1, AUPR, ...), not an accuracy
    one_answer: bool = False  # identical at every log above ACC_FLAT_MAX: one answer for all, or a saturated metric
    loss_fall: float | None = None  # the training loss's fall, first log to its end level (share of the first)


# ... beside a training loss that fell < 10% (first log to the median of its last tenth): nothing learned at all,
# domain.md's `stalled` ("barely moves from its initial value ... LR orders of magnitude too small"), not `underfit`
# (public blg561hw99 lr_0.0001, an Iris MLP at lr 1e-4: train_loss 1.635 -> 1.541 in 30 epochs, a steady -6% creep
# beyond the noise, train accuracy 0.38 -> 0.40, test accuracy 0.42 -> 0.44, labelled `stalled` clear)
FLAT_STALL_FALL = 0.1


def accuracy_never_rose(curves: Curves) -> FlatAccuracy | None:
    """The validation accuracy (else the training accuracy) when it never rose: >= 3 finite logs (fractions, or
    percentages read as such), its highest at most ``ACC_FLAT_GAIN`` above its first and at most ``ACC_FLAT_MAX``
    (or the same value at every one of >= ``CONSTANT_EVALS`` logs, at any level);
    a training accuracy logged beside a flat validation one stayed <= ``ACC_FLAT_TRAIN_MAX``. Else None.

    domain.md's underfit: "accuracy near chance". The loss may have fallen all the same -- a loss on the wrong scale
    (1.9e12 -> 2.2e9 while a binary accuracy stays at 0.50), a binary classifier 0.708 -> 0.603 whose accuracy sits
    at the majority-class rate 0.61 -- but a classifier whose accuracy never rose learned nothing it can show. On
    the labelled real runs (eval/real_labels.tsv, eval/public dev) the runs this matches are labelled underfit
    (dlgn v0, forestcover v0, brain-tumor-cnn #1/#4, hallucination-det) or stalled (their loss barely moved, which
    the stall rules already call); no run labelled healthy matches (the closest, ia-proyecto3 v13, rose 0.05 ->
    0.58). The threshold 0.65 is ``ACC_LAST_MAX`` above: far below what a classifier that fits its task reaches.
    """
    zero = overlap_never_rose(curves)
    if zero is not None:  # IoU/Dice/mAP ~0 at every evaluation, whatever a pixel accuracy says (verdict_nooverlap)
        return zero
    for series in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(series, percent=True)
        if read is None or len(read[1]) < 3:
            continue
        s, v = read
        i = int(v.argmax())
        one_answer = (len(v) >= CONSTANT_EVALS and float(v.max() - v.min()) <= CONSTANT_BAND
                      and float(v.max()) < CONSTANT_PERFECT)
        if not one_answer and (v[i] - v[0] > ACC_FLAT_GAIN or v[i] > ACC_FLAT_MAX):
            return None
        if series is curves.train_acc and curves.val_acc is None and _task_metric_rose(curves.val_metric):
            return None  # the validation's task measure rose: the flat accuracy is a training head's, not the task
        if series is curves.val_acc:
            train = accuracy_fractions(curves.train_acc, percent=True)
            if train is not None and (float(train[1].max()) > float(v.max()) + TRAIN_ONE_ANSWER if one_answer else
                                      train[1].max() > ACC_FLAT_TRAIN_MAX):
                return None  # training learned to classify: validation alone stayed flat (overfit or a mismatch)
        return FlatAccuracy(series.name, float(v[0]), int(s[0]), float(v[i]), int(s[i]), float(v[-1]), int(s[-1]),
                            len(v), one_answer=one_answer and float(v[i]) > ACC_FLAT_MAX,
                            loss_fall=_loss_fall(curves.train_loss))
    if curves.val_acc is not None or curves.train_acc is not None:
        return None
    flat = _metric_never_rose(curves.val_metric)
    if flat is None or any(_metric_improved(m) for m in curves.other_metrics):
        return None
    return None if _learned_before(curves.train_loss, flat.first_step) else flat


def prior_stall(curves: Curves) -> FlatAccuracy | None:
    """A never-rising accuracy (``accuracy_never_rose``, not one answer at every log) beside a training loss that fell
    < ``FLAT_STALL_FALL`` from where it started, for a run whose loss started at ln k (``presumed_underfit``): domain.md's
    `stalled`, "stops moving early while still near" its start, not `underfit`'s "does decrease but flattens out high".
    public trafficsign101 (Keras, 40 classes): loss 3.678 (ln 40 = 3.689) -> 3.479 by epoch 5, flat to epoch 14,
    val_accuracy 0.033 -> 0.055 (the most frequent class's share), labelled `stalled` clear; it was `underfit`. None
    otherwise."""
    flat = accuracy_never_rose(curves)
    if flat is None or flat.one_answer or flat.loss_fall is None or flat.loss_fall >= FLAT_STALL_FALL:
        return None
    return flat


def prior_stall_text(flat: FlatAccuracy, k: int, who: str) -> str:
    """The finding's text for ``prior_stall``."""
    return (f"{who}, but the loss started at ln {k} (guessing among {k} classes), fell {flat.loss_fall:.0%} and "
            f"`{flat.name}` never rose ({flat.first:.4g} at first, at most {flat.peak:.4g}): nothing learned beyond "
            "the class frequencies: stalled")


def _loss_fall(series) -> float | None:
    """1 - (median of the last tenth) / (first log) of a positive loss with >= 5 logs; None otherwise."""
    _, v = finite(series)
    if len(v) < 5 or v.min() <= 0:
        return None
    return 1 - end_level(v) / float(v[0])


LEARNED_BEFORE = 0.8  # the training loss had done >= 80% of its fall (first log -> end level) by the first evaluation


def _learned_before(series, step: int) -> bool:
    """The training loss had already done >= ``LEARNED_BEFORE`` of its whole fall by ``step`` (the metric's first
    evaluation): a metric flat from there measured a model that had learned before it was first measured, not one
    that learned nothing. The seventeenth set's `healthy` ``gyneco`` (a seq2seq fine-tune: loss 2.18 -> ~0.25 by step
    300, eval_bleu-4 0.51 at its first evaluation, step 500, then 0.47-0.51) was `underfit` "never rose"; ``cafa5``
    (loss 1.148 at the first evaluation's epoch, 0.967 two epochs later) is still taken."""
    s, v = finite(series)
    if len(v) < 3 or v.min() < 0:
        return False
    fall = float(v[0]) - end_level(v)
    before = v[s <= step][-5:]  # the level there: the median of the last 5 logs up to it (per-step logs are noisy)
    return fall > 0 and len(before) > 0 and float(v[0]) - float(np.median(before)) >= LEARNED_BEFORE * fall


_TRADE_OFF_RANK = metric_word("precision")[0]  # precision, recall: the last of METRIC_UP
METRIC_FLAT_EVALS = 5  # a task metric judged flat on >= 5 evaluations (3 of an accuracy: its chance level is known)
# ... and a ranking metric at k (NDCG@20, Recall@10, HR@k, MRR) rose when the level it held is >= 1.5x its first,
# however small: its scale is set by the catalogue, far below 1 (public lightgcn107, a recommender: val NDCG@20 0.0165
# -> 0.0333 over 50 epochs while the loss fell 0.69 -> 0.08, labelled `healthy` clear, was `underfit` "never rose").
# Not a detector's mAP or an F1: 0.002 -> 0.0096 mAP50-95 is a failed detector (public personppe101, `underfit`).
# A ranking metric at K has no chance level and no "low" absolute value: 1.2x (a fifth above its first, held) is a
# rise. KGAT/NGCF print recall/precision/hit/ndcg at Ks (``Epoch N [..]: ..., ndcg=[0.07450, 0.12000]``): NDCG@20
# 0.0745 -> 0.0995 (+33%, recall@20 +46%) is the normal course on amazon-book/gowalla, was `underfit` "never rose"
# (the breaker's stop-61 W1); the stop-50 breaker's blip (0.001 with one 0.0016) holds no higher level.
METRIC_RISE_RATIO = 1.2
_RANKING = re.compile(r"(?i)@\s*\d|_at_?\d|ndcg|(?<![a-z])(?:mrr|hr|hits?)(?![a-z])|hit_?rate")


def _metric_rose(v, name: str = "") -> bool:
    """Whether a [0, 1] metric's values ``v`` rose: highest > ``ACC_FLAT_GAIN`` above the first, or, for a ranking
    metric at k (``_RANKING`` on ``name``), the level it held (the median of its last third) >= ``METRIC_RISE_RATIO``
    x a positive first (one blip of a metric stuck at 0.001 to 0.0016 is no rise: a stop-50 breaker's case)."""
    if float(v.max() - v[0]) > ACC_FLAT_GAIN:
        return True
    held = float(np.median(v[-max(1, len(v) // 3):]))
    return bool(_RANKING.search(name)) and v[0] > 0 and held >= METRIC_RISE_RATIO * float(v[0])


def _metric_never_rose(series) -> FlatAccuracy | None:
    """With no accuracy logged: the task's validation metric in [0, 1] where higher is better (F1, AUPR, AUC, mAP:
    ``curves_names.METRIC_UP``) when it moved but never rose -- its highest at most ``ACC_FLAT_GAIN`` above its
    first and at most ``ACC_FLAT_MAX`` -- over >= ``METRIC_FLAT_EVALS`` evaluations. A metric that never moved at
    all (a BLEU of 0 at every evaluation) is a broken series, not evidence. Public `underfit` (eighth set, opened
    for tuning in stop 21): ``cafa5``, a protein-function multi-label model whose loss fell 1.148 -> 0.967 by its
    third epoch and stayed there while val_aupr went 0.328 -> 0.325 over 15 epochs (called `healthy`)."""
    course = metric_course(series)
    if course is None or not course.higher_is_better or course.points < METRIC_FLAT_EVALS:
        return None
    if metric_word(series.tag)[0] >= _TRADE_OFF_RANK:
        return None  # precision or recall alone: one can stay flat while the other rises (a threshold moving)
    s, v = finite(series)
    if v.min() < 0 or v.max() > 1 or v.max() == v.min():
        return None
    i = int(v.argmax())
    if _metric_rose(v, series.tag) or v[i] > ACC_FLAT_MAX:
        return None
    return FlatAccuracy(series.name, float(v[0]), int(s[0]), float(v[i]), int(s[i]), float(v[-1]), int(s[-1]), len(v),
                        metric=True)


OTHER_METRIC_FALL = 0.10  # a lower-is-better metric beside it that fell >= 10% from its first evaluation


def _metric_improved(series) -> bool:
    """Another validation metric that improved: a [0, 1] higher-is-better one that rose > ``ACC_FLAT_GAIN`` above its
    first log (precision/recall excepted: a threshold trade-off), or a lower-is-better one that fell >=
    ``OTHER_METRIC_FALL``. The fourteenth set's clear `healthy` ``batcheffect-vae`` (a VAE: val_mcc 0.195 -> at most
    0.216 while val_r2 rose 0.684 -> 0.973) was `underfit` 0.6 on its MCC alone."""
    course = metric_course(series)
    s, v = finite(series)
    if course is None or len(v) < 2:
        return False
    if course.higher_is_better:
        return metric_word(series.tag)[0] < _TRADE_OFF_RANK and v.min() >= 0 and v.max() <= 1 and _metric_rose(v, series.tag)
    return v[0] > 0 and float(v.min()) <= (1 - OTHER_METRIC_FALL) * float(v[0])


def _task_metric_rose(series) -> bool:
    """A higher-is-better validation metric on a [0, 1] or percent scale (read as a fraction) that rose by more than
    ``ACC_FLAT_GAIN`` from its first evaluation to its best, over >= 3 evaluations. A re-id model's training ``Acc``
    is its identity classifier's over thousands of identities (open apelearn194 cuhk03-7-14-resnet101: ``Acc`` 0 ->
    at most 0.021 beside ``val_mAP`` 0.2 -> 80.6, labelled `healthy`, was `underfit` 0.55 on the flat accuracy):
    the task, as validated, was learned."""
    course = metric_course(series)
    s, v = finite(series) if series is not None else (None, [])
    if course is None or not course.higher_is_better or len(v) < 3 or float(v.min()) < 0:
        return False
    scale = 100.0 if 1.0 < float(v.max()) <= 100.0 else 1.0 if float(v.max()) <= 1.0 else None
    return scale is not None and (float(v.max()) - float(v[0])) / scale > ACC_FLAT_GAIN
