"""Issue 9, stop 21: the eighth blind label set, opened for tuning, showed two kinds the checks missed:

- a task metric that never rose while the loss fell is no healthy run, whatever metric the task is judged by (the
  accuracy rule knew only accuracies): public ``cafa5`` (protein GO terms, multi-label: loss 1.148 -> 0.967 by its
  third epoch, then flat; val_aupr 0.328 -> 0.325 over 15 epochs; labelled `underfit`, was `healthy`);
- a validation loss 13-16% above its best while the task's error rate reached its best is a model growing more
  confident, not overfitting: public ``g2p`` (a grapheme-to-phoneme model whose phoneme error rate ``val_per`` fell
  0.877 -> 0.0277; labelled `healthy`, was `overfit`) -- which needed ``per`` (phoneme error rate) and AUPR read
  as metrics, without taking ``samples_per_second`` for one;
- a short run cut off while its loss still fell steeply is `underfit` (too few epochs), at low confidence: public
  ``ssl-farid v2`` (5 epochs, a regression's val_loss 4495 -> 2003, -8% an epoch) and ``brain-seg v30`` were
  `healthy`; really trained here, a linear regression on an unscaled target stopped after 5 epochs (and the same
  run trained for 60, which stays `healthy`);
- a run whose last log is the highest of all, far above its first and its lowest, ended on a blow-up: `diverged`
  at low confidence, though one point is all the spike rules see (public ``paksu-nn v32``: 3.773 -> 0.195 -> 9.693
  at its last of 6 logs, was `healthy` "94% lower"; really trained here, a regression whose learning rate jumps
  100x for its last epoch);
- a per-batch loss scattering around the prior's entropy (labels with no signal, batch size 8) is no divergence
  because a 5-point stretch of it came out low (was `diverged` 0.81, "2.0x its best"); with validation never
  improving beside a training loss that moved less than its noise, the run is `stalled` (public ``sml-project1 v1``,
  was `healthy`).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run as _public, run_dir_fixture, verdict  # noqa: E402

from loganalyzer.curves_names import metric_word  # noqa: E402
from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_cut import blew_up_at_end, cut_off  # noqa: E402
from loganalyzer.verdict_flatacc import accuracy_never_rose  # noqa: E402

def _metric(tag: str, values) -> Curves:
    v = np.asarray(values, dtype=np.float64)
    return Curves(val_metric=Series("val_metric", "", tag, np.arange(len(v), dtype=np.int64), v, "epoch"))


def test_a_metric_that_never_rose_while_the_loss_fell_is_underfit():
    run = verdict(_public("cafa5__training_log"))
    assert run.verdict == "underfit" and run.confidence <= 0.6, run.analysis.summary
    assert "`val_aupr` never rose: 0.3285 at epoch 0" in run.analysis.summary, run.analysis.summary
    assert "bought no better predictions by the task's own measure" in run.analysis.summary


def test_what_counts_as_a_metric_that_never_rose():
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.326, 0.327, 0.325])) is not None
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.36, 0.4, 0.45])) is None  # it rose
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.326, 0.327])) is None  # 4 evaluations: too few
    assert accuracy_never_rose(_metric("val_bleu", [0.0] * 8)) is None  # never moved: a broken series
    assert accuracy_never_rose(_metric("val_auc", [0.9, 0.91, 0.9, 0.91, 0.9])) is None  # high from the start
    assert accuracy_never_rose(_metric("val_psnr", [8.1, 8.2, 8.1, 8.15, 8.2])) is None  # not in [0, 1]
    assert accuracy_never_rose(_metric("val_wer", [0.6, 0.61, 0.6, 0.62, 0.6])) is None  # lower is better


def test_a_loss_drift_while_the_error_rate_reached_its_best_is_healthy():
    run = verdict(_public("g2p__train_log"))
    assert run.verdict == "healthy", run.analysis.summary
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_overfit"]
    assert "the task's metric `val_per` held its best (0.02767 at epoch 312" in why, why


def test_phoneme_error_rate_and_aupr_are_metrics_but_samples_per_second_is_not():
    assert metric_word("val_per") is not None and metric_word("val_per")[1] is False  # lower is better
    assert metric_word("test/PER") is not None
    assert metric_word("val_aupr")[1] is True and metric_word("val_auprc")[1] is True
    for tag in ("train_samples_per_second", "eval_steps_per_second", "loss_per_token", "tokens_per_sec"):
        assert metric_word(tag) is None, tag


def regression_run(out: Path, *, epochs: int, lr: float = 0.002, last_lr: float | None = None) -> None:
    """A linear model on an unscaled target (y = x.w + 100, |w| ~ 20, noise sd 5: the MSE starts near 1e4 and can
    reach ~25), plain SGD on batches of 50; Lightning's CSVLogger gets train_loss_epoch and val_loss per epoch.
    ``last_lr``: the learning rate of the last epoch (a schedule bug)."""
    import torch
    from pytorch_lightning.loggers import CSVLogger

    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    w = torch.randn(6, 1, generator=g) * 20
    x = torch.randn(1200, 6, generator=g)
    y = x @ w + 100 + 5 * torch.randn(1200, 1, generator=g)
    xv, yv, x, y = x[1000:], y[1000:], x[:1000], y[:1000]
    net = torch.nn.Linear(6, 1)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    logger = CSVLogger(save_dir=str(out), name="", version=0)
    step = 0
    for epoch in range(epochs):
        if last_lr is not None and epoch == epochs - 1:
            opt.param_groups[0]["lr"] = last_lr
        total = 0.0
        for i in range(0, 1000, 50):
            loss = torch.nn.functional.mse_loss(net(x[i:i + 50]), y[i:i + 50])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            total += float(loss) * 50
        with torch.no_grad():
            val = float(torch.nn.functional.mse_loss(net(xv), yv))
        logger.log_metrics({"val_loss": val, "epoch": epoch}, step=step - 1)
        logger.log_metrics({"train_loss_epoch": total / 1000, "epoch": epoch}, step=step - 1)
    logger.save()


def no_signal_run(out: Path, *, seed: int) -> None:
    """A small MLP on random features and random binary labels (22% positive), batch size 8, Adam 1e-3, 4 epochs:
    the per-batch BCE (every 10th step) scatters 0.2-1.1 around the prior's entropy 0.53; validation once an epoch.
    TensorBoard SummaryWriter."""
    import torch
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(2400, 16, generator=g)
    y = (torch.rand(2400, generator=g) < 0.22).float()
    xv, yv, x, y = x[2000:], y[2000:], x[:2000], y[:2000]
    net = torch.nn.Sequential(torch.nn.Linear(16, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    w = SummaryWriter(str(out))
    step = 0
    for _ in range(4):
        for i in range(0, 2000, 8):
            loss = bce(net(x[i:i + 8]).squeeze(1), y[i:i + 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 10 == 0:
                w.add_scalar("train_loss", float(loss), step)
        with torch.no_grad():
            w.add_scalar("val_loss", float(bce(net(xv).squeeze(1), yv)), step)
    w.close()


RUNS = {"cut": lambda p: regression_run(p, epochs=5), "full": lambda p: regression_run(p, epochs=60),
        "blowup": lambda p: regression_run(p, epochs=30, lr=0.01, last_lr=1.2),
        **{f"no_signal{seed}": (lambda p, seed=seed: no_signal_run(p, seed=seed)) for seed in range(3)}}
run_dir = run_dir_fixture(RUNS, "unseen6")


def test_a_run_cut_off_while_its_loss_still_fell_steeply_is_underfit(run_dir):
    run = verdict(run_dir("cut"))
    assert run.verdict == "underfit" and run.confidence <= 0.45, run.analysis.summary
    assert "`val_loss` was still falling steeply when the run stopped" in run.analysis.summary
    assert "(its last and lowest, 47% lower), 18% an evaluation over its last two" in run.analysis.summary
    assert run.analysis.evidence["cut_off"]["evaluations"] == 5
    assert verdict(run_dir("full")).verdict == "healthy"  # the same run trained to its floor


def test_real_runs_cut_off_while_falling_steeply_are_underfit():
    for name in ("ssl-farid__version_2", "brain-seg__version_30"):
        run = verdict(_public(name))
        assert run.verdict == "underfit" and run.confidence <= 0.45, (name, run.analysis.summary)


def _losses(val, train=None, acc=None, first_train=None) -> Curves:
    def series(tag, role, values):
        v = np.asarray(values, dtype=np.float64)
        return Series(role, "", tag, np.arange(1, len(v) + 1, dtype=np.int64), v, "epoch")

    return Curves(val_loss=series("val_loss", "val_loss", val),
                  train_loss=series("loss", "train_loss", train or [first_train or val[0] * 1.1] + list(val[1:])),
                  val_acc=None if acc is None else series("val_acc", "val_acc", acc))


def test_what_counts_as_cut_off():
    steep = [4495, 3613, 2702, 2182, 2003]
    assert cut_off(_losses(steep)).per_eval == pytest.approx((2702 - 2003) / 2 / 2003)
    assert cut_off(_losses([1.0, 0.8, 0.7, 0.66, 0.65])) is None  # levelling off: -2% an evaluation at the end
    assert cut_off(_losses(steep[:-1] + [2800])) is None  # its last is not its lowest
    assert cut_off(_losses([4495, 3000, 2200, 1500, 1000])) is None  # removed 78%: converging, not stopped half-way
    assert cut_off(_losses(steep + [1800, 1700, 1600, 1500])) is None  # 9 evaluations: not short
    assert cut_off(_losses(steep[:3])) is None  # 3 evaluations: too few to say
    assert cut_off(_losses(steep, acc=[0.5, 0.7, 0.8, 0.86, 0.9])) is None  # the task is solved by its accuracy
    lm = [7.0, 6.2, 5.6, 5.1, 4.7]
    assert cut_off(_losses(lm, first_train=8.3)) is None  # a first loss of ln V: a language model


def test_a_run_that_ended_on_a_blow_up_is_diverged(run_dir):
    run = verdict(run_dir("blowup"))
    assert run.verdict == "diverged" and run.confidence <= 0.5, run.analysis.summary
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_healthy"]
    assert "is the highest of the run" in why, why
    run = verdict(_public("paksu-nn__version_32"))
    assert run.verdict == "diverged" and run.confidence <= 0.5, run.analysis.summary
    assert "then climbed from step 199 to 9.693 at step 299 (the last log), 2.6x its first" in run.analysis.summary


def test_what_counts_as_a_blow_up_at_the_end():
    def train(values):
        v = np.asarray(values, dtype=np.float64)
        return Curves(train_loss=Series("train_loss", "", "loss", np.arange(len(v), dtype=np.int64), v, "step"))

    assert blew_up_at_end(train([3.77, 2.44, 1.83, 0.195, 0.244, 9.69])).last == 9.69
    assert blew_up_at_end(train([3.77, 2.44, 1.83, 0.195, 0.244, 3.0])) is None  # below its first: a noisy batch
    assert blew_up_at_end(train([3.77, 9.9, 1.83, 0.195, 0.244, 9.69])) is None  # an earlier log was higher
    assert blew_up_at_end(train([3.77, 2.44, 1.83, 1.5, 1.2, 6.0])) is None  # 5x its lowest: no blow-up
    assert blew_up_at_end(train([3.77, 0.195, 0.244, 9.69])) is None  # 4 logs: too few


def test_a_task_metric_still_rising_at_the_end_is_no_underfit():
    """Public `healthy` ``aes-nn hybrid_ultra``: a binary classifier at ln 2 for 25 epochs that then escaped,
    val_auc 0.50 -> 0.88 at its last evaluation (its logged accuracy a low 0.24): was `underfit` 0.65 from the
    presumed ln 2 floor, then 0.55 from the low accuracy."""
    run = verdict(_public("aes-nn__hybrid_ultra"))
    assert run.verdict == "healthy", run.analysis.summary


def test_what_counts_as_a_metric_still_rising():
    from loganalyzer.verdict_floor import metric_still_rising

    assert metric_still_rising(_metric("val_auc", [0.5, 0.55, 0.6, 0.7, 0.8, 0.88]))
    assert not metric_still_rising(_metric("val_auc", [0.5, 0.55, 0.6, 0.62, 0.64, 0.66]))  # gained 0.16
    assert not metric_still_rising(_metric("val_auc", [0.5, 0.88, 0.8, 0.7, 0.75, 0.76]))  # best came early
    assert metric_still_rising(_metric("val_wer", [0.9, 0.7, 0.6, 0.5, 0.45, 0.4]))  # lower is better


def test_precision_or_recall_alone_is_not_a_metric_that_never_rose():
    flat = [0.234, 0.23, 0.226, 0.22, 0.215, 0.213]
    assert accuracy_never_rose(_metric("val_precision", flat)) is None  # recall may be rising meanwhile
    assert accuracy_never_rose(_metric("val_recall", flat)) is None
    assert accuracy_never_rose(_metric("val_f1", flat)) is not None


def test_a_noisy_per_batch_loss_with_a_lucky_low_stretch_is_not_diverged(run_dir):
    for seed in range(3):
        run = verdict(run_dir(f"no_signal{seed}"))
        assert run.verdict in ("stalled", "underfit"), (seed, run.analysis.summary)  # seed 1 was diverged 0.81
        assert "climb" not in run.analysis.evidence


def test_a_run_whose_losses_show_no_learning_at_all_is_stalled():
    run = verdict(_public("sml-project1__version_1"))
    assert run.verdict == "stalled" and run.confidence <= 0.5, run.analysis.summary
    assert "validation `val_loss` never improved: 0.5105 at its first evaluation" in run.analysis.summary
    assert "That fall is within the per-log noise" in run.analysis.summary
