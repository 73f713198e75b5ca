"""An accuracy at zero at every log, confirmed by a second measure (issue 9, kind 5; used by ``verdict_refine``).

``verdict_evidence.broken_accuracy`` reads an accuracy never above 1% (``ACC_BROKEN``) as a placeholder or a
misconfigured metric, not the task's accuracy: char-rnn's hard-coded 0, a Keras ``accuracy`` on a sigmoid output at
0, 0, 0, 4e-5 while its PR-AUC reached 0.98. That stays the reading of a LONE zero series. But an exact-match
accuracy of a sequence model (a whole OCR string, a whole entity span) is genuinely 0 until the model gets one example
entirely right, and when a second, independent measure of the same model says the same -- the other split's accuracy,
or the task's F1 -- the zero is the model's, not the logger's: domain.md's underfit, "accuracy near chance", whatever
the loss did (a cross-entropy over characters/tags falls long before one whole answer comes out right).

Public dev runs that showed it (sets 176 and 179, labelled `underfit`, were `healthy` at 0.89-0.91):
- ``nlpact179 example-ner`` (flair NER, ``loss.tsv``): TRAIN_LOSS 2.605 -> 0.392, DEV_LOSS 1.815 -> 0.508 over 10
  epochs, DEV_ACCURACY and DEV_F1 both 0.0 at every one of 11 evaluations ("the tagger never predicts an entity");
- ``paddlevn176 rec_ppocr_v3`` #2 (PaddleOCR recognition, ``train.log``): loss 138.8 -> 16.4, ``acc`` 0.0 at all 24
  training logs and ``val_acc`` 0.0 at all 4 evaluations.
Left alone, by design: ``easyocrtrain176 en_filtered`` #2 (EasyOCR: ``Current_accuracy`` 0.0 at all 81 evaluations,
its ``norm_ED`` not a role) -- one zero series, which is also what a hard-coded placeholder looks like.

The rule, :func:`zero_accuracy` (``Curves`` in, a ``verdict_flatacc.FlatAccuracy`` or None out; never raises):
- an accuracy (validation first, else training) with >= ``ZERO_LOGS`` (3, ``accuracy_never_rose``'s minimum)
  finite logs, every one in [0, ``ZERO_MAX``] (0.01 = ``ACC_BROKEN``, so exactly the series ``accuracy_fractions``
  refuses; percentages likewise: <= 1 read as %, i.e. the same 1% when divided by 100 -- a [0, 100] series whose max
  is <= 1 is ambiguous and both readings are below 1%);
- a second measure, also every one of its >= ``ZERO_LOGS`` logs in [0, ``ZERO_MAX``]: the other split's accuracy,
  or the validation's task metric when it is an F1/accuracy-like higher-is-better [0, 1] metric;
- no validation task metric that rose (``verdict_flatacc._metric_improved`` on ``val_metric`` and
  ``other_metrics``): the Keras sigmoid case, whose PR-AUC rose, stays a placeholder; nor one good from its start
  (>= ``GOOD_METRIC`` on a [0, 1] higher-is-better scale: ``_good_from_the_start``);
- a training loss that was logged (>= 5 logs): its fall decides `stalled` (< 10%, ``FLAT_STALL_FALL``) vs
  `underfit` in ``verdict_refine`` exactly as for ``accuracy_never_rose``; confidence <= 0.6 (``ACC_FLAT_CONFIDENCE``).
Measured at stop 67 over 1,240 open dev runs labelled `healthy`/`underfit` (every such folder of sets 173-204 and
700 random older ones): it fires on three -- the two above (+2) and ``mt-en2zh`` (`underfit`, already `underfit`
0.4 by another rule: val_Seq_Acc and its train twin 0 at every log); no run labelled `healthy` has two zero measures.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves, Series
from .verdict_evidence import ACC_BROKEN, finite
from .verdict_flatacc import FlatAccuracy, _loss_fall, _metric_improved
from .verdict_metric import metric_course

ZERO_MAX = ACC_BROKEN  # every log <= 1%: the series broken_accuracy refuses
ZERO_LOGS = 3  # at least 3 finite logs, as accuracy_never_rose asks of any accuracy
GOOD_METRIC = 0.5  # a [0, 1] task metric (AUC, F1, mAP) at >= 0.5 is no model "that never learned": 50x the zero


def _all_zero(series: Series | None) -> tuple[np.ndarray, np.ndarray] | None:
    """(steps, values) of a series with >= ``ZERO_LOGS`` finite logs all in [0, ``ZERO_MAX``], else None."""
    s, v = finite(series)
    if len(v) < ZERO_LOGS or float(v.min()) < 0 or float(v.max()) > ZERO_MAX:
        return None
    return s, v


def _zero_metric(series: Series | None) -> bool:
    """A higher-is-better validation task metric (F1, accuracy-like) at <= ``ZERO_MAX`` at every one of its logs."""
    course = metric_course(series)
    return course is not None and course.higher_is_better and _all_zero(series) is not None


def _good_from_the_start(series: Series) -> bool:
    """A higher-is-better [0, 1] validation metric that reached >= ``GOOD_METRIC`` (found at stop 67: public dev
    ``cchids208 Best-20200925-164215-SGD``, an intrusion detector labelled clear `healthy`, val_auc 0.997 -> 0.999
    beside Keras ``acc``/``val_acc`` at <= 0.002 at every epoch: the AUC did not "rise" -- it began near 1 -- and the
    zero accuracies are a misconfigured metric, not the model's)."""
    course = metric_course(series)
    s, v = finite(series)
    return course is not None and course.higher_is_better and len(v) > 0 and GOOD_METRIC <= float(v.max()) <= 1.0


def zero_accuracy(curves: Curves) -> FlatAccuracy | None:
    """The zero accuracy (see the module notes) as a ``FlatAccuracy`` (fractions, first/peak/last all <= 0.01),
    or None when the rule does not apply."""
    if curves.train_loss is None or len(finite(curves.train_loss)[1]) < 5:
        return None
    for series, other in ((curves.val_acc, curves.train_acc), (curves.train_acc, curves.val_acc)):
        read = _all_zero(series)
        if read is None:
            continue
        if not (_all_zero(other) is not None or _zero_metric(curves.val_metric)):
            return None  # a lone zero series: a placeholder as much as a result (broken_accuracy's reading)
        metrics = [m for m in (curves.val_metric, *curves.other_metrics) if m is not None]
        if any(_metric_improved(m) or _good_from_the_start(m) for m in metrics):
            return None  # the task's measure rose, or was good all along: the zero accuracy is a misconfigured metric
        s, v = read
        i = int(v.argmax())
        return FlatAccuracy(series.name, float(v[0]), int(s[0]), float(v[i]), int(s[i]), float(v[-1]), int(s[-1]),
                            len(v), loss_fall=_loss_fall(curves.train_loss))
    return None
