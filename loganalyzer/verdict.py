"""Verdict engine: certain rules first (non-finite loss, or a gradient norm that turned NaN and stayed NaN -> nan),
then the learned model for the shape-based labels, with the rule scores as the transparent fallback and as the
evidence the summary quotes, and definitional overrides the model cannot talk its way past (``combine``).

Precedence (../shared/domain.md): nan > diverged > stalled > underfit > overfit > healthy; unknown only when the
run has no usable loss series.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from .curves import Curves, Series
from .features import FEATURE_NAMES, RunFeatures, loss_shape, run_features
from .model import VerdictModel, load_default_model

VERDICTS = ("nan", "diverged", "stalled", "underfit", "overfit", "healthy", "unknown")
SEVERITY = {v: i for i, v in enumerate(VERDICTS)}  # worst first, for sorting reports
SHAPE_LABELS = ("diverged", "stalled", "underfit", "overfit", "healthy")


@dataclass(frozen=True)
class Finding:
    """A secondary observation worth a line in the report, with the step it happened at."""

    kind: str  # spike, oscillation, lr_schedule, mismatch, initial_loss, grad_norm, nonfinite_signal, possible_...
    message: str
    step: int | None = None


@dataclass(frozen=True)
class Verdict:
    label: str
    confidence: float
    summary: str
    evidence: dict = field(default_factory=dict)  # named steps and values: first_nonfinite_step, best_val_step...
    findings: tuple[Finding, ...] = ()
    advice: tuple[str, ...] = ()
    probabilities: dict = field(default_factory=dict)  # the model's calibrated probabilities per shape label
    method: str = "rules"  # 'rules', 'model', or 'rules+model'


EVIDENCE_STEPS = ("first_nonfinite_step", "divergence_start_step", "best_val_step", "best_step", "plateau_start_step")


def evidence_steps(evidence: dict) -> dict[str, int]:
    """The steps a verdict's evidence names (``EVIDENCE_STEPS`` that hold a step), by name: what charts mark."""
    return {key: int(evidence[key]) for key in EVIDENCE_STEPS
            if isinstance(evidence.get(key), (int, np.integer)) and not isinstance(evidence.get(key), bool)}


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    ax = abs(x)
    if ax != 0 and (ax >= 1e5 or ax < 1e-3):
        return f"{x:.3g}"
    return f"{x:.4g}" if ax < 100 else f"{x:,.1f}"


def _step(x: int | None) -> str:
    return "n/a" if x is None else f"{x:,}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _value_at(series: Series | None, step: int | None) -> float | None:
    """The value of a series at (or just before) a step, e.g. the LR when trouble began."""
    if series is None or step is None or len(series.steps) == 0:
        return None
    i = int(np.searchsorted(np.asarray(series.steps), step, side="right")) - 1
    i = min(max(i, 0), len(series.steps) - 1)
    v = float(series.values[i])
    return v if math.isfinite(v) else None


def _chance_name(f: RunFeatures) -> str:
    """How the chance level was known, for the texts: "the ln k=2.303" or "the chance loss 1"."""
    if f.num_classes and abs(f.chance_loss - math.log(f.num_classes)) < 1e-9:
        return f"the ln k={f.chance_loss:.3f}"
    return f"the chance loss {_fmt(f.chance_loss)}"


# ---------------------------------------------------------------- rule scores (transparent, and the fallback)


def _rise_y(shape) -> float:
    """How far the end lies above the minimum, in the y units of ``noise`` (decades for log-scale losses)."""
    if shape.log_scale and shape.minimum > 0 and shape.final > 0:
        return math.log10(shape.final / shape.minimum)
    return shape.final - shape.minimum


def rule_scores(f: RunFeatures) -> dict[str, float]:
    """A score in 0..1 per shape label from explicit thresholds (documented inline)."""
    t, v = f.train, f.val
    main = t if t is not None and t.initial == t.initial else v
    scores = {label: 0.0 for label in SHAPE_LABELS}
    if main is None:
        return scores
    decade = 1.0 if main.log_scale else max(abs(main.initial), 1e-12)  # what counts as "a lot" in y units
    # diverged: ends clearly above its start (>= 1.5x) after giving back all its improvement, and stays there
    rise = main.rise_above_start / (0.176 * decade)  # 0.176 decades = 1.5x
    if main.giveback > 1.0 and rise > 1.0 and main.end_slope_snr > -5:
        scores["diverged"] = min(1.0, 0.5 + 0.25 * rise)
    elif main.peak_above_start > 1.0 * decade and main.giveback > 1.0:
        scores["diverged"] = 0.6
    # stalled: less than 5% below where it started (robust start, and the first logged value) at the end
    moved = max(main.fraction_removed, main.fraction_removed_first)
    if moved < 0.05 and scores["diverged"] == 0:
        scores["stalled"] = min(1.0, 0.6 + 8 * (0.05 - max(moved, 0)))
    # overfit: validation bottomed out, then rose by >= 25% of its improvement (and >= 5% in value),
    # while training loss kept falling
    if (
        f.val_rise_after_min == f.val_rise_after_min
        and v is not None
        and f.val_rise_after_min > 0.25
        and v.min_position < 0.9
        and (v.final - v.minimum) / max(abs(v.minimum), 1e-12) > 0.05
        and _rise_y(v) > 2.5 * v.noise  # more than the evaluation noise
        and f.train_drop_after_val_min > 0.02
    ):
        scores["overfit"] = min(1.0, 0.5 + 0.5 * min(f.val_rise_after_min, 1.0))
    # underfit: improved somewhat but less than 35% (language models and fine-tunes that end high still remove
    # 40%+ of their starting loss), then flattened early, train close to validation
    if scores["stalled"] == 0 and scores["diverged"] == 0 and t is not None:
        # flat: the last 30% of the run gave < ~9% of the improvement (or moves within the noise)
        flat_early = t.plateau_start_position < 0.75 and (t.end_slope_rel > -0.3 or abs(t.end_slope_snr) < 2.0)
        close = f.gap_final != f.gap_final or abs(f.gap_final) < (0.1 if t.log_scale else 0.1 * decade)
        removed = max(t.fraction_removed, t.fraction_removed_first)
        high = removed < 0.35
        if f.final_vs_chance == f.final_vs_chance:
            high = high or f.final_vs_chance > 0.5
        if flat_early and close and high:
            scores["underfit"] = 0.55 + 0.4 * (0.35 - min(removed, 0.35))
    scores["healthy"] = max(0.0, 1.0 - max(scores[k] for k in ("diverged", "stalled", "underfit", "overfit")))
    return scores


