"""What the logged values say, beyond the smoothed shape features (issue 9, kinds 1, 6, 7, 8, 9, 10).

The shape features (``features.LossShape``) are smoothed and robust on purpose: they feed the learned model. The
texts and a few definitional checks need the values as logged instead:

- ``logged``: the first, last and lowest logged value of a series, with their steps (what summaries quote, kind 9).
- ``val_rise``: the level of the validation evaluations *after* its best, not only the last point against the noise
  (kinds 1, 6, 7). Two tests, both against the evaluation-to-evaluation noise ``sigma`` (median |Δ| / 0.954, the
  sd of one evaluation when the wiggles are Gaussian):
  - raw: the median of every evaluation after the best lies above the best by more than the lowest of n noisy
    evaluations would by luck (``sqrt(2 ln n) + 1.5`` sigma): a sharp minimum followed by a higher plateau;
  - level: the median of the evaluations after a window around the best (``n // 10`` each side) lies above the
    window's median by >= 3 standard errors: a broad U whose bottom is more than one lucky evaluation.
  Either counts when the rise is also >= 5% in value (the labels' "mean >= ~5-10% above the minimum"); a
  validation loss that wobbles 1-3% after its best is no overfitting, however significant.
  ``mild`` (kind 1 when the evaluations are few or noisy, so that neither test can reach significance): the best
  came in the first two thirds of the evaluations (>= 3 after it), the later half of the evaluations after it lies
  >= 5% above the level around the best (the median of the window) and is no lower than the earlier half (not
  coming back down), while training fell >= 5% after the best and beyond its own noise, measured from second
  differences so that a smooth per-epoch descent is not taken for noise. domain.md's overfit ("training loss keeps
  falling while validation loss reaches a minimum and then rises; the gap widens") on a few points: a weaker
  verdict (``refine`` gives it a low confidence). A lucky low point on a flat plateau (a later half level with the
  window around the best), or a best in the last third (too few evaluations after it), stays healthy.
- ``erratic``: a short validation series whose moves keep reversing (kind 8): judged on it, any label is a guess.
- ``steady_fall``: a short log that fell at (nearly) every log and still fell over its last third (>= 10% of its
  whole fall): thin evidence of a run cut short, and never a stall (kind 10).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .features_robust import end_level, median
from .verdict_robustbest import robust_levels
from .verdict_mannkendall import climbed_far, trend_fell  # noqa: F401  (trend_fell re-exported: callers import it)

RISING_END = 0.15  # a validation loss rising at every evaluation after its best: >= 15% above it at the end
MIN_RISE = 0.05  # overfitting needs validation >= 5% above its best after it (labels: "~5-10%")
CLIMB_EVALS, CLIMB_END = 4, 0.03  # a steady climb: >= 4 evaluations after the best, each above the one before, +3%
LONG_CLIMB, LONG_CLIMB_END = 8, 0.02  # a long one: >= 8 evaluations after the best, one dip at most, the last highest


@dataclass(frozen=True)
class Logged:
    """A series' logged values: the first, the last and the lowest finite one, with their steps."""

    name: str
    x: str  # "step" or "epoch": what the steps count
    first: float
    first_step: int
    last: float
    last_step: int
    low: float
    low_step: int
    points: int  # finite logged values


