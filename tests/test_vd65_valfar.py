"""Stop 65: validation that climbed as a trend to several times its early best while training held its low level is
`overfit` (``verdict_valfar.val_climbed_far``), not `healthy`: public dev fkpkaggle186 cnn2_dataset02_14 (a Keras
CSVLogger history: `loss` flat ~0.006 from epoch 5, `val_loss` 0.0058 at epoch 5 -> 0.048 at epoch 56) was `healthy`
0.41. The really-trained runs: a torch Linear layer on 20 monomial features of a 1-D input (few noisy samples, Adam,
minibatches), its history written as a Keras-shaped CSV: with 40 samples the fit goes on into the noise and
validation climbs ~3x while training sits at its noise floor; with 100 samples validation holds its level."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run, verdict  # noqa: E402

from loganalyzer.curves import find_curves  # noqa: E402
import loganalyzer  # noqa: E402
from loganalyzer.verdict_valfar import val_climbed_far  # noqa: E402


def _poly_run(out: Path, *, n: int, epochs: int = 300, deg: int = 20, noise: float = 0.3, seed: int = 0) -> Path:
    """sin(3x) on ``n`` noisy points in [-1, 1], a Linear layer on x..x^deg, Adam 0.05, batches of 8; validation on
    200 clean points after every epoch. history.csv: epoch, loss (the epoch's mean batch MSE), val_loss."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 1, generator=g) * 2 - 1
    xv = torch.linspace(-1, 1, 200)[:, None]
    y = torch.sin(3 * x) + noise * torch.randn(n, 1, generator=g)
    yv = torch.sin(3 * xv)
    feats = lambda a: torch.cat([a ** k for k in range(1, deg + 1)], 1)  # noqa: E731
    fx, fv = feats(x), feats(xv)
    torch.manual_seed(seed)
    net = torch.nn.Linear(deg, 1)
    opt = torch.optim.Adam(net.parameters(), lr=0.05)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "history.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for epoch in range(epochs):
            total = 0.0
            for idx in torch.randperm(n).split(8):
                opt.zero_grad()
                loss = ((net(fx[idx]) - y[idx]) ** 2).mean()
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            with torch.no_grad():
                w.writerow([epoch, total / n, float(((net(fv) - yv) ** 2).mean())])
    return out


def _curves(path: Path):
    return find_curves(loganalyzer.read_scalars(path))


def test_public_climb_with_flat_training_is_overfit():
    run = verdict(public_run("fkpkaggle186__cnn2_dataset02_14"))
    assert run.verdict == "overfit"
    assert any("held its low level" in f.message for f in run.analysis.findings)


def test_trained_climb_fires_and_level_does_not(tmp_path):
    torch.set_num_threads(1)
    far = val_climbed_far(_curves(_poly_run(tmp_path / "n40", n=40)))
    assert far is not None and far.tail >= 3 * far.best and far.train_last <= 1.5 * far.train_at_best
    assert verdict(tmp_path / "n40").verdict == "overfit"
    assert val_climbed_far(_curves(_poly_run(tmp_path / "n100", n=100))) is None
