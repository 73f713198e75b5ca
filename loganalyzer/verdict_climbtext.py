"""The words of a `diverged` verdict for a collapse or a late climb (``verdict_climb.late_climb``): the summary,
evidence and advice quoting logged values (``_climb_summary``) and the finding when the schedule excuses the climb
(``_climb_finding``). Split from ``verdict_climb``."""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_base import times, Finding, _chance_name, _fmt, _pct, _step, _value_at
from .verdict_climb import Climb
from .verdict_lrtext import lr_raise, raise_advice
from .verdict_onset import climb_onset, onset_words


def _climb_finding(climb: Climb, f: RunFeatures) -> Finding:
    how = f"{times(climb.ratio)} its best" if climb.ratio == climb.ratio else "far above its best"
    if climb.restarts:
        return Finding("lr_restarts", f"the training loss ends {how}, but {climb.lr_excuse}, not divergence",
                       f.train.min_step)
    if climb.metric:
        return Finding("metric_held", f"the training loss ends {how}, but {climb.lr_excuse}: the predictions did not "
                                      "get worse, so the climb is not taken as divergence", f.train.min_step)
    if climb.recovering:
        return Finding("late_spike", f"the training loss climbed late, but {climb.lr_excuse}: a late spike that may "
                                     "still come down, not taken as divergence; judge the run again once it has run "
                                     "longer", f.train.min_step)
    return Finding("lr_schedule", f"the training loss ends {how} (step {_step(f.train.min_step)}), but "
                                  f"{climb.lr_excuse}: a bump of the schedule that may still come down, not taken "
                                  "as divergence; judge the run again once the learning rate has decayed",
                   f.train.min_step)

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
    onset = climb_onset(series, best_step, start) if climb.kind != "collapse" else None
    lr = _value_at(curves.lr, onset.began if onset is not None else start)
    ev = {"series": series.name, "initial": first, "minimum": best, "minimum_step": best_step, "best_step": best_step,
          "best_step_series": series.name, "final": last,
          "final_step": last_step, "divergence_start_step": start, "climb": climb.kind,
          "stayed_above": floor, "stayed_above_since_step": floor_step}
    if climb.ratio == climb.ratio:
        ev["final_vs_best"] = round(climb.ratio, 2)
    if onset is not None:
        ev["climb_began_step"] = onset.began
    if lr is not None:
        ev["lr_at_divergence_start"] = lr
    ratio = f", about {times(climb.ratio)} its best" if climb.ratio == climb.ratio else ""
    x = "epoch" if series.x == "epoch" else "step"
    if climb.kind == "collapse":
        fell = f"fell {_pct(1 - best / first)} from {_fmt(first)}" if first > 0 and best > 0 else \
            f"fell from {_fmt(first)}"
        # "to where it started" only when the logged loss gave back at least half of its fall: a collapse the
        # accuracy shows (newcomer33 #2: 13.89 -> 1.445 -> 2.005) says how much of the fall came back instead
        back = (last - best) / (first - best) if first > best else 1.0
        where = (f"climbed from {x} {_step(start)} past where it started" if climb.past_start and last > first else
                 f"climbed back from {x} {_step(start)} to where it started" if back >= 0.5 else
                 f"climbed from {x} {_step(start)}, giving back {_pct(back)} of its fall")
        if climb.past_start and best > 0:  # an early collapse (verdict_earlycollapse): logged values, not smoothed
            ratio = f", {times(last / best)} its lowest log and {times(last / first)} its first"
        ev["fall_given_back"] = round(back, 4)
        text = (f"`{series.name}` {fell} to its lowest {_fmt(best)} at {x} {_step(best_step)}, then {where}: "
                f"{_fmt(last)} at the last log ({x} "
                f"{_step(last_step)}{_chance_of(first, last, f)}){ratio}, and has not been below {_fmt(floor)} since "
                f"{x} {_step(floor_step)}")
        if climb.accuracy is not None:
            name, a_first, a_peak, a_last = climb.accuracy
            text += (f"; `{name}` rose from {_fmt(a_first)} to {_fmt(a_peak)} and fell back to {_fmt(a_last)} at its "
                     "last log" if a_peak > a_first else
                     f"; `{name}` was {_fmt(a_first)} at its first log (its best) and fell to {_fmt(a_last)} at its last")
            ev["accuracy_collapse"] = {"series": name, "first": a_first, "peak": a_peak, "last": a_last}
        text += ". It learned, then collapsed"
    else:
        began = (f"was lowest at its first log ({_fmt(best)}, {x} {_step(best_step)})" if i_best == 0 else
                 f"reached its lowest {_fmt(best)} at {x} {_step(best_step)} (it started at {_fmt(first)})")
        past = (f" and {times(last / first)} its first logged value" if climb.past_start and first > 0 and last > first
                else "")
        climbed = onset_words(onset, x) if onset is not None else f"climbed from {x} {_step(start)}"
        text = (f"`{series.name}` {began}, then {climbed} and did not come back: not below "
                f"{_fmt(floor)} since {x} {_step(floor_step)}, {_fmt(last)} at the last log ({x} "
                f"{_step(last_step)}){ratio}{past}")
    if climb.kind == "both" and f.val is not None and curves.val_loss is not None:
        text += (f"; validation `{curves.val_loss.name}` climbed with it, to about {times(climb.val_ratio)} its best "
                 f"({x} {_step(f.val_best_step)})")
        ev.update(best_val_step=f.val_best_step, val_series=curves.val_loss.name)
    text += (f"; the learning rate was {_fmt(lr)} when the climb began" if lr is not None else "")
    if climb.warmup is not None:
        text += (f", still warming up (it went on to {_fmt(climb.warmup[1])}): the run could not take the peak "
                 "rate, or the climb is a warm-up bump that had not settled")
    text += "."
    advice = [
        f"Keep the checkpoint from {x} {_step(best_step)} (the lowest loss, {_fmt(best)}): the later weights are "
        "worse.",
        f"Lower the peak learning rate (it rose to {_fmt(climb.warmup[1])}) by 3-10x, or warm up longer."
        if climb.warmup is not None else
        raise_advice(raised, lr, "when the climb began")
        if (raised := lr_raise(curves.lr, f.lr_cycles)) is not None else
        f"Lower the learning rate{f' (it was {_fmt(lr)} when the climb began)' if lr is not None else ''} by 3-10x, "
        "or decay it earlier / add warm-up.",
        "Clip gradients (clip_grad_norm_ at 1.0) and check that inputs are normalised.",
    ]
    if climb.kind == "collapse":
        advice.append("A loss back at its starting level usually means a constant prediction: replay a late "
                      "checkpoint (`loganalyzer replay`) to look for dead or saturated units.")
    return text, ev, advice
