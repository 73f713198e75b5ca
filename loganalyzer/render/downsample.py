"""Downsampling curves for display, without hiding what the verdict rests on (pure numpy).

A chart of a 100,000-step run needs a few hundred points, not 100,000: ``lttb`` (Largest-Triangle-Three-Buckets,
Steinarsson 2013) keeps the points that carry the visual shape. But a display that drops the one NaN, the one spike
or the best point would contradict the verdict printed next to it, so ``downsample`` *forces* those indices in:

- every edge of a non-finite stretch (its first and last point; the first non-finite point of the series above all),
- the spikes (``spike_indices``: the same rule as the verdict's features, a point 0.5 decade above its running
  median, or 3 robust sd in linear scale),
- the minimum (the best point), the first and the last point,
- any indices or steps the caller names (evidence steps: divergence start, best validation step, plateau start).

LTTB then fills the remaining budget from the finite points. The result never exceeds ``max_points`` unless the
forced points alone do (a run with thousands of spikes keeps the largest ``max_points // 2`` of them).

``preview`` packs this for one series as a ``CurvePreview`` (what ``scan(..., keep_curves=True)`` keeps per role).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..features import spike_mask

MAX_POINTS = 600  # per series, kept by scan(keep_curves=True)


@dataclass(frozen=True, eq=False)
class CurvePreview:
    """A display copy of one role series: ``steps``/``values`` downsampled, ``spikes`` the steps of its spikes."""

    name: str  # the series as reports name it (dir/tag)
    steps: np.ndarray  # int64
    values: np.ndarray  # float64, NaN/±Inf kept
    spikes: np.ndarray  # int64 steps of the spikes (all of them are among ``steps``)
    points: int  # how many points the full series had
    x: str = "step"  # what steps count: 'step' or 'epoch'

    def __iter__(self):  # ``steps, values = preview``
        return iter((self.steps, self.values))


def lttb(x: np.ndarray, y: np.ndarray, n_out: int) -> np.ndarray:
    """Indices (sorted, first and last included) of ``n_out`` points of (x, y) chosen by Largest-Triangle-Three-
    Buckets. ``x`` must be non-decreasing and ``y`` finite; with ``n_out >= len(x)`` every index is returned."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(x)
    if n_out >= n or n <= 2:
        return np.arange(n)
    if n_out < 3:
        return np.array([0, n - 1])[:max(n_out, 0)] if n_out > 0 else np.array([], dtype=np.int64)
    # n_out - 2 buckets over the inner points 1..n-2
    edges = np.linspace(1, n - 1, n_out - 1).astype(np.int64)
    lo = edges[:-1]
    hi = np.maximum(edges[1:], lo + 1)
    # each bucket's average point, all at once (prefix sums); bucket b looks at the average of bucket b + 1, the
    # last bucket at the last point
    sum_x = np.concatenate([[0.0], np.cumsum(x)])
    sum_y = np.concatenate([[0.0], np.cumsum(y)])
    count = hi - lo
    cx = np.append(((sum_x[hi] - sum_x[lo]) / count)[1:], x[-1]).tolist()
    cy = np.append(((sum_y[hi] - sum_y[lo]) / count)[1:], y[-1]).tolist()
    out = np.empty(n_out, dtype=np.int64)
    out[0], out[-1] = 0, n - 1
    a = 0
    xs, ys = x.tolist(), y.tolist()
    for b, (l, h) in enumerate(zip(lo.tolist(), hi.tolist())):  # sequential: each choice depends on the last
        ax, ay = xs[a], ys[a]
        area = np.abs((ax - cx[b]) * (y[l:h] - ay) - (ax - x[l:h]) * (cy[b] - ay))
        a = l + int(area.argmax())
        out[b + 1] = a
    return np.unique(out)


def spike_indices(values: np.ndarray) -> np.ndarray:
    """Indices of the points far above their neighbourhood, by the verdict's rule (``features.spike_mask``) on the
    raw series: log scale when the finite values are all positive. Only the finite part before the first
    non-finite point is examined, as the verdict does."""
    values = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(values)
    stop = int(np.argmin(finite)) if not finite.all() else len(values)
    y = values[:stop]
    if len(y) < 5:
        return np.array([], dtype=np.int64)
    log_scale = bool((y > 0).all())
    if log_scale:
        y = np.log10(y)
    noise = float(np.median(np.abs(np.diff(y))))
    floor = max(noise, 1e-12 * max(1.0, abs(float(np.median(y)))))
    return np.flatnonzero(spike_mask(y, log_scale, noise, floor)).astype(np.int64)


