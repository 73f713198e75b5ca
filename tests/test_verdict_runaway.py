"""A loss that runs away below zero is `diverged` (``verdict_runaway``); bounded negative losses stay as they were.

Runs are really trained here and written by real writers: a regression whose custom loss has the sign bug of the
public ``ecg-iface`` / ``cisc867-tts`` runs (minimising -MSE: the error grows without end), logged by a Keras-style
CSV (``csv`` module, as CSVLogger writes it) and by torch's SummaryWriter; a negative-cosine-similarity loss that
settles near -1 (bounded), and a heteroscedastic Gaussian NLL that settles below zero (a floor on the variance)."""
from __future__ import annotations

import csv

import pytest

torch = pytest.importorskip("torch")

from _runs import verdict  # noqa: E402


def _regression(seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 4, generator=g)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 0.1 * torch.randn(256, generator=g)
    return x, y


def _train(loss_fn, epochs: int, lr: float, outputs: int = 1, seed: int = 0) -> list[float]:
    torch.manual_seed(seed)
    x, y = _regression(seed)
    model = torch.nn.Linear(4, outputs)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for _ in range(epochs):
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out.append(float(loss.detach()))
    return out


def _keras_csv(path, losses):
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "training.log", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss"])
        for i, v in enumerate(losses):
            w.writerow([i, repr(v)])


def test_a_sign_bug_loss_running_away_below_zero_is_diverged(tmp_path):
    losses = _train(lambda p, y: -torch.nn.functional.mse_loss(p.squeeze(1), y), epochs=40, lr=0.05)
    assert losses[-1] < -1e3 and losses[-1] == min(losses)  # it really ran away
    _keras_csv(tmp_path / "csv", losses)
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "tb")) as w:
        for i, v in enumerate(losses):
            w.add_scalar("train/loss", v, i)
    for sub, x in (("csv", "epoch"), ("tb", "step")):
        run = verdict(tmp_path / sub)
        v = run.analysis
        assert run.verdict == "diverged", v.summary
        assert v.evidence["runaway"] is True and v.evidence["best_step"] == 39
        assert "runs away below zero" in v.summary and f"{x} 39" in v.summary
        assert any("sign" in a for a in v.advice)


def test_bounded_negative_losses_are_not_runaways(tmp_path):
    def neg_cos(p, y):
        return -torch.nn.functional.cosine_similarity(p, torch.stack([y, y], 1), dim=0).mean()

    def gauss_nll(p, y):  # mean, log-variance with a floor on the variance
        var = torch.nn.functional.softplus(p[:, 1]) + 1e-2
        return torch.nn.functional.gaussian_nll_loss(p[:, 0], y, var)

    for name, fn, lr in (("cos", neg_cos, 0.1), ("nll", gauss_nll, 0.05)):
        losses = _train(fn, epochs=60, lr=lr, outputs=2)
        assert min(losses) < 0
        _keras_csv(tmp_path / name, losses)
        run = verdict(tmp_path / name)
        assert run.verdict != "diverged" and "runaway" not in run.analysis.evidence, (name, run.analysis.summary)