MODEL_FEATURE_NAMES = FEATURE_NAMES + tuple(f"rule.{label}" for label in SHAPE_LABELS)


def model_vector(f: RunFeatures, scores: dict[str, float] | None = None) -> np.ndarray:
    """What the learned model sees: the curve features plus the rule scores (it learns where rules err)."""
    scores = rule_scores(f) if scores is None else scores
    return np.concatenate([f.vector(), [scores[label] for label in SHAPE_LABELS]])


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
    return min(shape.noise, float(np.median(np.abs(np.diff(tail))))) if len(tail) > 2 else shape.noise


def _climbed(shape, ratio: float, series: Series | None = None, noise: float = CLIMB_NOISE) -> bool:
    """The end lies far above the best (``ratio``x, or half the improvement back for linear-scale losses), beyond
    ``noise`` times the point-to-point noise, and the best came before the last tenth of the run."""
    if shape is None or shape.initial != shape.initial or shape.points < 5 or shape.min_position > 0.9:
        return False
    rise = _rise_y(shape)
    if rise <= 0 or rise < noise * _tail_noise(series, shape):
        return False
    if shape.log_scale:
        return rise >= math.log10(ratio) and shape.giveback >= CLIMB_GIVEBACK
    return shape.giveback >= 0.5


def late_climb(f: RunFeatures, curves: Curves | None = None) -> Climb | None:
    """A collapse or a late climb of the training loss (see the notes above), or None. A climb that the learning
    rate may explain (rising at the end; or, with ``curves``, it rose between the best and the climb and is still
    that high at the end) comes back with ``lr_excuse`` set: no `diverged` override then, a finding instead. A
    collapse (back at the start after learning) or a climb past the start is never excused: a warm-up or restart
    bump does not undo everything the run learned."""
    t, v = f.train, f.val
    if t is None:
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
    if _climbed(t, CLIMB_RATIO, train_series):
        # back to where it started: judged from the first logged value too (a fast early drop hides in the robust
        # start), so a loss that ends 6x its best but still 70% below its first log is a climb, not a collapse
        if t.log_scale and t.start > t.minimum > 0:
            back = math.log10(t.final / t.minimum) / math.log10(t.start / t.minimum)
        else:
            back = t.giveback
        collapse = not past_start and (
            (min(t.giveback, back) >= COLLAPSE_GIVEBACK and learned >= COLLAPSE_LEARNED) or at_chance)
        ratio = _ratio(t)
        strength = _rise_y(t) / math.log10(CLIMB_RATIO) if t.log_scale else t.giveback / 0.5
        confidence = min(0.9, 0.55 + 0.15 * strength + (0.1 if collapse or past_start else 0.0))
        climb = Climb("collapse" if collapse else "climb", ratio, math.nan, t.giveback, round(confidence, 3),
                      past_start=past_start)
    elif (v is not None and t.log_scale and v.log_scale
          and _climbed(t, BOTH_TRAIN_RATIO, train_series, BOTH_TRAIN_NOISE)
          and _climbed(v, BOTH_VAL_RATIO, val_series)):  # training rose too: not overfitting (train falls there)
        climb = Climb("both", _ratio(t), _ratio(v), t.giveback, 0.7)
    if climb is None:
        return None
    excuse = None
    if climb.kind == "collapse" or climb.past_start:
        pass  # back at (or past) the start: whatever the schedule did, the run lost all it had learned
    elif f.lr_rising_at_end:
        excuse = "the learning rate went up again near the end (a warm-up, a restart or a range test)"
    elif curves is not None and curves.lr is not None and curves.train_loss is not None:
        start = t.divergence_start_step if t.divergence_start_step is not None else t.min_step
        at_best, at_climb = _value_at(curves.lr, t.min_step), _value_at(curves.lr, start)
        at_end = _value_at(curves.lr, int(curves.lr.steps[-1])) if len(curves.lr.steps) else None
        if at_best and at_climb and at_end and at_climb >= 1.5 * at_best and at_end >= at_best:
            excuse = (f"the learning rate rose from {_fmt(at_best)} at the best step to {_fmt(at_climb)} when the "
                      f"climb began and is still {_fmt(at_end)} at the end (a warm-up or a restart)")
    return dataclasses.replace(climb, lr_excuse=excuse) if excuse else climb


def _climb_finding(climb: Climb, f: RunFeatures) -> Finding:
    how = f"{climb.ratio:.1f}x its best" if climb.ratio == climb.ratio else "far above its best"
    return Finding("lr_schedule", f"the training loss ends {how} (step {_step(f.train.min_step)}), but "
                                  f"{climb.lr_excuse}: a bump of the schedule that may still come down, not taken "
                                  "as divergence; judge the run again once the learning rate has decayed",
                   f.train.min_step)


