"""A detector that never saw a target: its box-regression loss terms exactly 0.0 at every training log and every
detection metric exactly 0 at every evaluation (vd64's kind V7, the opened set 186's clear `stalled`
cattle186 cattle_pose_train).

A one-stage detector (YOLOv5/v8/11, YOLOv6, their pose heads) computes its box terms (IoU/CIoU, DFL, keypoint) only
over the anchors matched to a ground-truth box; with no target in any batch they are 0.0 at every step, while the
classification (and objectness) loss still falls: the model learns to call every anchor background. Ultralytics
says so itself ("If ntargets is 0 then no labels are found during training", glenn-jocher in ultralytics/yolov3#488;
"box_loss is always zero ... P R mAP 0 0 0 0" in ultralytics/ultralytics#22228; YOLOv6's `iou_loss 0 dfl_loss 0
cls_loss 0.008 ... mAP 0.0` in meituan/YOLOv6#614): the labels never reached the loss. domain.md's `stalled` names
this cause ("broken data pipeline"): the falling classification loss is no learning of the task. Public cattle186
cattle_pose_train (a YOLOv8-pose results.csv: train/box, pose, kobj and dfl loss 0 in all 100 rows, train/cls_loss
19.7 -> 0.007, precision, recall and mAP of boxes and keypoints 0 at every epoch), labelled `stalled` clearly, was
`healthy` 0.91 on its cls_loss.

``no_targets``: >= 1 training-side loss term named for the box (``BOX_WORDS``) among the terms 0.0 at every log
(``Curves.zero_train_losses``), a judged training loss that is not, and the task metric with every other validation
metric (and a validation accuracy, if logged) finite and exactly 0 at each of >= ``MIN_EVALS`` evaluations. A metric
that moved at all says the model learned from some loss (``curves_zeros._learned_anyway``'s campussafety69: its
losses 0.0, its mAP rising): not this rule's case; neither is a validation box loss of 0.0 (YOLOv9 computes none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .curves_series import Curves

# box-regression terms of one-stage detectors: YOLOv5 `box_loss`, YOLOv8/11 `box_loss` + `dfl_loss`, YOLOv6
# `iou_loss` + `dfl_loss`, DETR-style `loss_bbox` / `loss_giou`
BOX_WORDS = frozenset({"box", "bbox", "iou", "giou", "ciou", "diou", "dfl"})
MIN_EVALS = 3
NO_TARGETS_CONFIDENCE = 0.8


@dataclass(frozen=True)
class NoTargets:
    box_terms: tuple[str, ...]  # the training box terms 0.0 at every log
    metrics: tuple[str, ...]  # the validation metrics 0 at every evaluation
    evals: int  # evaluations of the task metric
    last_step: int


def _words(name: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", name.rsplit("/", 1)[-1].lower()))


def _list_names(names: list[str], limit: int = 4) -> str:
    shown = ", ".join(f"`{n}`" for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _all_zero(s) -> bool:
    v = np.asarray(s.values, dtype=float)
    return len(v) >= MIN_EVALS and bool(np.isfinite(v).all()) and not np.any(v != 0.0)


def no_targets(curves: Curves | None) -> NoTargets | None:
    """``NoTargets`` when a detector's box terms are 0.0 at every training log and every validation metric is 0 at
    every evaluation (module notes), else None."""
    if curves is None or curves.train_loss is None or curves.val_metric is None:
        return None
    boxes = tuple(n for n in curves.zero_train_losses if _words(n) & BOX_WORDS)
    if not boxes or not np.any(np.asarray(curves.train_loss.values, dtype=float) != 0.0):
        return None
    metrics = [curves.val_metric, *curves.other_metrics] + ([curves.val_acc] if curves.val_acc is not None else [])
    if not all(_all_zero(m) for m in metrics):
        return None
    return NoTargets(boxes, tuple(m.name for m in metrics), len(curves.val_metric.values),
                     int(curves.val_metric.steps[-1]))


def no_targets_verdict(verdict, curves: Curves | None):
    """``verdict`` turned `stalled` when its run is a detector that never saw a target (``no_targets``); None when
    the rule does not apply (a `nan`/`diverged`/`unknown`/`stalled` label stays as it is)."""
    import dataclasses

    from .verdict_base import Finding, who_chose

    found = no_targets(curves) if verdict.label in ("healthy", "underfit", "overfit") else None
    if found is None:
        return None
    boxes, metrics = _list_names(list(found.box_terms)), _list_names(list(found.metrics))
    summary = (f"The box loss terms ({boxes}) are exactly 0 at every training log and every detection metric "
               f"({metrics}) is 0 at all {found.evals} evaluations: no ground-truth box was ever matched, so only "
               f"`{curves.train_loss.name}` fell (the model learned to call everything background). The labels "
               "never reached the loss.")
    message = (f"{boxes} 0.0 at every log and {metrics} 0 at every evaluation: the detector never saw a target")
    advice = ("Check that the labels are found: Ultralytics reads `labels/` beside `images/` (same stem, one "
              "`class x y w h` line per box, normalised); its log warns 'No labels found' otherwise.",
              "Check the data YAML's class count and the label files' class ids, and that the label cache "
              "(`*.cache`) is not stale.")
    was = Finding("possible_" + verdict.label, f"{who_chose(verdict.label, verdict.confidence, verdict.method)} on "
                                               f"`{curves.train_loss.name}`, but the detector never saw a target")
    return dataclasses.replace(verdict, label="stalled", confidence=NO_TARGETS_CONFIDENCE, summary=summary,
                               method="rules", advice=advice,
                               findings=verdict.findings + (Finding("no_targets", message, found.last_step), was),
                               evidence={**verdict.evidence, "zero_box_terms": list(found.box_terms)})
