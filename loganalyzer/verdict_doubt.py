"""Stalls the logs cannot tell from a converged or fine-tuned run: the `stalled` label stands, its confidence is
capped below the report's "confident" line (0.8), and the summary says why (issue 9: confident wrong verdicts).

domain.md's stalled: "the training loss barely moves from its initial value for the whole run". Two shapes read as
that stall, and the dev labels split on both, so the tool must not claim the certainty (0.97-0.99) the learned model
gave them:

- **late start** (``late_flat``): the judged loss's log begins after >= ``LATE_INTERVALS`` (10) of its own logging
  intervals and at >= ``LATE_SHARE`` (25%) of its last step (``verdict_latestart.late_start`` refutes the stall
  outright only where the loss still fell and a validation loss was logged). The run's initial value was never
  logged: a flat tail at a trained level looks just like a stall. Dev `healthy` rows called
  `stalled` 0.97-0.98: stereodistill193 distill_second_1713537368 (a resumed segment, steps 56,720-70,880, train
  EPE deciles 1.13 ... 1.23 around the converged level), agcrn-jccc220 model_para (epochs 51-148 of a resumed
  run, 16.9 -> 17.4 with a recovered spike). No dev `stalled` row (173-222) called stalled >= 0.8 has this shape.
- **small steady fall** (``small_steady_fall``): the judged loss's last tenth of logs (median) lies
  ``SMALL_FALL_MIN`` (3%) to ``SMALL_FALL_MAX`` (8%, ``verdict_finetune.FINETUNE_FALL``, where a fine-tune's fall
  counts as learning) below its first tenth, with a Mann-Kendall z <= ``SMALL_FALL_Z`` (-2.326, one-sided 1%):
  a real but small descent. A fine-tune from a checkpoint "improves little in relative terms" (domain.md); an
  LR orders of magnitude too small does too. Dev `healthy` called `stalled` 0.98: blip2repro221
  caption_student_100k_opt350m_long (BLIP-2 caption fine-tune, 0.383 -> 0.365 over 15 epochs as a cosine LR goes
  to 0), kdaudiocap182 enc_hybrid_seed_43 (a KD fine-tune, 2.131 -> 2.039); labelled `stalled` with this shape:
  unetdepth193 53e013b5 (an MLflow fine-tune at LR 3.1e-7, 0.0002257 -> 0.0002124, the one dev `stalled` row this
  lowers from 0.98), kair-bardia191 (-3.6%, 0.79), and, called <= 0.6 already, heartseg173 -4.6%, kerashp212 mj_2
  -5.3%, raftasphere193 -7%, sclstm185 -7% (and the fine-tunes ``verdict_finetune`` names: tokcomp, plane <= 6.3%).

Below 3% the stall's shape is plain (cs330chen197's ln k plateaus, molvheat187 bbbp at the class prior: 0.1-1%) and
the confidence stands. ``DOUBT_CONFIDENCE`` (0.7) keeps the label above the 0.6 of the eval's unclear rows: only
the claim of certainty changes, never the agreement.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .curves import Curves, Series
from .verdict_base import Finding, Verdict, _fmt
from .verdict_mannkendall import mann_kendall_z

DOUBT_CONFIDENCE = 0.7
LATE_INTERVALS, LATE_SHARE = 10, 0.25
SMALL_FALL_MIN, SMALL_FALL_MAX, SMALL_FALL_Z = 0.03, 0.08, -2.326
MIN_LOGS = 8


def _judged(curves: Curves) -> tuple[Series, np.ndarray, np.ndarray] | None:
    """The judged loss (training, else validation) as (series, steps, finite values), or None (< ``MIN_LOGS``)."""
    series = curves.train_loss if curves.train_loss is not None else curves.val_loss
    if series is None:
        return None
    ok = np.isfinite(series.values)
    steps, values = np.asarray(series.steps, dtype=float)[ok], np.asarray(series.values, dtype=float)[ok]
    return (series, steps, values) if len(values) >= MIN_LOGS else None


def late_flat(curves: Curves) -> str | None:
    """Why a stall cannot be shown: the judged loss's log begins late (first step >= ``LATE_INTERVALS`` x its median
    logging interval and >= ``LATE_SHARE`` x its last step); None otherwise."""
    judged = _judged(curves)
    if judged is None:
        return None
    series, steps, values = judged
    interval = float(np.median(np.diff(steps))) if len(steps) > 1 else 0.0
    first, last = steps[0], steps[-1]
    if interval <= 0 or first < LATE_INTERVALS * interval or first < LATE_SHARE * last:
        return None
    return (f"its log begins at {series.x} {int(first):,} ({first / max(last, 1):.0%} of the way to {int(last):,}): "
            "the run's initial loss was not logged, and a flat log from a trained level looks the same as a stall")


def small_steady_fall(curves: Curves) -> str | None:
    """Why a stall is in doubt: the judged loss fell ``SMALL_FALL_MIN`` to ``SMALL_FALL_MAX`` of its first tenth
    (medians of a tenth of the logs) as a trend (Mann-Kendall z <= ``SMALL_FALL_Z``); None otherwise."""
    judged = _judged(curves)
    if judged is None:
        return None
    series, _, values = judged
    k = max(1, len(values) // 10)
    start, end = float(np.median(values[:k])), float(np.median(values[-k:]))
    if not start > 0 or not end > 0:
        return None
    fall = 1 - end / start
    if not SMALL_FALL_MIN <= fall < SMALL_FALL_MAX or mann_kendall_z(values) > SMALL_FALL_Z:
        return None
    return (f"`{series.name}` fell steadily from {_fmt(start)} to {_fmt(end)} ({fall:.0%}, a trend, not noise): a "
            "fine-tune from a trained model or a small learning rate improves this little too")


def doubted(verdict: Verdict, curves: Curves) -> Verdict:
    """``verdict`` with its confidence capped at ``DOUBT_CONFIDENCE`` and the reason added to the summary and the
    findings when it is a `stalled` the curves cannot tell from a converged or fine-tuned run; else unchanged."""
    if verdict.label != "stalled" or verdict.confidence <= DOUBT_CONFIDENCE:
        return verdict
    why = late_flat(curves) or small_steady_fall(curves)
    if why is None:
        return verdict
    return dataclasses.replace(
        verdict, confidence=DOUBT_CONFIDENCE,
        summary=f"{verdict.summary} Less sure: {why}.",
        findings=verdict.findings + (Finding("stall_in_doubt", f"stalled, less sure: {why}"),))
