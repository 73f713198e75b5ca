"""Issue 9, kind 1 in a metric-only run (``loganalyzer.verdict_measureonly``): with no validation loss logged, the
task's validation measure that peaked early and gave back a quarter or more of its gain while training kept falling
needs a decline of 1.5 standard errors, not 3 -- it is the only validation evidence. Public dev `overfit` runs that
were `healthy` (chemprop's validation AUC, a printed Validation_accuracy); a really-trained digits MLP whose
validation accuracy rose and held stays `healthy`; a run with a validation loss keeps the 3-SE test.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
from torch.utils.tensorboard import SummaryWriter

sys.path.insert(0, str(Path(__file__).parent))
from _runs import mlp, public_run, verdict  # noqa: E402
from test_verdict_unseen import digits, train  # noqa: E402

from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_measureonly import DECLINE_SE, NO_LOSS_SE, decline_se  # noqa: E402


def _series(tag, values, role):
    return Series(role, "", tag, np.arange(len(values), dtype=np.int64), np.asarray(values, dtype=np.float64),
                  "step")


def test_chemprop_validation_auc_that_fell_back_is_overfit():
    # tox21 NR-AR, 10 epochs: validation_auc 0.743 -> 0.8094 at epoch 4 -> 0.777 median after, 0.785 last; training
    # 29% lower after the peak; no validation loss (was `healthy` 0.47: the decline was 2 SE, under 3)
    run = verdict(public_run("tox21mpnn187__model_0-1757995730"))
    assert run.verdict == "overfit" and run.confidence <= 0.55, run.analysis.summary
    assert "`validation_auc` peaked at step 29,060 (0.8094" in run.analysis.summary
    run = verdict(public_run("tox21mpnn187__model_0-1757995826"))  # 30 epochs: 0.806 at epoch 4, 0.768 last
    assert run.verdict == "overfit", run.analysis.summary


def test_a_printed_validation_accuracy_that_fell_back_slowly_is_overfit():
    # minitorch50: Validation_accuracy 0.51 -> 0.77 at epoch 34, median 0.69 after (31% of the gain), 0.65 last
    run = verdict(public_run("minitorch50__training_log"))
    assert run.verdict == "overfit", run.analysis.summary


def test_the_decline_threshold_depends_on_a_validation_loss():
    train = _series("loss", [1.0, 0.6, 0.4, 0.3], "train_loss")
    acc = _series("val_acc", [0.5, 0.7, 0.8, 0.75], "val_acc")
    assert decline_se(Curves(train_loss=train, val_acc=acc)) == NO_LOSS_SE == 1.5
    val = _series("val_loss", [1.1, 0.7, 0.6, 0.65], "val_loss")
    assert decline_se(Curves(train_loss=train, val_loss=val, val_acc=acc)) == DECLINE_SE == 3.0
    nan = _series("val_loss", [np.nan] * 4, "val_loss")  # no finite validation loss: the measure alone
    assert decline_se(Curves(train_loss=train, val_loss=nan, val_acc=acc)) == NO_LOSS_SE


def test_a_really_trained_validation_accuracy_that_rose_and_held_stays_healthy(tmp_path):
    # digits MLP (64-64-10), 30 epochs, training loss and validation accuracy only (SummaryWriter): the accuracy
    # rises to ~0.97 and stays there; its per-epoch wobble must not read as a decline at 1.5 SE
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        x, y, xv, yv = digits()
        net = mlp(64, 64, 10)
        _, rows = train(net, torch.optim.Adam(net.parameters(), lr=1e-3), x, y, xv, yv, epochs=30)
    finally:
        torch.set_num_threads(threads)
    w = SummaryWriter(str(tmp_path))
    for epoch, _step, train_loss, _train_acc, _val_loss, val_acc in rows:
        w.add_scalar("train/loss", train_loss, epoch + 1)
        w.add_scalar("val/accuracy", val_acc, epoch + 1)
    w.close()
    run = verdict(tmp_path)
    assert run.roles.get("val_acc") == "val/accuracy" and "val_loss" not in run.roles, run.roles
    assert run.verdict == "healthy", run.analysis.summary
