"""Per-batch meter lines named by their phase, and when they are only detail (used by ``readers/_progress.py`` and
``readers/joblog.py``).

convNet.pytorch-style trainers (public dls-optim ``problem1.out``) print, per logged batch, ``TRAINING - Epoch:
[67][390/391]\\tTime 0.010 (0.0103)\\tData ...\\tLoss 1.7606 (1.7513)\\tAcc 0.310 (0.314)`` and ``EVALUATING - Epoch:
[67][78/79]\\t...`` (each meter's value, then its running mean over the epoch so far), and after each epoch a summary
``Training Loss 1.7513 \\tTraining Accuracy ... \\tValidation Loss 2.4306 \\tValidation Accuracy ...`` under
``Results - Epoch: 67``. Read as ``key value`` pairs, the batch lines of both phases made ``Loss``/``Acc`` series
at the epoch (the mean of training and validation batches: 1.945 at 67, neither curve) beside the summaries.

``phase_meter`` reads such a line: training at step epoch x batches + batch (the batch's own values, as ``_meter``),
evaluation as ``val_`` running means at the step of the line before. ``batch_detail`` drops them where other lines
of the log print the losses (the summaries): the batch lines are then detail of the same curves.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_PHASE = re.compile(r"(TRAINING|TRAIN|EVALUATING|EVALUATION|EVAL|VALIDATING|VALIDATION|VAL|TESTING|TEST)\s*-\s*"
                    r"Epoch:?\s*\[\s*(\d+)\s*\]\s*\[\s*(\d+)\s*/\s*(\d+)\s*\]\s")
_PAIR = re.compile(r"([A-Za-z][\w@]*)\s+(" + NUMBER + r")\s+\(\s*(" + NUMBER + r")\s*\)")
_SKIPPED = frozenset({"time", "data"})


def phase_meter(text: str) -> Record | None:
    """The record of a ``TRAINING - Epoch: [E][n/N] ... Loss v (mean)`` line (module docstring), or None."""
    m = _PHASE.match(text)
    if m is None:
        return None
    pairs = [(k, float(v), float(avg)) for k, v, avg in _PAIR.findall(text, m.end()) if k.lower() not in _SKIPPED]
    if not pairs:
        return None
    if m.group(1).startswith("TRAIN"):
        epoch, batch, batches = int(m.group(2)), int(m.group(3)), int(m.group(4))
        return Record("phase", tuple((k, v) for k, v, _ in pairs), step=epoch * batches + batch, epoch=float(epoch))
    return Record("phase", tuple(("val_" + k, avg) for k, _, avg in pairs), kind="eval")


def batch_detail(hits: list) -> list:
    """``hits`` without the phase-meter ones when other lines print a loss (module docstring)."""
    if not any(h.record.shape == "phase" for h in hits):
        return hits
    if not any(h.record.shape != "phase" and any("loss" in t.lower() for t, _ in h.record.values) for h in hits):
        return hits
    return [h for h in hits if h.record.shape != "phase"]
