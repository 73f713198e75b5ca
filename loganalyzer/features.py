"""Curve features: numbers that describe a run's loss curves, robust to noise, length, scale and logging style.

Everything is computed on a transformed loss: log10 when every finite value is positive (losses span 1e-8 to
1e25, and "10x worse" is what matters), the raw value otherwise (log-likelihood losses go negative). Smoothing is
a running median, so one spike moves nothing. Positions are fractions of the run (0 = first point, 1 = last), so a
10-point and a million-point run compare. The ``FEATURE_NAMES`` vector feeds the learned verdict model; the other
fields carry the steps and values the verdict quotes as evidence.
"""
from __future__ import annotations

import math
from functools import cached_property
from dataclasses import dataclass, field

import numpy as np

from .curves import Curves, Series
from .features_robust import (  # noqa: F401 (_slope, _positions: imported from here too)
    _positions, _slope, _tail_slope, bin_medians, diff, end_level, median, running_median, running_window, spike_masks, jump_mask,
    trailing_medians, true_fraction,
)
from .features_spikes import (  # noqa: F401 (spike_mask: imported from here too)
    SPIKE_BLOCK, SPIKE_LOCAL_SD, _spike_events, spike_mask,
)

# Above this many points, curves are reduced to this many bins (median per bin) before shape analysis:
# shape features don't need a million points, and the run stays fast.
MAX_POINTS = 4000


@dataclass(frozen=True)
class LossShape:
    """Shape of one loss series (train or validation)."""

    points: int
    log_scale: bool  # True: y = log10(loss)
    first_nonfinite_step: int | None
    nonfinite_recovered: bool  # finite values again after the first non-finite one
    nonfinite_fraction: float
    initial: float  # robust start value (median of the first points), raw units
    start: float  # what the summary quotes as the start: the first logged value, unless that one is a spike
    minimum: float  # smoothed minimum, raw units
    final: float  # median of the last points, raw units
    min_step: int
    min_position: float  # where the smoothed minimum lies, 0..1
    drop: float  # y0 - y_end: decades when log_scale, raw units otherwise (positive = improved)
    span: float  # y0 - y_min
    giveback: float  # (y_end - y_min) / span: 0 ended at best, 1 back to start, >1 worse than the start
    rise_above_start: float  # y_end - y0 (decades when log_scale)
    peak_above_start: float  # max smoothed y after the minimum position minus y0
    fraction_removed: float  # 1 - final/initial for positive losses, drop relative to |y0| otherwise
    fraction_removed_first: float  # the same from the first logged value (unless that one is a spike)
    noise: float  # median |Δy| between neighbours, in y units
    end_slope: float  # slope of the last 30% (y units per whole run), negative = still falling
    end_slope_snr: float  # end_slope relative to noise
    end_slope_rel: float  # end_slope relative to the improvement span: -0.3 = the last 30% gave ~9% of the gain
    plateau_start_position: float  # where the curve came within 10% of its final improvement band and stayed
    plateau_start_step: int
    spikes: int  # points > 3x (0.5 decade) above the running median
    spikes_recovered: int
    oscillation: float  # fraction of sign changes of smoothed differences, 0..1
    divergence_start_step: int | None  # step after the best where the climb that did not come back began
    # spike events by ``spike_mask`` (against the local noise; a jump and its decay are one): what findings report.
    # ``spikes`` above is the first rule's count of points, kept as the model's input
    spike_steps: tuple[int, ...] = ()
    spike_steps_recovered: int = 0


