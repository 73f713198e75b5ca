"""A NaN/Inf loss the run recovered from: still `nan`, said so, with what the finite logs read (``verdict.judge``).

domain.md: `nan` is "a monitored loss (train or validation) becomes NaN or ±Inf; usually it never recovers". A run
that logs one non-finite loss among hundreds and then goes on falling did not break: a skipped fp16 step
(``torch.cuda.amp.GradScaler`` skips a step whose gradients hold inf/NaN, PyTorch docs "Automatic Mixed Precision")
or one bad batch leaves exactly that, and had the update been applied every later loss would be NaN too. Stop 62's
newcomer: 300 steps of ``2*exp(-s/60)+0.1`` with one NaN at step 150 read `nan` 0.90 with "lower the LR 10x".

``transient_nan`` says a loss's break was transient when all of these hold, for every loss that holds NaN/Inf:
- its non-finite logs form one streak (a NaN that recurs after finite logs is the run's verdict) of at most
  ``TRANSIENT_LOGS`` logs, in a series of at least ``MIN_LOGS`` logs;
- the series ends finite, with at least ``AFTER_LOGS`` finite logs after the streak;
- those logs came back to the level before it: the median of the first ``AFTER_LOGS`` after the streak is at most
  ``BACK_TIMES`` times the median of the last ``AFTER_LOGS`` before it (a loss that jumped and stayed up is broken).
The verdict stays `nan` (domain.md's definition: the loss *became* NaN/Inf; the labels of open runs with one
recovered NaN are `nan`: stop 63 tried judging such runs on their finite logs and lost three `nan`-labelled rows for
four gained), at ``RECOVERED_CONFIDENCE``; the streak is a ``transient_nonfinite`` finding naming the step, the run
is also judged on its finite logs (a ``finite_logs_read`` finding), and the advice is about a single bad step (fp16
overflow, one bad batch), not "lower the learning rate 10x".
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .curves import Curves, Series
from .verdict_base import Finding, Verdict, _fmt, _step

TRANSIENT_LOGS = 2  # at most 2 consecutive non-finite logs ...
MIN_LOGS = 10  # ... in a series of at least 10 logs
AFTER_LOGS = 3  # finite logs needed after the streak (and compared with as many before it)
BACK_TIMES = 2.0  # the loss after the streak within 2x the loss before it
RECOVERED_CONFIDENCE = 0.6  # below a run that stayed broken (0.9): the run did go on learning
RECOVERED_ADVICE = ("One NaN/Inf streak the run recovered from points at a single bad step rather than the learning "
                    "rate: check that step's batch for NaN/Inf inputs or labels, an fp16 overflow (use a GradScaler, "
                    "which skips such steps, or bf16), or a log(0)/division by zero in the loss "
                    "(torch.autograd.detect_anomaly() finds the op)")


def _streak(series: Series) -> tuple[int, int] | None:
    """(first index, length) of the only non-finite streak when it is transient; None otherwise."""
    values = np.asarray(series.values, dtype=np.float64)
    bad = ~np.isfinite(values)
    idx = np.flatnonzero(bad)
    if len(idx) == 0 or len(idx) > TRANSIENT_LOGS or len(values) < MIN_LOGS:
        return None
    first, n = int(idx[0]), len(idx)
    if int(idx[-1]) - first + 1 != n or first == 0:  # scattered (it recurred), or no finite log before it
        return None
    before, after = values[:first], values[first + n:]
    if len(after) < AFTER_LOGS or len(before) == 0:
        return None
    was = float(np.median(np.abs(before[-AFTER_LOGS:])))
    now = float(np.median(np.abs(after[:AFTER_LOGS])))
    if now > BACK_TIMES * was and now - was > 1e-12:
        return None
    return first, n


def transient_nan(curves: Curves) -> tuple[Curves, Finding, dict] | None:
    """When every non-finite value of the training/validation loss is one short streak the run recovered from (the
    rules above): the curves with those logs dropped, a ``transient_nonfinite`` finding (message with the series,
    step, count of non-finite logs out of all and the last finite value before) and evidence for the verdict.
    None when no loss holds NaN/Inf or any break is not transient (then ``verdict_nan`` decides ``nan``)."""
    hits = {}
    for role in ("train_loss", "val_loss"):
        series = getattr(curves, role)
        if series is None or np.isfinite(np.asarray(series.values, dtype=np.float64)).all():
            continue
        streak = _streak(series)
        if streak is None:
            return None
        hits[role] = (series, streak)
    if not hits or curves.nonfinite_losses or curves.nonfinite_twins:
        return None
    changes, parts, evidence = {}, [], {}
    for role, (series, (first, n)) in hits.items():
        keep = np.isfinite(np.asarray(series.values, dtype=np.float64))
        changes[role] = dataclasses.replace(series, steps=np.asarray(series.steps)[keep],
                                            values=np.asarray(series.values)[keep])
        bad = float(series.values[first])
        word = "NaN" if math.isnan(bad) else ("inf" if bad > 0 else "-inf")
        step = int(series.steps[first])
        where = "training" if role == "train_loss" else "validation"
        parts.append(f"{where} loss `{series.name}` was {word} at {series.x} {_step(step)}"
                     f"{f' (and the next log)' if n > 1 else ''}: {n} of {len(series.values)} logs; "
                     f"last finite value before it {_fmt(float(series.values[first - 1]))}")
        evidence[series.name] = {"first_nonfinite_step": step, "nonfinite_logs": n, "logs": len(series.values)}
    message = "; ".join(parts) + (". The run logged finite values again and went on: a transient break (a skipped "
                                  "fp16 step, one bad batch), judged on its finite logs")
    step = min(e["first_nonfinite_step"] for e in evidence.values())
    return dataclasses.replace(curves, **changes), Finding("transient_nonfinite", message, step), evidence


def recovered_nan(verdict: Verdict, finite: Verdict, finding: Finding, evidence: dict) -> Verdict:
    """The `nan` ``verdict`` of a run whose only break was transient (``transient_nan``): confidence at most
    ``RECOVERED_CONFIDENCE``, the summary saying the run recovered and what ``finite`` (the verdict on its finite
    logs) reads, the single-bad-step advice first, the ``transient_nonfinite`` finding and a ``finite_logs_read``
    finding; evidence gains ``transient_nonfinite`` (per series: first_nonfinite_step, nonfinite_logs, logs)."""
    read = Finding("finite_logs_read", f"judged on its finite logs alone the run reads {finite.label} "
                                       f"({finite.confidence:.2f}): {finite.summary}")
    said = verdict.summary.rstrip(".").replace("; it later logged finite values again", "")  # verdict_nan's: not twice
    summary = (f"{said}; the run recovered and logged finite values again (judged on its finite logs it reads "
               f"{finite.label})")
    return dataclasses.replace(verdict, confidence=min(verdict.confidence, RECOVERED_CONFIDENCE), summary=summary,
                               advice=(RECOVERED_ADVICE,) + tuple(a for a in finite.advice if a not in verdict.advice),
                               findings=(finding, read) + verdict.findings,
                               evidence={**verdict.evidence, "transient_nonfinite": evidence,
                                         "finite_logs_label": finite.label})
