"""A training loss that climbed far above its best and did not come back (issue 9, kinds 2 and 3): ``late_climb``
decides it, ``_climb_summary`` words it with logged values.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .features_robust import end_level, median, window_medians
from .features import RunFeatures, _bin, _head_count
from .curves_gan import critic_only
from .verdict_base import GREW, _fmt, _rise_y, _step, _value_at, values_around
from .verdict_earlycollapse import early_collapse
from .verdict_evidence import accuracy_fractions, finite
from .verdict_late import falling_back, lr_flat_at_end, near_zero_rebound, overfit_first, restart_excuse
from .verdict_weights import weight_excuse
from .verdict_kept import metric_held
from .verdict_firstlog import back_from_first as _back_from_first

# ---------------------------------------------------------------- a climb that did not come back (issue 9, kinds 2, 3)
#
# domain.md's diverged: "after improving, climbs far above its best ... and does not come back". The rule score
# above also asks for the end to lie 1.5x above the *start*, which misses two kinds seen on real runs:
# - collapse: learned (fell >= 30% below the start), then climbed back to the starting loss / the chance level and
#   stayed there (a classifier back at ln 2 predicting a constant). Start == end, so it looked `stalled`.
# - late climb: a spike or a climb after which the loss never returns near its best (a fine-tune whose training
#   loss rises 70% and stays). It ends below its start, so it looked `healthy`.
# Both are checked on the *training* loss only: a validation loss that rises while training keeps falling is
# overfitting, and without a training loss the two cannot be told apart. The thresholds keep noisy healthy runs
# out: the end (median of the last ~10% of logs) must lie >= 1.5x above the smoothed best, >= 4x the
# point-to-point noise above it, and have given back >= 30% of the improvement (in decades), so a run that
# converged to 1e-4 and wobbles to 3e-4 is not called diverged. A loss that climbs while the learning rate rose
# (a warm-up or a restart, still high at the end) and still ends below its start is a bump of the schedule, not
# divergence (domain.md): no override, a finding, and a `diverged` from the model gets confidence <= 0.6. A
# collapse back to the start, or a climb past the start, is never excused that way.
# These are definitional overrides on top of the model (like ``_model_label_unsupported``): they change neither
# ``FEATURE_NAMES`` nor ``rule_scores``, so the shipped model sees what it was trained on.

CLIMB_RATIO = 1.5  # the end lies >= 1.5x above the best (0.176 decades; the diverged rule's 1.5x)
CLIMB_GIVEBACK = 0.3  # ... having given back >= 30% of the improvement (linear-scale losses: >= 50%)
CLIMB_NOISE = 4.0  # ... by >= 4x the point-to-point noise
COLLAPSE_GIVEBACK = 0.8  # back >= 80% of the way to where it started: collapsed
COLLAPSE_LEARNED = 0.3  # ... after falling >= 30% below the start
COLLAPSE_LEARNED_CLEAR, COLLAPSE_CLEAR_NOISE = 0.08, 8.0  # ... or >= 8%, the climb back >= 8x the end's noise
BOTH_TRAIN_RATIO, BOTH_VAL_RATIO = 1.25, 1.3  # training and validation both climbed and stayed
BOTH_TRAIN_NOISE = 3.0  # ... the training climb >= 3x its noise (validation's, >= 4x, confirms it)


@dataclass(frozen=True)
class Climb:
    """A training loss that climbed after its best and did not come back: why it is `diverged`."""

    kind: str  # "collapse" (back to the start / chance level), "climb" (far above its best), "both" (train and val)
    ratio: float  # final / smoothed best of the training loss (NaN for losses that are not all positive)
    val_ratio: float  # the same for validation (NaN when not used)
    giveback: float  # share of the improvement given back (1 = back at the start)
    confidence: float
    past_start: bool = False  # it ended well above where it started, not only above its best
    lr_excuse: str | None = None  # why the learning-rate schedule may explain the climb (then no override)
    accuracy: tuple[str, float, float, float] | None = None  # (series, first, peak, last): an accuracy collapse
    warmup: tuple[float, float] | None = None  # (rate at the climb's start, its later peak): began in a warm-up
    recovering: bool = False  # lr_excuse says the loss was coming down again at its last logs, not the schedule
    weight: str | None = None  # the loss weight whose growth lr_excuse names (``verdict_weights``)
    restarts: bool = False  # lr_excuse names the warm restarts of the schedule the climb came with (``verdict_late``)
    metric: bool = False  # lr_excuse says the task's validation accuracy/metric held its best (``verdict_kept``)


def _ratio(shape) -> float:
    return shape.final / shape.minimum if shape.log_scale and shape.minimum > 0 else math.nan


def _tail_noise(series: Series | None, shape) -> float:
    """The point-to-point noise where the end level is measured (the last 30% of the finite logs, >= 6 points), in
    the shape's y units; the shape's whole-run noise when there is no series. An unstable stretch (the climb itself)
    inflates the whole-run median step, so the smaller of the two is what the end level is compared with."""
    if series is None:
        return shape.noise
    v = np.asarray(series.values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if shape.log_scale:
        v = v[v > 0]
    y = np.log10(v) if shape.log_scale else v
    tail = y[-max(int(0.3 * len(y)), 6):]
    return min(shape.noise, float(median(np.abs(np.diff(tail))))) if len(tail) > 2 else shape.noise


WIDE_MIN = 5  # ... in logs of >= 50 points (end windows of >= 5)
NOISY_RISE = 8.0  # a rise < 8x the point-to-point noise is checked against the best of windows as wide as the end's


def _rise(shape, series: Series | None, noise: float) -> float:
    """How far the end lies above the best (``_rise_y``, in y units). When that is < ``NOISY_RISE`` x the noise, the
    best is measured as the end is -- the lowest median of a window as wide as the one the end level is the median
    of (``features``: the last ``_head_count(n)`` points of the binned log) -- not by the smoothed minimum, whose
    narrower window (5 points) finds a lucky stretch in a noisy per-batch log. Really trained
    (tests/test_verdict_unseen6.py): a classifier of labels with no signal at batch size 8, its per-batch loss
    0.27-1.05 around the prior's entropy 0.53, had a 5-point stretch at 0.27-0.28 late in the run and was called
    `diverged` 0.81, "about 2.0x its best"; its 10-point windows never went below ~0.4 (1.4x). A clear climb (a rise
    >= 8x the noise: an HF fine-tune's early best, 1.48x, 8x its noise) keeps the smoothed best. ``noise``: the
    series' ``_tail_noise``, which the callers compare the rise with too."""
    rise = _rise_y(shape)
    if series is None or rise >= NOISY_RISE * noise:
        return rise
    v = np.asarray(series.values, dtype=np.float64)
    bad = ~np.isfinite(v)
    if bad.any():
        v = v[:int(np.argmax(bad))]  # the shape is measured before the first non-finite value
    steps = np.asarray(series.steps, dtype=np.int64)[:len(v)]
    if shape.log_scale:
        if len(v) == 0 or (v <= 0).any():
            return rise
        v = np.log10(v)
    _, y = _bin(steps, v)
    k = _head_count(len(y))
    if k < WIDE_MIN:
        return rise  # a short log (< 50 points): its end is a median of 3-4, its smoothed best is no lucky stretch
    return min(rise, float(median(y[-k:])) - float(window_medians(np.ascontiguousarray(y), k).min()))


def _climbed(shape, ratio: float, series: Series | None = None, noise: float = CLIMB_NOISE) -> bool:
    """The end lies far above the best (``ratio``x, or half the improvement back for linear-scale losses), beyond
    ``noise`` times the point-to-point noise, and the best came before the last tenth of the run."""
    if shape is None or shape.initial != shape.initial or shape.points < 5 or shape.min_position > 0.9:
        return False
    tail = _tail_noise(series, shape)
    rise = _rise(shape, series, tail)
    if rise <= 0 or rise < noise * tail:
        return False
    if shape.log_scale:
        return rise >= math.log10(ratio) and shape.giveback >= CLIMB_GIVEBACK
    return min(shape.giveback, _back_from_first(shape, series)) >= 0.5


ACC_COLLAPSE_RATIO = 1.15  # with the accuracy back at its start: the loss ended >= 1.15x its logged best, beyond its noise


def _rose_off_best(shape, series: Series | None = None) -> bool:
    """The loss ended >= ``ACC_COLLAPSE_RATIO`` x its logged best, beyond ``CLIMB_NOISE`` x its noise, however little
    of a blown-up first epoch that gives back (tests/test_newcomer33.py: 13.5 -> 1.87 -> 2.53, accuracy 0.06 ->
    0.58 -> 0.10 after a learning rate of 5 was `healthy` "81% lower")."""
    if shape is None or not shape.log_scale or shape.points < 5 or shape.min_position > 0.9 or series is None:
        return False
    _, v = finite(series)
    if len(v) < 5 or v.min() <= 0:
        return False
    tail = _tail_noise(series, shape)
    rise = math.log10(end_level(v) / float(v.min()))  # logged: the fatal spike smears into the smoothed curve
    return rise >= CLIMB_NOISE * tail and rise >= math.log10(ACC_COLLAPSE_RATIO)


def _collapsed(shape, learned: float, series: Series | None = None) -> bool:
    """Learned (>= 30% below the start) and came back >= 80% of the way, beyond 4x the noise: a collapse even when
    the run had learned too little for the end to lie 1.5x above the best (a 17-class linear model 2.79 -> 1.86 ->
    2.76: 1.48x; a per-epoch log 2.79 -> 2.06 -> 2.76: 1.34x, tests/test_verdict_unseen2.py)."""
    if shape is None or shape.initial != shape.initial or shape.points < 5 or shape.min_position > 0.9:
        return False
    noise = _tail_noise(series, shape)
    rise = _rise(shape, series, noise)
    # learned: >= 30% below the start, or >= 8% and the fall (best to start, and back) >= 8x the noise where the end
    # level is measured: a 17-class model 2.83 -> 2.28 -> 2.82 and flat there (tests/test_verdict_unseen3.py)
    clearly = learned >= COLLAPSE_LEARNED or (learned >= COLLAPSE_LEARNED_CLEAR and rise >= COLLAPSE_CLEAR_NOISE * noise)
    # came back: measured from the first log too (``_back_from_first``): public gans81 ``airplane``, a CycleGAN
    # generator's train_losses 4.836 at epoch 0, about 1.8 from epoch 1 (the robust start), lowest 1.715 at 18, 2.137
    # at the last -- "back" past the robust start, 18% of the way back to its first log -- was `diverged` 0.97
    back = min(shape.giveback, _back_from_first(shape, series))
    return clearly and back >= COLLAPSE_GIVEBACK and rise > 0 and rise >= CLIMB_NOISE * noise


ACC_GAIN = 0.05  # an accuracy that rose >= 5 points (and >= 3x its point-to-point noise) above its first log ...
ACC_BACK = 0.75  # ... then gave back >= 75% of that gain over its last logs (a collapse to chance, seen in accuracy)
LOSS_BACK = 0.8  # ... while the training loss gave back >= 80% of its improvement: learned, then collapsed


def accuracy_collapse(curves: Curves | None) -> tuple[Series, float, float, float] | None:
    """An accuracy (validation first, else training) that rose clearly, then fell back to where it started and
    stayed there: ``(series, first, peak, last)``, or None. A classifier that forgot all it learned shows it in
    accuracy before its loss, which may have fallen only a few percent (17 classes: 2.55 -> 2.33 -> 2.84, accuracy
    0.09 -> 0.21 -> 0.06). Accuracies logged as percentages are read as fractions; other scales are not used."""
    if curves is None:
        return None
    for series in (curves.val_acc, curves.train_acc):
        if series is None:
            continue
        read = accuracy_fractions(series, percent=True)
        if read is None or len(read[1]) < 5:
            continue
        v = read[1]
        tail = v[-max(2, len(v) // 5):]
        i_peak = int(np.argmax(v))
        gain = float(v[i_peak] - v[0])
        noise = float(median(np.abs(np.diff(v))))
        if (gain >= max(ACC_GAIN, 3 * noise) and i_peak < len(v) - len(tail)
                and float(tail.max()) <= v[0] + (1 - ACC_BACK) * gain):
            return series, float(v[0]), float(v[i_peak]), float(v[-1])
    return None


def late_climb(f: RunFeatures, curves: Curves | None = None) -> Climb | None:
    """A collapse or a late climb of the training loss (see the notes above), or None. A climb that the learning
    rate may explain (rising at the end; or, with ``curves``, it rose between the best and the climb and is still
    that high at the end) comes back with ``lr_excuse`` set: no `diverged` override then, a finding instead. A
    collapse (back at the start after learning) or a climb past the start is never excused: a warm-up or restart
    bump does not undo everything the run learned."""
    t, v = f.train, f.val
    if t is None or _critic_rising(curves):
        return None
    climb = None
    # how much it had learned before the climb: nothing when the best is the first stretch of the run
    learned = 0.0 if t.min_position < 0.05 else (
        (1 - t.minimum / t.start) if t.log_scale and t.start > 0 else (t.span / max(abs(t.initial), 1e-12)))
    at_chance = (f.final_vs_chance == f.final_vs_chance and f.final_vs_chance >= 0.9
                 and t.minimum / f.chance_loss <= 0.7)
    train_series = curves.train_loss if curves is not None else None
    val_series = curves.val_loss if curves is not None else None
    # ended well above where it started (1.25x the robust start): the classic divergence, not a bump
    past_start = t.rise_above_start > (math.log10(1.25) if t.log_scale else 0.25 * abs(t.initial))
    climbed = _climbed(t, CLIMB_RATIO, train_series)
    if climbed or (not past_start and _collapsed(t, learned, train_series)):
        # back to where it started: judged from the first logged value too (a fast early drop hides in the robust
        # start), so a loss that ends 6x its best but still 70% below its first log is a climb, not a collapse
        if t.log_scale and t.start > t.minimum > 0:
            back = math.log10(t.final / t.minimum) / math.log10(t.start / t.minimum)
        else:
            back = t.giveback
        back = min(back, _back_from_first(t, train_series))  # (a first log far above the quoted start too)
        collapse = not past_start and (
            (min(t.giveback, back) >= COLLAPSE_GIVEBACK and _collapsed(t, learned, train_series)) or at_chance)
        ratio = _ratio(t)
        strength = _rise_y(t) / math.log10(CLIMB_RATIO) if t.log_scale else t.giveback / 0.5
        confidence = min(0.9, 0.55 + 0.15 * strength + (0.1 if collapse or past_start else 0.0))
        # (gone back 80% from the robust start yet not from the first log, and < 1.15x its best: no climb at all --
        # public betavae85, recon_loss 236.0 at its first epoch, 212.9 at its best, 216.2 at the end, was `diverged`
        # "about 1.0x its best"; iae40's decoder loss 0.00624 -> 0.00771, 1.24x, stays a climb)
        kept = collapse or climbed or not t.log_scale or ratio >= ACC_COLLAPSE_RATIO
        climb = Climb("collapse" if collapse else "climb", ratio, math.nan, t.giveback, round(confidence, 3),
                      past_start=past_start) if kept else None
    if climb is not None:
        pass
    elif (not past_start and t.min_position >= 0.05 and _rise_y(t) > 0
          and (t.giveback >= LOSS_BACK or _rose_off_best(t, train_series))
          and (fell_back := accuracy_collapse(curves)) is not None):
        # learned too little for the loss alone to say so, but the accuracy went back to where it started
        acc, a_first, a_peak, a_last = fell_back
        climb = Climb("collapse", _ratio(t), math.nan, t.giveback, 0.7, accuracy=(acc.name, a_first, a_peak, a_last))
    elif (v is not None and t.log_scale and v.log_scale
          and _climbed(t, BOTH_TRAIN_RATIO, train_series, BOTH_TRAIN_NOISE)
          and _climbed(v, BOTH_VAL_RATIO, val_series)):  # training rose too: not overfitting (train falls there)
        climb = Climb("both", _ratio(t), _ratio(v), t.giveback, 0.7)
    if climb is None and _above_first_log(t, train_series):  # never below its first log, ended far above it
        climb = Climb("climb", _ratio(t), math.nan, t.giveback, 0.7, past_start=True)
    if climb is None and (early := early_collapse(curves)) is not None:  # its best in the first 5%: the accuracy says
        climb = Climb("collapse", _ratio(t), math.nan, t.giveback, 0.7, past_start=True, accuracy=early.accuracy)
    if climb is None or overfit_first(climb, f, train_series) or near_zero_rebound(climb, t, train_series):
        return None
    excuse = None
    start = t.divergence_start_step if t.divergence_start_step is not None else t.min_step
    weighed = weight_excuse(curves, t.min_step, start)
    if weighed is not None:  # the objective changed: even a climb past the start compares two different totals
        return dataclasses.replace(climb, lr_excuse=weighed[1], weight=weighed[0])
    if climb.kind == "collapse" or climb.past_start:
        pass  # back at (or past) the start: whatever the schedule did, the run lost all it had learned
    elif f.lr_rising_at_end:
        excuse = "the learning rate went up again near the end (a warm-up, a restart or a range test)"
    elif curves is not None and curves.lr is not None and curves.train_loss is not None:
        at_best, at_climb, at_end = values_around(curves.lr, t.min_step, start)
        if (at_best and at_climb and at_end and at_climb >= GREW * at_best and at_end >= at_best
                and not lr_flat_at_end(curves.lr, curves.train_loss)):
            excuse = (f"the learning rate rose from {_fmt(at_best)} at the best step to {_fmt(at_climb)} when the "
                      f"climb began and is still {_fmt(at_end)} at the end (a warm-up or a restart)")
    if excuse is None and climb.kind in ("climb", "both") and not climb.past_start and curves is not None:
        excuse = restart_excuse(curves.lr, train_series, t)
        if excuse is not None:
            return dataclasses.replace(climb, lr_excuse=excuse, restarts=True)
    if excuse is None and climb.kind in ("climb", "both"):
        excuse = falling_back(train_series, t)
        if excuse is not None:
            return dataclasses.replace(climb, lr_excuse=excuse, recovering=True)
    if excuse is None and climb.kind == "climb" and not climb.past_start and curves is not None:
        held = metric_held(curves, start)
        if held is not None:  # the task's validation accuracy/metric held its best: no worse predictions
            return dataclasses.replace(climb, lr_excuse=held, metric=True)
    if excuse is None and climb.kind in ("climb", "both") and not climb.past_start and curves is not None:
        warm = _warming_up(curves.lr, start)
        if warm is not None:  # still diverged (it stayed up once the rate settled), but the cause is the schedule
            return dataclasses.replace(climb, confidence=min(climb.confidence, WARMUP_CONFIDENCE), warmup=warm)
    return dataclasses.replace(climb, lr_excuse=excuse) if excuse else climb


def _critic_rising(curves: Curves | None) -> bool:
    """The training loss is a WGAN critic's (``curves_gan.critic_only``; negative at every log): it estimates minus the
    Wasserstein distance, which rises towards 0 as the generator's samples come closer to the data -- no divergence.
    Public vaegan102 (a WGAN logging only ``d_train_loss``: -7976 at epoch 0, -80 at epoch 19), labelled `healthy`,
    was `diverged` 0.97 "lowest at its first log". Or an energy model's contrastive divergence back towards 0
    (``contrastive_rising``)."""
    series = curves.train_loss if curves is not None else None
    if series is None:
        return False
    _, v = finite(series)
    if critic_only(series.name):
        return len(v) > 0 and float(v.max()) < 0
    return contrastive_rising(curves)


def contrastive_rising(curves: Curves) -> bool:
    """The judged training loss is (or sums) a contrastive divergence (``_CONTRASTIVE``) that went negative and came
    back at least half way towards 0 (its last log >= half its lowest), ending no more than ``NEAR_ZERO`` of its
    lowest's size above 0: an energy model's equilibrium, where ratios of the loss mean nothing (``verdict`` gives
    such a run the rules, not the learned model). Still at its lowest, or blown up above 0, it is judged as any loss."""
    if curves.train_loss is None:
        return False
    names = [curves.train_loss.name] + [c.name for c in curves.components]
    if not any(_CONTRASTIVE.search(n) for n in names):
        return False
    _, v = finite(curves.train_loss)
    if not len(v) or float(v.min()) >= 0:
        return False
    low, last = float(v.min()), float(v[-1])
    return low / 2 <= last <= NEAR_ZERO * abs(low)


# an energy-based model's contrastive-divergence loss (the energy of the data minus that of the model's samples): it
# goes negative while the model lags its samples and returns to ~0 at equilibrium. Public ebmdiff115 (Lightning,
# ``loss_epoch`` = ``loss_contrastive_divergence_epoch`` + ``loss_regularization_epoch``: -0.0080 at its first log,
# lowest -0.0188 at step 31, -0.0078 at the last), labelled `healthy` twice, was `diverged` 0.85 "climbed far above
# its best".
# (spelled out only: a ``cd_loss`` is as often a Chamfer or cosine distance, which can diverge -- a breaker's runs)
NEAR_ZERO = 0.25  # ending at most a quarter of its lowest's size above 0 (a breaker's EBM: -7.9, then +6: diverged)
_CONTRASTIVE = re.compile(r"(?i)contrastive[_ /-]?divergence")


def critic_rise(curves: Curves | None):
    """The finding that holds back a `diverged` of a run judged on a WGAN critic's loss rising towards 0, or on an
    energy model's contrastive divergence back near 0 (``_critic_rising``), or None."""
    if not _critic_rising(curves):
        return None
    from .verdict_base import Finding

    s, v = finite(curves.train_loss)
    x = curves.train_loss.x
    if not critic_only(curves.train_loss.name):
        return Finding("possible_diverged", f"`{curves.train_loss.name}` is an energy-based model's contrastive "
                                            f"divergence: lowest {_fmt(float(v.min()))}, {_fmt(float(v[-1]))} at the "
                                            f"last ({x} {_step(int(s[-1]))}); it returns towards 0 as the model "
                                            "catches up with its samples, no divergence: healthy at low confidence")
    return Finding("possible_diverged", f"`{curves.train_loss.name}` is a critic's (discriminator's) loss, negative at "
                                        f"every log: {_fmt(float(v[0]))} at {x} {_step(int(s[0]))}, "
                                        f"{_fmt(float(v[-1]))} at the last ({x} {_step(int(s[-1]))}); a WGAN critic's "
                                        "loss rises towards 0 as the generator's samples come closer to the data, no "
                                        "divergence. Log the generator's loss to judge the run: healthy at low "
                                        "confidence")


def _above_first_log(t, series: Series | None) -> bool:
    """The training loss never went below its first log (its smoothed best is the start of the run) and ended
    >= ``CLIMB_RATIO``x above that first logged value and its best, beyond ``CLIMB_NOISE``x the noise: diverged "from
    the start" (domain.md), even when a spike early on inflates the robust start the shape measures from. Public
    `diverged` (third set, ``ns-pinn``): a PINN's total loss 1.37e6 at step 0 (its lowest), 1.9e12 at step 2, ending
    2.41e6 at step 371 while its data term rose 62 -> 2052."""
    s, v = finite(series)
    if not t.log_scale or len(v) < 10 or t.min_position >= 0.05 or v[0] <= 0 or t.minimum <= 0:
        return False
    rise = math.log10(t.final / t.minimum)
    return (t.final >= CLIMB_RATIO * float(v[0]) and rise >= math.log10(CLIMB_RATIO)
            and rise >= CLIMB_NOISE * _tail_noise(series, t))


WARMUP_CONFIDENCE = 0.7  # a climb that began during the warm-up: diverged, less certain (a peak rate too high?)


def _warming_up(lr: Series | None, start: int) -> tuple[float, float] | None:
    """(rate at the climb's start, peak rate after it) when the learning rate was still rising when the climb began
    and went on to >= 2x that value: a warm-up whose peak the run could not take (or a bump that may settle)."""
    if lr is None or len(lr.steps) < 3:
        return None
    steps, values = np.asarray(lr.steps), np.asarray(lr.values, dtype=np.float64)
    ok = np.isfinite(values)
    steps, values = steps[ok], values[ok]
    at = _value_at(lr, start)
    later = values[steps >= start]
    if at is None or at <= 0 or len(later) < 2:
        return None
    peak = float(later.max())
    return (at, peak) if peak >= 2 * at else None
