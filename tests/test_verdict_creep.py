"""Stop 66: a contrastive pre-training loss that creeps down to its end is no stall (``verdict_creep``).

SimCLR's NT-Xent loss at temperature 1 starts near ln(2N - 1) for a batch of N pairs and can fall only ~10% however
well the encoder learns: most in the first epochs, then a smooth creep that sets new lows to the last epoch. The
learned model called that shape `stalled` ("flat since epoch 602"): public open fewshotssl197 CropGauss (5.745 ->
5.265 over 1,000 epochs, its lowest at epoch 984) and CropColor (5.858 -> 5.286, lowest at 498 of 500), both
labelled `healthy`. The runs here are a tiny encoder really trained with NT-Xent (full batch, two fixed views, SGD +
cosine annealing), printed in that program's exact per-epoch line, ``( 19.565s) Epoch 003/1000:
loss=\\x1b[32m5.463263\\x1b[0m`` (FewShot SSL's ``train.py``, as in the public .out files).
"""
from __future__ import annotations

import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")


def _simclr_run(path, *, lr: float, epochs: int = 200) -> None:
    """Train a 16-32-16 MLP encoder with NT-Xent (temperature 1.0) on 128 pairs of fixed noisy views of random
    points and write the program's stdout to ``path/run.out``."""
    import torch.nn.functional as F
    from torch import nn
    torch.manual_seed(0)
    x = torch.randn(128, 16)
    a, b = x + 0.5 * torch.randn_like(x), x + 0.5 * torch.randn_like(x)
    enc = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 16))
    opt = torch.optim.SGD(enc.parameters(), lr=lr, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    target = torch.cat([torch.arange(128, 256), torch.arange(0, 128)])
    lines = [f"Namespace(T_max={epochs}, base_learning_rate={lr}, base_optimizer='SGD', batch_size=128, "
             f"loss_function='NTXent', model='SimCLRModel', ntxent_temp=1.0, num_epochs={epochs}, "
             "scheduler='CosineAnnealingLR')", "Starting Training on:", "Train:  64 classes", "------------------"]
    for epoch in range(1, epochs + 1):
        z = F.normalize(torch.cat([enc(a), enc(b)]), dim=1)
        sim = (z @ z.t()).fill_diagonal_(float("-inf"))
        loss = F.cross_entropy(sim, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        lines.append(f"( {0.006 * epoch:6.3f}s) Epoch {epoch:03d}/{epochs}: loss=\x1b[32m{loss.item():.6f}\x1b[0m")
    lines.append(f"Training for {epochs} epochs took 1.200s total and 0.006s average")
    path.mkdir()
    (path / "run.out").write_text("\n".join(lines) + "\n")


def test_a_contrastive_loss_creeping_to_new_lows_at_its_end_is_not_stalled(tmp_path):
    _simclr_run(tmp_path / "simclr", lr=0.05)  # 5.10 -> 4.66 (9%), its lowest in its last epochs
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "healthy"
    assert any("kept setting new lows to its end" in f.message for f in run.analysis.findings)


def test_a_learning_rate_too_small_still_stalls(tmp_path):
    # the same model at a learning rate ~150x smaller creeps down smoothly too, but < 5% in all: barely moving
    _simclr_run(tmp_path / "tiny_lr", lr=0.0003)
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "stalled"
    assert not any("kept setting new lows" in f.message for f in run.analysis.findings)
