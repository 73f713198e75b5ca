"""Issue 9, stop 19: a classifier that never left chance is `stalled`, one whose accuracy stayed low is `underfit`,
a task solved by its own measure is not `underfit`, and two climbs that are not (or are) divergence
(``loganalyzer.verdict_chance``, ``verdict_climb._above_first_log``/``_overfit_first``).

- really trained: a linear head on 10 classes whose labels carry no signal sits at ln 10 (training and validation):
  `stalled`, the text naming ln 10 -- TensorBoard, Keras CSV, Lightning CSV, HF trainer_state.json; a small MLP
  that sees 3-4 of the 64 digit pixels (features that carry little signal) ends at 0.47-0.50 accuracy, training no
  better: `underfit` (the learned model said healthy, p 0.6); a digits MLP whose learning rate a schedule bug set to
  0 after 4 epochs: its validation loss is bit-identical for 17 evaluations: `underfit`, a `frozen` finding
  (``verdict_stall.frozen_validation``);
- real public runs labelled blind (eval/public): an AlexNet at exactly ln 10 with val_acc 10.0 at all 50 epochs and
  a Keras classifier at val_accuracy 0.200 at all 8 epochs (`stalled`); a PINN whose total loss never went below its
  first log and ended 1.8x above it (`diverged`); a CIFAR-100 run whose training loss rebounded 0.00125 -> 0.009
  while validation had risen since epoch 5 (`overfit`).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits, train, write  # noqa: E402

from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_chance import accuracy_stayed_low, stuck_at_chance, task_solved  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"
FORMATS = ("tb", "keras", "lightning", "hf")


def no_signal(out: Path, *, fmt: str) -> None:
    """10 balanced classes drawn independently of the inputs; a linear head, SGD with weight decay."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    x, xv = torch.randn(2000, 10, generator=g), torch.randn(600, 10, generator=g)
    y, yv = torch.randint(0, 10, (2000,), generator=g), torch.randint(0, 10, (600,), generator=g)
    net = torch.nn.Linear(10, 10)
    steps, rows = train(net, torch.optim.SGD(net.parameters(), lr=0.05, weight_decay=0.1), x, y, xv, yv, epochs=15)
    write(out, fmt, steps, rows)


def few_pixels(out: Path, *, fmt: str, pixels: int, hidden: int, epochs: int = 40) -> None:
    """sklearn digits through ``pixels`` of their 64 centre pixels: an MLP that cannot fit its task (cosine LR)."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    cols = torch.tensor([19, 20, 27, 28][:pixels])
    net = mlp(pixels, hidden, 10)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * 21)
    steps, rows = train(net, opt, x[:, cols], y, xv[:, cols], yv, epochs=epochs, sched=sched)
    write(out, fmt, steps, rows)


def lr_zeroed(out: Path, *, fmt: str, stop_epoch: int = 4, epochs: int = 20) -> None:
    """A digits MLP whose schedule sets the learning rate to 0 after ``stop_epoch`` epochs (a schedule bug)."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 64, 10)
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1.0 if step < stop_epoch * 21 else 0.0)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs, sched=sched)
    write(out, fmt, steps, rows)


RUNS = {**{f"no_signal_{fmt}": (lambda p, fmt=fmt: no_signal(p, fmt=fmt)) for fmt in FORMATS},
        **{f"lr_zeroed_{fmt}": (lambda p, fmt=fmt: lr_zeroed(p, fmt=fmt)) for fmt in ("tb", "lightning", "hf")},
        "pixels3_keras": lambda p: few_pixels(p, fmt="keras", pixels=3, hidden=16),
        "pixels4_keras": lambda p: few_pixels(p, fmt="keras", pixels=4, hidden=8)}
run_dir = run_dir_fixture(RUNS, "chance")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_classifier_that_never_left_ln_k_is_stalled(run_dir, fmt):
    run = verdict(run_dir(f"no_signal_{fmt}"))
    assert run.verdict == "stalled", run.analysis.summary
    assert "held at ln 10 = 2.303, the loss of a uniform guess among 10 classes" in run.analysis.summary
    assert run.analysis.evidence["at_chance"] == {"classes": 10, "how": "loss"}


