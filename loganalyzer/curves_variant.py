"""``curves`` choosing, the step/epoch pair: which of a per-step series and its per-epoch aggregate (Lightning's
``*_step``/``*_epoch``, ``on_step=True, on_epoch=True``) plays a role, and why (issue 9, kind 12)."""
from __future__ import annotations

import numpy as np

from .curves_names import _Cand


MIN_EPOCH_POINTS = 5  # a per-epoch aggregate replaces a noisy per-step training series only with this many points


def _noise(values: np.ndarray) -> float:
    """Step-to-step noise: the median absolute change between consecutive finite values (what features.py uses)."""
    v = values[np.isfinite(values)]
    return float(np.median(np.abs(np.diff(v)))) if len(v) > 1 else 0.0


def _off_epoch_means(step: _Cand, epoch: _Cand) -> float:
    """How far the per-step values sit from their epoch's aggregate: the median absolute distance of each per-step
    value from the per-epoch value logged at the end of its epoch (the first epoch log at or after its step). A
    per-step series that alternates between batch kinds (the public ``lslstm`` per-step loss: runs of 0.33-0.5
    and of 0.73-1.16, a median step-to-step change of 0.02) sits ~0.25 away from epoch means that moved 0.064 in all:
    judging its shape judges batches, not training. 0.0 when the steps are unknown."""
    if step.src is None or epoch.src is None:
        return 0.0
    s_steps, e_steps = np.asarray(step.src.steps_of(step)), np.asarray(epoch.src.steps_of(epoch))
    s_vals, e_vals = step.values(), epoch.values()
    if len(s_steps) != len(s_vals) or len(e_steps) != len(e_vals) or len(e_vals) < 2 or len(s_vals) < 2:
        return 0.0
    idx = np.minimum(np.searchsorted(e_steps, s_steps, side="left"), len(e_vals) - 1)
    off = np.abs(s_vals - e_vals[idx])
    off = off[np.isfinite(off)]
    return float(np.median(off)) if len(off) else 0.0


def _movement(values: np.ndarray) -> float:
    """Everything a series moved over the run: highest minus lowest finite value."""
    v = values[np.isfinite(values)]
    return float(v.max() - v.min()) if len(v) else 0.0


def _g(x: float) -> str:
    return f"{x:.3g}"


def _counts_batches(step: _Cand, epoch: _Cand) -> bool:
    """Lightning's per-step validation series counts validation batches 0, 1, 2... (its own counter), not steps."""
    s = step.src.steps_of(step) if step.src is not None else np.empty(0)
    e = epoch.src.steps_of(epoch) if epoch.src is not None else np.empty(0)
    return (len(s) > max(len(e), 1) and int(s[0]) in (0, 1) and bool(np.all(np.diff(s) == 1))
            and (not len(e) or int(s[-1]) != int(e[-1])))


LATE_LEVEL = 2.0  # per-step values before the aggregate's first point >= 2x its first value: the start it misses


def _starts_late(step: _Cand, epoch: _Cand) -> str:
    """Why the training loss's per-epoch aggregate cannot stand for the run: it starts after per-step logs (more than
    one epoch's spacing before its first point) whose median level is >= ``LATE_LEVEL`` x its first value (a first
    launch that died in its first epoch, or epochs whose means were never printed), so judging it alone hides the
    fall. '' when it does not. Public `healthy` dtvnet70
    (a tqdm log: a launch dying at batch 20 of epoch 0 at a running loss of 78,393, resumed at epoch 19 where the
    epoch means begin at 2,752) was `stalled` 0.99 "barely moved" on the epoch means."""
    if step.src is None or epoch.src is None or step.marker not in ("train", None):
        return ""
    s, v = step.src.steps_of(step), step.values()
    e, w = epoch.src.steps_of(epoch), epoch.values()
    if not len(s) or not len(e) or not np.isfinite(w[0]) or w[0] <= 0:
        return ""
    spacing = float(np.median(np.diff(e))) if len(e) >= 2 else 0.0  # one epoch in steps: its own epoch's batches
    before = v[(s < e[0] - spacing) & np.isfinite(v)]
    if not len(before) or float(np.median(before)) < LATE_LEVEL * float(w[0]):
        return ""
    return (f"per-step series: {epoch.name} begins at step {int(e[0])} ({_g(float(w[0]))}), after {len(before)} "
            f"per-step logs at a median of {_g(float(np.median(before)))} that it leaves out")


def _pick_variant(group: list[_Cand], follow: str | None = None) -> tuple[_Cand, str]:
    """One of a step/epoch pair (or a lone series), with the reason (see the module docstring): validation and test
    take the per-epoch aggregate; training the per-step series unless the per-epoch one has more points or the
    per-step one is much noisier than the curve. ``follow`` ('step'/'epoch'): take that flavour when the group has
    it (loss components follow the training loss)."""
    if len(group) == 1:
        return group[0], ""
    per_step = [c for c in group if c.flavor != "epoch"]
    per_epoch = [c for c in group if c.flavor == "epoch"]
    best_step = max(per_step, key=lambda c: (c.n, c.flavor is None), default=None)
    best_epoch = max(per_epoch, key=lambda c: c.n, default=None)
    if best_step is None or best_epoch is None:
        chosen = max(group, key=lambda c: (c.n, c.name))
        return chosen, ""
    if follow == "epoch":
        return best_epoch, "per-epoch, as the training loss"
    if follow == "step":
        return best_step, "per-step, as the training loss"
    if best_epoch.n > best_step.n:
        return best_epoch, (f"per-epoch series has more points ({best_epoch.n} vs {best_step.n} in "
                            f"{best_step.name})")
    step_noise, epoch_noise = _noise(best_step.values()), _noise(best_epoch.values())
    if best_epoch.marker in ("val", "test") and best_step.flavor == "step":
        counter = (", at steps that count validation batches, not training steps"
                   if _counts_batches(best_step, best_epoch) else "")
        noisier = (f"; its step-to-step noise is {_g(step_noise)} vs {_g(epoch_noise)}"
                   if step_noise > 0 and step_noise > epoch_noise else "")
        evaluations = f"{best_epoch.n} evaluation{'s' if best_epoch.n != 1 else ''}"
        return best_epoch, (f"the per-epoch aggregate: one value per evaluation, {evaluations}; {best_step.name} "
                            f"holds their {best_step.n} per-batch values, batch-to-batch differences rather than a "
                            f"curve over training{counter}{noisier}")
    late = _starts_late(best_step, best_epoch)
    if late:
        return best_step, late
    movement = _movement(best_epoch.values())
    off = _off_epoch_means(best_step, best_epoch)
    if best_epoch.n >= MIN_EPOCH_POINTS and max(step_noise, off) > movement:
        how = (f"step-to-step noise {_g(step_noise)}" if step_noise >= off else
               f"median distance from its epoch means {_g(off)}")
        return best_epoch, (f"the per-epoch aggregate: {best_step.name} is much noisier than the curve, its "
                            f"{how} exceeds everything {best_epoch.name} moved over the "
                            f"run ({_g(movement)}); {best_epoch.n} epoch points vs {best_step.n}")
    return best_step, f"per-step series, {best_step.n} points vs {best_epoch.n} in {best_epoch.name}"
