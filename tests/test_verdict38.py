"""verdict38: a GAN judged on its samples' metric when it logs one (opened blind set 69, facegan69).

facegan69's metrics_log.csv (a DCGAN on faces): FID 291 -> best 188 at epoch 395 -> 371 at epoch 800 while loss_D
fell to ~0.01 and loss_G climbed 6.9x its best (below the 10x a generator's loss needs to count as divergence):
`healthy` 0.50, "judge a GAN on its samples" -- beside the samples' own metric. Here a really-trained 2-D GAN logs
the Fréchet distance of its samples to the target (FID's formula on the raw 2-D points) each epoch.
"""
from __future__ import annotations

import csv

import pytest

torch = pytest.importorskip("torch")

from loganalyzer.scan import scan  # noqa: E402


def _frechet(a, b) -> float:
    """The Fréchet distance of two Gaussians fitted to samples a and b (n, 2): FID's formula."""
    ma, mb = a.mean(0), b.mean(0)
    ca, cb = torch.cov(a.T), torch.cov(b.T)
    root_trace = torch.linalg.eigvals(ca @ cb).real.clamp_min(0).sqrt().sum()
    return float(((ma - mb) ** 2).sum() + torch.trace(ca) + torch.trace(cb) - 2 * root_trace)


def _gan(epochs: int, break_at: int | None, seed: int = 0):
    """(epoch, loss_D, loss_G, FID) per epoch. From ``break_at`` on the discriminator stops learning and the
    generator's rate goes up 16x: the generator runs off to where the frozen discriminator says "real"."""
    torch.manual_seed(seed)

    def target(n):
        return torch.randn(n, 2) * 0.5 + torch.tensor([2.0, -1.0])

    G = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    D = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
    og = torch.optim.Adam(G.parameters(), lr=0.003)
    od = torch.optim.Adam(D.parameters(), lr=0.003)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    for epoch in range(1, epochs + 1):
        if epoch == break_at:
            og.param_groups[0]["lr"], od.param_groups[0]["lr"] = 0.05, 0.0
        for _ in range(20):
            real, fake = target(64), G(torch.randn(64, 4))
            loss_d = bce(D(real), torch.ones(64, 1)) + bce(D(fake.detach()), torch.zeros(64, 1))
            od.zero_grad()
            loss_d.backward()
            od.step()
            loss_g = bce(D(fake), torch.ones(64, 1))
            og.zero_grad()
            loss_g.backward()
            og.step()
        with torch.no_grad():
            yield epoch, loss_d.item(), loss_g.item(), _frechet(G(torch.randn(500, 4)), target(500))


def _scan(tmp_path, rows):
    with open(tmp_path / "metrics_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss_D", "loss_G", "FID"])
        w.writerows(rows)
    report = scan([str(tmp_path / "metrics_log.csv")], jobs=1)
    return report.runs[0]


def test_a_gan_whose_fid_ends_worse_than_it_began_diverged(tmp_path):
    rows = list(_gan(60, break_at=25))
    fids = [r[3] for r in rows]
    assert fids[-1] > fids[0] > min(fids)  # the training did what the test says
    run = _scan(tmp_path, rows)
    assert run.roles["val_metric"] == "FID"
    assert run.verdict == "diverged"
    text = run.analysis.summary
    assert "`FID` (lower is better) reached its best" in text and "worse than at the start" in text
    best = min(range(len(fids)), key=fids.__getitem__)
    assert f"at epoch {best + 1}" in text
    assert any(a.startswith(f"Keep the checkpoint from epoch {best + 1}") for a in run.analysis.advice)
    assert any(f.kind.startswith("possible_") and "the samples got worse" in f.message
               for f in run.analysis.findings)


def test_a_gan_whose_fid_held_is_not_called_diverged_on_it(tmp_path):
    rows = list(_gan(40, break_at=None))
    fids = [r[3] for r in rows]
    assert fids[-1] < fids[0]
    run = _scan(tmp_path, rows)
    assert run.roles["val_metric"] == "FID"
    assert not any("the samples got worse" in f.message for f in run.analysis.findings)


def _regression_then_frozen(adam_steps: int, frozen_logs: int, seed: int = 0):
    """(step, train MSE, test MSE) every 100 steps of a tiny MLP fitting sin(x) with Adam, then a second optimiser
    phase that moves nothing (learning rate 0: DeepXDE's L-BFGS phase that printed the same line 15,000 times)."""
    torch.manual_seed(seed)
    x = torch.linspace(-3, 3, 128)[:, None]
    y = torch.sin(x)
    xt = torch.linspace(-2.9, 2.9, 50)[:, None]
    yt = torch.sin(xt)
    model = torch.nn.Sequential(torch.nn.Linear(1, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    mse = torch.nn.functional.mse_loss
    for step in range(adam_steps + frozen_logs * 100 + 1):
        if step == adam_steps:
            opt = torch.optim.SGD(model.parameters(), lr=0.0)
        loss = mse(model(x), y)
        if step % 100 == 0:
            with torch.no_grad():
                yield step, loss.item(), mse(model(xt), yt).item()
        opt.zero_grad()
        loss.backward()
        opt.step()


def test_a_loss_frozen_after_converging_is_not_underfit(tmp_path):
    rows = list(_regression_then_frozen(3000, 40))
    assert rows[-1][2] < 0.01 * rows[0][2] and rows[-1][2] == rows[-2][2]
    with open(tmp_path / "loss.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "train_loss", "test_loss"])
        w.writerows(rows)
    run = scan([str(tmp_path / "loss.csv")], jobs=1).runs[0]
    assert run.verdict == "healthy", run.analysis.summary
    assert not any(f.kind == "frozen" for f in run.analysis.findings)


def test_validation_rising_at_each_of_four_evaluations_after_its_best_is_overfit(tmp_path):
    # anlp69 (clear overfit): validation 3.559 at epoch 6, then 3.577, 3.597, 3.642, 3.689 while training fell --
    # refused as "within 4%: a wobble". Here an over-sized MLP on 400 noisy points, stopped 4 epochs past its best.
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent))
    from test_curves38 import _training

    rows = list(_training(10, n_train=400, seed=1))
    val = [r[1] for r in rows]
    best = min(range(len(val)), key=val.__getitem__)
    after = val[best:]
    assert len(after) == 5 and all(b > a for a, b in zip(after, after[1:]))  # best, then four rises
    assert 0.03 <= after[-1] / after[0] - 1 < 0.05  # under the 5% the noise tests ask for
    with open(tmp_path / "history.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        w.writerows([i, tr, va] for i, (tr, va, _) in enumerate(rows, 1))
    run = scan([str(tmp_path / "history.csv")], jobs=1).runs[0]
    assert run.verdict == "overfit", run.analysis.summary
    assert f"lowest at epoch {best + 1}" in run.analysis.summary