@pytest.mark.parametrize("name, last", [("pixels3_keras", "0.478"), ("pixels4_keras", "0.5 ")])
def test_an_accuracy_that_stayed_low_with_training_no_better_is_underfit(run_dir, name, last):
    run = verdict(run_dir(name))
    assert run.verdict == "underfit", run.analysis.summary
    assert run.confidence <= 0.6
    assert f"`val_accuracy` ended at {last}" in run.analysis.summary + " "
    assert "the training accuracy at" in run.analysis.summary
    assert run.analysis.evidence["accuracy_stayed_low"]["series"] == "val_accuracy"


def _series(tag, values, role):
    return Series(role, "", tag, np.arange(len(values), dtype=np.int64), np.asarray(values, dtype=np.float64), "epoch")


def test_what_counts_as_chance_and_as_low():
    flat = [2.31, 2.30, 2.303, 2.302, 2.304, 2.303, 2.301, 2.302]
    learned = [2.45, 1.9, 1.4, 1.2, 1.1, 1.1, 1.1, 1.1]
    assert stuck_at_chance(Curves(train_loss=_series("loss", flat, "train_loss"),
                                  val_loss=_series("val_loss", flat, "val_loss"))).k == 10
    # one loss alone at ln k needs an accuracy at chance beside it (a language model may sit at 1.78 = ln 6)
    assert stuck_at_chance(Curves(train_loss=_series("loss", flat, "train_loss"))) is None
    assert stuck_at_chance(Curves(train_loss=_series("loss", flat, "train_loss"),
                                  val_acc=_series("acc", [0.1] * 8, "val_acc"))).how == "loss"
    # fell to ln 3 from far above it: learned, a coincidence of level (a 5-class model 1.344 -> 1.098)
    assert stuck_at_chance(Curves(train_loss=_series("loss", learned, "train_loss"),
                                  val_loss=_series("val_loss", learned, "val_loss"))) is None
    # one answer at every evaluation: 1/k exactly; a majority rate (0.574) is not taken
    assert stuck_at_chance(Curves(val_acc=_series("val_acc", [0.2] * 6, "val_acc"))).k == 5
    assert stuck_at_chance(Curves(val_acc=_series("val_acc", [0.574] * 6, "val_acc"))) is None
    assert stuck_at_chance(Curves(val_acc=_series("val_acc", [0.2] * 6, "val_acc"),
                                  train_acc=_series("acc", [0.3, 0.6, 0.9], "train_acc"))) is None
    low = [0.1, 0.2, 0.3, 0.38]
    assert accuracy_stayed_low(Curves(val_acc=_series("val_acc", low, "val_acc"))).last == pytest.approx(0.38)
    assert accuracy_stayed_low(Curves(val_acc=_series("val_acc", low, "val_acc"),
                                      train_acc=_series("acc", [0.2, 0.6, 0.9], "train_acc"))) is None  # a gap
    assert accuracy_stayed_low(Curves(val_acc=_series("val_acc", [0.3, 0.5, 0.62], "val_acc"))) is None
    lm = Curves(train_loss=_series("loss", [10.8, 6.0, 4.0], "train_loss"), val_acc=_series("acc", low, "val_acc"))
    assert accuracy_stayed_low(lm) is None  # a language model's token accuracy (first loss ln V > ln 400)
    assert task_solved(Curves(val_acc=_series("val_acc", [0.5, 0.9, 0.93], "val_acc"))) is not None
    assert task_solved(Curves(val_metric=_series("val/mAP50", [0.5, 0.9, 0.95], "val_metric"))) is not None
    assert task_solved(Curves(val_metric=_series("val_wer", [0.5, 0.95, 0.96], "val_metric"))) is None  # lower wins


def _public(name: str) -> Path:
    path = PUBLIC / name
    if not path.is_dir():
        pytest.skip(f"eval/public/{name} absent")
    return path


def test_real_runs_at_chance_are_stalled():
    alexnet = verdict(_public("cifar10-alexnet__o6b5bny5"))
    assert alexnet.verdict == "stalled" and "held at ln 10" in alexnet.analysis.summary
    keras = verdict(_public("aionos-diag__training_log"))
    assert keras.verdict == "stalled", keras.analysis.summary
    assert "`val_accuracy` was 0.2 at every one of its 8 evaluations (epochs 10-17) = 1/5" in keras.analysis.summary


