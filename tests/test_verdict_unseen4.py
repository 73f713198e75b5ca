"""Issue 9, kind 5 from the accuracy's side: a classifier whose accuracy never rose is `underfit` whatever its loss
did (domain.md: underfit is "accuracy near chance").

- really trained: a binary linear classifier on labels that carry no signal, its output layer initialised 1,000x too
  large (a scale bug): the loss falls 99% (130 -> 0.69) as the weights shrink, while the validation accuracy stays at
  0.49-0.52 -- TensorBoard, Keras CSV, HF trainer_state.json and Lightning CSV. The learned model says healthy
  (p ~0.9); the verdict is `underfit`, and the text quotes the accuracy's first, highest and last logs;
- the same data with a sane initialisation: the loss barely moves (0.695 -> 0.673): `stalled`, as before;
- an accuracy never above 1% (a hard-coded placeholder) is a broken metric, set aside with a finding: healthy;
- real: the public ``hallucination-det`` (a binary fine-tune, 3 epochs: loss 0.708 -> 0.603, eval accuracy 0.606 ->
  0.620 at the majority-class rate) and the shared ``dlgn`` version_0 (loss 1.9e12 -> 2.2e9, accuracy 0.52 -> 0.46),
  both labelled underfit blind.
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
from loganalyzer.verdict_flatacc import accuracy_never_rose  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real_logs"
FORMATS = ("tb", "keras", "hf", "lightning")


def no_signal(out: Path, *, fmt: str, init_scale: float, epochs: int) -> None:
    """Balanced binary labels drawn independently of the inputs; a linear head whose weights start ``init_scale``
    times PyTorch's default, AdamW with weight decay 1 (it shrinks them back)."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(3)
    x, xv = torch.randn(3000, 10, generator=g), torch.randn(800, 10, generator=g)
    y, yv = (torch.rand(3000, generator=g) > 0.5).long(), (torch.rand(800, generator=g) > 0.5).long()
    net = torch.nn.Linear(10, 2)
    with torch.no_grad():
        net.weight.mul_(init_scale)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=1.0)
    steps, rows = train(net, opt, x, y, xv, yv, epochs=epochs)
    write(out, fmt, steps, rows)


def placeholder_accuracy(out: Path) -> None:
    """A digits MLP that learns (healthy), logged as `epoch,loss,acc` with the accuracy a hard-coded 0: the
    placeholder of the public char-rnn-py's train.py (`log.add_entry(avg_loss, 0)  # placeholder for accuracy`)."""
    torch.manual_seed(0)
    x, y, xv, yv = digits()
    net = mlp(64, 64, 10)
    _, rows = train(net, torch.optim.AdamW(net.parameters(), lr=3e-3), x, y, xv, yv, epochs=20)
    out.mkdir(parents=True)
    (out / "training_log.csv").write_text("epoch,loss,acc\n" + "".join(f"{e + 1},{tl},0\n" for e, _, tl, *_ in rows))


RUNS = {"placeholder_accuracy": placeholder_accuracy,
        **{f"{fmt}_scale_bug": (lambda p, fmt=fmt: no_signal(p, fmt=fmt, init_scale=1000.0, epochs=15))
           for fmt in FORMATS},
        "keras_no_signal": lambda p: no_signal(p, fmt="keras", init_scale=1.0, epochs=15)}
run_dir = run_dir_fixture(RUNS, "unseen4")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_loss_that_fell_while_the_accuracy_never_rose_is_underfit(run_dir, fmt):
    run = verdict(run_dir(f"{fmt}_scale_bug"))
    assert run.verdict == "underfit", run.analysis.summary
    assert run.confidence <= 0.6
    text = run.analysis.summary
    assert "never rose" in text and "0.4925" in text and "0.515" in text, text  # first and highest logged
    assert run.analysis.evidence["accuracy_never_rose"]["points"] == 15
    assert any(a.startswith("Check the class balance") for a in run.analysis.advice)


def test_the_same_data_without_the_scale_bug_barely_moves_and_stays_stalled(run_dir):
    run = verdict(run_dir("keras_no_signal"))
    assert run.verdict == "stalled", run.analysis.summary


def _series(tag, values, role="val_acc"):
    return Series(role, "", tag, np.arange(len(values), dtype=np.int64), np.asarray(values, dtype=np.float64), "epoch")


def test_what_counts_as_never_rising():
    def check(val=None, train=None):
        return accuracy_never_rose(Curves(val_acc=_series("val_acc", val) if val else None,
                                          train_acc=_series("train_acc", train, "train_acc") if train else None))

    assert check([0.61, 0.62, 0.62]) is not None  # the majority rate, 3 evaluations
    assert check([61.0, 62.0, 62.0]).peak == pytest.approx(0.62)  # percentages
    assert check([0.61, 0.62]) is None  # 2 logs say nothing
    assert check([0.45, 0.52, 0.51]) is None  # rose 7 points
    assert check([0.70, 0.71, 0.70]) is None  # too high to be chance
    assert check([0.5, 0.5, 0.5], train=[0.6, 0.9, 0.99]) is None  # training learned: overfit or a mismatch
    assert check(None, train=[0.5, 0.52, 0.5]) is not None  # training accuracy alone
    assert check([1.9, 2.1, 2.0]) is None  # not an accuracy, nor a percentage that rose


@pytest.mark.skipif(not (PUBLIC / "hallucination-det__trainer_state").is_dir(), reason="eval/public absent")
def test_a_binary_fine_tune_at_the_majority_rate_is_underfit():
    run = verdict(PUBLIC / "hallucination-det__trainer_state")
    assert run.verdict == "underfit", run.analysis.summary
    assert "eval_accuracy" in run.analysis.summary and "0.6056" in run.analysis.summary


@pytest.mark.skipif(not (REAL / "dlgn__version_0").is_dir(), reason="../shared/real_logs absent")
def test_a_loss_on_the_wrong_scale_with_chance_accuracy_is_underfit():
    run = verdict(REAL / "dlgn__version_0")
    assert run.verdict == "underfit", run.analysis.summary


def test_an_accuracy_stuck_at_zero_is_a_broken_metric_not_an_underfit(run_dir):
    """An accuracy never above 1% is below the chance rate of any task: a placeholder or a misconfigured metric
    (the breaker's char-rnn-py log; a Keras `accuracy` read 0, 0, 0, 4e-5 while its PR-AUC was 0.98). Set aside,
    with a finding; the run is judged on its loss."""
    run = verdict(run_dir("placeholder_accuracy"))
    assert run.verdict == "healthy", run.analysis.summary
    (broken,) = [f.message for f in run.analysis.findings if f.kind == "broken_metric"]
    assert broken.startswith("`acc` never rose above 0 in its 20 logs")
    c = Curves(val_acc=_series("val_acc", [0.0, 0.0, 4e-5, 1.2e-4]))
    assert accuracy_never_rose(c) is None
