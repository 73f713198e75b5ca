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
