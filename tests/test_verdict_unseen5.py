"""Issue 9, stop 20: four wrong verdicts on public runs, each a kind (``loganalyzer.verdict_stall``,
``verdict_chance.task_solved``, ``verdict._logged_removal``):

- a training loss that "climbed" while validation sat at its best is no divergence (``validation_held``): really
  trained, a regression on time-ordered data whose later batches carry heavy-tailed noise (per-step MSE up ~10x,
  validation flat at its best) -- and the public ``stock-ctx v98`` (per-batch stock-return losses, labelled
  `stalled`, was `diverged` 0.99); a run whose validation climbed with training stays `diverged`;
- a loss logged as the same value at every epoch while the accuracy rises is a broken loss series, not a stall:
  really trained, a digits MLP whose logger wrote a clipped -log(1e-8) = 18.42 (public ``fmnist-sweep 337d0la0``,
  18.65 at every epoch, labelled `healthy`, was `stalled` 0.98);
- a task solved by its own measure at the levels real runs end at: val accuracy 0.88 on Fashion-MNIST, COCO
  mAP@0.5:0.95 0.89 (public clear `healthy` ``fmnist-pl v1``, ``tomato-yolov8``, both were `underfit`);
- a first epoch far above the rest is where the loss was (public clear `healthy` ``aflw-landmarks``: 0.0087 then
  0.0006 -> 0.00049, was `underfit` from a 26% fall).
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, public_run as _public, reproducible, run_dir_fixture, verdict  # noqa: E402
from test_verdict_unseen import digits, train  # noqa: E402

from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.features import run_features  # noqa: E402
from loganalyzer.verdict_chance import task_solved  # noqa: E402
from loganalyzer.verdict_stall import validation_held  # noqa: E402



def ordered_regression(out: Path, *, heavy: bool) -> None:
    """A linear model on a time-ordered stream (no shuffling): the first 30% of the batches carry Gaussian noise
    (sd 0.3), the rest Student-t noise (df 2.5, scale 1.5) when ``heavy``; the fixed validation set comes from the
    later regime. TensorBoard: per-step MSE every 5 steps, validation every 50 steps. ``heavy=False``: Gaussian
    noise only, and from 30% on every step adds noise to the weights (a corrupted update): the model drifts away,
    training and validation climb together."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    w_true = torch.randn(8, generator=g)
    n, batch, switch = 2000, 32, 600

    def noise(size, late):
        if late and heavy:
            return 1.5 * torch.distributions.StudentT(2.5).sample((size,))
        return 0.3 * torch.randn(size, generator=g)

    xv = torch.randn(1000, 8, generator=g)
    yv = xv @ w_true + noise(1000, True)
    net = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.003)
    w = SummaryWriter(str(out))
    for step in range(n):
        late = step >= switch
        if late and not heavy:  # a corrupted update: every step from here adds noise to the weights
            with torch.no_grad():
                net.weight.add_(0.03 * torch.randn(net.weight.shape, generator=g))
        x = torch.randn(batch, 8, generator=g)
        y = x @ w_true + noise(batch, late)
        loss = torch.nn.functional.mse_loss(net(x).squeeze(1), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 5 == 0:
            w.add_scalar("train/loss", float(loss.detach()), step)
        if step % 50 == 49:
            with torch.no_grad():
                w.add_scalar("val/loss", float(torch.nn.functional.mse_loss(net(xv).squeeze(1), yv)), step)
    w.close()


def clipped_loss_logger(out: Path) -> None:
    """A digits MLP trained for real; its Keras-style CSV logger writes the loss through a clip that saturates
    (-log(1e-8) = 18.42 at every epoch) while the accuracies are right."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 32, 10)
    _, rows = train(net, torch.optim.SGD(net.parameters(), lr=0.01), x, y, xv, yv, epochs=12)
    out.mkdir(parents=True)
    lines = ["epoch,accuracy,loss,val_accuracy"]
    lines += [f"{e},{ta:.4f},{-math.log(1e-8):.4f},{va:.4f}" for e, _, _, ta, _, va in rows]
    (out / "training_log.csv").write_text("\n".join(lines) + "\n")


def gan_2d(out: Path, *, d_lr: float, g_lr: float = 2e-4) -> None:
    """A GAN on a 2-D Gaussian (target mean (2, -1), sd 0.3), TensorBoard ``loss_G``/``loss_D`` at every step; the
    rates ``d_lr`` and ``g_lr``. At 2e-3 / 2e-4 the generator learns (its samples' mean 2.38 -> 0.86 from the target)
    while its non-saturating loss climbs ~5x as the discriminator gets better; at 5e-3 / 1e-4 the discriminator wins
    outright (the samples barely move, 2.38 -> 1.72) and the generator's loss climbs ~15x its best. Trained through
    ``_runs.reproducible``: the same numbers on every CPU."""
    from torch.utils.tensorboard import SummaryWriter

    F = torch.nn.functional
    torch.manual_seed(0)
    g = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    d = torch.nn.Sequential(torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                            torch.nn.Linear(64, 1))
    og, od = torch.optim.Adam(g.parameters(), lr=g_lr), torch.optim.Adam(d.parameters(), lr=d_lr)
    w = SummaryWriter(str(out))
    ones, zeros = torch.ones(64, 1), torch.zeros(64, 1)
    for step in range(400):
        real = torch.randn(64, 2) * 0.3 + torch.tensor([2.0, -1.0])
        fake = g(torch.randn(64, 4))
        d_loss = F.binary_cross_entropy_with_logits(d(real), ones) + F.binary_cross_entropy_with_logits(
            d(fake.detach()), zeros)
        od.zero_grad()
        d_loss.backward()
        od.step()
        g_loss = F.binary_cross_entropy_with_logits(d(fake), ones)
        og.zero_grad()
        g_loss.backward()
        og.step()
        w.add_scalar("loss_D", float(d_loss.detach()), step)
        w.add_scalar("loss_G", float(g_loss.detach()), step)
    w.close()


RUNS = {"heavy": lambda p: ordered_regression(p, heavy=True),
        "gan_learning": reproducible("test_verdict_unseen5", "gan_2d", d_lr=2e-3),
        "gan_overpowered": reproducible("test_verdict_unseen5", "gan_2d", d_lr=5e-3, g_lr=1e-4),
        "blowup": lambda p: ordered_regression(p, heavy=False),
        "clipped": clipped_loss_logger}
run_dir = run_dir_fixture(RUNS, "unseen5")


def test_a_training_climb_that_validation_does_not_show_is_no_divergence(run_dir):
    run = verdict(run_dir("heavy"))  # the learned model and the rules: diverged 0.99 without the check
    assert run.verdict == "healthy" and run.confidence <= 0.5, run.analysis.summary
    (held,) = [f.message for f in run.analysis.findings if f.kind == "possible_diverged"]
    assert "validation `val/loss` stayed at its best through it" in held and "not divergence" in held


def test_a_run_whose_validation_climbed_with_training_stays_diverged(run_dir):
    run = verdict(run_dir("blowup"))
    assert run.verdict == "diverged", run.analysis.summary
    assert not [f for f in run.analysis.findings if f.kind == "possible_diverged"]


def test_a_real_per_batch_loss_climb_with_flat_validation_is_stalled():
    run = verdict(_public("stock-ctx__version_98"))
    assert run.verdict == "stalled" and run.confidence <= 0.5, run.analysis.summary
    (held,) = [f.message for f in run.analysis.findings if f.kind == "possible_diverged"]
    assert "7.146 at its first evaluation" in held


def _series(tag, values, role, steps=None):
    steps = np.arange(len(values)) if steps is None else np.asarray(steps)
    return Series(role, "", tag, steps.astype(np.int64), np.asarray(values, dtype=np.float64), "step")


def test_what_counts_as_validation_held():
    train = _series("loss", [1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 0.9, 1.2, 1.5, 1.6, 1.6], "train_loss")
    flat = _series("val_loss", [1.1, 0.6, 0.52, 0.5, 0.51, 0.5, 0.5], "val_loss", [1, 3, 5, 7, 9, 10, 11])
    rose = _series("val_loss", [1.1, 0.6, 0.52, 0.5, 0.6, 0.7, 0.75], "val_loss", [1, 3, 5, 7, 9, 10, 11])
    early = _series("val_loss", [1.1, 0.6, 0.52, 0.5, 0.5], "val_loss", [1, 2, 3, 4, 5])  # stopped before the climb
    for val, held in ((flat, True), (rose, False), (early, False)):
        curves = Curves(train_loss=train, val_loss=val)
        assert (validation_held(run_features(curves), curves) is not None) is held, val.values


def test_a_loss_logged_at_one_value_while_accuracy_rose_is_a_broken_series(run_dir):
    run = verdict(run_dir("clipped"))
    assert run.verdict == "healthy" and run.confidence <= 0.6, run.analysis.summary
    text = " ".join(f.message for f in run.analysis.findings)
    assert "logged exactly 18.42 at all 12 of its logs" in text and "the loss series is broken" in text


def test_real_runs_with_a_constant_loss_or_a_solved_task_are_healthy():
    for name in ("fmnist-sweep__337d0la0", "fmnist-pl__version_1", "tomato-yolov8__exp", "aflw-landmarks__history"):
        run = verdict(_public(name))
        assert run.verdict == "healthy", (name, run.analysis.summary)


def test_what_counts_as_solved():
    def acc(v):
        return Curves(val_acc=_series("val_acc", v, "val_acc"))

    def metric(tag, v):
        return Curves(val_metric=_series(tag, v, "val_metric"))

    assert task_solved(acc([0.5, 0.8, 0.86])) is not None
    assert task_solved(acc([0.5, 0.8, 0.84])) is None
    assert task_solved(metric("metrics/mAP_0.5:0.95", [0.5, 0.7, 0.76])) is not None  # COCO's strict mAP
    assert task_solved(metric("metrics/mAP_0.5", [0.5, 0.7, 0.76])) is None
    assert task_solved(metric("val_auc", [0.5, 0.8, 0.87])) is None  # an AUC of 0.87 is no solved task


def test_the_table_shows_why_a_healthy_run_is_not_stalled():
    """A healthy row shows no findings, except those saying why another label was set aside (``possible_*``)."""
    from click.testing import CliRunner

    from loganalyzer.cli import main

    result = CliRunner().invoke(main, ["scan", str(_public("fmnist-sweep__337d0la0")), "--no-siblings"],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "healthy" in result.output and "the loss series is broken" in result.output.replace("\n", " ")
    assert "→" not in result.output  # a healthy run's advice stays out of the table


def test_a_mild_loss_rise_while_the_task_metric_held_its_best_is_not_overfitting():
    run = verdict(_public("cell-yolov5__exp2"))  # YOLOv5: val loss +7% (objectness), mAP 0.007 -> 0.644, 0.635 last
    assert run.verdict == "healthy" and run.confidence <= 0.55, run.analysis.summary
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_overfit"]
    assert "held its best (0.644" in why and "the predictions did not get worse" in why


def test_what_counts_as_a_metric_that_held():
    from loganalyzer.verdict_refine import _metric_held

    def metric(tag, v):
        return Curves(val_metric=_series(tag, v, "val_metric"))

    assert _metric_held(metric("val_f1", [0.2, 0.6, 0.8, 0.79])) is not None  # gave back 1/60 of its gain
    assert _metric_held(metric("val_f1", [0.2, 0.6, 0.8, 0.7])) is None  # gave back a sixth
    assert _metric_held(metric("val_wer", [0.6, 0.3, 0.2, 0.21])) is not None  # lower is better
    assert _metric_held(metric("val_f1", [0.5, 0.5, 0.5])) is None  # never improved: says nothing


def test_validation_at_ln_k_with_chance_accuracy_while_training_barely_moved_is_stalled():
    """Public ``ratos v0`` (an LSTM on 3 classes: val_loss 1.097-1.111 for 10 epochs, val_acc 0.31-0.38, training
    1.10 -> 0.995 in its last 3 logs; labelled `stalled`) was `underfit` 0.96."""
    run = verdict(_public("ratos__version_0"))
    assert run.verdict == "stalled" and run.confidence <= 0.6, run.analysis.summary
    assert "held at ln 3 = 1.099" in run.analysis.summary and "ended at 0.91x of it" in run.analysis.summary


def test_what_counts_as_validation_at_chance_with_training_near_it():
    from loganalyzer.verdict_chance import stuck_at_chance

    val = _series("val_loss", [1.097, 1.098, 1.099, 1.102, 1.099, 1.1, 1.107, 1.106, 1.097], "val_loss")
    acc = _series("val_acc", [0.31, 0.35, 0.33, 0.36, 0.38, 0.34, 0.33, 0.35, 0.38], "val_acc")
    near = _series("loss", [1.103, 1.101, 1.099, 1.089, 1.095, 1.08, 1.054, 1.046, 1.019, 0.995], "train_loss")
    memorised = _series("loss", [1.103, 1.101, 1.099, 1.05, 0.95, 0.8, 0.7, 0.6, 0.5, 0.45], "train_loss")
    learned = _series("val_acc", [0.31, 0.45, 0.55, 0.6, 0.62, 0.64, 0.65, 0.66, 0.66], "val_acc")
    assert stuck_at_chance(Curves(train_loss=near, val_loss=val, val_acc=acc)).k == 3
    assert stuck_at_chance(Curves(train_loss=memorised, val_loss=val, val_acc=acc)) is None  # training left chance
    assert stuck_at_chance(Curves(train_loss=near, val_loss=val, val_acc=learned)) is None  # the accuracy did not


def test_a_gan_whose_generator_loss_rose_while_it_learned_is_not_diverged(run_dir):
    run = verdict(run_dir("gan_learning"))  # diverged 0.6 before: "climbed ... 5.2x its best"
    assert run.verdict == "healthy" and run.confidence <= 0.5, run.analysis.summary
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_diverged"]
    assert "the generator's loss rises as its discriminator (`loss_D`) gets better" in why
    assert "x higher" in run.analysis.summary and "0% lower" not in run.analysis.summary


def test_a_gan_whose_generator_loss_climbed_tenfold_is_diverged(run_dir):
    run = verdict(run_dir("gan_overpowered"))
    assert run.verdict == "diverged", run.analysis.summary