HELD_BACK_CONFIDENCE = 0.6  # the most we claim when the model's label was held back for lack of evidence


def _model_label_unsupported(label: str, f: RunFeatures) -> str | None:
    """Why the curves contradict what defines ``label`` (domain.md), or None. The learned model is trusted
    between labels, never against a label's definition: it learned from runs where that never came up.

    - underfit "flattens out high": high needs the task's floor (ln k, or a given chance loss). Without it, a
      loss that removed at least the rules' 35% of its start looks just like a healthy fine-tune, language model
      or noisy-target run (domain.md: "judging underfit is the hard part").
    - stalled "barely moves from its initial value": not a steady fall of 10% or more, 5x its noise.
    - overfit "validation loss reaches a minimum and then rises": by more than its evaluation noise (2.5x).
    """
    main = f.train if f.train is not None else f.val
    if main is None:
        return None
    removed = max(main.fraction_removed, main.fraction_removed_first)
    if label == "underfit" and f.final_vs_chance != f.final_vs_chance and removed >= 0.35:
        return (f"the loss fell {removed:.0%} and levelled off; healthy fine-tunes and language models look the "
                "same without the task's floor: --num-classes or --chance-loss (or a simpler model's loss) "
                "settles it")
    if label == "stalled" and removed >= 0.10 and main.drop >= 5 * main.noise:
        return f"the loss fell a steady {removed:.0%} (more than 5x its noise), which is not barely moving"
    if label == "overfit" and f.val is not None and _rise_y(f.val) <= 2.5 * f.val.noise:
        return "the validation loss rose after its best by no more than 2.5x its evaluation noise"
    return None


def combine(scores: dict[str, float], probabilities: dict[str, float], f: RunFeatures, curves: Curves | None = None
            ) -> tuple[str, float, str, Finding | None]:
    """The shape label from the rule scores and the learned model's probabilities: (label, confidence, method,
    a finding when the model's label was held back).

    A training loss that collapsed or climbed far above its best and stayed there (``late_climb``) is `diverged`
    whatever the model says, unless the learning-rate schedule may explain the climb (``late_climb``; more exactly
    with ``curves``): then the model's label stands, a `diverged` capped at ``HELD_BACK_CONFIDENCE``.

    The model decides, unless its label contradicts that label's definition (``_model_label_unsupported``) where
    the rules disagree: then the rules' label stands, its confidence capped at ``HELD_BACK_CONFIDENCE``, and a
    finding says what the model leaned to and why it was not followed.
    """
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    label = max(probabilities, key=probabilities.get)
    confidence = probabilities[label]
    climb = late_climb(f, curves)
    if climb is not None and climb.lr_excuse is None and label != "diverged":
        note = Finding(f"possible_{label}", f"the learned model leans {label} (p={confidence:.2f}), but the training "
                                            "loss climbed far above its best and did not come back: diverged")
        return "diverged", climb.confidence, "rules", note
    if climb is not None and climb.lr_excuse is not None and label == "diverged":
        confidence = min(confidence, HELD_BACK_CONFIDENCE)  # the schedule may explain the climb
    if label != rule_label:
        why = _model_label_unsupported(label, f)
        if why is not None:
            note = Finding(f"possible_{label}", f"the learned model leans {label} (p={confidence:.2f}), but {why}")
            return rule_label, min(float(scores[rule_label]), HELD_BACK_CONFIDENCE), "rules", note
    return label, confidence, "model" if label != rule_label else "rules+model", None


# ---------------------------------------------------------------- NaN/Inf outside the loss (issue 9, kind 4)
#
# Decided (and tested in tests/test_verdict_kinds.py):
# - the gradient norm is a monitored training signal: non-finite from some step to the end of the run (2+ logs,
#   after finite ones) means the update broke the weights: `nan`, even while the logged loss stays finite. A loss
#   that reads exactly the same value (typically 0.0) from then on is the symptom, not convergence.
# - a gradient norm that is non-finite at scattered steps and finite again after is what fp16 loss scaling does
#   when it skips an overflowing step: a finding, not `nan`.
# - a gradient norm never finite at all while the loss learns is a logging artefact (a norm computed outside the
#   optimiser): a finding; with a loss stuck at one exact value it is `nan` (the same pattern from step one).
# - accuracy/metric series (``train_acc``/``val_acc``) go NaN through 0/0 (an empty evaluation batch, an
#   undefined F1) without the model being broken: non-finite values there are a finding, and `nan` only when
#   the metric stays non-finite to the end while the training loss is stuck at one exact value.
# - a non-finite *loss* (training or validation) is `nan` as before, even when it recovers (confidence 0.9).

SIGNAL_ROLES = (("grad_norm", "gradient norm"), ("val_acc", "validation metric"), ("train_acc", "training metric"))


@dataclass(frozen=True)
class _Nonfinite:
    """Where a series holds NaN/±Inf: the first such step, the count, and the streak that runs to the end."""

    series: Series
    first_step: int
    count: int
    points: int
    tail_step: int | None  # first step of the non-finite streak that lasts to the last log (None: ends finite)
    tail_len: int
    finite_before_tail: bool
    last_finite_step: int | None  # before the tail (or before the first non-finite value when none)
    last_finite_value: float | None


