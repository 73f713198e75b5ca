"""Overfit told by a validation accuracy: no validation loss logged, the validation accuracy got worse after its
best while the training loss kept falling.

domain.md's overfit: "training loss keeps falling while validation loss reaches a minimum and then rises; the gap
widens". Scripts that evaluate only the accuracy (``val_accuracy`` in a history JSON, ``Val_Acc`` printed each
epoch) leave no validation loss to rise; the accuracy shows the same turn, falling back from its best. Public dev
runs labelled `overfit` that were `healthy` on the training loss alone: minitorch50 (val accuracy best 77% at epoch
34 of 250, decile means 71 -> 68%, training loss still creeping down), skin40cl48 fold 1 (val accuracy ~31% at
epoch 60, 28.5% at 100, training accuracy 77%), and, with a task metric instead (Dice, AUC, AP, PSNR: no accuracy
logged), isicseg86 (val Dice 0.72 at epoch 2, 0.53-0.69 after) and klarest84 (PSNR 27.5 at step 4,000, 26.6 at
9,000). A validation accuracy that only levelled off is left alone: by the labels' rule a flat validation plateau
with a widening gap is healthy (``verdict_gap``), and the dev labels split on it (cse676vit59, vitaryaa77, mlpemo88
overfit; cs231cnn, mil85, metalscrap60 healthy) -- a first version that took plateaus too gained dev rows but lost
held-out ones (stop 46).

The thresholds (``overfit_by_accuracy``), on logged values:
- >= ``MIN_EVALS`` validation values and >= ``MIN_EVALS`` training-loss logs (positive);
- the late part: the evaluations from ``LATE`` (60%) of the run's span on. The validation measure's best there
  exceeds its best before by no more than ``FLAT_SHARE`` (10%) of what it gained before (and, for an accuracy or a
  share, at least ``FLAT_GAIN``, 1 point); the best evaluation of all lies in the early part; and the late
  evaluations' median lies below the early best of their running median (width 3, or a twentieth of the
  evaluations) by >= ``DECLINE_SHARE`` (10%) of the early gain and >= ``DECLINE_NOISE`` (2) x one evaluation's noise:
  it declined. (Set 38's maskrcnn hw3, opened at stop 46: val AP 0.12 -> 0.28-0.32 from epoch 13 on, best 0.320 at
  27 of 32, labelled healthy "levels off without degrading", was `overfit` by its raw early maximum.)
- training went on: its loss (medians of a tenth of its logs) fell to <= ``DECLINE_TRAIN_FALL`` (0.95x) of its
  level at the late part's start by its end;
- an accuracy or a share (Dice, mAP, recall; in [0, 1] or percent) ends <= ``VAL_HIGH`` (75%): the dev labels call
  a model ending above that converged (metalscrap60 x2, mAP 0.88-0.90; venusclf57 88%; eegmi61 85%; mil85 80%;
  hsiunet40 mIoU 0.78, whose restarts dip it);
- a training accuracy, when logged beside a validation accuracy, ends >= ``ACC_GAP`` (10 points) above its last value.
The verdict is `overfit` at ``CONFIDENCE`` (0.6): without a validation loss, the accuracy shows the turn but not a
loss climbing after its minimum. The verdict carries an ``accuracy_gap`` finding, which the learned second opinion
leaves alone (``verdict_second.DEFINITIONAL``: it was trained on runs judged on the training loss alone).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .verdict_base import times, Finding, _fmt, _step
from .curves_names import METRIC_UP, metric_word
from .verdict_evidence import accuracy_fractions, finite

MIN_EVALS = 6
LATE = 0.6
FLAT_GAIN = 0.01
FLAT_SHARE = 0.1
DECLINE_SHARE = 0.1
DECLINE_NOISE = 2.0
DECLINE_TRAIN_FALL = 0.95
ACC_GAP = 0.10
VAL_HIGH = 0.75
CONFIDENCE = 0.6


@dataclass(frozen=True)
class AccuracyGap:
    """What ``overfit_by_accuracy`` found: the validation accuracy's name, best and its step, its last value and
    step; the training loss's name and its values at the late part's start and at its end (with steps); the
    training accuracy's last value (None when not logged)."""
    acc_name: str
    best: float
    best_step: int
    last: float
    last_step: int
    fractions: bool  # an accuracy or a [0, 1] metric: quoted in percent
    loss_name: str
    loss_then: float
    then_step: int
    loss_end: float
    end_step: int
    window: int  # the training-loss levels are medians of this many logs (1: logged values)
    train_acc: float | None
    x: str

    @property
    def summary(self) -> str:
        pct = (lambda a: f"{100 * a:.1f}%") if self.fractions else _fmt
        gap = (f"; training accuracy ended at {pct(self.train_acc)}, {100 * (self.train_acc - self.last):.0f} points "
               "above it" if self.train_acc is not None else "")
        return (f"no validation loss logged; validation `{self.acc_name}` fell back after its best: best "
                f"{pct(self.best)} at "
                f"{self.x} {_step(self.best_step)}, {pct(self.last)} at the last evaluation ({self.x} "
                f"{_step(self.last_step)}), while training `{self.loss_name}` kept falling, from "
                + (f"{_fmt(self.loss_then)} at {self.x} {_step(self.then_step)} to {_fmt(self.loss_end)} at "
                   f"{self.x} {_step(self.end_step)}" if self.window == 1 else
                   f"a median {_fmt(self.loss_then)} of its {self.window} logs around {self.x} "
                   f"{_step(self.then_step)} to a median {_fmt(self.loss_end)} of its last {self.window}")
                + f"{gap}: the late part of the run fitted the training set only.")

    @property
    def finding(self) -> Finding:
        best = f"{100 * self.best:.1f}%" if self.fractions else _fmt(self.best)
        return Finding("accuracy_gap", f"validation `{self.acc_name}` best {best} at {self.x} "
                                       f"{_step(self.best_step)}, none better after {LATE:.0%} of the run while "
                                       f"training `{self.loss_name}` fell {times(self.loss_then / self.loss_end)}",
                       self.best_step)

    @property
    def advice(self) -> tuple[str, ...]:
        return (f"Stop near {self.x} {_step(self.best_step)} (validation accuracy's best) next time: early stopping "
                "on the validation accuracy, or keep that checkpoint.",
                "Log the validation loss too: it shows where overfitting began.",
                "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.")


