"""A regression logged without the word "loss" -- a custom CSV of `train_mse, train_mae, val_mse, val_mae, val_r2`
per epoch (the public nn-oedometer's training_history.csv is one) -- was `unknown` ("no series named like a
loss"). The error metric is the loss then: MSE first (then RMSE, MAE), training and validation, with a note saying
so; an accuracy or a tag named like a loss keeps its usual role. Really trained: a small torch MLP regression."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import mlp, run_dir_fixture, verdict  # noqa: E402


def regression_history(out: Path, *, with_loss: bool = False) -> None:
    g = torch.Generator().manual_seed(0)
    w = torch.randn(6, generator=g)
    x, xv = torch.randn(2000, 6, generator=g), torch.randn(400, 6, generator=g)
    y, yv = torch.tanh(x @ w) + 0.05 * torch.randn(2000, generator=g), torch.tanh(xv @ w)
    torch.manual_seed(0)
    net = mlp(6, 32, 1)
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    out.mkdir(parents=True)
    with open(out / "training_history.csv", "w", newline="") as f:
        cols = ["epoch", "train_mse", "train_mae", "val_mse", "val_mae", "val_r2"] + (["loss"] if with_loss else [])
        writer = csv.writer(f)
        writer.writerow(cols)
        for epoch in range(1, 31):
            for i in range(0, 2000, 64):
                loss = F.mse_loss(net(x[i:i + 64]).squeeze(-1), y[i:i + 64])
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                p, pv = net(x).squeeze(-1), net(xv).squeeze(-1)
                mse, vmse = float(F.mse_loss(p, y)), float(F.mse_loss(pv, yv))
                row = [epoch, mse, float((p - y).abs().mean()), vmse, float((pv - yv).abs().mean()),
                       1 - vmse / float(yv.var())]
            writer.writerow(row + ([mse * 2] if with_loss else []))


run_dir = run_dir_fixture({"mse_only": regression_history,
                           "with_loss": lambda p: regression_history(p, with_loss=True)}, "error_metrics")


def test_a_regression_logged_as_mse_is_judged_on_it(run_dir):
    run = verdict(run_dir("mse_only"))
    assert run.verdict == "healthy", run.analysis.summary
    assert run.analysis.summary.startswith("`train_mse` fell from")
    assert any(n.startswith("no series named like a loss: the error metric `train_mse`, `val_mse`") for n in run.notes)
    assert "validation `val_mse`" in run.analysis.summary


def test_a_tag_named_like_a_loss_keeps_the_role(run_dir):
    run = verdict(run_dir("with_loss"))
    assert run.analysis.summary.startswith("`loss` fell from"), run.analysis.summary
    assert not any(n.startswith("no series named like a loss") for n in run.notes)
