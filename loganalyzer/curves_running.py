"""Series that are the running best of another (``curves.find_curves``): bookkeeping, never a loss role.

A script keeping ``best = min(best, val_loss)`` often logs it beside the loss under a name that says nothing of it
(``checkpoint_loss``, ``val_loss_ckpt``, ``saved_loss``); named ``best_*``/``min_*`` it is left out by name already
(``curves_names.RUNNING_MIN``). Judged as a loss it can never rise: an overfit run reads as one still improving
(public ResNet50-Plant-Disease-Detection ``best_val_loss``). Here a loss whose values, at the very steps of another
loss of its run, are that loss's running minimum (``np.minimum.accumulate``) -- or running maximum -- and differ from
it by ``APART`` of its size at one step at least (a falling loss is its own running minimum; losses stuck at one
level, ``ln 10`` every epoch, are each other's within rounding) is left out, with a note.
"""
from __future__ import annotations

import numpy as np

MIN_POINTS = 3
APART = 1e-3  # the tracked series must leave its running best by this share of its size at one step at least


def running_bests(table, cands: list) -> list:
    """(cand, the cand it tracks) for every candidate of ``cands`` that is the running min/max of another."""
    out: list = []
    series = []
    for c in cands:
        values = np.asarray(table.values_of(c), dtype=np.float64)
        if len(values) >= MIN_POINTS and np.isfinite(values).all():
            series.append((c, np.asarray(table.steps_of(c)), values))
    for c, steps, values in series:
        for d, other_steps, other in series:
            if d is c or d.dir != c.dir or len(other) != len(values) or not np.array_equal(steps, other_steps):
                continue
            scale = max(float(np.abs(other).max()), 1e-12)
            if float(np.abs(values - other).max()) <= APART * scale:
                continue  # the same curve (a falling loss is its own running minimum; losses stuck at one level)
            if np.allclose(values, np.minimum.accumulate(other), rtol=1e-6, atol=1e-12) \
                    or np.allclose(values, np.maximum.accumulate(other), rtol=1e-6, atol=1e-12):
                out.append((c, d))
                break
    return out


def note(found: list) -> str:
    """The note said when series were left out."""
    pairs = ", ".join(f"{c.name} (of {d.name})" for c, d in found[:3])
    return f"running best of another series, no loss of its own (left out): {pairs}"


# ---------------------------------------------------------------- cumulative sums: a loss added up, never one

SUM_MIN_POINTS = 8


def _cumulative(values: np.ndarray) -> bool:
    """True when ``values`` never decrease and climb like a sum of loss values: each increment >= 0, most > 0, the
    last at least 3x the first, and the increments (the summed losses) falling -- the last third's mean below the
    first third's."""
    if len(values) < SUM_MIN_POINTS or not np.isfinite(values).all() or values[0] < 0:
        return False
    inc = np.diff(values)
    scale = max(float(np.abs(values).max()), 1e-12)
    if (inc < -1e-9 * scale).any() or (inc > 0).mean() < 0.8 or values[-1] < 3 * max(values[0], 1e-12):
        return False
    third = max(len(inc) // 3, 1)
    return float(inc[-third:].mean()) < float(inc[:third].mean())


def _falls(values: np.ndarray) -> bool:
    return len(values) >= 2 and bool(np.isfinite(values).all()) and float(values[-1]) < float(values[0])


def running_sums(table, cands: list) -> list:
    """(cand, a sibling loss of it) for every candidate of ``cands`` that is a cumulative sum (``_cumulative``) beside
    a loss of the same folder and split that falls and is no sum.

    A script adding each batch's loss up (``train_loss += loss.item()``) and logging the sum so far
    (``writer.add_scalar("iters/Train/Loss/", train_loss, it)``: public multitox187, a multi-task toxicity
    regression's ``Model_train_test_regression.py``, beside each task's own loss ``iters/Train/Loss/<k>``) writes a
    series that only grows: judged as the loss it made a healthy run diverged. Its increments are the losses (positive,
    falling as the model learns), which tells it from a loss that climbs (a diverging loss's increments grow, or
    it falls somewhere)."""
    series = [(c, np.asarray(table.values_of(c), dtype=np.float64)) for c in cands]
    sums = [c for c, v in series if _cumulative(v)]
    out = []
    for c in sums:
        for d, v in series:
            if d is not c and d.dir == c.dir and d.marker == c.marker and d not in sums and _falls(v):
                out.append((c, d))
                break
    return out


def sum_note(found: list) -> str:
    """The note said when cumulative series were left out."""
    pairs = ", ".join(f"{c.name} (beside {d.name})" for c, d in found[:3])
    return (f"cumulative series, a running sum of the loss (it never decreases, its increments fall), no loss of its "
            f"own (left out): {pairs}")
