"""Verdict kinds of the sets opened at stop 52 (113-118), each failing on the stop's start code, with guards:

- an energy-based model's contrastive-divergence loss, negative while the model lags its Langevin samples and back
  to ~0 at equilibrium (ebmdiff115, labelled `healthy` twice): `diverged` 0.85-0.99 "climbed far above its best".
"""
from __future__ import annotations

import torch
from torch.utils.tensorboard import SummaryWriter

from _runs import verdict


def _ebm(logdir, steps: int = 300, names: bool = True) -> list[float]:
    """A tiny energy model trained for real by contrastive divergence with a persistent Langevin buffer (2-D
    Gaussian data), its losses logged by TensorBoard's SummaryWriter; returns the total per step."""
    torch.manual_seed(0)
    data = torch.randn(512, 2) * 0.5 + torch.tensor([1.0, -1.0])
    energy = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.SiLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.Adam(energy.parameters(), lr=1e-3)
    buf = torch.rand(512, 2) * 4 - 2
    totals = []
    with SummaryWriter(str(logdir)) as w:
        for step in range(steps):
            x = data[torch.randint(0, 512, (64,))]
            idx = torch.randint(0, 512, (64,))
            s = buf[idx].clone().requires_grad_(True)
            for _ in range(10):
                (g,) = torch.autograd.grad(energy(s).sum(), s)
                s = (s - 0.05 * g + 0.01 * torch.randn_like(s)).detach().requires_grad_(True)
            buf[idx] = s.detach()
            pos, neg = energy(x), energy(s.detach())
            cd = pos.mean() - neg.mean()
            reg = 0.1 * (pos ** 2 + neg ** 2).mean()
            loss = cd + reg
            opt.zero_grad()
            loss.backward()
            opt.step()
            if names:
                w.add_scalar("loss_contrastive_divergence", cd.item(), step)
                w.add_scalar("loss_regularization", reg.item(), step)
            w.add_scalar("loss", loss.item(), step)
            totals.append(loss.item())
    return totals


def test_contrastive_divergence_back_to_zero_is_no_divergence(tmp_path):
    totals = _ebm(tmp_path / "ebm")
    assert min(totals) < -0.2 and abs(totals[-1]) < 0.1  # the shape: negative, then back to about 0
    s = verdict(tmp_path / "ebm")
    assert s.verdict == "healthy" and s.confidence <= 0.5, (s.verdict, s.summary)
    assert any("contrastive divergence" in f.message for f in s.analysis.findings), s.analysis.findings


def test_the_same_curve_named_only_loss_is_still_judged_as_a_loss(tmp_path):
    """Guard: without a contrastive-divergence term named, a loss that climbed from -0.28 to +0.03 is judged as any
    loss (the energy model's reading needs the name)."""
    _ebm(tmp_path / "plain", names=False)
    assert verdict(tmp_path / "plain").verdict == "diverged"
