"""Issue 9, stop 34: the fiftieth and fifty-first blind sets, measured once (53/76 at stop 33) and opened for tuning
at stop 34, showed these kinds (each fixed as a kind, tested on the public runs and on the values that define it):

- an accuracy (or mean IoU) of exactly 1.0 at every evaluation is a saturated metric, not "one answer for every
  example": the clear `healthy` ``displayseg51`` v4/v18 (val_mean_accuracy 1.0 at all 100 evaluations, val_loss
  0.36 -> 8.7e-05) were `underfit` 0.6 "never rose";
- a classifier whose loss came down from a high first log to ln k within a few epochs and held there, its accuracy at
  chance at every evaluation, never left chance: the clear `stalled` ``gnnsat50`` v14/v15 (a GNN SAT/UNSAT
  classifier: 0.826 and 1.447 at the first epoch, 0.693-0.695 = ln 2 from epoch 3-5 on, val_acc 0.47-0.51) were
  `underfit` 0.9-0.99.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run as _public, verdict  # noqa: E402

from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_chance import stuck_at_chance  # noqa: E402
from loganalyzer.verdict_floor import accuracy_never_rose  # noqa: E402


def _series(tag: str, role: str, values) -> Series:
    v = np.asarray(values, dtype=np.float64)
    return Series(role, "", tag, np.arange(len(v), dtype=np.int64), v, "epoch")


@pytest.mark.parametrize("name, label", [
    ("displayseg51__version_4", "healthy"), ("displayseg51__version_18", "healthy"),
    ("gnnsat50__version_14", "stalled"), ("gnnsat50__version_15", "stalled"), ("gnnsat50__version_10", "stalled"),
])
def test_public_runs_of_each_kind(name, label):
    run = verdict(_public(name))
    assert run.verdict == label, (name, run.analysis.summary)


def test_a_perfect_accuracy_at_every_evaluation_is_saturated_not_one_answer():
    perfect = Curves(val_acc=_series("val_mean_accuracy", "val_acc", [1.0] * 8))
    assert accuracy_never_rose(perfect) is None
    majority = Curves(val_acc=_series("val_accuracy", "val_acc", [0.9375] * 8))  # quoraspam: one answer, underfit
    assert accuracy_never_rose(majority) is not None


def _chance_run(first: float, acc_peak: float) -> Curves:
    rng = np.random.default_rng(0)
    ln2 = math.log(2)
    train = np.r_[first, (first + ln2) / 2, ln2 * 1.01, ln2 + rng.normal(0, 0.003, 37)]
    val = np.r_[first * 0.97, ln2 * 1.02, ln2 + rng.normal(0, 0.003, 38)]
    acc = np.r_[0.5, acc_peak, 0.5 + rng.uniform(-0.02, 0.02, 38)]
    return Curves(train_loss=_series("train_loss", "train_loss", train), val_loss=_series("val_loss", "val_loss", val),
                  val_acc=_series("val_acc", "val_acc", acc))


def test_a_loss_that_came_down_to_ln_k_with_its_accuracy_at_chance_never_left_chance():
    stuck = stuck_at_chance(_chance_run(1.45, 0.51))
    assert stuck is not None and stuck.k == 2 and "after falling from 1.45 at its first log" in stuck.reason
    # the same loss with an accuracy that once rose above chance: a level at ln 2 may be a coincidence of a model
    # that learned, so a first log above 1.15x ln k stays refused
    assert stuck_at_chance(_chance_run(1.45, 0.75)) is None