def stretches(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of every run of True in ``mask``."""
    change = np.diff(np.concatenate(([0], np.asarray(mask).astype(np.int8), [0])))
    return list(zip(np.flatnonzero(change == 1).tolist(), (np.flatnonzero(change == -1) - 1).tolist()))


def forced_indices(steps: np.ndarray, values: np.ndarray, force_steps: Iterable[int] = (),
                   spikes: np.ndarray | None = None) -> np.ndarray:
    """The indices ``downsample`` always keeps (see the module docstring), sorted and unique."""
    steps = np.asarray(steps)
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n == 0:
        return np.array([], dtype=np.int64)
    finite = np.isfinite(values)
    parts = [np.array([0, n - 1]), np.array([i for edge in stretches(~finite) for i in edge], dtype=np.int64)]
    if finite.any():
        parts.append(np.array([int(np.flatnonzero(finite)[np.argmin(values[finite])])]))  # the best point
    parts.append(spike_indices(values) if spikes is None else np.asarray(spikes, dtype=np.int64))
    wanted = np.array([s for s in force_steps if s is not None], dtype=np.int64)
    if len(wanted):  # a named step: the point at it, or the first one after it
        parts.append(np.clip(np.searchsorted(steps, wanted), 0, n - 1))
    return np.unique(np.concatenate(parts).astype(np.int64))


def downsample(steps: np.ndarray, values: np.ndarray, max_points: int = MAX_POINTS, *,
               force_steps: Iterable[int] = (), force: Iterable[int] = (),
               spikes: np.ndarray | None = None) -> np.ndarray:
    """Indices of at most ``max_points`` points of the series (steps increasing) to draw: the forced ones
    (``forced_indices``, plus the indices in ``force``), then LTTB over the finite points for the rest."""
    steps = np.asarray(steps)
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n <= max_points:
        return np.arange(n)
    if spikes is None:
        spikes = spike_indices(values)
    if len(spikes) > max_points // 2:  # keep the tallest spikes only (relative to the series' median)
        height = np.abs(values[spikes] - np.nanmedian(values[np.isfinite(values)]))
        spikes = np.sort(spikes[np.argsort(-height, kind="stable")[: max_points // 2]])
    forced = np.union1d(forced_indices(steps, values, force_steps, spikes),
                        np.asarray(list(force), dtype=np.int64))
    if len(forced) > max_points:  # pathological: thousands of NaN stretches; keep evenly spaced ones
        forced = forced[np.linspace(0, len(forced) - 1, max_points).astype(np.int64)]
        return np.unique(forced)
    finite_idx = np.flatnonzero(np.isfinite(values))
    budget = max_points - len(forced)
    if budget <= 0 or len(finite_idx) == 0:
        return forced
    # LTTB may pick points that are already forced: ask for a little more, then trim evenly to the budget
    chosen = finite_idx[lttb(steps[finite_idx].astype(np.float64), values[finite_idx], budget)]
    extra = np.setdiff1d(chosen, forced, assume_unique=False)
    if len(extra) > budget:
        extra = extra[np.linspace(0, len(extra) - 1, budget).astype(np.int64)]
    return np.union1d(forced, extra)


def preview(name: str, steps: np.ndarray, values: np.ndarray, max_points: int = MAX_POINTS, *,
            force_steps: Iterable[int] = (), x: str = "step") -> CurvePreview:
    """A ``CurvePreview`` of one series: downsampled with its NaN edges, spikes, best point and the given evidence
    steps kept."""
    steps = np.asarray(steps, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    spikes = spike_indices(values)
    keep = downsample(steps, values, max_points, force_steps=force_steps, spikes=spikes)
    spike_steps = np.intersect1d(steps[spikes], steps[keep]) if len(spikes) else np.array([], dtype=np.int64)
    return CurvePreview(name=name, steps=steps[keep].copy(), values=values[keep].copy(),
                        spikes=spike_steps.astype(np.int64), points=len(values), x=x)
