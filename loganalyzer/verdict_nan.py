"""NaN/Inf verdicts: a non-finite loss, and NaN/Inf outside the loss (issue 9, kind 4). Certain rules, decided before
any shape label.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves, Series
from .curves_names import metric_word
from .features import RunFeatures
from .verdict_ampskip import skipped_steps
from .verdict_base import Finding, Verdict, _fmt, _step, _value_at

# ---------------------------------------------------------------- NaN/Inf outside the loss (issue 9, kind 4)
#
# Decided (and tested in tests/test_verdict_kinds.py):
# - the gradient norm is a monitored training signal: non-finite from some step to the end of the run (2+ logs,
#   after finite ones) means the update broke the weights: `nan`, even while the logged loss stays finite. A loss
#   that reads exactly the same value (typically 0.0) from then on is the symptom, not convergence.
# - a gradient norm that is non-finite at scattered steps and finite again after is what fp16 loss scaling does
#   when it skips an overflowing step: a finding, not `nan`.
# - a gradient norm never finite at all while the loss learns is a logging artefact (a norm computed outside the
#   optimiser): a finding; with a loss stuck at one exact value it is `nan` (the same pattern from step one).
# - accuracy/metric series (``train_acc``/``val_acc``/``val_metric``) go NaN through 0/0 (an empty evaluation batch, an
#   undefined F1) without the model being broken: non-finite values there are a finding, and `nan` only when
#   the metric stays non-finite to the end while the training loss is stuck at one exact value.
# - a non-finite *loss* (training or validation) is `nan` as before, even when it recovers (confidence 0.9).

SIGNAL_ROLES = (("grad_norm", "gradient norm"), ("val_acc", "validation metric"), ("train_acc", "training metric"),
                ("val_metric", "validation metric"))


def _at(series: Series | None, step: int | None) -> str:
    """Where a NaN/Inf happened, named on the axis its series is logged on: 'epoch 7' for a Keras CSVLogger's or a
    Keras TensorBoard ``epoch_*`` series (``Series.x``), 'step 700' otherwise."""
    return f"{series.x if series is not None else 'step'} {_step(step)}"


@dataclass(frozen=True)
class _Nonfinite:
    """Where a series holds NaN/±Inf: the first such step, the count, and the streak that runs to the end."""

    series: Series
    first_step: int
    count: int
    points: int
    tail_step: int | None  # first step of the non-finite streak that lasts to the last log (None: ends finite)
    tail_len: int
    finite_before_tail: bool
    last_finite_step: int | None  # before the tail (or before the first non-finite value when none)
    last_finite_value: float | None


def _nonfinite(series: Series | None) -> _Nonfinite | None:
    if series is None or len(series.values) == 0:
        return None
    values = np.asarray(series.values, dtype=np.float64)
    steps = np.asarray(series.steps)
    bad = ~np.isfinite(values)
    if not bad.any():
        return None
    first = int(np.argmax(bad))
    good = np.nonzero(~bad)[0]
    tail = (int(good[-1]) + 1 if len(good) else 0) if bad[-1] else None
    before = good[good < (tail if tail is not None else first)]
    return _Nonfinite(series, int(steps[first]), int(bad.sum()), len(values),
                      None if tail is None else int(steps[tail]), 0 if tail is None else len(values) - tail,
                      bool(len(before)), int(steps[before[-1]]) if len(before) else None,
                      float(values[before[-1]]) if len(before) else None)


def _stuck_loss(series: Series | None, after_step: int | None) -> tuple[int, float, int] | None:
    """(first step, value, count) of the exactly constant stretch that ends the training loss, when it starts at
    or after ``after_step`` (without one: covers half the run) and spans 3+ logs. A loss that reads 0.0 (or any
    one value) on every log once the gradients broke is the symptom of NaN weights, not convergence."""
    if series is None or len(series.values) < 2:
        return None
    values = np.asarray(series.values, dtype=np.float64)
    steps = np.asarray(series.steps)
    if not math.isfinite(values[-1]):
        return None
    same = values == values[-1]
    start = len(values) - int(np.argmin(same[::-1])) if not same.all() else 0
    count = len(values) - start
    if count < 3 or (after_step is not None and steps[start] < after_step):
        return None
    if after_step is None and count < 0.5 * len(values):  # no break to anchor it: most of the run, not a tie
        return None
    return int(steps[start]), float(values[-1]), count


def _signal_breaks(curves: Curves) -> list[tuple[str, _Nonfinite, bool, tuple | None]]:
    """Per monitored non-loss signal with NaN/Inf: (role, where, breaks the run, stuck loss)."""
    out = []
    for role, _ in SIGNAL_ROLES:
        hit = _nonfinite(getattr(curves, role))
        if hit is None:
            continue
        persists = hit.tail_step is not None and hit.tail_len >= 2
        stuck = _stuck_loss(curves.train_loss, hit.tail_step if hit.finite_before_tail else None) \
            if persists else None
        if role == "grad_norm":  # (a loss learning on after the break: fp16 skips, verdict_ampskip)
            breaks = (persists and (hit.finite_before_tail and not skipped_steps(curves, hit.series, hit.tail_step)
                                    or stuck is not None)) or _ended_on_blowup(curves, hit)
        else:
            breaks = persists and stuck is not None
        out.append((role, hit, breaks, stuck))
    return out


BLOWUP_BEFORE_INF = 1e3  # the training loss at the run's last log >= 1000x its lowest: it overflowed, not a skip


def _ended_on_blowup(curves: Curves, hit: _Nonfinite) -> bool:
    """The gradient norm is non-finite at the run's last log only (after finite ones: the training loop stopped on
    it, e.g. ``if not torch.isfinite(grad_norm): break``), and the training loss logged there (or just before) is
    ``BLOWUP_BEFORE_INF`` times its lowest finite log: the weights overflowed under a too-large step (a loss at 9e32
    beside an inf ``clip_grad_norm_``), which domain.md's nan covers ("a monitored ... signal becomes NaN or ±Inf";
    the gradient norm is a monitored training signal, above). One inf beside a calm loss is fp16 loss scaling
    skipping a step: still a finding."""
    loss = curves.train_loss
    if hit.tail_len != 1 or not hit.finite_before_tail or loss is None or len(loss.steps) == 0 \
            or int(loss.steps[-1]) > hit.tail_step:
        return False
    v = np.asarray(loss.values, dtype=np.float64)
    v = v[np.isfinite(v)]
    return len(v) >= 2 and float(v.min()) > 0 and float(v[-1]) >= BLOWUP_BEFORE_INF * float(v.min())


def _signal_findings(curves: Curves, skip: str | None = None) -> list[Finding]:
    """Findings for NaN/Inf in monitored non-loss signals that do not make the run `nan` (see the notes above)."""
    out = []
    for role, hit, breaks, _ in _signal_breaks(curves):
        if role == skip:
            continue
        what = dict(SIGNAL_ROLES)[role]
        name = hit.series.name
        if hit.count == hit.points:
            text = (f"{what} `{name}` is non-finite at every one of its {hit.points} logs: it is probably not "
                    "computed (or logged) correctly, since the loss still " + ("moves" if role == "grad_norm" else
                                                                               "is finite"))
        elif hit.tail_step is not None and hit.tail_len >= 2:
            text = (f"{what} `{name}` is non-finite from {_at(hit.series, hit.tail_step)} to the end ({hit.tail_len} "
                    f"of {hit.points} logs)" + ("" if breaks else "; the training loss went on learning after it: "
                                                "fp16 loss scaling skipping overflowing steps, not a broken run"
                                                if role == "grad_norm" else "; the losses stay finite, so it is "
                                                "reported, not taken as a broken run (0/0 on an empty batch?)"))
        elif hit.tail_step is not None:  # one non-finite log, the last: nothing after it to say it recovered
            text = (f"{what} `{name}` is non-finite at its last log ({_at(hit.series, hit.tail_step)}"
                    + (f"; {hit.count} of {hit.points} logs" if hit.count > 1 else "") + ")")
        else:
            text = (f"{what} `{name}` is non-finite at {hit.count} of {hit.points} logs (first at "
                    f"{_at(hit.series, hit.first_step)}) and finite again after"
                    + (": typical of fp16 loss scaling skipping an overflowing step" if role == "grad_norm"
                       else ": an empty evaluation batch or an undefined metric (0/0)?"))
        out.append(Finding("nonfinite_signal", text, hit.first_step))
    never = curves.nonfinite_metrics
    if never:
        names = ", ".join(f"`{m.name}`" for m in never[:3]) + (f" and {len(never) - 3} more" if len(never) > 3 else "")
        first = int(never[0].steps[0]) if len(never[0].steps) else None
        out.append(Finding("nonfinite_signal", f"{names} {'is' if len(never) == 1 else 'are'} NaN/Inf at every log "
                                               f"({len(never[0].values)} of `{never[0].name}`): never computed -- 0/0, "
                                               "nothing to measure (a class missing from the split, an empty "
                                               "evaluation); the losses stay finite, so the run is judged on them"
                                               + (", without its task's metric" if never_computed_headline(curves)
                                                  else ""), first))
    return out


NEVER_COMPUTED_CONFIDENCE = 0.6  # the task's headline metric was never computed: the verdict rests on the losses


def never_computed_headline(curves: Curves) -> bool:
    """The run's best-ranked task metric (``curves_names.METRIC_UP``/``METRIC_DOWN`` order) is NaN/Inf at every log
    while no accuracy and no better-or-equal-ranked metric was computed: the measure the run is judged by is missing
    (the sixteenth set's ``dmitrii tcn_v1``: val_roc_auc and val_pr_auc NaN at all 5 evaluations -- a validation
    split with one class -- beside a precision of 0, labelled `nan` by its labeller, was `healthy` 0.92 saying nothing
    of it). The verdict's confidence is capped at ``NEVER_COMPUTED_CONFIDENCE``; domain.md's `nan` is a NaN loss, so
    the label stays the losses'. A metric NaN by design beside a computed accuracy (an F1 of a class that never
    occurs) does not cap it."""
    never = [m for m in curves.nonfinite_metrics if metric_word(m.tag) is not None]
    if not never or curves.val_acc is not None or curves.train_acc is not None:
        return False
    top = metric_word(never[0].tag)[0]
    chosen = metric_word(curves.val_metric.tag) if curves.val_metric is not None else None
    return chosen is None or top < chosen[0]


def _signal_nan_verdict(curves: Curves, f: RunFeatures) -> Verdict | None:
    """`nan` from a monitored non-loss signal that went non-finite and stayed so (the training loss finite)."""
    broken = [(role, hit, stuck) for role, hit, breaks, stuck in _signal_breaks(curves) if breaks]
    if not broken:
        return None
    role, hit, stuck = min(broken, key=lambda b: (b[1].tail_step, b[0] != "grad_norm"))
    step = hit.tail_step
    what = dict(SIGNAL_ROLES)[role]
    bad = hit.series.values[np.searchsorted(np.asarray(hit.series.steps), step)]
    bad_text = "NaN" if math.isnan(bad) else str(float(bad))
    lr = _value_at(curves.lr, step)
    loss = curves.train_loss if curves.train_loss is not None else curves.val_loss
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(bad) else str(float(bad)),
                "series": hit.series.name, "signal": role, "nonfinite_logs": hit.tail_len, "logs": hit.points,
                "last_finite_value": hit.last_finite_value, "last_finite_step": hit.last_finite_step,
                "recovered": False}
    loss_text = ""
    if loss is not None:
        ls, lv = np.asarray(loss.steps), np.asarray(loss.values, dtype=np.float64)
        ok = np.isfinite(lv) & (ls < step)
        evidence["loss_series"] = loss.name
        if ok.any():
            i = int(np.nonzero(ok)[0][-1])
            evidence["last_finite_loss"] = float(lv[i])
            evidence["last_finite_loss_step"] = int(ls[i])
            loss_text = (f"; the loss `{loss.name}` was {_fmt(float(lv[i]))} at {_at(loss, int(ls[i]))}, the last "
                         f"log before the break")
        same = np.isfinite(lv) & (ls == step)
        if same.any():  # the loss logged beside the break: the overflow it came from (9.2e+32 beside an inf norm)
            loss_text += f", and {_fmt(float(lv[same][-1]))} at {_at(loss, step)}"
    if stuck is not None:
        evidence["stuck_loss_step"], evidence["stuck_loss_value"], evidence["stuck_loss_logs"] = stuck
        loss_text += (", and" if loss_text else f"; the loss `{curves.train_loss.name}`")
        loss_text += (f" reads exactly {_fmt(stuck[1])} from {_at(curves.train_loss, stuck[0])} on ({stuck[2]} logs): "
                      "a symptom of NaN gradients/weights, not convergence")
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    at = _at(hit.series, step)
    origin = f"became {bad_text} at {at}" if hit.finite_before_tail else \
        f"is {bad_text} from its first log ({at})"
    kept = (f" and stayed non-finite to the end ({hit.tail_len} of {hit.points} logs)" if hit.tail_len > 1 else
            f", the last of its {hit.points} logs (the run stopped there)")
    summary = (f"{what} `{hit.series.name}` {origin}{kept}{loss_text}" + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "")
               + ".")
    advice = [
        f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at {at})' if lr is not None else ''} "
        "and add gradient clipping (e.g. clip_grad_norm_ at 1.0).",
        "Train in fp32 or bf16 rather than fp16 (fp16 overflows to inf/NaN); with a GradScaler, a non-finite step "
        "must be skipped, not applied.",
        f"Check the batches just before {at} for NaN/Inf inputs and for all-padding or fully masked "
        "examples (a mean over zero tokens is 0/0).",
        f"Re-run up to {at} under torch.autograd.detect_anomaly() to find the op that produced it.",
    ]
    confidence = 0.97 if role == "grad_norm" and (stuck is not None or hit.tail_len >= 3) else 0.85
    return Verdict("nan", confidence, summary, evidence, (), tuple(advice), {}, "rules")


def _nan_verdict(curves: Curves, f: RunFeatures) -> Verdict | None:
    hits = [(s, series) for s, series in ((f.train, curves.train_loss), (f.val, curves.val_loss))
            if s is not None and s.first_nonfinite_step is not None]
    signal = _signal_nan_verdict(curves, f)
    if not hits:  # scattered NaN/Inf outside the losses: findings only
        return signal or _component_nan_verdict(curves) or _twin_nan_verdict(curves)
    shape, series = min(hits, key=lambda h: h[0].first_nonfinite_step)
    if signal is not None and signal.evidence["first_nonfinite_step"] < shape.first_nonfinite_step:
        # the gradients broke first; the loss followed (e.g. the evaluation after NaN weights)
        where = "training" if series is curves.train_loss else "validation"
        later = (f" The {where} loss `{series.name}` followed: non-finite from "
                 f"{_at(series, shape.first_nonfinite_step)}.")
        return dataclasses.replace(signal, summary=signal.summary + later, evidence={
            **signal.evidence, "loss_first_nonfinite_step": shape.first_nonfinite_step,
            "loss_nonfinite_series": series.name})
    step = shape.first_nonfinite_step
    idx = int(np.searchsorted(np.asarray(series.steps), step))
    bad = float(series.values[min(idx, len(series.values) - 1)])
    before = np.asarray(series.values[:idx], dtype=np.float64)
    before = before[np.isfinite(before)]
    last_ok = float(before[-1]) if len(before) else None
    lr = _value_at(curves.lr, step)
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(bad) else str(bad),
                "series": series.name, "last_finite_value": last_ok, "recovered": shape.nonfinite_recovered}
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    where = "training" if series is curves.train_loss else "validation"
    at = _at(series, step)  # 'epoch 8' on a Keras CSV's epoch axis
    summary = (f"{where} loss `{series.name}` became {'NaN' if math.isnan(bad) else bad} at {at}"
               + (f" (last finite value {_fmt(last_ok)})" if last_ok is not None else "")
               + ("; it later logged finite values again" if shape.nonfinite_recovered else " and never recovered")
               + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "") + ".")
    lower_lr = (f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at {at})' if lr is not None else ''}"
                " and add gradient clipping (e.g. clip_grad_norm_ at 1.0).")
    numeric = ["Clamp inside log/div in the loss (log(x + eps), x.clamp_min(eps)) and check inputs for NaN/Inf.",
               f"Re-run up to {at} under torch.autograd.detect_anomaly() to find the op that produced it."]
    spike = shape.spikes and last_ok is not None
    # a spike or a climb before the NaN points at the step size: the LR first; a NaN out of a calm, low loss points
    # at an op (log of a negative, 0/0): those first (the newcomer's stop-27 run: log(-1) at step 200, Adam at 1e-3)
    advice = [lower_lr, *numeric] if spike or _climbed(before) else [*numeric, lower_lr]
    if spike:
        advice.append("A loss spike preceded the NaN: the classic sign of a learning rate too high; try warm-up.")
    return Verdict("nan", 0.99 if not shape.nonfinite_recovered else 0.9, summary, evidence, (), tuple(advice),
                   {}, "rules")


CLIMB_BEFORE_NAN = 1.5  # the last logs before the NaN (median of 3) >= 1.5x the lowest before them: a climb


def _climbed(before: np.ndarray) -> bool:
    """The finite logs before a NaN (``before``, in order) ended climbing: the median of the last three is >=
    ``CLIMB_BEFORE_NAN`` times the lowest log before them (a positive loss), the path a too-high step size takes to
    NaN. False for fewer than 4 logs."""
    if len(before) < 4 or float(before.min()) <= 0:
        return False
    return float(np.median(before[-3:])) >= CLIMB_BEFORE_NAN * float(before[:-3].min())


def _component_nan_verdict(curves: Curves) -> Verdict | None:
    """`nan` for a term of the training objective (``curves.components``: a detector's box loss, a multi-task run's
    regression loss) that holds NaN/Inf while the loss judged stays finite: domain.md's nan is "a monitored loss
    (train or validation) becomes NaN or ±Inf", and a term is one, whatever the total it is added to (a NaN term
    makes the summed loss NaN; a logger that sums only the finite ones hides it). A twelfth-set labeller's clear
    `nan` (``cubmulti v7``: ``regression_loss`` NaN at all 26 logs, ``classification_loss`` 5.32 -> 5.31) was
    `stalled` 0.99, judged on the finite term alone. An RL run's value loss, entropy or policy loss left out of the
    roles (``Curves.nonfinite_losses`` with >= 2 logs, ``curves_rl.OBJECTIVE_TERMS``) is such a term too: a critic
    whose value loss went NaN while the policy loss stayed finite was `healthy`, judged on its return."""
    rl_terms = tuple(s for s in curves.nonfinite_losses if len(s.steps) >= 2)
    hits = [h for h in (_nonfinite(c) for c in curves.components + rl_terms) if h is not None]
    if not hits:
        return None
    hit = min(hits, key=lambda h: h.first_step)
    name = hit.series.name
    where = (f"at every one of its {hit.points} logs" if hit.count == hit.points else
             f"from {_at(hit.series, hit.first_step)} ({hit.count} of {hit.points} logs)")
    summary = (f"the loss term `{name}` is non-finite {where}"
               + (f" (last finite value {_fmt(hit.last_finite_value)} at {_at(hit.series, hit.last_finite_step)})"
                  if hit.last_finite_value is not None else "")
               + f", while `{curves.train_loss.name if curves.train_loss is not None else 'the loss judged'}` "
                 "stays finite: part of the objective is broken.")
    evidence = {"first_nonfinite_step": hit.first_step, "series": name, "nonfinite_logs": hit.count,
                "logs": hit.points, "component": True}
    advice = ("Find where the term goes NaN: log(0), 0/0 or an empty target in that head's loss (e.g. a "
              "regression target missing for some samples, a masked mean over no elements).",
              "Clamp inside log/div (log(x + eps), x.clamp_min(eps)) and check that head's inputs for NaN/Inf.",
              f"Re-run up to {_at(hit.series, hit.first_step)} under torch.autograd.detect_anomaly() to find the op.")
    if hit.series in rl_terms:
        advice = ("Normalise the rewards or returns (a running standard deviation) and clip the value loss or its "
                  "gradient (max_grad_norm 0.5 is the PPO default): unscaled returns overflow the critic.",
                  "Lower the critic's learning rate (or its vf_coef) and check the environment's rewards and "
                  f"observations for NaN/Inf near {_at(hit.series, hit.first_step)}.") + advice[2:]
    return Verdict("nan", 0.95, summary, evidence, (), advice, {}, "rules")


def _twin_nan_verdict(curves: Curves) -> Verdict | None:
    """`nan` for a training loss other than the one judged that went NaN/Inf for good (``Curves.nonfinite_twins``):
    nanoGPT prints a per-iteration `loss` and, every eval interval, `train loss`/`val loss`; the curve is judged on
    the evaluation-time pair, whose last evaluation came before the iteration loss went NaN. domain.md's nan is "a
    monitored loss (train or validation) becomes NaN or ±Inf; usually it never recovers". The fifty-second set's
    clear `nan` nanogptkirin52 (iteration loss 3.50 at iter 420, NaN at every print from 425 to 450, the last
    evaluation at 400) was `healthy` 0.45."""
    hits = [h for h in (_nonfinite(s) for s in curves.nonfinite_twins)  # >= 2 finite logs, then >= 2 non-finite
            if h is not None and h.tail_step is not None and h.tail_len >= 2 and h.points - h.count >= 2]  # to the end
    if not hits:
        return None
    hit = min(hits, key=lambda h: h.tail_step)
    step, name = hit.tail_step, hit.series.name
    judged = curves.train_loss.name if curves.train_loss is not None else None
    lr = _value_at(curves.lr, step)
    value = float(hit.series.values[int(np.searchsorted(np.asarray(hit.series.steps), step))])
    shown = "NaN" if math.isnan(value) else str(value)
    at = _at(hit.series, step)
    summary = (f"training loss `{name}` became {shown} at {at}"
               + (f" (last finite value {_fmt(hit.last_finite_value)} at {_at(hit.series, hit.last_finite_step)})"
                  if hit.last_finite_value is not None else "")
               + f" and stayed so for its last {hit.tail_len} logs"
               + (f"; the curve `{judged}` ends before it" if judged else "")
               + (f"; the learning rate was {_fmt(lr)}" if lr is not None else "") + ".")
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(value) else shown,
                "series": name, "last_finite_value": hit.last_finite_value, "recovered": False,
                "nonfinite_logs": hit.tail_len}
    if lr is not None:
        evidence["lr_at_first_nonfinite"] = lr
    advice = (f"Lower the learning rate ~10x{f' (it was {_fmt(lr)} at {at})' if lr is not None else ''}"
              " and add gradient clipping (e.g. clip_grad_norm_ at 1.0); with fp16, check the loss scaler.",
              f"Re-run up to {at} under torch.autograd.detect_anomaly() to find the op that produced "
              "it, and check the batches there for NaN/Inf inputs.")
    return Verdict("nan", 0.95, summary, evidence, (), advice, {}, "rules")


def nonfinite_only_verdict(curves: Curves) -> Verdict:
    """``nan`` for a run whose losses are too short for a curve but hold NaN/Inf (``Curves.nonfinite_losses``): a
    job that blew up at its first log (Keras ``TerminateOnNaN`` leaves one row ``0,inf,nan``). The NaN rule does not
    need a curve (domain notes: any non-finite monitored loss is ``nan``)."""
    first = []
    for series in curves.nonfinite_losses:
        bad = np.flatnonzero(~np.isfinite(np.asarray(series.values, dtype=np.float64)))
        first.append((int(series.steps[bad[0]]), series, float(series.values[bad[0]])))
    step, series, value = min(first, key=lambda h: h[0])
    shown = "NaN" if math.isnan(value) else str(value)
    summary = (f"loss `{series.name}` is {shown} at {_at(series, step)}, with {len(series.steps)} point(s) logged: "
               "the run broke before it had a curve.")
    evidence = {"first_nonfinite_step": step, "nonfinite_value": "nan" if math.isnan(value) else str(value),
                "series": series.name, "last_finite_value": None, "recovered": False}
    advice = (
        "Lower the learning rate ~10x and add gradient clipping (e.g. clip_grad_norm_ at 1.0).",
        "Check the first batches and the loss for NaN/Inf inputs, log(0) and division by zero "
        "(torch.autograd.detect_anomaly() on the first steps finds the op).",
    )
    return Verdict("nan", 0.95, summary, evidence, (), advice, {}, "rules")