def finite(series: Series | None) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values) of the finite logged points of a series (empty arrays for None)."""
    if series is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    v = np.asarray(series.values, dtype=np.float64)
    s = np.asarray(series.steps, dtype=np.int64)
    ok = np.isfinite(v)
    return s[ok], v[ok]


def accuracy_fractions(series: Series | None, *, percent: bool = False) -> tuple[np.ndarray, np.ndarray] | None:
    """(steps, values) of an accuracy series' finite logged points as fractions in [0, 1], or None when it is not
    read as an accuracy: values outside [0, 1] -- unless ``percent``, where a series within [``PERCENT_MIN``, 100] is
    read as percentages and divided by 100 -- or when it never rose above 1% (``broken_accuracy``). The one reader of
    accuracies for the verdict's checks (``verdict_floor``, ``verdict_climb.accuracy_collapse``,
    ``verdict_floor.high_for_a_classifier``)."""
    s, v = finite(series)
    if len(v) == 0 or v.min() < 0:
        return None
    if v.max() > 1.0:
        if not percent or v.max() > 100.0 or v.max() < PERCENT_MIN:
            return None  # "percentages" all below 5%: more likely another metric (the public luis-nn's val_acc ~2.0)
        v = v / 100.0
    if broken_accuracy(v) or per_example(v):
        return None
    return s, v


def per_example(v: np.ndarray) -> bool:
    """Whether accuracy values (fractions, >= 5) are only 0s and 1s, both: the accuracy of one example (a per-step
    log at batch size 1), not a level -- its last log says nothing of what the model reached. A ninth-set
    labeller's RoPE-ViT debug run logged ``train_acc_step`` as 0 or 1 at each of 15 steps while its loss fell
    5.17 -> 0.85; it was `underfit` "ended at 0"."""
    return len(v) >= 5 and bool(np.all((v == 0) | (v == 1))) and 0 < int(np.count_nonzero(v)) < len(v)


PERCENT_MIN = 5.0  # a series read as percentages reaches 5 (below, an accuracy collapse or flat accuracy is moot)
ACC_BROKEN = 0.01  # an accuracy never above 1%: below the chance rate of any task with up to 100 classes


def broken_accuracy(v: np.ndarray) -> bool:
    """Whether accuracy values (fractions, >= 3) never rose above ``ACC_BROKEN``: not the task's accuracy but a
    placeholder or a misconfigured metric (char-rnn's hard-coded 0; Keras `accuracy` on a sigmoid output read as
    0, 0, 0, 4e-5 while its PR-AUC is 0.98) -- a trained classifier cannot sit that far below chance."""
    return len(v) >= 3 and float(v.max()) <= ACC_BROKEN


def logged(series: Series | None) -> Logged | None:
    s, v = finite(series)
    if len(v) == 0:
        return None
    i = int(np.argmin(v))
    return Logged(series.name, "epoch" if series.x == "epoch" else "step", float(v[0]), int(s[0]), float(v[-1]),
                  int(s[-1]), float(v[i]), int(s[i]), len(v))


def _y(v: np.ndarray) -> tuple[np.ndarray, bool]:
    """Natural log when every value is positive (relative changes), raw values otherwise."""
    if len(v) and (v > 0).all():
        return np.log(v), True
    return v.copy(), False


def _sigma(y: np.ndarray) -> float:
    """The sd of one point from the median |Δ| between neighbours (0.954 sigma for Gaussian wiggles)."""
    return float(median(np.abs(np.diff(y)))) / 0.954 if len(y) > 1 else 0.0


def _sigma2(y: np.ndarray) -> float:
    """The sd of one point from the median |Δ²| (second differences: sd sqrt(6) sigma, median 0.6745 of it), blind
    to a steady trend: a smooth per-epoch descent has a large |Δ| but hardly any noise. At most ``_sigma``."""
    if len(y) < 3:
        return _sigma(y)
    return min(_sigma(y), float(median(np.abs(np.diff(y, 2)))) / (0.6745 * math.sqrt(6)))


# ---------------------------------------------------------------- validation after its best (kinds 1, 6, 7)


@dataclass(frozen=True)
class ValRise:
    """How validation behaved after its lowest logged evaluation."""

    best: float  # the lowest logged validation value (the running level's lowest where ``smoothed``)
    best_step: int
    evals: int  # logged evaluations in all
    evals_after: int
    level_after: float  # median of the evaluations after the best
    rise: float  # level_after relative to the best (0.08 = 8% above)
    rise_end: float  # the median of the last ~10% of evaluations relative to the best
    sigma: float  # noise of one evaluation (relative for positive losses)
    z: float  # the stronger of the two tests, in units of its own threshold (>= 1: significant)
    significant: bool
    train_fell: bool  # training loss kept falling after the best (>= 5% and beyond its noise)
    train_at_best: float
    train_last: float
    first_eval_step: int
    end_step: int  # the last step of the run (training or validation)
    saved: float  # share of the run after the best step: what early stopping would have saved
    late_rise: float = 0.0  # the later half of the evaluations after the best against the window around it
    late_trend: float = 0.0  # the later half against the earlier half of those evaluations (>= 0: not falling back)
    train_fell_smooth: bool = False  # training fell >= 5% after the best, beyond its noise from second differences
    climbing: bool = False  # every evaluation after the best (>= 3) above the one before it
    long_climb: bool = False  # >= LONG_CLIMB evaluations after the best, at most one below the one before, last highest
    smoothed: bool = False  # best, rise: of the running level of per-batch noise (verdict_robustbest), not one batch

    @property
    def rising(self) -> bool:
        """Validation rose at every one of its >= 3 evaluations after its best, ending >= ``RISING_END`` above it
        and their median >= 5% above it, while training fell beyond its noise: overfitting however noisy the
        evaluations before the best were (on a flat plateau, three rises in a row after the lowest point come by
        chance in 1 of 24 runs, and not by 15%). The twenty-fifth set's clear `overfit` ``dynconv`` (validation 1.640
        at epoch 7 of 10, then 1.789, 1.899, 2.096 while training fell 0.98 -> 0.56) was `healthy`: its best came
        too late for ``mild``; ``thoaus v0`` (0.100 at its best, then 0.103, 0.104 and one jump to 0.140 at the
        last: `healthy`) rises at every evaluation but its median stays within 5%."""
        return (self.climbing and self.evals_after >= 3 and self.rise_end >= RISING_END and self.rise >= MIN_RISE
                and self.train_fell_smooth)

    @property
    def steady_climb(self) -> bool:
        """Validation rose at every one of its >= ``CLIMB_EVALS`` evaluations after its best, the last >=
        ``CLIMB_END`` above it, while training fell beyond its noise: five evaluations in increasing order (the best,
        then four) come by chance in 1 of 120 runs, so even a small rise is a rise, not a wobble. The sixty-ninth
        set's clear `overfit` ``anlp69`` (a language model's validation cross-entropy 3.559 at epoch 6, then 3.577,
        3.597, 3.642, 3.689 while training fell 2.98 -> 2.45) was `healthy`, the model's `overfit` refused as "within
        4%": a wobble. Dev rows of sets 40-69 with this shape, tool `healthy`: 2 `overfit`, 0 `healthy`; sets
        before 40: 1 `healthy` (hydrolstm, rise 3.6%). A longer climb (``long_climb``: >= ``LONG_CLIMB``
        evaluations after the best, at most one of them below the one before, the last the highest) needs
        ``LONG_CLIMB_END`` (2%): nine values after an iid plateau's lowest with at most one descent come by chance
        in about 1 of 4,000 runs (Eulerian numbers), and a wobble (kind 6) turns back and forth. Public collinllm106
        (a language model's validation 4.673 at step 3,000, then ten evaluations rising with one dip to 4.802 while
        training fell 3.50 -> 2.84) was `healthy`, "within 3%: a wobble". Not while the task's validation accuracy or
        metric improved and held its gain (``_measure_improving``)."""
        return ((self.climbing and self.evals_after >= CLIMB_EVALS and self.rise_end >= CLIMB_END
                 or self.long_climb and self.rise_end >= LONG_CLIMB_END) and self.train_fell_smooth)

    @property
    def mild(self) -> bool:
        """Mild early overfitting on few or noisy evaluations (kind 1): the best in the first two thirds, the later
        evaluations >= 5% above the level around it and not coming back down, training still falling."""
        return (self.evals_after >= 3 and 3 * self.evals_after >= self.evals and self.late_rise >= MIN_RISE
                and self.late_trend >= 0 and self.train_fell_smooth)

    @property
    def stayed_above(self) -> bool:
        """The evaluations after the best stayed clearly above it: >= 5% and beyond the noise (overfitting)."""
        return self.significant and self.rise >= MIN_RISE and self.evals_after >= 3 and self.train_fell

    @property
    def never_improved(self) -> bool:
        return self.best_step == self.first_eval_step


def val_rise(curves: Curves) -> ValRise | None:
    vs, vv = finite(curves.val_loss)
    if len(vv) < 4:
        return None
    y, rel = _y(vv)
    n = len(y)
    sigma = _sigma2(y)
    y, smoothed = robust_levels(y, sigma, rel)  # per-batch noise with one lucky batch: its running median (robustbest)
    i = int(np.argmin(y))
    after = y[i + 1:]
    if len(after) == 0:
        return None
    best = (math.exp(y[i]) if rel else float(y[i])) if smoothed else float(vv[i])
    scale = 1.0 if rel else max(abs(best), 1e-12)

    def relative(d: float) -> float:
        return math.expm1(min(d, 700.0)) if rel else d / scale  # (a ln ratio past 709.8 overflows: a float's range)

    level = float(median(after))
    rise_raw = level - float(y[i])
    tail = y[-max(1, n // 10):]
    rise_end = float(median(tail)) - float(y[i])
    # raw: beyond what the luckiest of n evaluations would show on a flat plateau
    raw_needed = (math.sqrt(2 * math.log(n)) + 1.5) * sigma
    z_raw = rise_raw / raw_needed if raw_needed > 0 else math.inf
    # level: the window around the best against the evaluations after it
    w = max(1, n // 10)
    lo, hi = max(0, i - w), min(n, i + w + 1)
    later = y[hi:]
    z_level = 0.0
    if len(later) >= 3:
        d = float(median(later)) - float(median(y[lo:hi]))
        se = 1.25 * sigma * math.sqrt(1 / (hi - lo) + 1 / len(later))
        z_level = d / (3 * se) if se > 0 else (math.inf if d > 0 else 0.0)
        if relative(d) < MIN_RISE:
            z_level = min(z_level, 0.0)
    z = max(z_raw, z_level)
    # mild: the later half of the evaluations after the best against the window around it, and its trend
    m = len(after)
    late = y[n - max(2, (m + 1) // 2):]
    late_rise = relative(float(median(late)) - float(median(y[lo:hi])))
    half = m // 2
    late_trend = float(np.mean(after[m - half:]) - np.mean(after[:half])) if half else 0.0
    # training after the best: its level near the best step against its last tenth
    ts, tv = finite(curves.train_loss)
    train_fell, train_fell_smooth, t_best, t_last = False, False, math.nan, math.nan
    if len(tv) >= 2:
        ty, trel = _y(tv)
        j = min(max(int(np.searchsorted(ts, vs[i], side="right")) - 1, 0), len(ty) - 1)
        k = max(1, len(ty) // 20)
        at_best = float(median(ty[max(0, j - k): j + k + 1]))
        end = end_level(ty)
        t_sigma = _sigma(ty) / math.sqrt(max(1, min(k, len(ty) // 10)))
        fell = at_best - end
        floor = math.log(1.05) if trel else 0.05 * max(abs(at_best), 1e-12)
        train_fell = fell > max(3 * t_sigma, floor) and len(ty) - 1 > j
        t_sigma2 = _sigma2(ty) / math.sqrt(max(1, min(k, len(ty) // 10)))
        train_fell_smooth = fell > max(3 * t_sigma2, floor) and len(ty) - 1 > j
        t_best = math.exp(at_best) if trel else at_best
        t_last = float(tv[-1])
        if not train_fell and fell > floor and len(ty) - 1 > j:  # >= 5% lower: a trend over every later log
            train_fell = trend_fell(ty[j:])
        if not train_fell and 0 < fell <= floor and climbed_far(y, i, relative) and trend_fell(ty[j:]):
            train_fell = train_fell_smooth = True  # validation climbed far (nearly every step up) while training kept
            # creeping down: the gap widened all the same (civil110: val 49.1 -> 72.7 over 467 evaluations, +48%,
            # training 219.4 -> 216.9 in a steady trend, 1%: `healthy` by the 5% floor)
    end_step = int(max(vs[-1], ts[-1] if len(ts) else vs[-1]))
    start_step = int(min(vs[0], ts[0] if len(ts) else vs[0]))
    saved = (end_step - int(vs[i])) / max(end_step - min(start_step, 0), 1)
    return ValRise(best, int(vs[i]), n, len(after), math.exp(level) if rel else level,
                   relative(rise_raw), relative(rise_end), sigma if rel else sigma / scale, z, z >= 1.0,
                   train_fell, t_best, t_last, int(vs[0]), end_step, float(saved), float(late_rise),
                   late_trend, train_fell_smooth, bool(len(after) >= 3 and (np.diff(y[i:]) > 0).all()),
                   bool(len(after) >= LONG_CLIMB and (np.diff(y[i:]) <= 0).sum() <= 1 and y[-1] >= after.max()
                        and not _measure_improving(curves)), smoothed)


def _measure_improving(curves: Curves) -> bool:
    """The task's validation accuracy or metric improved and held its gain to the end (``verdict_metric.held_measure``):
    a loss creeping up beside it is no long climb (a breaker's fine-tune, validation loss 2.6% up over ten evaluations
    while its accuracy kept rising; public mtid coin8, labelled `healthy`: validation 5% up over 159 evaluations, its
    accuracies on a plateau to the end)."""
    from .verdict_metric import held_measure

    return held_measure(curves) is not None


# ---------------------------------------------------------------- short and erratic logs (kinds 8, 10)


@dataclass(frozen=True)
class Erratic:
    """A short series whose moves keep changing direction: the zigzag is larger than any trend in it."""

    name: str
    changes: int
    moves: int
    last: float
    last_step: int


def erratic(series: Series | None, *, max_points: int = 40) -> Erratic | None:
    """Six to ``max_points`` logged values whose moves reverse direction at >= 75% of the turns (iid noise around a
    plateau reverses ~2/3 of the time, a trend with small wiggles far less), each move (median) at least a tenth of
    the series' whole range."""
    s, v = finite(series)
    if not 6 <= len(v) <= max_points:
        return None
    y, _ = _y(v)
    d = np.diff(y)
    d = d[d != 0]
    if len(d) < 5:
        return None
    changes = int((np.sign(d[1:]) != np.sign(d[:-1])).sum())
    if changes < 0.75 * (len(d) - 1) or median(np.abs(d)) < 0.1 * float(np.ptp(y)):
        return None
    return Erratic(series.name, changes, len(d), float(v[-1]), int(s[-1]))