def test_a_loss_that_never_went_below_its_first_log_and_ended_far_above_it_diverged():
    run = verdict(_public("ns-pinn__oiicm3z0"))
    assert run.verdict == "diverged", run.analysis.summary
    assert "`total_loss` was lowest at its first log (1.37e+06, step 0)" in run.analysis.summary


def test_a_small_training_rebound_after_validation_rose_is_overfitting():
    run = verdict(_public("pretrain-cls__i892gopf"))
    assert run.verdict == "overfit", run.analysis.summary


@pytest.mark.parametrize("fmt", ("tb", "lightning", "hf"))
def test_a_validation_loss_frozen_to_the_last_digit_is_a_run_that_stopped_learning(run_dir, fmt):
    """The learned model says healthy (p 0.85-0.89): the loss fell 1.07 -> 0.198 and stayed. But it stayed to
    float32 precision at 17 of 20 evaluations: the weights stopped changing."""
    run = verdict(run_dir(f"lr_zeroed_{fmt}"))
    assert run.verdict == "underfit" and run.confidence <= 0.6, run.analysis.summary
    (frozen,) = [f.message for f in run.analysis.findings if f.kind == "frozen"]
    assert "was 0.1983 at each of its last 17 of 20 evaluations" in frozen and "learning rate of 0" in frozen


def test_rounded_or_real_frozen_validation():
    from loganalyzer.verdict_stall import frozen_validation

    def check(values):
        return frozen_validation(Curves(val_loss=_series("val_loss", values, "val_loss")))

    real = 0.22974897921085358
    assert check([0.27, 0.24, 0.23] + [real] * 7).evals == 7
    assert check([0.27, 0.24, 0.23, 0.231] + [real] * 4) is None  # 4 in a row
    assert check([0.5, 0.3, 0.2] + [0.1983] * 7) is None  # a logger's 4-decimal rounding
    assert check([0.27] + [real] * 6 + [0.2301]) is None  # moved again at the last


def test_a_real_run_whose_training_froze_is_underfit():
    run = verdict(_public("lstm-bade03__version_2"))
    assert run.verdict == "underfit", run.analysis.summary
    assert any(f.kind == "frozen" for f in run.analysis.findings)


def test_a_lone_early_dip_is_not_validation_s_best():
    from loganalyzer.verdict_dip import lucky_dip

    rng = np.random.default_rng(0)
    falling = np.r_[np.linspace(8.1, 7.35, 40), np.full(60, 7.35)] + rng.normal(0, 0.05, 100)
    dipped = falling.copy()
    dipped[4] = 6.7  # one lucky evaluation at epoch 5
    dip = lucky_dip(Curves(val_loss=_series("val_loss", dipped, "val_loss")))
    assert dip is not None and dip.best == pytest.approx(6.7) and dip.best_step == 4 and dip.level_step > 40
    rising = dipped.copy()
    rising[50:] += np.linspace(0, 1.0, 50)  # the running median turned and rose: that is overfitting
    assert lucky_dip(Curves(val_loss=_series("val_loss", rising, "val_loss"))) is None
    assert lucky_dip(Curves(val_loss=_series("val_loss", dipped[:9], "val_loss"))) is None  # too few evaluations


def test_a_real_gan_whose_validation_dipped_once_is_not_overfit():
    run = verdict(_public("cgan-colorize__training_log"))
    assert run.verdict == "healthy", run.analysis.summary
    (note,) = [f.message for f in run.analysis.findings if f.kind == "possible_overfit"]
    assert "validation's lowest (6.699 at step 5) was a lone dip" in note


def test_a_smooth_mild_rise_after_a_long_fall_is_overfit_with_low_confidence():
    """Validation fell 300x (0.0747 -> 0.000238 at epoch 23), then rose smoothly +2, +6, +10, +14, +14, +13%:
    the noise of such a curve is read from its second differences (blind to the fall), so the rise stands out;
    a rise under 15% is a lean (confidence <= 0.6). Public `overfit` (fifth set, now dev, ``yndx-lstm`` v0)."""
    run = verdict(_public("yndx-lstm__version_0"))
    assert run.verdict == "overfit" and run.confidence <= 0.6, run.analysis.summary