def _nonfinite(series: Series | None) -> _Nonfinite | None:
    if series is None or len(series.values) == 0:
        return None
    values = np.asarray(series.values, dtype=np.float64)
    steps = np.asarray(series.steps)
    bad = ~np.isfinite(values)
    if not bad.any():
        return None
    first = int(np.argmax(bad))
    good = np.nonzero(~bad)[0]
    tail = (int(good[-1]) + 1 if len(good) else 0) if bad[-1] else None
    before = good[good < (tail if tail is not None else first)]
    return _Nonfinite(series, int(steps[first]), int(bad.sum()), len(values),
                      None if tail is None else int(steps[tail]), 0 if tail is None else len(values) - tail,
                      bool(len(before)), int(steps[before[-1]]) if len(before) else None,
                      float(values[before[-1]]) if len(before) else None)


def _stuck_loss(series: Series | None, after_step: int | None) -> tuple[int, float, int] | None:
    """(first step, value, count) of the exactly constant stretch that ends the training loss, when it starts at
    or after ``after_step`` (without one: covers half the run) and spans 3+ logs. A loss that reads 0.0 (or any
    one value) on every log once the gradients broke is the symptom of NaN weights, not convergence."""
    if series is None or len(series.values) < 2:
        return None
    values = np.asarray(series.values, dtype=np.float64)
    steps = np.asarray(series.steps)
    if not math.isfinite(values[-1]):
        return None
    same = values == values[-1]
    start = len(values) - int(np.argmin(same[::-1])) if not same.all() else 0
    count = len(values) - start
    if count < 3 or (after_step is not None and steps[start] < after_step):
        return None
    if after_step is None and count < 0.5 * len(values):  # no break to anchor it: most of the run, not a tie
        return None
    return int(steps[start]), float(values[-1]), count


def _signal_breaks(curves: Curves) -> list[tuple[str, _Nonfinite, bool, tuple | None]]:
    """Per monitored non-loss signal with NaN/Inf: (role, where, breaks the run, stuck loss)."""
    out = []
    for role, _ in SIGNAL_ROLES:
        hit = _nonfinite(getattr(curves, role))
        if hit is None:
            continue
        persists = hit.tail_step is not None and hit.tail_len >= 2
        stuck = _stuck_loss(curves.train_loss, hit.tail_step if hit.finite_before_tail else None) \
            if persists else None
        if role == "grad_norm":
            breaks = persists and (hit.finite_before_tail or stuck is not None)
        else:
            breaks = persists and stuck is not None
        out.append((role, hit, breaks, stuck))
    return out


def _signal_findings(curves: Curves, skip: str | None = None) -> list[Finding]:
    """Findings for NaN/Inf in monitored non-loss signals that do not make the run `nan` (see the notes above)."""
    out = []
    for role, hit, breaks, _ in _signal_breaks(curves):
        if role == skip:
            continue
        what = dict(SIGNAL_ROLES)[role]
        name = hit.series.name
        if hit.count == hit.points:
            text = (f"{what} `{name}` is non-finite at every one of its {hit.points} logs: it is probably not "
                    "computed (or logged) correctly, since the loss still " + ("moves" if role == "grad_norm" else
                                                                               "is finite"))
        elif hit.tail_step is not None and hit.tail_len >= 2:
            text = (f"{what} `{name}` is non-finite from step {_step(hit.tail_step)} to the end ({hit.tail_len} "
                    f"of {hit.points} logs)" + ("" if breaks else "; the losses stay finite, so it is reported, "
                                                "not taken as a broken run (0/0 on an empty batch?)"))
        else:
            text = (f"{what} `{name}` is non-finite at {hit.count} of {hit.points} logs (first at step "
                    f"{_step(hit.first_step)}) and finite again after"
                    + (": typical of fp16 loss scaling skipping an overflowing step" if role == "grad_norm"
                       else ": an empty evaluation batch or an undefined metric (0/0)?"))
        out.append(Finding("nonfinite_signal", text, hit.first_step))
    return out


def _signal_nan_verdict(curves: Curves, f: RunFeatures) -> Verdict | None:
    """`nan` from a monitored non-loss signal that went non-finite and stayed so (the training loss finite)."""
    broken = [(role, hit, stuck) for role, hit, breaks, stuck in _signal_breaks(curves) if breaks]
    if not broken:
        return None
    role, hit, stuck = min(broken, key=lambda b: (b[1].tail_step, b[0] != "grad_norm"))
    step = hit.tail_step
    what = dict(SIGNAL_ROLES)[role]
    bad = hit.series.values[np.searchsorted(np.asarray(hit.series.steps), step)]
    bad_text = "NaN" if math.isnan(bad) else str(float(bad))
    lr = _value_at(curves.lr, step)
    loss = curves.train_loss if curves.train_loss is not None else curves.val_loss
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(bad) else str(float(bad)),
                "series": hit.series.name, "signal": role, "nonfinite_logs": hit.tail_len, "logs": hit.points,
                "last_finite_value": hit.last_finite_value, "last_finite_step": hit.last_finite_step,
                "recovered": False}
    loss_text = ""
    if loss is not None:
        ls, lv = np.asarray(loss.steps), np.asarray(loss.values, dtype=np.float64)
        ok = np.isfinite(lv) & (ls < step)
        evidence["loss_series"] = loss.name
        if ok.any():
            i = int(np.nonzero(ok)[0][-1])
            evidence["last_finite_loss"] = float(lv[i])
            evidence["last_finite_loss_step"] = int(ls[i])
            loss_text = (f"; the loss `{loss.name}` was {_fmt(float(lv[i]))} at step {_step(int(ls[i]))}, the last "
                         f"log before the break")
    if stuck is not None:
        evidence["stuck_loss_step"], evidence["stuck_loss_value"], evidence["stuck_loss_logs"] = stuck
        loss_text += (", and" if loss_text else f"; the loss `{curves.train_loss.name}`")
        loss_text += (f" reads exactly {_fmt(stuck[1])} from step {_step(stuck[0])} on ({stuck[2]} logs): "
                      "a symptom of NaN gradients/weights, not convergence")
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    origin = f"became {bad_text} at step {_step(step)}" if hit.finite_before_tail else \
        f"is {bad_text} from its first log (step {_step(step)})"
    summary = (f"{what} `{hit.series.name}` {origin} and stayed non-finite to the end ({hit.tail_len} of "
               f"{hit.points} logs){loss_text}" + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "")
               + ".")
    advice = [
        f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at step {_step(step)})' if lr is not None else ''} "
        "and add gradient clipping (e.g. clip_grad_norm_ at 1.0).",
        "Train in fp32 or bf16 rather than fp16 (fp16 overflows to inf/NaN); with a GradScaler, a non-finite step "
        "must be skipped, not applied.",
        f"Check the batches just before step {_step(step)} for NaN/Inf inputs and for all-padding or fully masked "
        "examples (a mean over zero tokens is 0/0).",
        f"Re-run up to step {_step(step)} under torch.autograd.detect_anomaly() to find the op that produced it.",
    ]
    confidence = 0.97 if role == "grad_norm" and (stuck is not None or hit.tail_len >= 3) else 0.85
    return Verdict("nan", confidence, summary, evidence, (), tuple(advice), {}, "rules")