def _measure(curves: Curves) -> tuple[str, np.ndarray, np.ndarray, bool] | None:
    """(name, steps, values, fractions) of the validation accuracy (as fractions), else of a higher-is-better task
    metric (Dice, AUC, AP, PSNR; ``curves_names.metric_word``), or None."""
    va = accuracy_fractions(curves.val_acc, percent=True)
    if va is not None:
        return curves.val_acc.name, va[0], va[1], True
    if curves.val_metric is None:
        return None
    word = metric_word(curves.val_metric.tag)
    if word is not None and not word[1]:
        return None  # an error metric (MAE, WER) is lower-better: judged as a validation loss (curves)
    s, v = finite(curves.val_metric)
    if len(v) and v.min() >= 0 and 1 < v.max() <= 100 and word is not None and word[0] in _SHARES:
        v = v / 100.0  # a share printed in percent (mAP 92.5, recall 54.6)
    return curves.val_metric.name, s, v, bool(len(v) and v.min() >= 0 and v.max() <= 1)


# metric words whose values are shares (in [0, 1], or percent): the ranks ``curves_names.metric_word`` gives them
_SHARES = frozenset(i for i, w in enumerate(METRIC_UP) if w in {
    "map5095", "map", "map50", "map75", "ap", "ap50", "ap75", "f1", "f1score", "fscore", "auc", "auroc", "aupr",
    "auprc", "prauc", "miou", "iou", "dice", "ndcg", "precision", "recall"})


def overfit_by_accuracy(curves: Curves) -> AccuracyGap | None:
    """An ``AccuracyGap`` for a run matching the module notes, else None."""
    if curves.val_loss is not None or curves.train_loss is None:
        return None
    found = _measure(curves)
    ts, tv = finite(curves.train_loss)
    if found is None or len(found[2]) < MIN_EVALS or len(tv) < MIN_EVALS or tv.min() <= 0:
        return None
    name, vs, vv, fractions = found
    start, end = min(int(ts[0]), int(vs[0])), max(int(ts[-1]), int(vs[-1]))
    if end <= start:
        return None
    cut = start + LATE * (end - start)
    early, late = vv[vs < cut], vv[vs >= cut]
    if len(early) < 2 or len(late) < 2:
        return None
    gained = early.max() - vv[0]
    flat = max(FLAT_GAIN if fractions else 0.0, FLAT_SHARE * gained)
    if gained <= 0 or late.max() > early.max() + flat or (fractions and vv[-1] > VAL_HIGH):
        return None
    if int(np.argmax(vv)) >= len(early):
        return None  # its best came in the late part: no falling back after it
    w = max(3, len(vv) // 20) | 1  # the early best of a running median: one lucky evaluation is no level
    smooth = np.array([np.median(vv[max(j - w // 2, 0):j + w // 2 + 1]) for j in range(len(early))])
    noise = float(np.median(np.abs(np.diff(vv)))) / 0.954  # one evaluation's sd (verdict_evidence._sigma)
    if float(np.median(late)) > smooth.max() - max(DECLINE_SHARE * gained, DECLINE_NOISE * noise):
        return None  # a plateau is no overfitting by the labels' rule (verdict_gap), nor is noise around one
    i = int(np.searchsorted(ts, cut))
    k = max(len(tv) // 10, 1)  # levels as medians of a tenth of the logs: a per-epoch loss of small batches jumps
    if i >= len(tv) - k:
        return None
    then, now = float(np.median(tv[max(i - k // 2, 0):i + k // 2 + 1])), float(np.median(tv[-k:]))
    if now > DECLINE_TRAIN_FALL * then:
        return None  # training gone flat: nothing went on fitting the training set
    train_acc = None
    ta = accuracy_fractions(curves.train_acc, percent=True)
    if ta is not None and len(ta[1]) and name == getattr(curves.val_acc, "name", None):
        train_acc = float(ta[1][-1])
        if train_acc < vv[-1] + ACC_GAP:
            return None
    b = int(np.argmax(vv))
    return AccuracyGap(name, float(vv[b]), int(vs[b]), float(vv[-1]), int(vs[-1]), fractions,
                       curves.train_loss.name, then, int(ts[i]), now, int(ts[-1]), k, train_acc,
                       "epoch" if curves.train_loss.x == "epoch" else "step")
