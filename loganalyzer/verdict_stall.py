"""What a stall is not (issue 9 follow-up): ``stall_refuted`` checks a `stalled` label (the model's or the rules')
against domain.md's definition -- "the training loss barely moves from its initial value for the whole run ...
often at ln k" -- on the logged values, in every monitored loss:

- **validation fell**: a validation loss that fell >= 10% from its first evaluation to its end level, by >= 5x its
  evaluation-to-evaluation noise, is a model that learns, whatever the training loss did (a dropout-inflated
  training loss logged from step 49 on moves little while validation falls: public dev ``tcc-cnn1d v0``, valid_loss
  0.693 -> 0.381, human `healthy`). Then `healthy` when validation removed >= 35% of its start (the rules'
  underfit needs < 35%, ``verdict.rule_scores``), else `underfit` (it learned, a little, and flattened).
- **validation still falling**: a validation loss lower at >= 90% of >= 8 evaluations and at each of its last 3,
  >= 3% in all, is a slow trend, not a flat line nor a plateau: `healthy` (``_val_still_falling``); so are >= 20
  noisy evaluations ranked against time at <= -0.9 (Spearman) with their lowest in the last tenth.
- **learned before the first log**: with the task's floor known (``--num-classes``/``--chance-loss``/hparams), a loss
  whose first logged value (training and validation alike) lies <= 0.8x the chance loss had already learned before
  it was first logged (a per-epoch log's first point comes after one epoch of learning; domain.md: an untrained
  classifier starts near ln k). Stalls sit at the floor: dev ``dlgn v10/v58`` 1.0x ln 2, ``data-challenge v0``
  1.02x ln 28, ``hmm-miracles v60`` (a constant prior) 0.92x ln 2 -- hence 0.8. Flat from there on is a plateau
  reached before the first log: `underfit` when it ends >= 0.3x the chance loss (dev ``forestcover v0``: 7 classes,
  0.87 = 0.45x ln 7, flat from its first log, train = val, human `underfit`), else `healthy` (converged early).

- **fell in its first logs**: a loss whose first logged value lies >= 1.5x above its end level and that was within 10%
  of that level by the first tenth of its logs moved a lot before it flattened (dev ``meteo-thesis v0``: 3415 at
  epoch 1, 2.46 at epoch 2, flat for 498 epochs; the model saw a robust start of ~2.5 and said stalled; human
  `underfit`; the nineteenth set's ``vlapeft``, a VLA fine-tune's loss 28.4 -> ~16.6 by step 200 of 1,480 and flat
  after, labelled `underfit`, was `stalled` 0.86 under a 2x bound): `underfit`, an early plateau (whether it is
  high needs the task's floor). A smaller fall counts when it was kept: first log >= 1.2x the end level on >= 5
  logs, within 10% of it by the second log (or the first tenth), and no later log back up at the first value -- a
  loss that dropped a sixth at once and never returned learned something, then plateaued (domain.md: underfit
  "does decrease but flattens out high"; stalled "barely moves from its initial value"). Dev evidence: three runs
  labelled `underfit` were `stalled` (``crypto-thesis bilstm`` 0.131 -> 0.10 by epoch 1, 1.30x; ``capsnet`` 1.26x
  by epoch 1; ``birdmlip v9`` 4.9x on 5 logs); the labelled-`stalled` runs that fell >= 1.2x early
  (``light-nevgi``, ``simple-transformer t2wihhdg``, ``stockpred v22``, ``sml-project1 v1``) are noisy per-step
  losses that come back up to their first value later, and the labelled-`stalled` early drops stay <= 1.15x
  (``aes-nn``, ``aionos-diag``, ``gat-custom``: a class prior fitted).

  With the same split's accuracy ending >= 97% and the loss below what a constant answer at that accuracy costs
  (``_accuracy_at_top``) that plateau is convergence: `healthy`.

- **an accuracy that rose >= 50 points** (``_accuracy_learned``): `healthy` -- the model learns, whatever the
  headline loss shows (a diffusion fine-tune's noise loss at its floor beside a retrieval accuracy 0.04 -> 1.0).

- **a broken loss series**: a loss logged as the same value to float32 precision at every log while an accuracy rose
  >= 10 points (``_constant_loss_rising_accuracy``): `healthy` -- the model learns, the logger wrote a constant.

``verdict_held.validation_held`` (re-exported here) is the same kind of check for `diverged`: a training-loss climb
that a validation loss sitting at its best does not show is no divergence of the model (``verdict._judge``).

All come back with a confidence <= ``REFUTED_CONFIDENCE``: the curves say what the run is not, more than what it is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .features_robust import end_level, median
from .features import RunFeatures
from .verdict_base import _fmt, _pct, _step
from .verdict_unseenfall import validation_never_moved
from .verdict_evidence import accuracy_fractions, finite
from .verdict_held import HELD_CONFIDENCE, HeldValidation, held_finding, validation_held  # noqa: F401
from .verdict_ppl import is_perplexity, val_values
from .verdict_trend import noisy_trend
from .verdict_valfrozen import (  # noqa: F401  (frozen_validation, Frozen: imported from here too)
    FROZEN_CONVERGED, FROZEN_EVALS, FROZEN_REL, FROZEN_SHARE, Frozen, frozen_validation,
)

VAL_FALL = 0.10  # validation fell >= 10% (the model's stall is refused after a steady 10%+ fall: verdict.py)
VAL_FALL_NOISE = 5.0  # ... by >= 5x its evaluation-to-evaluation noise (the same 5x as there)
HEALTHY_FALL = 0.35  # ... >= 35% of its start: not underfit (rule_scores' underfit removes < 35%)
BELOW_CHANCE = 0.8  # first logged loss <= 0.8x the chance loss: learned before the first log (see above)
FLAT_HIGH = 0.3  # a plateau from the first log at >= 0.3x the chance loss is underfit (forestcover v0: 0.45x)
REFUTED_CONFIDENCE = 0.6
EARLY_FALL, EARLY_BY = 1.5, 0.1  # first log >= 1.5x the end level, reached within the first 10% of the logs
# ... or >= 1.2x on >= 5 logs, reached by the second log or the first 10%, no later log back up at the first
EARLY_KEPT, EARLY_KEPT_LOGS = 1.2, 5


@dataclass(frozen=True)
class NoStall:
    label: str  # what the run is instead: "healthy" or "underfit"
    reason: str  # logged values behind it, for a finding
    kind: str  # "val_fell", "val_still_falling", "constant_loss", "fell_first" or "learned_before_log"


def _val_fall(curves: Curves) -> tuple[float, float, float, int, int] | None:
    """(relative fall, first, end level, first step, last step) of the validation loss when it fell >= 10% beyond
    5x its noise, else None (a perplexity judged in nats, ``verdict_ppl.val_values``; first and end level quoted as
    logged)."""
    s, v = val_values(curves)
    if len(v) < 4:
        return None
    first = float(v[0])
    end = end_level(v)
    noise = float(median(np.abs(np.diff(v))))
    fall = (first - end) / max(abs(first), 1e-12)
    if fall < VAL_FALL or first - end < VAL_FALL_NOISE * noise:
        return None
    logged = finite(curves.val_loss)[1]  # (a perplexity's values, not their ln)
    return fall, float(logged[0]), end_level(logged), int(s[0]), int(s[-1])


STILL_EVALS, STILL_SHARE, STILL_LAST, STILL_FALL = 8, 0.9, 3, 0.03


def _val_still_falling(curves: Curves) -> tuple[int, int, float, float, int, int, str] | None:
    """(evaluations, falls, first, last, first step, last step, how) when the validation loss fell >= ``STILL_FALL``
    (3%) in all, at >= 90% of its moves over >= ``STILL_EVALS`` evaluations and at each of its last ``STILL_LAST`` --
    or falling as a trend through the noise of many evaluations (``verdict_trend.noisy_trend``). A fall
    that steady is a trend, however slow: domain.md's stalled "barely moves" and underfit "no downward trend left"
    both fail. The fifteenth set's clear `healthy` ``wikillm`` (a causal-LM fine-tune: eval/loss 5.214 -> 4.866,
    lower at each of its 10 evaluations, 7% in all, while its 6 training logs fell 5%) was `stalled` 0.5."""
    s, v = val_values(curves)
    if len(v) < STILL_EVALS or v.min() <= 0:
        return None
    d = np.diff(v)
    downs = int((d < 0).sum())
    if 1 - v[-1] / v[0] < STILL_FALL:
        return None
    steady = downs >= STILL_SHARE * len(d) and (d[-STILL_LAST:] < 0).all()
    how = f"and at each of its last {STILL_LAST}" if steady else noisy_trend(v)
    logged = finite(curves.val_loss)[1]  # (quoted as logged: a perplexity's values, not their ln)
    return None if how is None else (len(v), downs, float(logged[0]), float(logged[-1]), int(s[0]), int(s[-1]), how)


def _early_fall(series) -> tuple[str, float, int, float, int, int] | None:
    """(name, first, its step, end level, the step by which it got there, last step) when a positive loss's first
    logged value lies >= ``EARLY_FALL``x above its end level (the median of its last tenth) and it was within 10% of
    that level by the first ``EARLY_BY`` of its logs: it moved a lot, then stayed -- whatever a robust start says."""
    s, v = finite(series)
    if len(v) < EARLY_KEPT_LOGS or (v <= 0).any():
        return None
    end = end_level(v)
    first = float(v[0])
    near = np.nonzero(np.abs(v / end - 1) <= 0.1)[0]
    if len(v) >= 10 and first >= EARLY_FALL * end and len(near) and near[0] <= EARLY_BY * (len(v) - 1):
        return series.name, first, int(s[0]), end, int(s[near[0]]), int(s[-1])
    # a smaller fall that was kept: >= 1.2x, done by the second log (or the first tenth), never back up at the first
    by = max(1, int(EARLY_BY * (len(v) - 1)))
    if first < EARLY_KEPT * end or not len(near) or near[0] > by or v[by:].max() >= first:
        return None
    return series.name, first, int(s[0]), end, int(s[near[0]]), int(s[-1])


def _fell_to_zero(series) -> tuple[str, float, int, float, int, int] | None:
    """``_early_fall``'s tuple for a loss whose first log is positive and which was printed as exactly 0 (its end
    level, the median of its last tenth, is 0.0) from within the first ``EARLY_BY`` of its >= 10 logs on: a log
    printing ``%f`` rounds a converged cross-entropy of 1e-7 to 0.000000 (PointNet's ``mean loss: %f``), and a
    robust start at 0 read it as a loss that never moved. Only the accuracy test (``_accuracy_at_top``) uses it: a
    loss stuck at 0 without an accuracy may be a broken logger. None otherwise."""
    s, v = finite(series)
    if len(v) < 10 or (v < 0).any() or v[0] <= 0 or end_level(v) != 0:
        return None
    zero = np.flatnonzero(v == 0)
    if zero[0] > EARLY_BY * (len(v) - 1):
        return None
    return series.name, float(v[0]), int(s[0]), 0.0, int(s[zero[0]]), int(s[-1])


CONSTANT_LOGS, ACC_ROSE = 5, 0.10  # a loss identical at >= 5 logs while an accuracy rose >= 10 points


def _constant_loss_rising_accuracy(series, curves: Curves) -> tuple[float, int, str, float, float, int, int] | None:
    """(the loss's value, its logs, accuracy name, first, end level, first step, last step) when ``series`` is the
    same value to float32 precision (``FROZEN_REL``) at every one of its >= ``CONSTANT_LOGS`` logs while the
    validation (else training) accuracy rose >= ``ACC_ROSE`` from its first log to its end level: a broken loss
    series, not a stall. Public
    ``fmnist-sweep 337d0la0`` (a NumPy network on Fashion-MNIST logging 18.65 at every epoch while its accuracy rose
    0.70 -> 0.85, labelled `healthy`) was called `stalled` at 0.98."""
    _, v = finite(series)
    if len(v) < CONSTANT_LOGS or np.any(np.abs(v - v[0]) > FROZEN_REL * abs(v[0])):
        return None
    rose = _accuracy_rose(curves, 3, ACC_ROSE)
    return None if rose is None else (float(v[0]), len(v)) + rose


def _accuracy_rose(curves: Curves, logs: int, rise: float) -> tuple[str, float, float, int, int] | None:
    """(name, first, end level, first step, last step) of the validation (else training) accuracy, on >= ``logs``
    logs, whose end level (the median of its last tenth) lies >= ``rise`` above its first log; else None."""
    for acc in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(acc, percent=True)
        if read is None or len(read[1]) < logs:
            continue
        s, a = read
        last = end_level(a)
        # a per-batch running accuracy's first batches (0, 0.25, 0.17: public clear `stalled` fundus104, a binary
        # classifier at 0.536 over 43,469 logs, "rose 54 points" from its first batch's 0) are no start; a
        # per-epoch accuracy's first log is (0.62 -> 0.71 by its third epoch is learning: a breaker's case)
        first = float(median(a[:3])) if len(a) >= RUNNING_LOGS else float(a[0])
        if last - first >= rise:
            return acc.name, first, last, int(s[0]), int(s[-1])
    return None


RUNNING_LOGS = 200  # an accuracy logged this often is per batch (a running mean), not per epoch
ACC_LEARNED = 0.5  # an accuracy >= 50 points above its first log at its end: learned (see _accuracy_learned)


def _accuracy_learned(curves: Curves) -> tuple[str, float, float, int, int] | None:
    """(name, first, end level, first step, last step) when a validation (else training) accuracy's end level (the
    median of its last tenth) lies >= ``ACC_LEARNED`` above its first log on >= 5 logs: a model that went from
    guessing to mostly right learned, whatever its headline loss did -- no stall (domain.md: stalled is "no
    learning"). Dev evidence: the public ``ddtrail v1`` (a diffusion fine-tune whose noise loss sits at its floor
    0.15 while its retrieval accuracy rose 0.04 -> 1.0, labelled `healthy`) was `stalled` 0.99; no run labelled
    `stalled` has an accuracy that rose more than 35 points (``avance5 v3`` 0.54 -> 0.89, hence 0.5)."""
    return _accuracy_rose(curves, 5, ACC_LEARNED)


ACC_TOP = 0.97  # an accuracy ending >= 97%: little left to fit ...
ACC_CAP = 0.999  # ... (read as at most 99.9%: the entropy bound below stays positive)


def _binary_entropy(p: float) -> float:
    return -(p * math.log(p) + (1 - p) * math.log(1 - p))


def _accuracy_at_top(curves: Curves, main, loss_end: float) -> tuple[str, float] | None:
    """(name, end level) of the accuracy of ``main``'s split (training's for a training loss, else validation's)
    when its end level (median of its last tenth, >= 3 logs) is >= ``ACC_TOP`` and the loss ended below what any
    constant answer reaching that accuracy costs: a predictor giving every example the same distribution, right on a
    share a of them, pays at least the binary entropy h(a) nats of cross-entropy (the labels' entropy is >= h(a) with
    one class at share a) -- a loss under h(a) fitted the examples, not a class prior (a prior fitted at 98% majority
    sits at ~h(0.98) = 0.098 with accuracy 0.98: no convergence). Public pn2oscar56, a PointNet++ pedestrian
    classifier (training loss 1.6e-4 -> ~1e-6 by its second log, training accuracy 1.0, evaluation accuracy 0.998,
    labelled `healthy`), was `underfit` "an early plateau". None otherwise."""
    acc = curves.train_acc if main is curves.train_loss else curves.val_acc
    read = accuracy_fractions(acc, percent=True)
    if read is None or len(read[1]) < 3:
        return None
    last = end_level(read[1])
    if last < ACC_TOP or not 0 <= loss_end < _binary_entropy(min(last, ACC_CAP)):
        return None
    return acc.name, last


SOFTMAX_FLOOR_TOL = 0.003  # the loss's end within 0.3% of ln(e + k - 1) - 1 for some k in 2..1000
from .verdict_base import SOFTMAX_WORDS  # noqa: E402 (in the finding's text; siblings skip such runs by it)


def double_softmax_floor(main: Series | None, curves: Curves) -> tuple[int, float, str, float] | None:
    """(k, the loss's end level, the accuracy's name, the floor) when the loss ended at the floor of cross-entropy
    over softmax PROBABILITIES fed as logits -- one-hot probabilities give logits (1, 0, ..., 0), so the loss cannot
    go below -ln(e / (e + k - 1)) = ln(e + k - 1) - 1 (0.3133 for 2 classes, 0.7437 for 4, 1.4611 for 10) -- while
    an accuracy (the loss's split, else the other) ended >= ``ACC_TOP``. PyTorch's ``nn.CrossEntropyLoss`` applies
    log-softmax itself; a model ending in ``nn.Softmax`` gives this floor. Public `healthy` eegdec67 (a 4-class
    EEG decoder: train_loss 0.7482 -> 0.7437 from step 114 on, train accuracy 0.998, val 1.0) was `stalled` 0.98."""
    _, v = finite(main)
    if len(v) < 3:
        return None
    end = end_level(v)
    if not 0 < end < 6:  # ln(e + 999) - 1 = 5.9: no floor of up to 1,000 classes lies higher
        return None
    k = max(2, min(1000, round(math.exp(end + 1) - math.e + 1)))
    level = math.log(math.e + k - 1) - 1
    if abs(end - level) > SOFTMAX_FLOOR_TOL * level:
        return None
    for acc in ((curves.train_acc, curves.val_acc) if main is curves.train_loss else (curves.val_acc, curves.train_acc)):
        read = accuracy_fractions(acc, percent=True)
        if read is not None and len(read[1]) >= 3 and end_level(read[1]) >= ACC_TOP:
            return k, end, acc.name, level
    return None


def stall_refuted(f: RunFeatures, curves: Curves | None) -> NoStall | None:
    """Why a `stalled` label does not fit the logged values (module notes), or None when it does."""
    if curves is None:
        return None
    fell = _val_fall(curves)
    if fell is not None:
        fall, first, end, s0, s1 = fell
        # a smaller fall still going at the end is no plateau either: healthy (public clear `healthy` cgpt107, a
        # 104M LM pretrain: validation 3.909 -> 3.282, lower at every evaluation to its last, was `underfit`)
        still = _val_still_falling(curves) if fall < HEALTHY_FALL else None
        if still is not None and still[1] < STILL_SHARE * (still[0] - 1):  # a noisy trend alone: maybe a plateau's
            still = None  # drift (public catsyn105 v18: 81 of 99 moves down, labelled `underfit`), not a steady fall
        label = "healthy" if fall >= HEALTHY_FALL or still is not None else "underfit"
        nats = " of its nats (ln ppl)" if is_perplexity(curves.val_loss.name) else ""
        return NoStall(label, f"validation `{curves.val_loss.name}` fell {_pct(fall)}{nats}, from {_fmt(first)} at "
                              f"step {_step(s0)} to {_fmt(end)} by step {_step(s1)}, well beyond its noise"
                              + ("" if still is None else f", lower at {still[1]} of its {still[0] - 1} moves and still falling") + ": the model "
                              "learns, so the flat training loss is no stall", "val_fell")
    still = _val_still_falling(curves)
    if still is not None:
        evals, downs, first, last, s0, s1, how = still
        return NoStall("healthy", f"validation `{curves.val_loss.name}` fell at {downs} of its {evals - 1} "
                                  f"evaluations after the first, from {_fmt(first)} at step {_step(s0)} to "
                                  f"{_fmt(last)} at step {_step(s1)}, {how}: slowly, "
                                  "but still learning -- neither flat nor a plateau", "val_still_falling")
    main = curves.train_loss if f.train is not None else curves.val_loss
    rose = _constant_loss_rising_accuracy(main, curves)
    if rose is not None:
        value, logs, acc, first, last, s0, s1 = rose
        return NoStall("healthy", f"`{main.name}` logged exactly {_fmt(value)} at all {logs} of its logs -- "
                                  "no real loss repeats to float32 precision while the model changes -- and "
                                  f"`{acc}` rose from {_fmt(first)} (step {_step(s0)}) to {_fmt(last)} (step "
                                  f"{_step(s1)}): the loss series is broken (a clipped or constant value written), the "
                                  "model learns", "constant_loss")
    learned = _accuracy_learned(curves)
    if learned is not None:
        acc, first, last, s0, s1 = learned
        return NoStall("healthy", f"`{acc}` rose from {_fmt(first)} at step {_step(s0)} to {_fmt(last)} by step "
                                  f"{_step(s1)} ({(last - first) * 100:.0f} points): the model learns, whatever "
                                  f"`{main.name}` shows (a term that cannot fall, a pretrained model's floor)",
                       "accuracy_rose")
    floor = double_softmax_floor(main, curves)
    if floor is not None:
        k, end, acc, level = floor
        return NoStall("healthy", f"`{main.name}` sat at {_fmt(end)}, the lowest cross-entropy can go when its inputs "
                                  f"are already softmax probabilities among {k} classes (ln(e + {k - 1}) - 1 = "
                                  f"{_fmt(level)}: {SOFTMAX_WORDS}), while `{acc}` reached its top: "
                                  "converged at that floor, not a stall; drop the extra softmax for a loss that "
                                  "tells more", "double_softmax")
    zero = _fell_to_zero(main)
    early = zero or _early_fall(main)
    if early is not None:
        name, first, s0, end, by, s1 = early
        top = _accuracy_at_top(curves, main, end)
        if top is not None:
            return NoStall("healthy", f"`{name}` fell from {_fmt(first)} at its first log (step {_step(s0)}) to "
                                      f"{_fmt(end)} by step {_step(by)} and stayed there to step {_step(s1)}, with "
                                      f"`{top[0]}` at {_fmt(top[1])} at its end: converged early, not a stall",
                           "converged_early")
    if early is not None and zero is None and validation_never_moved(curves) is None:  # (verdict_unseenfall)
        return NoStall("underfit", f"`{name}` fell from {_fmt(first)} at its first log (step {_step(s0)}) to "
                                   f"{_fmt(end)} by step {_step(by)} and stayed there to step {_step(s1)}: it learned "
                                   "in its first logs, then flattened -- an early plateau, not a stall (whether it is "
                                   "high needs the task's floor)", "fell_first")
    chance = f.chance_loss
    if chance != chance or chance <= 0:
        return None
    firsts = [float(finite(s)[1][0]) for s in (main, curves.val_loss) if s is not None and len(finite(s)[1])]
    if not firsts or max(firsts) > BELOW_CHANCE * chance:
        return None
    _, mv = finite(main)
    final = end_level(mv)
    label = "underfit" if final >= FLAT_HIGH * chance else "healthy"
    name = f"ln {f.num_classes}" if f.num_classes and abs(chance - math.log(f.num_classes)) < 1e-9 else "the chance loss"
    return NoStall(label, f"`{main.name}` was already {_fmt(firsts[0])} at its first log, {firsts[0] / chance:.2f}x "
                          f"{name} ({_fmt(chance)}): it learned before the first log, then "
                          + ("stayed high (>= 0.3x of it): a plateau reached at once, not a stall"
                             if label == "underfit" else "stayed low: converged before the first log, not a stall"),
                    "learned_before_log")


NEVER_EVALS, NEVER_FALL = 4, 0.02  # >= 4 evaluations, the best < 2% below the first


def validation_never_improved(curves: Curves | None) -> str | None:
    """Why validation shows no learning -- >= ``NEVER_EVALS`` positive evaluations whose best is less than
    ``NEVER_FALL`` below the first -- or None. With a training loss that moved less than its own noise (the
    ``within_noise`` finding) the run shows no learning anywhere: domain.md's `stalled`, "the training loss barely
    moves from its initial value for the whole run". Public `stalled` ``sml-project1 v1`` (a binary LSTM at the
    prior's entropy: per-step training loss 0.23-0.81 with no trend, val_loss 0.5105, 0.5101, 0.5128, 0.5171) was
    `healthy` 0.55."""
    s, v = finite(curves.val_loss if curves is not None else None)
    if len(v) < NEVER_EVALS or (v <= 0).any() or v.min() < (1 - NEVER_FALL) * v[0]:
        return None
    return (f"validation `{curves.val_loss.name}` never improved: {_fmt(float(v[0]))} at its first evaluation, "
            f"{_fmt(float(v.min()))} at its best, {_fmt(float(v[-1]))} at the last of {len(v)}")