# ---------------------------------------------------------------- the verdict


def _nan_verdict(curves: Curves, f: RunFeatures) -> Verdict | None:
    hits = [(s, series) for s, series in ((f.train, curves.train_loss), (f.val, curves.val_loss))
            if s is not None and s.first_nonfinite_step is not None]
    signal = _signal_nan_verdict(curves, f)
    if not hits:
        return signal
    shape, series = min(hits, key=lambda h: h[0].first_nonfinite_step)
    if signal is not None and signal.evidence["first_nonfinite_step"] < shape.first_nonfinite_step:
        # the gradients broke first; the loss followed (e.g. the evaluation after NaN weights)
        where = "training" if series is curves.train_loss else "validation"
        later = (f" The {where} loss `{series.name}` followed: non-finite from step "
                 f"{_step(shape.first_nonfinite_step)}.")
        return dataclasses.replace(signal, summary=signal.summary + later, evidence={
            **signal.evidence, "loss_first_nonfinite_step": shape.first_nonfinite_step,
            "loss_nonfinite_series": series.name})
    step = shape.first_nonfinite_step
    idx = int(np.searchsorted(np.asarray(series.steps), step))
    bad = float(series.values[min(idx, len(series.values) - 1)])
    before = np.asarray(series.values[:idx], dtype=np.float64)
    before = before[np.isfinite(before)]
    last_ok = float(before[-1]) if len(before) else None
    lr = _value_at(curves.lr, step)
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(bad) else str(bad),
                "series": series.name, "last_finite_value": last_ok, "recovered": shape.nonfinite_recovered}
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    where = "training" if series is curves.train_loss else "validation"
    summary = (f"{where} loss `{series.name}` became {'NaN' if math.isnan(bad) else bad} at step "
               f"{_step(step)}" + (f" (last finite value {_fmt(last_ok)})" if last_ok is not None else "")
               + ("; it later logged finite values again" if shape.nonfinite_recovered else " and never recovered")
               + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "") + ".")
    advice = [
        f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at step {_step(step)})' if lr is not None else ''} "
        "and add gradient clipping (e.g. clip_grad_norm_ at 1.0).",
        "Clamp inside log/div in the loss (log(x + eps), x.clamp_min(eps)) and check inputs for NaN/Inf.",
        f"Re-run up to step {_step(step)} under torch.autograd.detect_anomaly() to find the op that produced it.",
    ]
    spike = shape.spikes and last_ok is not None
    if spike:
        advice.append("A loss spike preceded the NaN: the classic sign of a learning rate too high; try warm-up.")
    return Verdict("nan", 0.99 if not shape.nonfinite_recovered else 0.9, summary, evidence, (), tuple(advice),
                   {}, "rules")


