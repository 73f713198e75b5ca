"""A `diverged` held back (for ``verdict._judge``; re-exported by ``verdict_stall``): a training-loss climb that a
validation loss -- or, with none logged, a validation accuracy or higher-is-better metric -- sitting at its best does
not show is no divergence of the model (``validation_held``), said by ``held_finding``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .features_robust import end_level
from .verdict_base import Finding, _fmt, _step, who_chose
from .verdict_evidence import accuracy_fractions, finite
from .verdict_metric import metric_course

HELD_RISE = 0.05  # validation ended within 5% of its best ...
HELD_AFTER = 2  # ... with >= 2 evaluations after the training loss's climb began
HELD_CONFIDENCE = 0.5
HELD_LAST = 2.0  # ... and its very last evaluation < 2x its best (the median of the last tenth hides a last blow-up)


@dataclass(frozen=True)
class HeldValidation:
    """A validation loss that stayed at its best through a training loss's climb: first, best and last logs."""

    name: str
    first: float
    best: float
    best_step: int
    last: float
    last_step: int
    after: int  # evaluations at or after the step where the training climb began
    higher_is_better: bool = False  # a validation accuracy/metric (no validation loss logged), not a loss
    what: str = "validation"  # "the accuracy" for an unmarked or training accuracy

    @property
    def fall(self) -> float:
        """How much validation improved from its first evaluation to its best (0.2 = 20%): a loss's fall, a
        metric's rise -- for a fraction (an accuracy, an AUC: <= 1) the larger of its rise and its error's fall, so
        0.953 -> 0.995 (the error 4.7% -> 0.5%) learned, not barely moved."""
        if self.higher_is_better:
            rise = self.best / self.first - 1 if self.first > 0 else 1.0
            if 0 <= self.first < 1 and self.best <= 1:
                rise = max(rise, 1 - (1 - self.best) / (1 - self.first))
            return rise
        return 1 - self.best / self.first if self.first > 0 else 0.0


def validation_held(f: RunFeatures, curves: Curves | None, metric_too: bool = False) -> HeldValidation | None:
    """A training-loss climb that validation does not show, else None: the validation loss (>= 5 positive finite
    evaluations, >= ``HELD_AFTER`` of them after the climb began -- ``LossShape.divergence_start_step``, else the
    last 10% of training) ended (its last tenth's median) within ``HELD_RISE`` of its best, its very last evaluation
    below ``HELD_LAST`` x its best.

    domain.md's diverged: the *model* got worse and stayed worse; a model that diverged is worse on held-out data
    too. A training loss that climbs while validation sits at its best measures something else: per-batch
    heavy-tailed targets, a batch-composition or augmentation change. Labelled public runs: every `diverged` run with
    a validation loss ended it >= 1.2x its best (ffnn-scratch, gaze-correction, luis-nn v10, retinal-o2 v107,
    upstage-cv7, vol-pred, whisper-small-braj); ``stock-ctx v98`` (per-batch stock-return losses 0.08-46.6, decile
    means 3.9 -> 12.6, validation 7.146 -> 7.113 at its best, labelled `stalled`) was called `diverged` at 0.99."""
    if curves is None or f.train is None:
        return None
    s, v = finite(curves.val_loss)
    ts, _ = finite(curves.train_loss)
    if len(ts) < 5:
        return None
    start = f.train.divergence_start_step
    start = int(ts[int(0.9 * (len(ts) - 1))]) if start is None else start
    if curves.val_loss is None:
        return _metric_held(curves, start)
    if len(v) < 5 or (v <= 0).any():
        return None
    after = int((s >= start).sum())
    best = float(v.min())
    if after < HELD_AFTER or (end_level(v) > (1 + HELD_RISE) * best and not _falling_to_best(v)) \
            or float(v[-1]) > HELD_LAST * best:
        # (a last evaluation far above the best: validation blew up with training at the end). ``metric_too``: a
        # term's weight grew when the climb began (``verdict_weights``), so the validation loss may weigh it too;
        # the task's accuracy or metric holding its best then says the model did not get worse
        return _metric_held(curves, start) if metric_too else None
    i = int(v.argmin())
    return HeldValidation(curves.val_loss.name, float(v[0]), best, int(s[i]), float(v[-1]), int(s[-1]), after)


