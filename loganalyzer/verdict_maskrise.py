"""Overfit of a segmentation model's masks: the validation mask loss rose after its best while the mask mAP fell,
hidden in the summed validation loss (used by ``verdict._judge`` on a `healthy` run).

An instance-segmentation detector that logs no total loss (Ultralytics YOLO-seg ``results.csv``: ``train/box_loss,
train/seg_loss, train/cls_loss, train/dfl_loss``, the same four under ``val/``, and the box and mask metrics
``metrics/mAP50-95(B)``, ``metrics/mAP50-95(M)``) is judged on the sums of its terms (``curves_align._summed``).
The classification term is the largest one early and keeps falling on the validation set (its confidence calibrates)
while the mask term, the task's own loss, turns: the sum falls or drifts a few percent, and the run read `healthy`.
domain.md's overfit is "training loss keeps falling while validation loss reaches a minimum and then rises"; for the
masks that is ``val/seg_loss`` rising after its best while ``train/seg_loss`` keeps falling, and the mask metric
confirms it when it stopped improving at that same time and fell back.

Public runs that showed it (eval/public dev, both labelled `overfit`, `healthy` before this module):
``oilquant205 train`` (40 epochs: val/seg_loss best 3.012 at epoch 15, 4.256 at 40, +41% at its end; train/seg_loss
fell a further 21%; mAP50-95(M) best 0.547 at 15, 0.526 at 40, while val/cls_loss fell 4.05 -> 2.0 and the summed
validation loss's best came at epoch 35); ``abdcv63 train`` (50 epochs: val/seg_loss best at 61% of the run, +22%
at its end, train/seg_loss -29% after it, mAP50-95(M) best 0.737 at the same epoch, 0.624 at the end). On every
other dev YOLO-seg run (~125 runs with ``val/seg_loss``: eval/public rows filtered through the held-out groups) the
rule fires only on runs labelled `overfit` that were `overfit` already (akashseg205 train3, coralseg162 train2,
potholeseg162 train2, vakhseg162 train2) and on none labelled `healthy`.

The rule (``mask_overfit``), on finite logged values, all of these:

- a validation term and a training term named as the mask loss (``seg_loss`` with the split words removed:
  ``curves_componentval.base_name``) among ``Curves.detector_terms``, and the mask mAP over IoU 0.5:0.95 (a COCO
  mAP tag ending ``(M)``: ``metrics/mAP50-95(M)``, YOLOv5-seg's ``metrics/mAP_0.5:0.95(M)``) as the task metric or
  among the other metrics; >= ``MIN_EVALS`` (10) evaluations of each;
- the validation mask loss's best lies at <= ``BEST_BY`` (70%) of its evaluations: later rises are an end's wobble;
- after it, the validation mask loss stayed >= ``RISE`` (10%) above its best, both as the median of every later
  evaluation and as its end level (median of the last tenth, >= 3 evaluations). The dev `healthy` runs whose mask
  loss rose as far (bisindo75, cookie205 train3, braintumor132, aerialseg162 200 epochs) all kept raising the mask
  mAP well after that best, which the next condition leaves out;
- the mask mAP reached its best no later than ``METRIC_LAG`` (10% of the validation loss's step span) after the
  mask loss's best, and its end level lies >= ``METRIC_FALL`` (2%) below that best: the masks got no better once
  the loss turned, and worse by the end (plateseg205 train3, labelled `overfit` "mild", mAP50-95(M) 0.868 -> 0.859:
  a metric that held is left to the rules, as ``verdict_metric.held_measure`` leaves it);
- training went on: the training mask loss's end level is <= ``1 - TRAIN_FALL`` (0.9x) of its level around the
  validation best (median of the same window width).

The verdict is `overfit` at ``CONFIDENCE`` (0.6: one term of the objective decides, the labels of such runs are
judgement calls), with a ``mask_overfit`` finding the learned second opinion leaves alone
(``verdict_second.DEFINITIONAL``: it reads the summed losses, which hide this).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .curves_componentval import base_name
from .curves_names import metric_word
from .verdict_base import Finding, _fmt, _step
from .verdict_evidence import finite

MIN_EVALS = 10
BEST_BY = 0.7
RISE = 0.10
METRIC_LAG = 0.10
METRIC_FALL = 0.02
TRAIN_FALL = 0.10
CONFIDENCE = 0.6
MASK_TERM = "seg_loss"
_COCO_MAP = metric_word("mAP50-95")


@dataclass(frozen=True)
class MaskRise:
    """What ``mask_overfit`` found: the validation mask loss's name, best (value, step), end level (median of the
    last ``window`` evaluations) and last step; the training mask loss's level around that best and at its end; the
    mask mAP's name, best (value, step) and end level. ``x`` names the step axis ('epoch' or 'step')."""
    val_name: str
    best: float
    best_step: int
    end: float
    last_step: int
    train_name: str
    train_then: float
    train_end: float
    metric_name: str
    metric_best: float
    metric_best_step: int
    metric_end: float
    window: int
    x: str

    @property
    def summary(self) -> str:
        return (f"validation mask loss `{self.val_name}` reached its best {_fmt(self.best)} at {self.x} "
                f"{_step(self.best_step)} and ended {100 * (self.end / self.best - 1):.0f}% above it (median "
                f"{_fmt(self.end)} of its last {self.window} evaluations, to {self.x} {_step(self.last_step)}), "
                f"while training `{self.train_name}` kept falling ({_fmt(self.train_then)} -> "
                f"{_fmt(self.train_end)}); the mask mAP `{self.metric_name}` peaked at {_fmt(self.metric_best)} "
                f"({self.x} {_step(self.metric_best_step)}) and ended at {_fmt(self.metric_end)}: the masks "
                "overfit (the summed validation loss hides it: its other terms kept falling).")

    @property
    def finding(self) -> Finding:
        return Finding("mask_overfit", f"validation `{self.val_name}` best {_fmt(self.best)} at {self.x} "
                                       f"{_step(self.best_step)}, {100 * (self.end / self.best - 1):.0f}% above it "
                                       f"at the end; `{self.metric_name}` best {_fmt(self.metric_best)} at "
                                       f"{self.x} {_step(self.metric_best_step)}, {_fmt(self.metric_end)} at the "
                                       "end", self.best_step)

    @property
    def advice(self) -> tuple[str, ...]:
        return (f"Keep the checkpoint of {self.x} {_step(self.best_step)} (Ultralytics saves best.pt by its "
                "fitness, mostly mAP50-95) or stop earlier next time (`patience`).",
                "Add data or augmentation (mosaic, copy-paste, scale), or train a smaller model for fewer epochs.")


