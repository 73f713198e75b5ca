"""Late training-loss climbs that are not (yet) divergence (issue 9, kind 3 from the other side), for
``verdict_climb.late_climb``: ``overfit_first`` (a near-zero training loss that rebounded a little after validation
had long been rising: overfitting), ``falling_back`` (a spike at the very end whose loss was coming down again at
its last logs: not yet "did not come back"), ``restart_excuse`` (a climb that came with the schedule's warm restarts
and ended far below the start) and ``lr_flat_at_end`` (a schedule that stopped moving: no bump to excuse a climb)."""
from __future__ import annotations

import math

import numpy as np

from .curves import Series
from .features import RunFeatures
from .verdict_base import times, _fmt, _step
from .verdict_evidence import finite


OVERFIT_GIVEBACK = 0.05  # a training climb that gave back < 5% of its fall in linear terms ...
OVERFIT_VAL_RATIO = 1.3  # ... after validation had already risen >= 1.3x above its best


def overfit_first(climb, f: RunFeatures, series: Series | None = None) -> bool:
    """A small rebound of a training loss that had fallen to ~0 (``climb``: ``verdict_climb.Climb``), after
    validation had long been rising: the story is overfitting (domain.md: "training loss keeps falling while
    validation loss reaches a minimum and then rises"), not divergence. Public `overfit` (third set,
    ``pretrain-cls``): CIFAR-100 average_loss 4.01 -> 0.00125 at epoch 74 -> 0.009 (7x its best in decades, 0.2% of
    its fall in value) while validation rose from its best at epoch 5 (2.84) to 6.81. The same when validation's
    rise is what made the climb "both": thirteenth set's `overfit` ``robertasent`` (a RoBERTa fine-tune: loss 0.5885
    -> 0.0055 at step 2,650 -> 0.021, 2.7% of its fall back; eval_loss best 0.111 at step 1,280, last 0.150) was
    `diverged` 0.7. Only a "climb" or "both" that stayed far below the start (never a collapse or a climb past the
    start), with validation's best no later than training's and its end >= ``OVERFIT_VAL_RATIO``x that best. The
    fall is measured from the first logged value when that is higher than the robust start (as ``late_climb`` does)."""
    t, v = f.train, f.val
    if climb.kind not in ("climb", "both") or climb.past_start or v is None or not (t.log_scale and v.log_scale):
        return False
    s, logged = finite(series)
    start = max(t.start, float(logged[0])) if len(logged) else t.start  # a fast first drop hides in the robust start
    back = (t.final - t.minimum) / max(start - t.minimum, 1e-12)
    return (back < OVERFIT_GIVEBACK and v.min_step <= t.min_step and v.minimum > 0
            and v.final >= OVERFIT_VAL_RATIO * v.minimum)


LATE_CLIMB = 0.85  # a climb that began in the last 15% of the run ...
FALLING_LOGS = 3  # ... whose last 3 logs each fell ...
FALLEN_BACK = 0.4  # ... taking back >= 40% of the climb (best -> peak, in decades): it may still come down