def _summary(label: str, curves: Curves, f: RunFeatures) -> tuple[str, dict, list[str]]:
    t, v = f.train, f.val
    main, series = (t, curves.train_loss) if t is not None and t.initial == t.initial else (v, curves.val_loss)
    name = series.name
    ev: dict = {"series": name, "initial": main.start, "minimum": main.minimum, "final": main.final,
                "best_step": main.min_step}
    lr_trouble = None
    if label == "diverged":
        start = main.divergence_start_step if main.divergence_start_step is not None else main.min_step
        lr_trouble = _value_at(curves.lr, start)
        ev["divergence_start_step"] = start
        ratio = main.final / main.initial if main.log_scale and main.initial else None
        text = (f"`{name}` fell to {_fmt(main.minimum)} at step {_step(main.min_step)}, then climbed from step "
                f"{_step(start)} to {_fmt(main.final)}"
                + (f", {ratio:.1f}x its starting {_fmt(main.initial)}" if ratio else f" (started at {_fmt(main.start)})")
                + ", and did not come back"
                + (f"; the learning rate was {_fmt(lr_trouble)} when the climb began" if lr_trouble is not None else "")
                + ".")
        advice = [
            f"Lower the peak learning rate{f' (it was {_fmt(lr_trouble)})' if lr_trouble is not None else ''} "
            "by 3-10x, or add/extend warm-up.",
            "Clip gradients (clip_grad_norm_ at 1.0) and check that inputs are normalised.",
            f"If you keep this run, use the checkpoint from step {_step(main.min_step)} (the best loss).",
        ]
    elif label == "stalled":
        ev["plateau_start_step"] = main.plateau_start_step
        text = (f"`{name}` barely moved: {_fmt(main.start)} at the start, {_fmt(main.final)} at the end "
                f"({_pct(max(main.fraction_removed_first, 0))} lower), never below {_fmt(main.minimum)}.")
        lr = f.lr_log10_median
        advice = []
        if lr == lr and lr < -5:
            advice.append(f"The learning rate is tiny (~{_fmt(10 ** lr)}): raise it by 100-1000x.")
        advice += [
            "Overfit one small batch first: if the loss does not drop, the bug is in the model/loss/data pipeline.",
            "Check for dead ReLUs or vanishing gradients (replay a checkpoint: `loganalyzer replay`); try "
            "LeakyReLU, He/Glorot init, normalisation or residual connections.",
            "Check that parameters are not frozen and that labels match inputs (not shuffled separately).",
        ]
        if f.grad_norm_collapse:
            advice.insert(0, "The gradient norm collapsed to ~0: the model is stuck (dead units or saturation).")
    elif label == "underfit":
        ev["plateau_start_step"] = main.plateau_start_step
        gap = ""
        if v is not None and t is not None:
            gap = f"; validation ends at {_fmt(v.final)}, close to training"
        chance = ""
        if f.final_vs_chance == f.final_vs_chance:
            chance = f" ({f.final_vs_chance:.2f}x {_chance_name(f)} of guessing)"
        text = (f"`{name}` fell only {_pct(max(main.fraction_removed_first, 0))}, from {_fmt(main.start)} to "
                f"{_fmt(main.final)}{chance}, and has been flat since step {_step(main.plateau_start_step)}{gap}.")
        advice = [
            "Reduce regularisation first (dropout, weight decay), then grow the model (width/depth).",
            "Train longer or with a higher learning rate if the curve was still creeping down.",
            "Check data quality and input normalisation; noisy labels cap the reachable loss.",
        ]
    elif label == "overfit":
        best = f.val_best_step
        ev["best_val_step"] = best
        rise = (v.final - v.minimum) / abs(v.minimum) if v.minimum else 0.0
        text = (f"validation loss `{curves.val_loss.name}` bottomed at {_fmt(v.minimum)} at step "
                f"{_step(best)} and rose {_pct(rise)} to {_fmt(v.final)} while training loss kept falling "
                f"to {_fmt(t.final)}.")
        advice = [
            f"Stop at step {_step(best)} (the best validation loss): enable early stopping / keep that checkpoint.",
            "Add regularisation (dropout, weight decay) or data augmentation; get more data if you can.",
            "Or use a smaller model.",
        ]
    else:  # healthy
        best = f.val_best_step if v is not None and f.val_best_step is not None else main.min_step
        ev["best_step"] = best
        text = (f"`{name}` fell from {_fmt(main.start)} to {_fmt(main.final)} "
                f"({_pct(max(main.fraction_removed_first, 0))} lower)"
                + (f"; validation followed to {_fmt(v.final)}, best at step {_step(f.val_best_step)}"
                   if v is not None and t is not None else "") + ".")
        advice = [f"Nothing to fix; the best {'validation ' if v is not None else ''}loss was at step {_step(best)}."]
    return text, ev, advice


def _chance_of(first: float, last: float, f: RunFeatures) -> str:
    """"; = ln 2, the loss of guessing among 2 classes" when a run started and ended at the chance level (the
    given one, or ln k for a small k that both the first and the last logged value match within 1%), else ""."""
    if f.chance_loss == f.chance_loss and abs(last / f.chance_loss - 1) < 0.05:
        if f.num_classes and abs(f.chance_loss - math.log(f.num_classes)) < 1e-9:
            return f"; = ln {f.num_classes}, the loss of guessing among {f.num_classes} classes"
        return f"; = {_chance_name(f)}, the loss of a constant prediction"
    k = round(math.exp(last)) if 0.6 < last < 7 else 0
    if k >= 2 and abs(last / math.log(k) - 1) < 0.01 and abs(first / math.log(k) - 1) < 0.01:
        return f"; = ln {k}, the loss of guessing among {k} classes"
    return ""


