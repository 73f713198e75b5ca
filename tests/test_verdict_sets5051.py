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
from loganalyzer.verdict_flatacc import accuracy_never_rose  # noqa: E402


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


def test_a_per_iteration_loss_gone_nan_after_the_last_evaluation_is_nan(tmp_path):
    """nanoGPT prints `iter N: loss X, ...` every few iterations and `step N: train loss X, val loss Y` every eval
    interval; the curve is judged on the evaluation-time pair. The fifty-second set's clear `nan` nanogptkirin52
    (iteration loss NaN from iter 425 to its last print at 450, its last evaluation at 400) was `healthy` 0.45 with
    no word of the NaN. Here a real tiny torch model prints the same lines and its learning rate is raised after the
    last evaluation until the loss overflows."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    x = torch.randn(512, 16)
    y = (x[:, :4].sum(1) > 0).long()
    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    lines, nan_at = [], None
    for it in range(0, 451):
        if it % 100 == 0 and it <= 400:
            with torch.no_grad():
                tl = torch.nn.functional.cross_entropy(model(x[:256]), y[:256]).item()
                vl = torch.nn.functional.cross_entropy(model(x[256:]), y[256:]).item()
            lines.append(f"step {it}: train loss {tl:.4f}, val loss {vl:.4f}")
        if it == 421:
            for g in opt.param_groups:
                g["lr"] = 1e38  # the weights overflow: every later loss is NaN
        i = torch.randint(0, 256, (32,))
        loss = torch.nn.functional.cross_entropy(model(x[i]), y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % 5 == 0:
            lines.append(f"iter {it}: loss {loss.item():.4f}, time 1440.31ms, mfu 0.01%")
            if nan_at is None and not math.isfinite(loss.item()):
                nan_at = it
    assert nan_at is not None and nan_at > 400 and lines[-1].startswith("iter 450: loss nan"), lines[-8:]
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "train.log").write_text("\n".join(lines) + "\n")
    run = verdict(tmp_path / "run")
    assert run.verdict == "nan", run.analysis.summary
    assert f"became NaN at step {nan_at}" in run.analysis.summary and "ends before it" in run.analysis.summary
