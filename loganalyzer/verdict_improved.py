"""Whether validation improved on its first evaluation, two checks of ``verdict_refine`` (moved out of it):
``_never_improved`` (validation never improved, ``verdict_stall.validation_never_improved``, while training removed
>= ``NEVER_TRAIN_FALL`` of its loss: `overfit` whatever a task metric "held") and ``_measure_moved`` (the validation
accuracy, else the task's metric, rose >= ``MOVED`` above its first evaluation: a model at its task's level that
still improved is no stall). Inputs: ``features.RunFeatures`` and ``curves.Curves`` (accuracies as fractions,
percentages read as such); both return a bool and raise nothing. Each threshold's source is beside it.
"""
from __future__ import annotations

from .curves import Curves
from .features import RunFeatures
from .verdict_evidence import accuracy_fractions
from .verdict_metric import metric_course
from .verdict_stall import validation_never_improved


# validation that never improved (>= 4 evaluations, best < 2% below the first: verdict_stall) beside a training loss
# that removed >= 30%: every such labelled public run is `overfit` (13 in eval/public: fruit-fresh, vnsent, dlgn
# v11, voice-identification, llamalora, ...); luis-nn v11 and the tenth set's plane (a YOLOv8 whose mAP stayed 0)
# were `healthy`
NEVER_TRAIN_FALL = 0.3
MOVED = 0.01  # a validation accuracy/metric whose best lies >= 1 point above its first


def _never_improved(f: RunFeatures, curves: Curves | None) -> bool:
    """Validation never improved (``validation_never_improved``) while training removed >= ``NEVER_TRAIN_FALL``: the
    dev set's labels call every such run `overfit` but one (63 of 64 at stop 41), so a task metric that "held its
    best" does not excuse it -- that best is where the metric started. Opened set 76's ``mobilenetv376 v0``
    (CIFAR-10: train_loss 2.29 -> 0.94, val_loss 2.298 at its first evaluation -> 2.538, val F1 0.12-0.13 at every
    evaluation) was `healthy` 0.55 on its F1 "holding" a best of 0.134."""
    return f.train is not None and f.train.fraction_removed >= NEVER_TRAIN_FALL \
        and validation_never_improved(curves) is not None


def _measure_moved(curves: Curves) -> bool:
    """The validation accuracy (else the task's metric) improved on its first evaluation by >= ``MOVED``: a model
    that ends at its task's level (``task_solved``) and still improved is no stall, though its loss sat flat -- it
    learned before its first evaluation. A constant accuracy (a majority-class predictor on unbalanced data) is not
    taken. Public `healthy` ``zenith`` (an HF classifier, 3 evaluations: eval_loss 0.350, 0.334, 0.365 while
    accuracy went 0.858 -> 0.878 and F1 0.865 -> 0.877) was `stalled` 0.49."""
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is not None and len(acc[1]) >= 2:
        return float(acc[1].max() - acc[1][0]) >= MOVED
    course = metric_course(curves.val_metric)
    return course is not None and abs(course.best - course.first) >= MOVED