@dataclass(frozen=True)
class RunFeatures:
    """All features of a run; ``vector()`` is what the learned model sees."""

    train: LossShape | None
    val: LossShape | None
    # train/validation relation (NaN when no validation)
    gap_final: float = math.nan  # y_val_end - y_train_end
    gap_trend: float = math.nan  # change of the gap over the second half
    val_rise_after_min: float = math.nan  # (y_val_end - y_val_min) relative to the validation improvement span
    train_drop_after_val_min: float = math.nan  # how much train kept falling after the val minimum (y units / train span)
    val_best_step: int | None = None
    mismatch_first_eval: float = math.nan  # y_val - y_train at the first evaluation
    # learning rate
    lr_warmup: bool = False
    lr_decay: float = math.nan  # log10(lr_start / lr_end)
    lr_cycles: int = 0
    lr_rising_at_end: bool = False
    lr_log10_median: float = math.nan
    # gradient norm
    grad_norm_collapse: bool = False
    grad_norm_growth: float = math.nan  # log10(end / start)
    # initial loss vs the chance level: ln k for k classes, or the loss of a constant prediction given by the user
    num_classes: int | None = None
    chance_loss: float = math.nan  # ln k, or the given constant-prediction loss (e.g. 1.0 for MSE on standardised y)
    initial_vs_chance: float = math.nan  # initial train loss / chance_loss
    final_vs_chance: float = math.nan
    accuracy_final: float = math.nan
    notes: tuple[str, ...] = field(default_factory=tuple)

    def vector(self) -> np.ndarray:
        """The ``FEATURE_NAMES`` values as a new float64 array of shape (len(FEATURE_NAMES),), NaN where absent."""
        return self._vector.copy()

    @cached_property
    def _vector(self) -> np.ndarray:  # (frozen: worked out once; the verdict and its second opinion both read it)
        return np.array([get(self) for get in _GETTERS], dtype=np.float64)


FEATURE_NAMES = (
    "train.log_scale", "train.nonfinite_fraction", "train.min_position", "train.drop", "train.span",
    "train.giveback", "train.rise_above_start", "train.peak_above_start", "train.fraction_removed", "train.fraction_removed_first", "train.noise",
    "train.end_slope", "train.end_slope_snr", "train.end_slope_rel", "train.plateau_start_position", "train.spikes_rate",
    "train.oscillation", "train.drop_snr", "train.points_log10",
    "has_val", "val.min_position", "val.drop", "val.giveback", "val.rise_above_start", "val.fraction_removed", "val.min_position_end",
    "val.end_slope_snr", "val.end_slope_rel", "gap_final", "gap_trend", "val_rise_after_min", "train_drop_after_val_min",
    "mismatch_first_eval",
    "has_lr", "lr_warmup", "lr_decay", "lr_cycles", "lr_rising_at_end",
    "grad_norm_collapse", "grad_norm_growth", "initial_vs_chance", "final_vs_chance",
)


def _get(f: RunFeatures, name: str) -> float:
    return _getter(name)(f)


_OF_SHAPE = {  # the features derived from a LossShape's fields
    "spikes_rate": lambda shape: shape.spikes / max(shape.points, 1),
    "drop_snr": lambda shape: shape.drop / max(shape.noise, 1e-12),
    # validation still at its best at the end: still improving
    "min_position_end": lambda shape: float(shape.min_position >= 0.9 and shape.end_slope_rel < 0),
    "points_log10": lambda shape: math.log10(max(shape.points, 1)),
}


def _getter(name: str):
    """The function giving feature ``name`` of a ``RunFeatures`` (built once per name: ``vector`` runs per run)."""
    if name == "has_val":
        return lambda f: float(f.val is not None)
    if name == "has_lr":
        return lambda f: float(not math.isnan(f.lr_decay))
    if "." in name:
        part, attr = name.split(".", 1)
        of = _OF_SHAPE.get(attr) or (lambda shape: float(getattr(shape, attr)))
        return lambda f: math.nan if getattr(f, part) is None else of(getattr(f, part))
    return lambda f: float(value) if (value := getattr(f, name)) is not None else math.nan


_GETTERS = tuple(_getter(name) for name in FEATURE_NAMES)


# ---------------------------------------------------------------- helpers