@dataclass(frozen=True)
class SteadyFall:
    """A short log that fell at (nearly) every log and was still falling at the end."""

    name: str
    points: int
    downs: int
    first: float
    last: float
    fall: float  # 1 - last/first (or relative to |first|)
    unit: str = "log"  # what a point is: a "log", or an "evaluation" (training's median between evaluations)

    @property
    def how(self) -> str:
        """"fell at every log" / "fell at 5 of its 6 logs after the first"."""
        moves = self.points - 1
        return f"fell at every {self.unit}" if self.downs == moves else \
            f"fell at {self.downs} of its {moves} {self.unit}s after the first"


def steady_fall(series: Series | None, *, max_points: int = 12) -> SteadyFall | None:
    s, v = finite(series)
    if not 3 <= len(v) <= max_points:
        return None
    d = np.diff(v)
    downs = int((d < 0).sum())
    fall = (v[0] - v[-1]) / max(abs(v[0]), 1e-12)
    recent = max(1, (len(d) + 2) // 3)  # the last third of the moves: still falling, not levelling off
    if d[-1] >= 0 or downs < 0.75 * len(d) or fall < 0.08 or v[-recent - 1] - v[-1] < 0.1 * (v[0] - v[-1]):
        return None
    return SteadyFall(series.name, len(v), downs, float(v[0]), float(v[-1]), float(fall))


def __getattr__(name: str):
    """The short-log overfit check moved to ``verdict_shortrise`` (imported from here before): looked up there on first
    use (no import at load: that module imports ``finite`` from this one)."""
    if name in ("SHORT_RISE", "SHORT_TRAIN_FALL", "ShortRise", "short_val_rise"):
        from . import verdict_shortrise

        return getattr(verdict_shortrise, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
