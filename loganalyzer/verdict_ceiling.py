"""An `overfit` label refuted by a validation accuracy at its ceiling (``verdict_refine.refine``): when the validation
accuracy rose to >= ``CEILING`` and every later stretch of it held within ``HELD`` of its best -- its median and its
last evaluation after the validation loss's lowest -- the loss's "rise" is a handful of mistakes on a solved task
(a loss of 0.004 against 0.02 nats is one or two wrong queries of a few hundred), not generalisation getting worse
(domain.md's overfit: validation loss reaches a minimum and rises while the gap widens). `healthy`, no surer than
``CEILING_CONFIDENCE``.

Why it is needed: the overfit checks compare the validation loss's later evaluations with its best as ratios, and at
tiny absolute values noise is hundreds of percent. Public open clear `healthy` ``gbsys866197
proto_omniglot_nt5_kt20_nv5`` (ProtoNet on Omniglot: val_loss 0.088 -> 0.0038 at epoch 19, then 0.005-0.098, 0.0048
at the last; 5-way accuracy 0.968 -> 1.0, 0.998 at the last) was `overfit` 0.55 ("417% higher"), and ``lsa64-tsn175
adam_lr_1e-5_te1_va1`` (TSN on LSA64, 64 classes: val loss best 0.00313, 0.0326 at the last; top-1 0.26 -> 1.0, 0.995
at the last, labelled `healthy`) `overfit` 0.8.

Kept `overfit`: a validation accuracy that never improved (the public `overfit` ``fmastack189 first_stage-model-3``,
a multi-label tagger whose per-label accuracy reads 0.9984 at every epoch while its loss doubled), one that ended
below 0.99 (``haodongyu178`` point segmentation, best 0.9899 and a validation mIoU that gave back 21%), and any run
whose task metric (``curves.val_metric``) gave back more than a tenth of its gain.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .features_robust import median
from .verdict_base import Finding, _fmt, _step, who_chose
from .verdict_evidence import accuracy_fractions, finite
from .verdict_metric import metric_course
from .verdict_text import Why

CEILING, HELD, ROSE, EVALS = 0.99, 0.01, 0.02, 5
CEILING_CONFIDENCE = 0.55
METRIC_GAVE_BACK = 0.1  # a task metric that lost more than this share of its gain by its last evaluation


def accuracy_at_ceiling(curves: Curves | None) -> str | None:
    """Why the validation loss's rise is noise on a solved task (see the module notes), or None: a reason quoting
    the accuracy's first, best and last values and the loss's best and last."""
    if curves is None or curves.val_loss is None:
        return None
    read = accuracy_fractions(curves.val_acc, percent=True)
    ls, lv = finite(curves.val_loss)
    if read is None or len(read[1]) < EVALS or len(lv) < EVALS:
        return None
    s, a = read
    best = float(a.max())
    after = a[s >= ls[int(np.argmin(lv))]]
    if best < CEILING or best - float(a[0]) < ROSE or len(after) == 0 \
            or float(median(after)) < best - HELD or float(a[-1]) < best - HELD:
        return None
    course = metric_course(curves.val_metric)
    if course is not None and course.gave_back > METRIC_GAVE_BACK:
        return None
    x = "epoch" if curves.val_acc.x == "epoch" else "step"
    return (f"validation `{curves.val_acc.name}` rose from {_fmt(float(a[0]))} to {_fmt(best)} and held it "
            f"({_fmt(float(a[-1]))} at {x} {_step(int(s[-1]))}, median {_fmt(float(median(after)))} after the "
            f"validation loss's lowest, {_fmt(float(lv.min()))}): the task is solved and the loss's rise is a few "
            "mistakes' noise at tiny values, not worse predictions")


def ceiling_healthy(out: tuple, curves: Curves | None) -> tuple:
    """``verdict_refine``'s (label, confidence, method, note, why) unchanged, or -- an `overfit` whose validation
    accuracy sat at its ceiling (``accuracy_at_ceiling``) -- `healthy` at <= ``CEILING_CONFIDENCE`` with a finding
    naming the label it replaced."""
    solved = accuracy_at_ceiling(curves) if out[0] == "overfit" else None
    if solved is None:
        return out
    found = Finding("possible_overfit", f"{who_chose(*out[:3])}, but {solved}: healthy")
    return "healthy", min(out[1], CEILING_CONFIDENCE), "rules", found, Why()
