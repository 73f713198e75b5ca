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

import re

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
SUM_SCALE = 4.0  # a sum's increments: within this factor of its sibling loss (or of the siblings' total), median
# A name saying it adds up: 'cum_loss', 'cumulative_loss', 'accumulated_loss', 'running_loss', 'running_sum'. Not
# 'total': 'total_loss' is the usual sum of a model's terms (recon + w * kl), which may grow under a KL warm-up.
_SUM_NAME = re.compile(r"(?<![a-z])(?:cum|cumul|cumulative|accum|accumulated|running)(?![a-z])", re.IGNORECASE)


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


def _on_scale(steps: np.ndarray, values: np.ndarray, refs: list) -> bool:
    """True when the increments of ``values`` (at ``steps[1:]``) are, in their median ratio, within ``SUM_SCALE`` of
    one reference's values at the same steps (``refs``: (steps, values) of each sibling loss, and their total: a
    multi-task script sums its tasks' losses) -- each increment is one logged batch's loss. A KL term growing under
    warm-up (5.9 -> 45) beside a reconstruction loss of ~100 has increments of 0.03-5: no match."""
    inc, at = np.diff(values), steps[1:]
    for ref_steps, ref in refs:
        idx = np.searchsorted(ref_steps, at)
        ok = idx < len(ref_steps)
        ok[ok] = ref_steps[idx[ok]] == at[ok]
        r_inc, r_ref = inc[ok], ref[idx[ok]]
        keep = (r_inc > 0) & (r_ref > 0)
        if keep.sum() < SUM_MIN_POINTS // 2:
            continue
        ratio = float(np.median(r_inc[keep] / r_ref[keep]))
        if 1 / SUM_SCALE <= ratio <= SUM_SCALE:
            return True
    return False


def _total(refs: list) -> tuple | None:
    """(steps, values) of the siblings added up at the steps all of them log; None for fewer than two."""
    if len(refs) < 2:
        return None
    common = refs[0][0]
    for s, _ in refs[1:]:
        common = np.intersect1d(common, s)
    if len(common) == 0:
        return None
    return common, sum(v[np.searchsorted(s, common)] for s, v in refs)


def running_sums(table, cands: list) -> list:
    """(cand, a sibling loss of it) for every candidate of ``cands`` that is a cumulative sum (``_cumulative``) beside
    a loss of the same folder and split that falls and is no sum, when the sum's increments are on the scale of the
    sibling losses (``_on_scale``) or its name says it adds up (``_SUM_NAME``).

    A script adding each batch's loss up (``train_loss += loss.item()``) and logging the sum so far
    (``writer.add_scalar("iters/Train/Loss/", train_loss, it)``: public multitox187, a multi-task toxicity
    regression's ``Model_train_test_regression.py``, beside each task's own loss ``iters/Train/Loss/<k>``) writes a
    series that only grows: judged as the loss it made a healthy run diverged. Its increments are the losses (positive,
    falling as the model learns, each on the scale of the losses logged beside it), which tells it from a loss that
    climbs (a diverging loss's increments grow, or it falls somewhere) and from a VAE's KL term growing under KL
    warm-up beside a falling reconstruction loss (its increments are a few percent of that loss: it stays a loss,
    tests/test_verdict50.py)."""
    series = []
    for c in cands:
        values = np.asarray(table.values_of(c), dtype=np.float64)
        steps = np.asarray(table.steps_of(c))
        order = np.argsort(steps, kind="stable")
        series.append((c, steps[order], values[order], values))
    sums = [c for c, _, _, written in series if _cumulative(written)]
    out = []
    for c in sums:
        steps, values = next((s, v) for d, s, v, _ in series if d is c)
        sibs = [(d, s, v) for d, s, v, _ in series
                if d is not c and d.dir == c.dir and d.marker == c.marker and d not in sums and len(v)
                and np.isfinite(v).all() and len(np.unique(s)) == len(s)]
        falling = next((d for d, _, v in sibs if _falls(v)), None)
        if falling is None:
            continue
        refs = [(s, v) for _, s, v in sibs]
        total = _total(refs)
        if _SUM_NAME.search(c.name) or _on_scale(steps, values, refs + ([total] if total is not None else [])):
            out.append((c, falling))
    return out


def sum_note(found: list) -> str:
    """The note said when cumulative series were left out."""
    pairs = ", ".join(f"{c.name} (beside {d.name})" for c, d in found[:3])
    return (f"cumulative series, a running sum of the loss (it never decreases, its increments are the losses beside "
            f"it), no loss of its own (left out): {pairs}")