def _climb_summary(climb: Climb, curves: Curves, f: RunFeatures) -> tuple[str, dict, list[str]]:
    """A diverged verdict for a collapse or a late climb, quoting logged values: the lowest logged loss and its
    step, where the climb began, the level it has stayed at or above since, and the last logged value."""
    t, series = f.train, curves.train_loss
    steps = np.asarray(series.steps)
    values = np.asarray(series.values, dtype=np.float64)
    ok = np.isfinite(values)
    steps, values = steps[ok], values[ok]
    i_best = int(np.argmin(values))
    best, best_step = float(values[i_best]), int(steps[i_best])
    last, last_step = float(values[-1]), int(steps[-1])
    first = float(values[0])
    # the logged level it has not gone below since: from the first log after which every value stays above half
    # the climb (geometric half on a log scale)
    half = math.sqrt(t.minimum * t.final) if t.log_scale and t.minimum > 0 else (t.minimum + t.final) / 2
    below = np.nonzero(values < half)[0]
    since = int(below[-1]) + 1 if len(below) else 0
    since = min(max(since, i_best + 1), len(values) - 1)
    floor, floor_step = float(values[since:].min()), int(steps[since])
    start = t.divergence_start_step if t.divergence_start_step is not None else int(steps[min(i_best + 1,
                                                                                              len(steps) - 1)])
    lr = _value_at(curves.lr, start)
    ev = {"series": series.name, "initial": first, "minimum": best, "best_step": best_step, "final": last,
          "final_step": last_step, "divergence_start_step": start, "climb": climb.kind,
          "stayed_above": floor, "stayed_above_since_step": floor_step}
    if climb.ratio == climb.ratio:
        ev["final_vs_best"] = round(climb.ratio, 2)
    if lr is not None:
        ev["lr_at_divergence_start"] = lr
    ratio = f", about {climb.ratio:.1f}x its best" if climb.ratio == climb.ratio else ""
    x = "epoch" if series.x == "epoch" else "step"
    if climb.kind == "collapse":
        fell = f"fell {_pct(1 - best / first)} from {_fmt(first)}" if first > 0 and best > 0 else \
            f"fell from {_fmt(first)}"
        text = (f"`{series.name}` {fell} to its lowest {_fmt(best)} at {x} {_step(best_step)}, then climbed back "
                f"from {x} {_step(start)} to where it started: {_fmt(last)} at the last log ({x} "
                f"{_step(last_step)}{_chance_of(first, last, f)}){ratio}, and has not been below {_fmt(floor)} since "
                f"{x} {_step(floor_step)}. It learned, then collapsed")
    else:
        began = (f"was lowest at its first log ({_fmt(best)}, {x} {_step(best_step)})" if i_best == 0 else
                 f"reached its lowest {_fmt(best)} at {x} {_step(best_step)} (it started at {_fmt(first)})")
        past = (f" and {last / first:.1f}x its first logged value" if climb.past_start and first > 0 and last > first
                else "")
        text = (f"`{series.name}` {began}, then climbed from {x} {_step(start)} and did not come back: not below "
                f"{_fmt(floor)} since {x} {_step(floor_step)}, {_fmt(last)} at the last log ({x} "
                f"{_step(last_step)}){ratio}{past}")
    if climb.kind == "both" and f.val is not None and curves.val_loss is not None:
        text += (f"; validation `{curves.val_loss.name}` climbed with it, to about {climb.val_ratio:.1f}x its best "
                 f"({x} {_step(f.val_best_step)})")
        ev["best_val_step"] = f.val_best_step
    text += (f"; the learning rate was {_fmt(lr)} when the climb began" if lr is not None else "") + "."
    advice = [
        f"Keep the checkpoint from {x} {_step(best_step)} (the lowest loss, {_fmt(best)}): the later weights are "
        "worse.",
        f"Lower the learning rate{f' (it was {_fmt(lr)} when the climb began)' if lr is not None else ''} by 3-10x, "
        "or decay it earlier / add warm-up.",
        "Clip gradients (clip_grad_norm_ at 1.0) and check that inputs are normalised.",
    ]
    if climb.kind == "collapse":
        advice.append("A loss back at its starting level usually means a constant prediction: replay a late "
                      "checkpoint (`loganalyzer replay`) to look for dead or saturated units.")
    return text, ev, advice


def _findings(curves: Curves, f: RunFeatures) -> list[Finding]:
    out: list[Finding] = []
    for role, shape in (("training", f.train), ("validation", f.val)):
        if shape is None:
            continue
        if shape.spikes:
            out.append(Finding("spike", f"{shape.spikes} spike(s) in the {role} loss, {shape.spikes_recovered} recovered"))
        if shape.oscillation > 0.6 and shape.points > 20:
            out.append(Finding("oscillation", f"the {role} loss oscillates ({_pct(shape.oscillation)} of smoothed "
                                              "moves change direction)"))
    if f.lr_warmup:
        out.append(Finding("lr_schedule", "learning-rate warm-up at the start"))
    if f.lr_cycles >= 2:
        out.append(Finding("lr_schedule", f"cyclical learning rate ({f.lr_cycles} cycles)"))
    elif f.lr_decay == f.lr_decay and f.lr_decay > 0.5:
        out.append(Finding("lr_schedule", f"learning rate decayed {10 ** f.lr_decay:.0f}x"))
    if f.mismatch_first_eval == f.mismatch_first_eval and f.train is not None and f.train.log_scale \
            and f.mismatch_first_eval > 0.5:
        out.append(Finding("mismatch", f"validation loss was {10 ** f.mismatch_first_eval:.1f}x the training loss "
                                       "from the first evaluation on: suspect a train/validation distribution mismatch"))
    if f.initial_vs_chance == f.initial_vs_chance:
        if f.initial_vs_chance > 3:
            out.append(Finding("initial_loss", f"initial loss {f.initial_vs_chance:.1f}x {_chance_name(f)}: "
                                               "bad initialisation or a scale bug"))
        elif f.initial_vs_chance < 0.3:
            out.append(Finding("initial_loss", f"initial loss only {f.initial_vs_chance:.2f}x {_chance_name(f)}: "
                                               "a label leak, a pretrained start, or a different loss"))
    if f.grad_norm_collapse:
        out.append(Finding("grad_norm", "gradient norm collapsed towards 0"))
    elif f.grad_norm_growth == f.grad_norm_growth and f.grad_norm_growth > 2:
        out.append(Finding("grad_norm", f"gradient norm grew {10 ** f.grad_norm_growth:.0f}x"))
    if curves.components:
        names = ", ".join(c.name for c in curves.components[:4])
        out.append(Finding("components", f"loss components logged ({names}); judged on the total"))
    return out


