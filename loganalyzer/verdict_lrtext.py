"""What the logged learning rate did, in the words of findings and advice: logged values with their steps.

A warm-up is a gradual rise at the start (``features.lr_warmup``: the peak before half the logs, > 2x the first).
A rate that sat still and then rose in ONE step between two logs by >= ``JUMP`` (3x), that step carrying >=
``JUMP_SHARE`` of the whole rise, is no warm-up but a raise: "learning rate raised 400x at step 100 (from 0.05 to
20)" (newcomer41: LR 0.05 for 100 steps then 20, and 0.05 for 3 epochs then 50, were "warm-up at the start", and the
advice said "add warm-up"). A rise between the first two logs stays a warm-up (a one-epoch warm-up logged per epoch).

The decay finding quotes the logged first (or peak) and last values with their steps, where the features' figure
is a ratio of medians of the first and last logs (``features.lr_decay``), a number that appears nowhere in the log
(newcomer41: "decayed 27x" for an HF linear schedule logged from 0.002916 to 9.375e-06, 311x).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .curves import Series
from .verdict_base import times, times_log10, _fmt, _step

JUMP, JUMP_SHARE = math.log10(3), 0.8


@dataclass(frozen=True)
class LrRaise:
    factor: float
    step: int  # the first log at the raised rate
    before: float
    after: float
    x: str


def _logged(lr: Series | None) -> tuple[np.ndarray, np.ndarray] | None:
    if lr is None:
        return None
    v = np.asarray(lr.values, dtype=np.float64)
    s = np.asarray(lr.steps, dtype=np.int64)
    ok = np.isfinite(v) & (v > 0)
    return (s[ok], v[ok]) if ok.sum() >= 3 else None


def lr_raise(lr: Series | None, cycles: int = 0) -> LrRaise | None:
    """The rate raised in one step after its first logs (module notes), or None; None too for a cyclical schedule
    (``cycles`` >= 2, ``features.lr_cycles``: a warm restart's raise is the "cyclical learning rate" finding's)."""
    got = _logged(lr)
    if got is None or cycles >= 2:
        return None
    s, v = got
    y = np.log10(v)
    d = np.diff(y)
    j = int(np.argmax(d))
    rise = float(y[int(np.argmax(y))] - y[: j + 1].min())
    if j < 1 or d[j] < JUMP or d[j] < JUMP_SHARE * rise:
        return None
    return LrRaise(float(v[j + 1] / v[j]), int(s[j + 1]), float(v[j]), float(v[j + 1]), lr.x)


def raise_text(r: LrRaise) -> str:
    return (f"learning rate raised {times(r.factor)} at {r.x} {_step(r.step)} (from {_fmt(r.before)} to "
            f"{_fmt(r.after)})")


def raise_advice(r: LrRaise, lr: float | None, when: str) -> str:
    """The advice for a climb after a raise: back to the rate before it, never "add warm-up"."""
    now = f"it was {_fmt(lr)} {when}, " if lr is not None else ""
    return (f"Lower the learning rate ({now}after it was raised {times(r.factor)} at {r.x} {_step(r.step)}) by "
            f"3-10x, or keep the {_fmt(r.before)} it had before the raise.")


def decay_text(lr: Series | None, warmup: bool, median_log10: float) -> str:
    """"learning rate decayed 311x, from 0.002916 at step 10 to 9.375e-06 at step 1,000": from the first logged
    value (the peak after a warm-up or raise) to the last; the medians' figure, said to be one, when the logged
    values do not show a decay of at least half that figure's order."""
    got = _logged(lr)
    if got is not None:
        s, v = got
        i = int(np.argmax(v)) if warmup else 0
        ratio = float(v[i] / v[-1])
        if ratio > 1 and math.log10(ratio) >= 0.5 * median_log10:
            return (f"learning rate decayed {times(ratio)}, from {_fmt(float(v[i]))} at {lr.x} {_step(int(s[i]))}"
                    f"{' (its peak)' if warmup and i > 0 else ''} to {_fmt(float(v[-1]))} at {lr.x} "
                    f"{_step(int(s[-1]))}")
    return f"learning rate decayed {times_log10(median_log10)} (the median of its last logs against its first)"
