"""A `stalled` label refuted by a short run whose every measure improved at every log (``verdict_refine``, issue 9
kind 10): a handful of logs in which the training loss fell each time, the validation loss fell at each evaluation
and the task's metric improved at each one is thin evidence of anything, and no evidence of a stall -- domain.md's
stalled "barely moves from its initial value for the whole run", and this run moved the same way on every series.

Why it is needed: ``verdict_cut.too_short_for_a_stall`` wants a fall >= 5% (``SHORT_FALL``); a model whose loss
starts near its floor falls less. Where that rule applies (<= 3 logs, >= 5%) it decides, this one stands aside (its
`underfit` for a cut-short fall of 5-50%, its `healthy` at <= 0.45: tests/test_verdict_unseen7's vitchang53 #1), and
so does it where ``verdict_evidence.steady_fall`` (kind 10's own short steady fall) sees the training loss. Public dev ``criteofm215 fm_baseline_dim8`` (a factorisation machine on Criteo, 3
epochs: `train_loss` 0.4634 -> 0.4500 -> 0.4442, `valid_logloss` 0.4581 -> 0.4564 -> 0.4563, `valid_auc` 0.7922 ->
0.7942 -> 0.7945; labelled `healthy`) was `stalled` 0.5.

The test: <= ``MAX_LOGS`` training logs, each below the one before, >= ``MIN_FALL`` in all (a learning rate too
small to move the loss creeps by less: the stalled runs the rule must leave); a validation loss or a task metric
with >= 2 evaluations, and every validation series there is (loss, accuracy, metric) better at each evaluation than
at the one before. Label: `healthy` when validation levelled off (its last move <= ``LEVELLED`` of its first: the
Criteo run's 0.0017 then 0.0001), else `underfit` (cut short while still falling, the labels' word for it).
Thresholds: 5 logs is issue 9 item 10's "few points" (the 3 of ``too_short_for_a_stall`` and the Criteo run's 3,
with room for a 4- or 5-epoch trial); 2% is a round number above the creep of a learning rate too small to move a
loss (tests/test_vd68a's stalled twins); 0.25 is a round number (Criteo's ratio is 0.06). None of them was tuned on
the dev sets' other runs; their `stalled` rows were measured after (none changed).
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .verdict_cut import too_short_for_a_stall
from .verdict_evidence import finite, steady_fall
from .curves_names import metric_word
from .verdict_stall import NoStall

MAX_LOGS, MIN_FALL, LEVELLED = 5, 0.02, 0.25


def _improved_each_time(v: np.ndarray, up: bool) -> bool:
    d = np.diff(v) * (1 if up else -1)
    return len(v) >= 2 and bool((d > 0).all())


def short_agreeing_fall(curves: Curves | None) -> NoStall | None:
    """The label a short, everywhere-improving run gets instead of `stalled` (see the module notes), or None."""
    if curves is None or curves.train_loss is None:
        return None
    _, t = finite(curves.train_loss)
    if not 2 <= len(t) <= MAX_LOGS or t.min() <= 0 or not _improved_each_time(t, False):
        return None
    fall = 1 - float(t[-1]) / float(t[0])
    if fall < MIN_FALL or too_short_for_a_stall(curves) is not None or steady_fall(curves.train_loss) is not None:
        return None  # >= 5% in <= 3 logs, or a steady fall still going: verdict_cut's and verdict_refine's to call
    vals = []
    _, vl = finite(curves.val_loss)
    if len(vl) >= 2:
        vals.append((curves.val_loss.name, vl, False))
    for series in (curves.val_acc, curves.val_metric):
        _, v = finite(series)
        if len(v) >= 2:  # an accuracy is higher-better; a metric's direction comes from its name (WER down)
            word = metric_word(series.tag) if series is curves.val_metric else None
            vals.append((series.name, v, True if word is None else word[1]))
    if not vals or not all(_improved_each_time(v, up) for _, v, up in vals):
        return None
    moves = np.abs(np.diff(vals[0][1]))
    levelled = len(moves) >= 2 and moves[-1] <= LEVELLED * moves[0]
    said = ", ".join(f"`{name}` {'rose' if up else 'fell'} at each of its {len(v)} evaluations" for name, v, up in vals)
    reason = (f"`{curves.train_loss.name}` fell at each of its {len(t)} logs ({fall:.1%} in all) and {said}"
              + (", validation levelling off" if levelled else "")
              + ": too few logs to call anything, and every measure improved -- no stall")
    return NoStall("healthy" if levelled else "underfit", reason, "short_agreeing_fall")