def _bin(steps: np.ndarray, y: np.ndarray, limit: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Median per bin when a curve has more points than shape analysis needs."""
    n = len(y)
    if n <= limit:
        return steps, y
    edges = np.linspace(0, n, limit + 1).astype(int)
    ys = bin_medians(y, edges)
    ss = steps[np.minimum(edges[:-1] + (edges[1:] - edges[:-1]) // 2, n - 1)]
    return ss, ys


def _clip(x, lo: float, hi: float) -> float:
    """``float(np.clip(x, lo, hi))`` of one number (NaN stays NaN)."""
    x = float(x)
    return float(hi) if x > hi else (float(lo) if x < lo else x)


def _head_count(n: int) -> int:
    return int(min(20, max(3, n // 10))) if n >= 3 else n


def loss_shape(series: Series) -> LossShape | None:
    """Features of one loss series; None when it has no point at all."""
    steps = np.asarray(series.steps, dtype=np.int64)
    values = np.asarray(series.values, dtype=np.float64)
    if len(values) == 0:
        return None
    finite = np.isfinite(values)
    first_bad = None
    recovered = False
    if not finite.all():
        bad_index = int(np.argmin(finite))
        first_bad = int(steps[bad_index])
        recovered = bool(finite[bad_index:].any())
    # shape analysis on the finite part before the first non-finite value (after it the run is broken anyway)
    if first_bad is None:  # every value finite: all of it (nothing below writes into s or v)
        s, v = steps, values
    else:
        usable = finite & (np.arange(len(values)) < np.argmin(finite))
        s, v = steps[usable], values[usable]
    if len(v) == 0:
        return LossShape(
            points=len(values), log_scale=False, first_nonfinite_step=first_bad, nonfinite_recovered=recovered,
            nonfinite_fraction=float(1 - true_fraction(finite)), initial=math.nan, start=math.nan, minimum=math.nan, final=math.nan,
            min_step=int(steps[0]), min_position=0.0, drop=0.0, span=0.0, giveback=0.0, rise_above_start=0.0,
            peak_above_start=0.0, fraction_removed=0.0, fraction_removed_first=0.0, noise=0.0, end_slope=0.0, end_slope_snr=0.0,
            plateau_start_position=0.0, plateau_start_step=int(steps[0]), spikes=0, spikes_recovered=0,
            oscillation=0.0, divergence_start_step=None, end_slope_rel=0.0,
        )
    log_scale = bool((v > 0).all())
    y_raw = np.log10(v) if log_scale else v.copy()
    s, y = _bin(s, y_raw)
    n = len(y)
    k = _head_count(n)
    window = max(3, n // 25)
    smooth = running_median(y, window)
    y0 = float(median(y[:k]))
    y_end = float(median(y[-k:]))
    i_min = int(np.argmin(smooth))
    y_min = float(smooth[i_min])
    span = y0 - y_min
    noise = float(median(np.abs(diff(y)))) if n > 1 else 0.0
    scale_floor = max(noise, 1e-9 if log_scale else 1e-12 * max(1.0, abs(y0)))
    giveback = (y_end - y_min) / max(span, scale_floor)
    positions = _positions(n)[0]
    end_slope = _tail_slope(n, smooth)
    peak_after = float(smooth[i_min:].max()) - y0
    # the first logged value shows a quick early drop the robust start hides; a first value far above the
    # robust start is a spike (a known trap) and is not used
    y_first = float(y[0]) if y[0] - y0 < (0.5 if log_scale else 3 * max(noise, scale_floor)) else y0
    if log_scale:
        # (a log10 ratio of two floats may pass 308: 10 ** 400.0 raises OverflowError; 1 - 1e300 is as telling)
        fraction_removed = 1.0 - 10 ** min(y_end - y0, 300.0)
        fraction_removed_first = 1.0 - 10 ** min(y_end - max(y_first, y0), 300.0)
    else:
        fraction_removed = (y0 - y_end) / max(abs(y0), scale_floor)
        fraction_removed_first = (max(y_first, y0) - y_end) / max(abs(max(y_first, y0)), scale_floor)
    # plateau: first position after which the smoothed curve stays within 10% of the total improvement of its end
    band = max(0.1 * abs(y0 - y_end), 2 * noise, scale_floor)
    outside = np.abs(smooth - y_end) > band
    plateau_index = int(np.nonzero(outside)[0][-1] + 1) if outside.any() else 0
    plateau_index = min(plateau_index, n - 1)
    # the spike rules' 9-point running median is ``smooth`` itself when the two windows come out the same
    local = smooth if running_window(window, n) == running_window(9, n) else running_median(y, 9)
    is_spike, is_reported = spike_masks(y, log_scale, noise, scale_floor, block=SPIKE_BLOCK, local_sd=SPIKE_LOCAL_SD,
                                        local=local)
    spike_idx = np.nonzero(is_spike)[0]
    recovered_spikes = int(sum(1 for i in spike_idx if i + 1 < n and not is_spike[min(i + 3, n - 1)]))
    is_reported = is_reported | jump_mask(y, log_scale, noise, scale_floor, block=SPIKE_BLOCK,
                                          local_sd=SPIKE_LOCAL_SD, local=local)  # one decaying over several logs
    reported, reported_recovered = _spike_events(is_reported, y, noise=noise)
    d = diff(smooth)
    d = d[np.abs(d) > noise * 0.5] if noise > 0 else d[d != 0]
    oscillation = float(true_fraction(diff(np.sign(d)) != 0)) if len(d) > 2 else 0.0
    # divergence start: last point before the final climb where the smoothed curve was still near its minimum
    divergence_start = None
    if giveback > 0.5 and y_end - y_min > max(3 * noise, 0.1 if log_scale else 0.0):
        near_min = np.nonzero(smooth[: n] <= y_min + 0.25 * (y_end - y_min))[0]
        near_min = near_min[near_min >= i_min] if len(near_min) else near_min
        j = int(near_min[-1]) if len(near_min) else i_min
        divergence_start = int(s[min(j + 1, n - 1)])
    to_raw = (lambda x: float(10 ** x)) if log_scale else float
    return LossShape(
        points=len(values),
        log_scale=log_scale,
        first_nonfinite_step=first_bad,
        nonfinite_recovered=recovered,
        nonfinite_fraction=float(1 - true_fraction(finite)),
        initial=to_raw(y0),
        start=to_raw(max(y_first, y0)),
        minimum=to_raw(y_min),
        final=to_raw(y_end),
        min_step=int(s[i_min]),
        min_position=float(positions[i_min]),
        drop=y0 - y_end,
        span=span,
        giveback=_clip(giveback, -5, 50),
        rise_above_start=y_end - y0,
        peak_above_start=peak_after,
        fraction_removed=_clip(fraction_removed, -50, 1),
        fraction_removed_first=_clip(fraction_removed_first, -50, 1),
        noise=noise,
        end_slope=end_slope,
        end_slope_snr=_clip(end_slope / max(noise, scale_floor), -1e3, 1e3),
        end_slope_rel=_clip(end_slope / max(abs(span), noise, scale_floor), -50, 50),
        plateau_start_position=float(positions[plateau_index]),
        plateau_start_step=int(s[plateau_index]),
        spikes=int(len(spike_idx)),
        spikes_recovered=recovered_spikes,
        oscillation=oscillation,
        divergence_start_step=divergence_start,
        spike_steps=tuple(int(s[i]) for i in reported),
        spike_steps_recovered=reported_recovered,
    )


def _y(series: Series, log_scale: bool) -> tuple[np.ndarray, np.ndarray]:
    v = np.asarray(series.values, dtype=np.float64)
    s = np.asarray(series.steps, dtype=np.int64)
    ok = np.isfinite(v) & ((v > 0) if log_scale else True)
    v, s = v[ok], s[ok]
    return s, (np.log10(v) if log_scale else v)


def _lr_features(lr: Series) -> dict:
    s, y = _y(lr, True)
    if len(y) < 2:
        return {}
    n = len(y)
    k = _head_count(n)
    i_max = int(np.argmax(y))
    warmup = bool(i_max > 0 and y[i_max] - y[0] > 0.3 and i_max < 0.5 * n)
    d = np.diff(y)
    d = d[np.abs(d) > 1e-6]
    turns = int((np.diff(np.sign(d)) != 0).sum()) if len(d) > 1 else 0
    return {
        "lr_warmup": warmup,
        "lr_decay": float(median(y[:k]) - median(y[-k:])) if not warmup else float(y[i_max] - median(y[-k:])),
        "lr_cycles": max(0, (turns - (1 if warmup else 0)) // 2),
        "lr_rising_at_end": bool(median(y[-k:]) - y[max(0, n - 3 * k)] > 0.1),
        "lr_log10_median": float(median(y)),
    }


def _grad_features(gn: Series) -> dict:
    s, y = _y(gn, True)
    if len(y) < 4:
        return {}
    k = _head_count(len(y))
    start, end = float(median(y[:k])), float(median(y[-k:]))
    return {"grad_norm_growth": end - start, "grad_norm_collapse": bool(end - start < -4 or 10 ** end < 1e-8)}


def run_features(curves: Curves, *, num_classes: int | None = None, chance_loss: float | None = None) -> RunFeatures:
    """Features of a run from its curves. ``num_classes`` enables the initial/final-loss checks against ln k, the
    cross-entropy of guessing; ``chance_loss`` gives that level directly for any loss (the loss of always predicting
    the mean or the prior, e.g. 1.0 for MSE on standardised targets) and wins over ``num_classes``."""
    train = loss_shape(curves.train_loss) if curves.train_loss is not None else None
    val = loss_shape(curves.val_loss) if curves.val_loss is not None else None
    extra: dict = {}
    notes: list[str] = []
    if train is not None and val is not None and train.initial == train.initial and val.initial == val.initial:
        log_scale = train.log_scale and val.log_scale
        ts, ty = _y(curves.train_loss, log_scale)
        vs, vy = _y(curves.val_loss, log_scale)
        if len(ty) and len(vy):
            # train value at each validation step: the train point at or before it
            idx = np.minimum(np.maximum(np.searchsorted(ts, vs, side="right") - 1, 0), len(ty) - 1)
            k = min(len(ty), max(1, len(ty) // 50))
            train_at = trailing_medians(ty, idx, k)
            gap = vy - train_at
            extra["gap_final"] = end_level(gap)
            half = len(gap) // 2
            extra["gap_trend"] = float(median(gap[half:]) - median(gap[:max(half, 1)])) if len(gap) >= 4 else 0.0
            extra["mismatch_first_eval"] = float(gap[0])
            smooth_v = running_median(vy, max(1, len(vy) // 15))
            i_min = int(np.argmin(smooth_v))
            v_span = max(float(smooth_v[0] - smooth_v[i_min]), float(median(np.abs(np.diff(vy)))) if len(vy) > 1 else 0.0, 1e-9)
            v_end = end_level(vy)
            extra["val_rise_after_min"] = float((v_end - smooth_v[i_min]) / v_span)
            extra["val_best_step"] = int(vs[i_min])
            t_at_min = float(train_at[i_min])
            t_end = end_level(ty)
            t_span = max(abs(train.span), train.noise, 1e-9)
            extra["train_drop_after_val_min"] = float((t_at_min - t_end) / t_span)
            if not log_scale:
                notes.append("losses not all positive: gaps measured on the raw scale")
    if curves.lr is not None:
        extra.update(_lr_features(curves.lr))
    if curves.grad_norm is not None:
        extra.update(_grad_features(curves.grad_norm))
    if num_classes and num_classes > 1:
        extra["num_classes"] = num_classes
    chance = chance_loss if chance_loss and chance_loss > 0 else (
        math.log(num_classes) if num_classes and num_classes > 1 else None)
    if chance is not None and train is not None and train.initial == train.initial:
        extra["chance_loss"] = chance
        extra["initial_vs_chance"] = train.initial / chance
        extra["final_vs_chance"] = train.final / chance
    if curves.val_acc is not None or curves.train_acc is not None:
        acc = curves.val_acc if curves.val_acc is not None else curves.train_acc
        v = np.asarray(acc.values, dtype=np.float64)
        v = v[np.isfinite(v)]
        if len(v):
            extra["accuracy_final"] = end_level(v)
    return RunFeatures(train=train, val=val, notes=tuple(notes), **extra)
