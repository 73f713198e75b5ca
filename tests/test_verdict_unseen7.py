"""Issue 9, stop 21: the ninth and tenth blind label sets, measured once (67/88) and then opened for tuning, showed
these kinds (each fixed as a kind, tested on the public runs and on the values that define it):

- an accuracy logged per example (0 or 1 at each step) is no level: ``roperope v1`` was `underfit` "ended at 0";
- a loss logged as exactly 0.0 between non-zero values is a logger's placeholder: ``statquestnn v1`` (223.5, 0, 0,
  145.6, 0, 0, ...) was `stalled` 0.99 on a median of zeros;
- the model's `diverged` on a noisy per-step loss that ends < 1.5x its start, its rise within 4x its noise, is not
  taken: ``roperope v3`` (labelled `stalled`) was `diverged` 0.95;
- a validation accuracy still rising at the end (above 0.5, +0.2) keeps a presumed ln k floor from calling the run
  underfit: clear `healthy` ``fer2`` (facial expressions, val_acc 0.28 -> 0.638) was `underfit` 0.55;
- two or three training logs that fell are a run cut short, not a stall: ``glitch v0``, ``ramen``, ``fer`` were
  `stalled` 0.5 (labelled `underfit`);
- a model at its task's level that still improved is no stall: ``zenith`` (accuracy 0.858 -> 0.878) was `stalled`;
- an accuracy identical at every epoch (one answer for every example, the majority class) while the loss fell is
  `underfit` at any level: ``quoraspam`` (0.9383 at all 88 epochs) was `healthy`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run as _public, verdict  # noqa: E402

from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_evidence import accuracy_fractions  # noqa: E402
from loganalyzer.verdict_flatacc import accuracy_never_rose  # noqa: E402
from loganalyzer.verdict_floor import metric_still_rising  # noqa: E402

def _series(tag: str, role: str, values, x: str = "epoch") -> Series:
    v = np.asarray(values, dtype=np.float64)
    return Series(role, "", tag, np.arange(len(v), dtype=np.int64), v, x)


@pytest.mark.parametrize("name, label", [
    ("roperope__version_1", "healthy"), ("statquestnn__version_1", "healthy"), ("fer2__training_history", "healthy"),
    ("glitch__version_0", "underfit"), ("ramen__train", "underfit"), ("fer__training_log", "underfit"),
    ("zenith__trainer_state", "healthy"), ("quoraspam__model_history", "underfit"),
    ("dermacqi__training_log", "underfit"),  # eleventh set (after its measurement): val_accuracy 0.6698 x 9
    # stop 35: three logs that fell by half or more learned fast and were stopped: no "still high" underfit
    ("carnd47__history", "healthy"),
])
def test_public_runs_of_each_kind(name, label):
    run = verdict(_public(name))
    assert run.verdict == label, (name, run.analysis.summary)


def test_a_noisy_per_step_loss_the_model_called_diverged_is_not():
    run = verdict(_public("roperope__version_3"))
    assert run.verdict != "diverged", run.analysis.summary
    assert any("its rise from its best is within 4x its noise" in f.message for f in run.analysis.findings)


def test_a_per_example_accuracy_is_no_level():
    assert accuracy_fractions(_series("train_acc_step", "train_acc", [0, 1, 0, 0, 1, 1, 0])) is None
    assert accuracy_fractions(_series("val_acc", "val_acc", [0.5, 1.0, 1.0, 1.0, 1.0])) is not None
    assert accuracy_fractions(_series("val_acc", "val_acc", [1.0] * 6)) is not None  # perfect: a level


def test_placeholder_zeros_are_left_out_but_a_loss_that_reached_zero_is_kept():
    import pandas as pd

    def table(values):
        return pd.DataFrame({"dir": "", "tag": "train_loss", "step": np.arange(len(values)) * 50 + 49,
                             "value": np.asarray(values, dtype=np.float64), "wall_time": np.nan})

    curves = find_curves(table([223.5, 0, 0, 145.6, 0, 0, 94.8, 0, 0, 60.1, 0, 0, 30.2]))
    assert curves.train_loss.values.tolist() == [223.5, 145.6, 94.8, 60.1, 30.2]
    assert any("exactly 0.0 between non-zero ones" in n for n in curves.notes)
    tail = [2.1, 1.5, 1.1, 0.9, 0.7, 0.0, 0.0, 0.0, 0.0, 0.0]  # HF's rounded loss after a NaN gradient (cases/02)
    assert find_curves(table(tail)).train_loss.values.tolist() == tail


def test_what_counts_as_an_accuracy_still_rising_or_one_answer():
    def acc(values):
        return Curves(val_acc=_series("val_acc", "val_acc", values))

    assert metric_still_rising(acc([0.28, 0.4, 0.5, 0.58, 0.62, 0.638]))
    assert not metric_still_rising(acc([0.10, 0.2, 0.3, 0.35, 0.38, 0.39]))  # still rising, but low: underfit
    assert not metric_still_rising(acc([0.28, 0.6, 0.64, 0.63, 0.62, 0.62]))  # its best came early
    majority = Curves(val_acc=_series("val_accuracy", "val_acc", [0.9375] * 8),
                      train_acc=_series("accuracy", "train_acc", [0.93834, 0.93835, 0.93833] + [0.93834] * 5))
    assert accuracy_never_rose(majority).last == 0.9375
    rose_to_it = Curves(val_acc=_series("val_accuracy", "val_acc", [0.6698] * 9),
                        train_acc=_series("accuracy", "train_acc", [0.45, 0.6, 0.64, 0.66, 0.665, 0.668, 0.667,
                                                                    0.668, 0.668]))
    assert accuracy_never_rose(rose_to_it).last == 0.6698  # training rose to the one answer's rate, no further
    learned = Curves(val_acc=_series("val_accuracy", "val_acc", [0.9375] * 8),
                     train_acc=_series("accuracy", "train_acc", [0.9, 0.95, 0.97, 0.98, 0.99, 0.99, 0.99, 0.99]))
    assert accuracy_never_rose(learned) is None  # training learned: validation alone stayed (overfit, mismatch)


def test_validation_that_never_improved_while_training_learned_is_overfit_with_no_step_to_stop_at():
    """Every labelled public run whose validation never improved while training removed >= 30% is `overfit` (13);
    the tenth set's ``plane`` (a YOLOv8 whose mAP stayed 0: validation 17.05 -> best 16.79, training 21.98 -> 7.36)
    and ``luis-nn v11`` were `healthy`. The advice names the split, not a step to stop at (kind 10)."""
    run = verdict(_public("plane__train20"))
    assert run.verdict == "overfit" and run.confidence <= 0.6, run.analysis.summary
    assert "never improved: 17.05 at its first evaluation, 16.79 at its best" in run.analysis.summary
    assert "no good step to stop at" in run.analysis.summary
    assert "check the split" in run.analysis.advice[0] and not any("Stop at" in a for a in run.analysis.advice)


def test_a_loss_named_by_its_loss_function_is_the_loss():
    """Lightning Flash / torchmetrics name the loss by its function (``train_cross_entropy_epoch``,
    ``val_cross_entropy``): the eleventh set's clear `healthy` ``camvid-flash`` was `unknown`, "no usable loss"
    (found after that set's measurement). Beside a series named ``loss`` such a name stays a component."""
    import pandas as pd

    run = verdict(_public("camvid-flash__version_0"))
    assert run.verdict == "healthy", run.analysis.summary
    assert run.roles["train_loss"] == "train_cross_entropy_epoch" and run.roles["val_loss"] == "val_cross_entropy"

    def table(tags):
        return pd.concat([pd.DataFrame({"dir": "", "tag": t, "step": np.arange(10), "value": np.linspace(2, 1, 10),
                                        "wall_time": np.nan}) for t in tags], ignore_index=True)

    assert find_curves(table(["train_nll", "val_nll"])).train_loss.tag == "train_nll"
    assert find_curves(table(["loss", "val_loss", "train_cross_entropy"])).train_loss.tag == "loss"


def test_a_loss_term_that_is_nan_makes_the_run_nan(tmp_path):
    """The twelfth set's clear `nan` ``cubmulti v7`` (a multi-task head: ``regression_loss`` NaN at all 26 logs,
    ``classification_loss`` 5.32 -> 5.31) was `stalled` 0.99, judged on the finite term alone (found after that
    set's measurement). Here a real Lightning CSVLogger writes a two-head run whose regression term goes NaN (a
    masked mean over no targets) from its 4th log."""
    import torch
    from pytorch_lightning.loggers import CSVLogger

    run = verdict(_public("cubmulti__v7"))
    assert run.verdict == "nan" and "the loss term `regression_loss` is non-finite at every one" in \
        run.analysis.summary, run.analysis.summary

    torch.manual_seed(0)
    logger = CSVLogger(save_dir=str(tmp_path), name="", version=0)
    head = torch.nn.Linear(4, 3)
    opt = torch.optim.SGD(head.parameters(), lr=0.1)
    x, y = torch.randn(64, 4), torch.randint(0, 3, (64,))
    for step in range(12):
        cls = torch.nn.functional.cross_entropy(head(x), y)
        opt.zero_grad()
        cls.backward()
        opt.step()
        targets = torch.randn(64) if step < 3 else torch.randn(0)  # no regression targets from the 4th batch
        reg = targets.mean() ** 2  # the mean over no elements: NaN
        logger.log_metrics({"classification_loss": float(cls), "regression_loss": float(reg)}, step=step * 50 + 49)
    logger.save()
    run = verdict(tmp_path)
    assert run.verdict == "nan", run.analysis.summary
    assert "`regression_loss` is non-finite from step 199 (9 of 12 logs)" in run.analysis.summary


def test_the_first_of_appended_trainings_that_fell_far_in_three_epochs_is_healthy():
    """vitchang53's loss_log.csv #1 (a ViT, 3 epochs: train 2.66 -> 0.25, val falling too; the model leans
    stalled): cut short after learning fast, not underfit (verdict_cut.too_short_for_a_stall)."""
    import warnings

    import loganalyzer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = {r.run: r for r in loganalyzer.analyze(_public("vitchang53__loss_log"), config=False).runs}
    first = runs["loss_log.csv#1"]
    assert first.verdict == "healthy" and first.analysis.confidence <= 0.45, first.analysis.summary
    assert any("too few logs to be a stall" in f.message and f.message.endswith(": healthy")
               for f in first.analysis.findings)