def _mask_map(curves: Curves):
    """The mask mAP over IoU 0.5:0.95 among the run's metrics (a COCO mAP tag ending ``(M)``), or None."""
    for series in (curves.val_metric,) + tuple(curves.other_metrics):
        if series is not None and series.tag.rstrip().endswith("(M)") and metric_word(series.tag) == _COCO_MAP:
            return series
    return None


def _term(curves: Curves, role: str):
    found = [t for t in curves.detector_terms if t.role == role and base_name(t.tag) == MASK_TERM]
    return found[0] if len(found) == 1 else None


def mask_overfit(curves: Curves) -> MaskRise | None:
    """The mask overfit of the module notes, or None. Never raises on short or missing series (None)."""
    val, train, metric = _term(curves, "val_loss"), _term(curves, "train_loss"), _mask_map(curves)
    if val is None or train is None or metric is None:
        return None
    vs, vv = finite(val)
    ts, tv = finite(train)
    ms, mv = finite(metric)
    n = len(vv)
    if n < MIN_EVALS or len(tv) < MIN_EVALS or len(mv) < MIN_EVALS or vv.min() <= 0 or tv.min() <= 0:
        return None
    k = max(3, n // 10)
    ib = int(np.argmin(vv))
    best = float(vv[ib])
    end = float(np.median(vv[-k:]))
    if ib > BEST_BY * (n - 1) or float(np.median(vv[ib + 1:])) < (1 + RISE) * best or end < (1 + RISE) * best:
        return None
    im = int(np.argmax(mv))
    span = max(1, int(vs[-1] - vs[0]))
    m_end = float(np.median(mv[-max(3, len(mv) // 10):]))
    if (ms[im] - vs[ib]) > METRIC_LAG * span or m_end > (1 - METRIC_FALL) * float(mv[im]):
        return None
    j = int(np.searchsorted(ts, vs[ib]))
    around = tv[max(0, j - k // 2):min(len(tv), j + k // 2 + 1)]
    if not len(around):
        return None
    then, t_end = float(np.median(around)), float(np.median(tv[-k:]))
    if t_end > (1 - TRAIN_FALL) * then:
        return None
    return MaskRise(val.name, best, int(vs[ib]), end, int(vs[-1]), train.name, then, t_end, metric.name,
                    float(mv[im]), int(ms[im]), m_end, k, "epoch" if val.x == "epoch" else "step")