def falling_back(series: Series | None, t) -> str | None:
    """Why a late climb is not yet "did not come back" (domain.md's diverged), or None: it began in the last 15% of
    the run and the loss fell at each of its last 3 logs, back >= 40% of the way (in decades) from the climb's peak
    to the best, and below its first log (not all it learned undone). Public `healthy` ``bg-removal attempt2`` (a
    fine-tune, no validation: avg_loss best 0.079 at epoch 44, 0.42 at 47, then 0.394, 0.306, 0.193 at its last,
    50) was `diverged` 0.85. A climb that stayed up, or began
    earlier in the run, is unaffected."""
    s, v = finite(series)
    if len(v) < 10 or t.minimum <= 0 or not t.log_scale:
        return None
    after = v[s >= t.min_step]
    if not len(after):
        return None
    began = t.divergence_start_step if t.divergence_start_step is not None else \
        float(s[s >= t.min_step][int(np.argmax(after))])  # (no start found: the climb's peak)
    span = float(s[-1] - s[0])
    if span <= 0 or (began - s[0]) / span < LATE_CLIMB:
        return None
    peak, last = float(after.max()), float(v[-1])
    # the last 3 logs each lower -- of a long log, the medians of its last 3 windows of 1% of the logs (public
    # hobickts121 v4, 1,000 epochs: 0.919 at its peak, 0.367, 0.367, 0.364, 0.361 at its last, `healthy`)
    # (either: the raw logs, for a spike of its last 15 logs whose windows would straddle it -- a breaker's SGD spike
    # at epoch 986 of 1,000 falling at every log)
    k = max(1, len(v) // 100)
    tail = np.median(v[len(v) - (FALLING_LOGS + 1) * k:].reshape(FALLING_LOGS + 1, k), axis=1)
    falling = np.all(np.diff(tail) < 0) or np.all(np.diff(v[-(FALLING_LOGS + 1):]) < 0)
    if peak <= t.minimum or not 0 < last < float(v[0]) or not falling:
        return None
    back = math.log10(peak / last) / math.log10(peak / t.minimum)
    if back < FALLEN_BACK:
        return None
    x, low, top = series.x, int(np.argmin(v)), int(s[s >= t.min_step][int(np.argmax(after))])
    return (f"it ends at {_fmt(last)}, {times(last / float(v[low]))} its lowest logged {_fmt(float(v[low]))} ({x} "
            f"{_step(int(s[low]))}), and was falling back at its last {FALLING_LOGS} logs: {_fmt(peak)} at its peak "
            f"({x} {_step(top)}), {_fmt(last)} at the last ({x} "
            f"{_step(int(s[-1]))}), {back:.0%} of the climb undone")


NEAR_ZERO_BACK = 0.01  # a climb that gave back < 1% of the fall from the first log, in the loss's own units


def near_zero_rebound(climb, t, series: Series | None) -> bool:
    """A "climb" of a training loss that had fallen to ~0 and came back up by < 1% of its fall in value (``climb``:
    ``verdict_climb.Climb``; ``t``: the training ``LossShape``): far above its best in ratio (a loss of 1e-7 that ends
    at 0.01 is "3,000x its best") but nowhere near where it was, so no divergence (domain.md: "climbs far above its
    best and above its starting value"). Never a collapse or a climb past the start. The eighteenth set's `overfit`
    ``emospeech`` (train_loss 1.569 -> 1.7e-07 at epoch 1,133 -> 0.0117 at 2,000, 0.7% of its fall, while validation
    rose from 0.39 to 0.72-1.2) was `diverged` 0.9."""
    if climb.kind != "climb" or climb.past_start or not t.log_scale:
        return False
    s, v = finite(series)
    if len(v) < 5 or v.min() < 0:
        return False
    first, low = float(v[0]), float(v.min())  # from the first log: a blow-up right after it inflates a robust start
    return first > low and (t.final - low) / (first - low) < NEAR_ZERO_BACK


def lr_flat_at_end(lr, loss, fraction: float = 0.25, tolerance: float = 0.05) -> bool:
    """The learning rate held within 5% of its last value over the last quarter of the training loss's steps: a
    schedule that stopped moving (warm-up to a plateau), not a bump that may still come down; a loss that stays up
    there is diverging."""
    steps, values = np.asarray(lr.steps), np.asarray(lr.values, dtype=np.float64)
    lsteps = np.asarray(loss.steps)
    if len(steps) < 3 or len(lsteps) < 2 or not np.isfinite(values[-1]) or values[-1] <= 0:
        return False
    since = lsteps[-1] - fraction * (lsteps[-1] - lsteps[0])
    tail = values[steps >= since]
    return len(tail) >= 2 and bool(np.all(np.abs(tail / values[-1] - 1) <= tolerance))


RESTART_RISE = 1.5  # an LR log >= 1.5x the one before it (the schedule threshold ``verdict_base.GREW``) ...
RESTART_DECAYED = 1.5  # ... after the rate had decayed to <= 1/1.5 of an earlier value: a warm restart, not a warm-up
RESTART_KEPT = 0.75  # the loss ends having kept >= 75% of its fall from the first log: "far below the start"
RESTART_FELL = 0.5  # ... and since the last restart it fell to <= half of its peak in that cycle: the schedule's bump
SPIKE_RESTARTS = 2  # no LR series: >= 2 recovered spikes after the best stand for the restarts (a periodic shape)


def lr_restarts(lr: Series | None) -> list[int]:
    """The steps at which a logged learning rate restarted (its trough's): it rose >= ``RESTART_RISE``x from one
    log to the next (from 0 too) after having decayed to <= 1/``RESTART_DECAYED`` of an earlier value. A warm-up
    from the first log has no earlier, higher rate and is no restart; the rises of a warm-up after a restart are
    one restart."""
    s, v = finite(lr)
    if len(v) < 2:
        return []
    earlier = np.maximum.accumulate(v)[:-1]
    rose = (v[1:] > 0) & (v[1:] >= RESTART_RISE * v[:-1])
    first = rose & ~np.concatenate([[False], rose[:-1]])  # not the next rise of the same restart's warm-up
    decayed = (earlier > 0) & (earlier >= v[:-1] * RESTART_DECAYED)
    return [int(x) for x in s[:-1][first & decayed]]  # the trough each rose from: where the restart began


def restart_excuse(lr: Series | None, series: Series | None, t) -> str | None:
    """Why a climb of the training loss after its best is the bump of an LR schedule with warm restarts, not
    divergence (domain.md: "a loss that rises while the LR rises during warm-up or a restart is not divergence"), or
    None: the climb began at a restart (from the LR series when it is logged, ``lr_restarts``; else from the
    periodic shape: >= ``SPIKE_RESTARTS`` recovered spikes of the loss after its best), the loss fell again after
    the last one to <= half its peak in that cycle, and it ends far below its first log (>= 75% of that fall kept:
    a collapse or a climb past the start is never a schedule's bump). Public dev `healthy` ``rpggame45`` (an HF
    fine-tune restarted at steps 201, 251, 276, 351, 376, 401: loss 1.668 -> 0.0089 at step 188, spikes to 3.03 at
    201, 0.0648 at its last log, 0.04x its start) was `diverged` 0.85. A climb that began before any restart, or
    did not come down after the last one, is unaffected."""
    s, v = finite(series)
    if len(v) < 10 or t.min_step is None or v.min() < 0:
        return None
    first, low, last = float(v[0]), float(v.min()), float(v[-1])
    if first <= low or (first - last) / (first - low) < RESTART_KEPT:
        return None
    after = s > t.min_step
    half = math.sqrt(low * t.final) if low > 0 and t.final > 0 else (low + t.final) / 2
    up = np.nonzero(after & (v > half))[0]
    if not len(up):
        return None
    went_up = int(s[up[0]])  # the first log after the best above half the climb: where it climbed
    restarts = [r for r in lr_restarts(lr) if t.min_step < r <= s[-1]]
    how = "learning rate restarted"
    if not restarts and lr is None:
        restarts = [x for x in t.spike_steps if x > t.min_step]
        restarts = restarts if len(restarts) >= SPIKE_RESTARTS else []
        how = "loss spiked and recovered, as at learning-rate restarts,"
    if not restarts or restarts[0] > went_up:
        return None
    peak = float(v[s >= restarts[-1]].max())
    if last > RESTART_FELL * peak:
        return None
    x = series.x
    at = ", ".join(_step(r) for r in restarts[:6]) + (", ..." if len(restarts) > 6 else "")
    return (f"the {how} at {x}s {at} after its lowest {_fmt(low)} ({x} {_step(int(s[int(np.argmin(v))]))}); since "
            f"the last it fell from {_fmt(peak)} to {_fmt(last)} ({x} {_step(int(s[-1]))}), {times(last / first)} its "
            f"first log {_fmt(first)}: the climb is the schedule's restarts")
