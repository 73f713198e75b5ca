"""A classifier that never left chance, and one whose accuracy stayed low (issue 9, stop 19).

domain.md's `stalled`: "the training loss barely moves from its initial value for the whole run, or stops moving
early while still near it ... often at ln k"; its `underfit`: "a plateau ... while the loss is still high relative to
what the task allows (accuracy near chance ...), training and validation loss close together". Two checks on the
logged values, after the model or the rules chose a label (``verdict.refine``):

- ``stuck_at_chance`` -> `stalled`: the run sits at the guessing level, read from the logs themselves:
  - **the loss at ln k**: a cross-entropy of exactly ln k is the loss of a uniform guess among k classes (a softmax
    whose logits are all equal). Training *and* validation loss (each one that is logged; with only one of them, an
    accuracy logged beside it must read chance too, <= 1/k + ``ACC_SLACK``) hold within ``HOLD_BAND`` (3%) of ln k at
    >= ``HOLD_SHARE`` (70%) of their logs, their medians over the last 60% within ``LEVEL_BAND`` (2%) of it, for a
    small k (2..``K_SMALL``, where the ln k lie >= 4.6% apart, so a level within 2% of one is no coincidence of a
    large k), the first logged loss already there (``START_LOW``-``START_HIGH`` x ln k). Public `stalled` (third
    set, ``cifar10-alexnet``): an AlexNet on CIFAR-10 at 2.303 = ln 10 from epoch 3 to 49, val_acc exactly 10.0 at
    all 50 epochs. Also taken: a validation loss held at ln k with an accuracy at chance while the training loss
    ended >= ``TRAIN_NEAR`` x ln k (an LSTM whose validation held ln 3 for 10 epochs, val_acc 0.31-0.38, while its
    training loss fell 10% in its last logs: ``ratos v0``, labelled `stalled`, was `underfit` 0.96).
  - **one answer at every evaluation**: a validation accuracy identical (within ``CONST_BAND``) at >= ``CONST_EVALS``
    evaluations and equal to 1/k for a k in 2..``K_CONST`` (a balanced validation set on which the model gives one
    class to every example), with the training accuracy, when logged, no better (<= 1/k + ``ACC_TRAIN_SLACK``).
    Public `stalled`: a Keras classifier whose val_accuracy is exactly 0.200 at all 8 epochs, training accuracy
    0.196-0.218 (fifth set, ``aionos-diag``). A constant accuracy that is not 1/k (a majority-class rate: the
    public `forestcover v0`, 0.574 at 7 epochs, loss 0.45x ln 7, labelled `underfit`) is not taken.
- ``accuracy_stayed_low`` -> `underfit`: an accuracy that rose (else ``verdict_flatacc.accuracy_never_rose``) but ended
  at <= ``LOW_ACC`` (0.5), the training accuracy, when logged, as low (<= the validation's + ``ACC_GAP``: no gap, so
  not overfitting; with no training accuracy, a training loss that ended above 5% of its first log and above half of
  validation's: else it fit its training data, ``_fit_training_data``) -- the model could not fit its own training
  data. Of the 226 labelled real runs, none labelled `healthy` ends its accuracy at or below 0.5 (the lowest: 0.57 and
  0.61, 27-30 classes); those labelled `underfit` that do: a LeNet on CIFAR-10 at 0.37/0.39, a grapevine 5-class CNN
  at 0.41, dlgn v37 at 0.36/0.39, eeg-trm at 0.41/0.42. Language models (token accuracies of 0.3-0.5 are healthy
  there) are kept out: a first logged loss above ln 400 (a vocabulary's ln V, ``verdict_floor.K_MAX``) or a loss named
  like a language model's.

Both come back with confidence <= ``CHANCE_CONFIDENCE``: the task's real floor is still unknown to the logs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .curves_names import metric_word, tag_words
from .features_robust import end_level, median
from .verdict_base import _fmt, _step
from .verdict_evidence import accuracy_fractions, finite
from .verdict_metric import metric_course
from .verdict_floor import K_MAX
from .verdict_short import END_LOGS, falling_at_end, rising_at_end

K_SMALL = 10  # ln 9 = 2.197, ln 10 = 2.303: 4.6% apart, so a level within 2% of ln k names k
HOLD_BAND, HOLD_SHARE, LEVEL_BAND = 0.03, 0.7, 0.02
START_LOW, START_HIGH = 0.9, 1.15  # ... having started there: a first log within -10%/+15% of ln k ("never left";
# a 5-class linear model that fell 1.344 -> 1.098, ln 3 by coincidence, learned: tests/test_verdict_unseen.py)
ACC_SLACK = 0.1  # an accuracy at chance: <= 1/k + 0.1
# a first log above START_HIGH x ln k is taken when an accuracy logged >= 5 times never rose above chance (<= 1/k +
# ACC_SLACK at every log): the fiftieth set's clear `stalled` gnnsat50 v14/v15 (a GNN SAT/UNSAT classifier: loss 0.826
# and 1.447 at the first epoch, then 0.693-0.695 = ln 2 from epoch 3-5 to the end, val_acc 0.47-0.51 all run) were
# `underfit` 0.9-0.99
ACC_NEVER_LOGS = 5
TRAIN_NEAR = 0.85  # validation held at ln k, training ending >= 0.85 ln k: it barely left chance either
K_CONST, CONST_BAND, CONST_EVALS, CONST_TOL = 20, 0.002, 5, 0.005
ACC_TRAIN_SLACK = 0.05
LOW_ACC, ACC_GAP, ACC_ROSE = 0.5, 0.1, 0.05
CHANCE_CONFIDENCE = 0.6
_LM_WORDS = ("lm", "mlm", "clm", "perplexity", "ppl", "token", "tokens")


@dataclass(frozen=True)
class AtChance:
    """Why the run is `stalled` at the guessing level: ``k`` classes, and the logged values that show it."""

    k: int
    how: str  # "loss" (held at ln k), "accuracy" (one answer at every evaluation), "plateau"/"collapsed" (flat at
    # ln k after a blow-up, having never left chance / having learned first: verdict_plateau)
    reason: str
    blowup: tuple[float, int, str] | None = None  # the highest log before a plateau, when >= 1.5x ln k: value, step, unit
    since_step: int | None = None  # "held at ln k": the main loss's first log within HOLD_BAND of it (the plateau)


def _held(series: Series | None, level: float) -> bool | None:
    """Whether a loss held at ``level`` (see the module notes); None when it is not logged (>= 5 finite points)."""
    s, v = finite(series)
    if len(v) < 5:
        return None
    near = np.abs(v / level - 1) <= HOLD_BAND
    tail = v[int(0.4 * len(v)):]
    return bool(near.mean() >= HOLD_SHARE and abs(float(median(tail)) / level - 1) <= LEVEL_BAND)


def stuck_at_chance(curves: Curves) -> AtChance | None:
    """The run never left the guessing level (module notes), or None."""
    main = curves.train_loss if curves.train_loss is not None else curves.val_loss
    _, mv = finite(main)
    if len(mv) >= 5 and (mv > 0).all():
        level = float(median(mv[int(0.4 * len(mv)):]))
        k = int(round(math.exp(level))) if 0 < level < math.log(K_SMALL + 0.5) else 0
        start = float(mv[0]) / math.log(k) if k >= 2 else 0.0
        acc_series = curves.val_acc if curves.val_acc is not None else curves.train_acc
        acc = accuracy_fractions(acc_series, percent=True) if 2 <= k <= K_SMALL and START_LOW <= start else None
        # an accuracy at chance at every log rules out a level at ln k by coincidence: a loss that came down to ln k
        # from a higher first log (an initialisation far from uniform) learned the class prior and nothing else
        acc_never = (acc is not None and len(acc[1]) >= ACC_NEVER_LOGS and float(acc[1].max()) <= 1 / k + ACC_SLACK
                     and float(mv.max()) <= float(mv[0]) * (1 + HOLD_BAND))  # came down: a blow-up is verdict_plateau's
        if 2 <= k <= K_SMALL and START_LOW <= start and (start <= START_HIGH or acc_never):
            chance = math.log(k)
            held = [(s, h) for s in (curves.train_loss, curves.val_loss) if (h := _held(s, chance)) is not None]
            acc_ok = acc is not None and end_level(acc[1]) <= 1 / k + ACC_SLACK
            if acc_never and main is curves.train_loss and len(held) == 2 and held[0][1] and _other_scale(
                    curves.val_loss, chance):  # validation on another scale: the accuracy at chance says it
                held = held[:1]
            if held and all(h for _, h in held) and (len(held) == 2 or acc_ok):
                names = " and ".join(f"`{s.name}` ({_fmt(end_level(finite(s)[1]))} at its end, smoothed)"
                                     for s, _ in held)
                ms = finite(main)[0]
                since = int(ms[int(np.argmax(np.abs(mv / chance - 1) <= HOLD_BAND))])
                came = (f" after falling from {_fmt(float(mv[0]))} at its first log, with `{acc_series.name}` at "
                        f"chance at every log (at most {_fmt(float(acc[1].max()))})" if start > START_HIGH else "")
                return AtChance(k, "loss", f"{names} held at ln {k} = {_fmt(chance)}, the loss of a uniform guess "
                                           f"among {k} classes, for most of the run{came}: the model never left "
                                           "chance", since_step=since)
            train_end = end_level(mv)
            val_held = any(h for s, h in held if s is curves.val_loss)
            # validation never left chance; training barely did
            if val_held and acc_ok and main is curves.train_loss and train_end >= TRAIN_NEAR * chance:
                v_end = end_level(finite(curves.val_loss)[1])
                return AtChance(k, "loss", f"`{curves.val_loss.name}` ({_fmt(v_end)} at its end, smoothed) held at "
                                           f"ln {k} = {_fmt(chance)}, the loss of a uniform guess among {k} classes, "
                                           f"with `{acc_series.name}` at chance ({_fmt(end_level(acc[1]))}), while "
                                           f"`{main.name}` ended at {train_end / chance:.2f}x of it: the model never "
                                           "left chance on data it did not train on")
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is None or len(acc[1]) < CONST_EVALS:
        return None
    s, v = acc
    if float(v.max() - v.min()) > CONST_BAND:
        return None
    k = int(round(1 / float(v.mean()))) if v.mean() > 0 else 0
    if not 2 <= k <= K_CONST or abs(float(v.mean()) - 1 / k) > CONST_TOL:
        return None
    train = accuracy_fractions(curves.train_acc, percent=True)
    if train is not None and end_level(train[1]) > 1 / k + ACC_TRAIN_SLACK:
        return None
    x = "epochs" if curves.val_acc.x == "epoch" else "steps"
    return AtChance(k, "accuracy", f"`{curves.val_acc.name}` was {_fmt(float(v[0]))} at every one of its {len(v)} "
                                   f"evaluations ({x} {_step(int(s[0]))}-{_step(int(s[-1]))}) = 1/{k}: the model "
                                   f"gives one class to every example, never better than chance")


OTHER_SCALE = 0.1  # a validation "loss" whose logs all lie below 1/10 of ln k is not a per-example mean loss


def _other_scale(series: Series | None, chance: float) -> bool:
    """Whether a validation loss sits on a scale no per-example cross-entropy at ln k has: >= 5 finite logs, all
    >= 0 and below ``OTHER_SCALE`` x ln k (a loss summed or averaged per batch and divided again by the test set's
    size, printed to 4 decimals). The public lowprec182 8-bit VGG16 on CIFAR-10 (a PyTorch-example style log:
    ``Test set: Average loss: 0.0002, Accuracy: 1025/10000 (10%)``; training loss 2.29-2.33 = ln 10 for 150 epochs,
    test accuracy 9.6-10.3%), labelled `stalled`, was `underfit` 0.6 because that "loss" is not at ln 10. With the
    accuracy at chance at every log, such a series neither shows nor rules out learning: the training loss held at
    ln k decides."""
    _, v = finite(series)
    return len(v) >= ACC_NEVER_LOGS and bool((v >= 0).all()) and float(v.max()) < OTHER_SCALE * chance


@dataclass(frozen=True)
class LowAccuracy:
    name: str
    first: float
    last: float
    last_step: int
    train_last: float | None


def _language_model(curves: Curves, by_first_loss: bool = True) -> bool:
    """Named like a language model's loss, or (``by_first_loss``) a first logged loss above ln 400 (a vocabulary's), or
    logged beside its own perplexity (``curves.token_ppl``: a token-level cross-entropy, ``curves_tokenloss``)."""
    if getattr(curves, "token_ppl", None):
        return True
    s, v = finite(curves.train_loss if curves.train_loss is not None else curves.val_loss)
    if by_first_loss and len(v) and _first_level(v) > math.log(K_MAX):
        return True
    return any(set(tag_words(x.name)) & set(_LM_WORDS) for x in (curves.train_loss, curves.val_loss) if x is not None)


BLOWUP = 10.0  # a first log >= 10x the next logs' median is a blow-up (an unscaled first batch), not the start level


def _first_level(v) -> float:
    """The loss's first level: its first log, or the second where the first stands >= ``BLOWUP`` x above the median
    of the next three (public `underfit` carnd71, a 43-class traffic-sign net: 186.3 at step 0, ~3.7 = ln 43 from
    the next log on, was taken for a language model's vocabulary-sized start)."""
    first = float(v[0])
    if len(v) >= 4 and first > BLOWUP * max(float(np.median(v[1:4])), 1e-12):
        return float(v[1])
    return first


def accuracy_stayed_low(curves: Curves) -> LowAccuracy | None:
    """An accuracy that rose but ended <= ``LOW_ACC`` with training no better (module notes), or None."""
    series = curves.val_acc if curves.val_acc is not None else curves.train_acc
    acc = accuracy_fractions(series, percent=True)
    if acc is None or len(acc[1]) < 3 or _language_model(curves):
        return None
    s, v = acc
    last = end_level(v)
    if last > LOW_ACC or float(v.max()) - float(v[0]) <= ACC_ROSE or falling_at_end(curves.train_loss) is not None \
            or (rising_at_end(series) and not _train_accuracy_flat_low(curves, series)):
        return None  # still rising (or its loss still falling) when the run stopped: no level it ended at (verdict_short)
    if curves.train_acc is None and _fit_training_data(curves.train_loss, curves.val_loss):
        return None  # no training accuracy, but a training loss near 0 or far below validation's: a gap, not bias
    train_last = None
    if series is curves.val_acc:
        train = accuracy_fractions(curves.train_acc, percent=True)
        if train is not None:
            train_last = end_level(train[1])
            if train_last > max(LOW_ACC, last + ACC_GAP):
                return None
    return LowAccuracy(series.name, float(v[0]), last, int(s[-1]), train_last)


def _train_accuracy_flat_low(curves: Curves, series: Series) -> bool:
    """A validation accuracy still creeping up, beside a training accuracy that stopped rising at <= ``LOW_ACC``: the
    model cannot fit even its training data, whatever validation does next (public `underfit` carnd71: train
    accuracy decile means 0.38-0.39 over the last 60% of the run while validation crept 0.15 -> 0.21)."""
    if series is not curves.val_acc or curves.train_acc is None:
        return False
    train = accuracy_fractions(curves.train_acc, percent=True)
    return train is not None and len(train[1]) >= END_LOGS and end_level(train[1]) <= LOW_ACC \
        and not rising_at_end(curves.train_acc)


FIT_TRAIN = 0.05  # a training loss that ended <= 5% of its first log (positive losses) fits its training data
GAP = 2.0  # ... as does one that ended at <= half the validation loss's end


def _fit_training_data(series: Series | None, val: Series | None = None) -> bool:
    """The training loss ended (median of its last tenth) at <= ``FIT_TRAIN`` of its first log, or at <= 1/``GAP``
    of the validation loss's end: whatever a low validation accuracy says, the model fits its own training data
    better than the validation data -- a generalisation gap, not a model too weak for its task. The sixteenth set's
    YOLOv8 classifiers (``climb train4``: train/loss 2.415 -> 0.0023 while top-1 ended at 0.41; ``coal train5``:
    train/loss 1.458 -> 0.29 while val/loss sat at 1.23-1.28 and top-1 ended at 0.44) were `underfit` "could not fit
    even its training data"."""
    _, v = finite(series)
    if len(v) < 3 or v.min() <= 0:
        return False
    end = end_level(v)
    _, w = finite(val)
    return end <= FIT_TRAIN * float(v[0]) or (len(w) >= 3 and w.min() > 0 and end_level(w) >= GAP * end)


SOLVED = 0.9  # a task metric in [0, 1] where higher is better (F1, AUC, IoU...) ending >= 0.9
SOLVED_ACCURACY = 0.85  # a validation accuracy ending >= 0.85
# with no validation measure, a training accuracy ending >= 0.95: the model fits its training data, which an
# underfit one cannot (public `healthy` graphnovo: train accuracy 0.997 from its first log, loss 0.0075 -> 0.0064,
# was `underfit` 0.42 by the model)
SOLVED_TRAIN_ACCURACY = 0.95
SOLVED_COCO_MAP = 0.75  # COCO's mAP over IoU 0.5:0.95 ending >= 0.75 (its mAP@0.5 is then ~0.9 or more)
_COCO_MAP = metric_word("mAP50-95")  # how metric_word names COCO's mAP (mAP_0.5:0.95, mAP50-95(B), ...)


def task_solved(curves: Curves) -> str | None:
    """Why an `underfit` label does not fit: the task's own validation measure ended high -- accuracy >=
    ``SOLVED_ACCURACY``, COCO's mAP@0.5:0.95 >= ``SOLVED_COCO_MAP``, another metric bounded in [0, 1] where higher
    is better (mAP@0.5, F1, AUC) >= ``SOLVED`` -- so the loss is not "high relative to what the task allows"
    (domain.md), whatever its relative fall. Returns the words for a finding, or None.

    Where the levels come from (labelled public runs, eval/public): the clear `healthy` runs ``tomato-yolov8`` (a
    YOLOv8 whose summed losses fell only 34% in 10 epochs while mAP@0.5:0.95 rose 0.78 -> 0.89, mAP@0.5 0.96) and
    ``fmnist-pl`` v0/v1 (Fashion-MNIST CNNs ending at val_acc 0.88, the task's usual level) were called `underfit`
    at 0.9 for both measures. No labelled `underfit` run ends its accuracy in [0.85, 0.9) or a COCO mAP >= 0.75;
    the labelled `underfit` runs above 0.85 are ``fap2`` (val_acc 0.92 at a 0.88 majority-class rate: an accuracy
    can't tell that) and ``sleep-apnea`` (AUC 0.87, kept under ``SOLVED``)."""
    acc = accuracy_fractions(curves.val_acc, percent=True)
    if acc is not None and len(acc[1]) >= 3 and end_level(acc[1]) >= SOLVED_ACCURACY:
        return f"`{curves.val_acc.name}` ended at {_fmt(float(acc[1][-1]))}"
    m = curves.val_metric
    course = metric_course(m)
    if course is None and curves.val_acc is None:  # no validation measure: a training accuracy near 1 fits its data
        train = accuracy_fractions(curves.train_acc, percent=True)
        if train is not None and len(train[1]) >= 3 and end_level(train[1]) >= SOLVED_TRAIN_ACCURACY:
            return f"the training accuracy `{curves.train_acc.name}` ended at {_fmt(float(train[1][-1]))}"
    if course is None or not course.higher_is_better:
        return None
    s, v = finite(m)
    solved = SOLVED_COCO_MAP if metric_word(m.tag) == _COCO_MAP else SOLVED
    if v.min() >= 0 and v.max() <= 1 and end_level(v) >= solved:
        return f"the task's metric `{m.name}` ended at {_fmt(float(v[-1]))}"
    return None