# names of terms whose weight is typically annealed (KL warm-up, beta schedules): their rise is by design
_ANNEALED_WORDS = ("kl", "kld", "beta", "commitment", "reg", "penalty")


def _likelihood_term(curves: Curves) -> tuple[Series, float] | None:
    """The loss component that did not rise (a VAE's likelihood/reconstruction term) when the total did:
    a total that climbs because an annealed term's weight grows is not divergence (domain.md)."""
    best = None
    for comp in curves.components:
        words = comp.tag.lower().replace("/", "_").split("_")
        if any(w in _ANNEALED_WORDS for w in words):
            continue
        shape = loss_shape(comp)
        if shape is None or shape.initial != shape.initial or shape.first_nonfinite_step is not None:
            continue
        tolerance = 0.05 if shape.log_scale else 0.05 * max(abs(shape.initial), 1e-12)
        # a component that climbed far above its own best with the total (a PINN's terms after a spike) is no
        # steady likelihood term: the total's climb is then real
        if shape.rise_above_start <= tolerance and shape.giveback < 1.0 and not _climbed(shape, CLIMB_RATIO):
            if best is None or shape.drop > best[1]:
                best = (comp, shape.drop)
    return best


def judge(curves: Curves, features: RunFeatures, *, model: VerdictModel | None | bool = True) -> Verdict:
    """The verdict for one run. ``model=True`` uses the shipped model when present, ``False``/None rules only."""
    verdict = _judge(curves, features, model)
    if verdict.label == "diverged" and curves.components and curves.train_loss is not None:
        found = _likelihood_term(curves)
        if found is not None:
            term = dataclasses.replace(found[0], role="train_loss")
            sub_curves = dataclasses.replace(curves, train_loss=term, components=())
            chance = features.chance_loss if features.chance_loss == features.chance_loss else None
            sub = _judge(sub_curves, run_features(sub_curves, num_classes=features.num_classes, chance_loss=chance),
                         model)
            note = Finding("annealed_total", f"the total `{curves.train_loss.name}` rises while the "
                                             f"component `{term.name}` does not: the rise comes from a weighted "
                                             "term (e.g. KL warm-up), not divergence; judged on that component")
            return dataclasses.replace(sub, findings=(note,) + sub.findings,
                                       evidence={**sub.evidence, "total_series": curves.train_loss.name})
    return verdict


def _judge(curves: Curves, features: RunFeatures, model) -> Verdict:
    if curves.unusable_reason or (features.train is None and features.val is None):
        reason = curves.unusable_reason or "no loss series"
        return Verdict("unknown", 1.0, f"no usable loss: {reason}.", {"reason": reason}, (),
                       ("Name the loss series with --train-series/--val-series or in loganalyzer.toml.",))
    nan = _nan_verdict(curves, features)
    if nan is not None:
        findings = _findings(curves, features) + _signal_findings(curves, skip=nan.evidence.get("signal"))
        return Verdict(nan.label, nan.confidence, nan.summary, nan.evidence, tuple(findings), nan.advice, {},
                       "rules")
    scores = rule_scores(features)
    rule_label = max(SHAPE_LABELS, key=lambda k: (scores[k], -SHAPE_LABELS.index(k)))
    if model is True:
        model = load_default_model()
    probabilities: dict[str, float] = {}
    label, confidence, method = rule_label, float(scores[rule_label]), "rules"
    held_back = None
    climb = late_climb(features, curves)
    if model:
        p = model.predict_proba(model_vector(features, scores)[None, :])[0]
        probabilities = {c: float(x) for c, x in zip(model.classes, p)}
        label, confidence, method, held_back = combine(scores, probabilities, features, curves)
    elif climb is not None and climb.lr_excuse is None:
        label, confidence = "diverged", climb.confidence
    elif climb is not None and label == "diverged":
        confidence = min(confidence, HELD_BACK_CONFIDENCE)
    if climb is not None and climb.lr_excuse is None and label == "diverged":
        summary, evidence, advice = _climb_summary(climb, curves, features)
    else:
        summary, evidence, advice = _summary(label, curves, features)
    evidence["rule_scores"] = {k: round(v, 3) for k, v in scores.items()}
    if method == "model" and not (climb is not None and climb.lr_excuse is None and label == "diverged"):
        summary += f" (rules alone would say {rule_label})"
    findings = _findings(curves, features) + _signal_findings(curves)
    if held_back is not None:
        findings.append(held_back)
    if climb is not None and climb.lr_excuse is not None:
        findings.append(_climb_finding(climb, features))
    if (features.train is not None and features.train.points < 10) or (
            features.train is None and features.val is not None and features.val.points < 10):
        findings.append(Finding("thin_evidence", "fewer than 10 points: the verdict rests on little evidence"))
        confidence = min(confidence, 0.5)
    if features.train is None:
        findings.append(Finding("no_train_loss", "no training loss logged; judged on the validation loss"))
    main = features.train if features.train is not None else features.val
    if label == "healthy" and main is not None and main.noise > 0 and abs(main.drop) < 3 * main.noise:
        # a "fall" no bigger than the point-to-point noise is no evidence of learning (nor of its absence)
        findings.append(Finding("within_noise", "the loss moved less than 3x its point-to-point noise: it may have "
                                                "converged before the first log, or not learned at all"))
        confidence = min(confidence, 0.55)
    if method == "rules":  # rule scores are not probabilities: nothing is certain, less so without validation
        confidence = min(confidence, 0.95 if features.val is not None else 0.85)
    return Verdict(label, round(confidence, 3), summary, evidence, tuple(findings), tuple(advice[:4]),
                   probabilities, method)
