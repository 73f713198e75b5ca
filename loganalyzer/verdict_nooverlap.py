"""A segmentation/detection metric that never left zero: the model predicted no foreground at all (used by
``verdict_flatacc.accuracy_never_rose``, before it reads an accuracy).

A binary segmentation that logs a pixel accuracy beside its overlap metrics (IoU, Dice) can sit at the background
share of the pixels with an empty mask for every image: the pixel accuracy is then high and nearly constant (the
majority-class rate, which ``accuracy_never_rose`` leaves alone above 0.65 unless it is identical at every log) while
IoU and Dice stay at ~0 -- the falling loss bought nothing on the task's own measure, domain.md's underfit ("accuracy
near chance": here the overlap's chance is 0). Public run that showed it (eval/public dev): ``moseg205
point_000035`` (building segmentation, labelled `underfit` "predicts all background": train_loss 0.509 -> 0.155,
val_iou 2.7e-5 at its first epoch and 3.6e-12 from epoch 3 on, val_dice alike, val_pixel_accuracy 0.8741-0.8742 =
the background share at all 11 epochs) was `healthy` 0.40.

The rule (``overlap_never_rose``), on finite logged values: the run's validation metric (``Curves.val_metric``) is
an overlap or detection measure on a [0, 1] scale (IoU, mIoU, Dice, F1, mAP, AP: ``curves_names.metric_word``;
precision and recall alone are a threshold's trade-off, AUC's chance is 0.5: neither is read), with >=
``MIN_EVALS`` (5) evaluations, never above ``NEVER_ABOVE`` (0.01) and not the same value at every one (a metric
printed as 0 at every evaluation is a placeholder: ``verdict_flatacc._metric_never_rose`` leaves it too); and every
other overlap measure of the run (``Curves.other_metrics``: Dice beside IoU, mask beside box mAP) stayed <= 0.01 as
well (a detector whose box mAP rose found its objects). The dev runs this takes besides: none labelled `healthy`
(the closest, ``crackai63 segment_train2``, clear `healthy`, mAP50-95(M) 0.185; YOLO-seg runs whose mAP is 0 at every
epoch, ``colony205 train``, are the placeholder case and stay as they were).
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .curves_names import METRIC_UP, metric_word
from .verdict_evidence import finite

MIN_EVALS = 5
NEVER_ABOVE = 0.01
_OVERLAP = frozenset(i for i, w in enumerate(METRIC_UP) if w in {
    "map5095", "map", "map50", "map75", "ap", "ap50", "ap75", "f1", "f1score", "fscore", "miou", "iou", "dice"})


def _overlap(series) -> bool:
    word = metric_word(series.tag) if series is not None else None
    return word is not None and word[1] and word[0] in _OVERLAP


def _stayed_zero(series) -> bool:
    _, v = finite(series)
    return len(v) >= MIN_EVALS and float(v.min()) >= 0 and float(v.max()) <= NEVER_ABOVE


def overlap_never_rose(curves: Curves):
    """``verdict_flatacc.FlatAccuracy`` (``metric=True``) of the validation overlap metric that never left zero
    (module notes), or None."""
    from .verdict_flatacc import FlatAccuracy, _loss_fall

    series = curves.val_metric
    if not _overlap(series) or not _stayed_zero(series):
        return None
    s, v = finite(series)
    if float(v.max()) == float(v.min()):
        return None  # the same value at every evaluation: a placeholder, no measurement
    if any(_overlap(m) and not _stayed_zero(m) for m in curves.other_metrics):
        return None
    i = int(np.argmax(v))
    return FlatAccuracy(series.name, float(v[0]), int(s[0]), float(v[i]), int(s[i]), float(v[-1]), int(s[-1]), len(v),
                        metric=True, loss_fall=_loss_fall(curves.train_loss))