def _falling_to_best(v) -> bool:
    """Whether a validation loss was still falling to its best at its last evaluations: its lowest log in the last
    tenth (>= 2 logs) and its last log within ``HELD_RISE`` of that lowest. Its end level (the median of that last
    tenth) then lies above the best only because it was still coming down: no worse held-out loss for a climb of the
    training loss to stand for. The public dartsuniq182 (a DARTS+UNIQ bit-width search from a pretrained ResNet, layers
    quantised stage by stage: training_loss 0.119 -> 0.060 at epoch 70 -> 0.104 at 230, while validation_loss fell
    1.94 at epoch 160 -> 0.638 at 230, its best and last, validation accuracy 8% -> 80%), labelled `healthy`, was
    `diverged` 0.98."""
    best = float(v.min())
    return int(np.argmin(v)) >= len(v) - max(2, len(v) // 10) and float(v[-1]) <= (1 + HELD_RISE) * best


def _metric_held(curves: Curves, start: int) -> HeldValidation | None:
    """With no validation loss logged: the validation accuracy (else an unmarked/training one, else the task's
    higher-is-better metric) held its best through the training loss's climb -- a model that diverged loses accuracy
    as its loss climbs -- >= 5 evaluations, >= ``HELD_AFTER`` after the climb began, its end
    level (the median of its last tenth) within ``HELD_RISE`` of its best, its last evaluation within 2x that. The
    eighteenth set's `healthy` ``tio-darts`` (a DARTS search whose drop-path probability ramps with the epoch: train
    loss 0.150 at epoch 115 -> 0.843 at 599 while its logged ``acc``, the test accuracy, stayed at 92.0-92.6%) was
    `diverged` 0.99."""
    acc = curves.val_acc if curves.val_acc is not None else curves.train_acc
    read = accuracy_fractions(acc, percent=True) if acc is not None else None
    name = acc.name if read is not None else None
    if read is None:
        course = metric_course(curves.val_metric)
        if course is None or not course.higher_is_better:
            return None
        read, name = finite(curves.val_metric), curves.val_metric.name
    s, v = read
    if len(v) < 5 or (v <= 0).any():
        return None
    after = int((s >= start).sum())
    best = float(v.max())
    if after < HELD_AFTER or end_level(v) < (1 - HELD_RISE) * best or float(v[-1]) < (1 - 2 * HELD_RISE) * best:
        return None
    i = int(v.argmax())
    return HeldValidation(name, float(v[0]), best, int(s[i]), float(v[-1]), int(s[-1]), after, higher_is_better=True,
                          what="validation" if acc is None or acc is curves.val_acc else "the accuracy")


def held_finding(held, label: str, confidence: float, method: str, cause: str | None = None) -> Finding:
    """The finding of a `diverged` held back by ``validation_held``; ``cause``: what the climb came from, when known
    (a loss weight that grew: ``verdict_weights``)."""
    cause = cause or "the climb is in what the training loss measures (noisy batches, heavy-tailed targets)"
    return Finding(f"possible_{label}", f"{who_chose(label, confidence, method)} on the training loss's climb, but "
                                        f"{held.what} `{held.name}` stayed at its best through it: {_fmt(held.first)} "
                                        f"at its first evaluation, {'highest' if held.higher_is_better else 'lowest'} "
                                        f"{_fmt(held.best)} (step "
                                        f"{_step(held.best_step)}), {_fmt(held.last)} at its "
                                        f"last (step {_step(held.last_step)}), {held.after} evaluations after the "
                                        f"climb began: the model did not get worse, so {cause}, not divergence",
                   held.best_step)
