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


def _yolo_run(path, val_nan_epochs) -> None:
    import math

    from test_readers5 import _save_metrics

    from _runs import tiny_regression

    train, val = tiny_regression(30, seed=8, lr=3e-3)
    for epoch, (t, v) in enumerate(zip(train, val)):
        bad = epoch in val_nan_epochs
        _save_metrics(path, epoch, 30.0 * (epoch + 1), {
            "train/box_loss": t, "train/seg_loss": t / 10, "train/cls_loss": 2 * t, "train/dfl_loss": t,
            "metrics/mAP50(M)": min(0.9, epoch / 30), "val/box_loss": math.nan if bad else v,
            "val/seg_loss": math.nan if bad else v / 10, "val/cls_loss": math.nan if bad else 2 * v,
            "val/dfl_loss": math.nan if bad else v, "lr/pg0": 1e-3})


def test_validation_nan_at_the_first_evaluations_only_is_left_out(tmp_path):
    """yoloseg69: the validation losses NaN at epochs 1-2 (nothing predicted yet), finite and falling after."""
    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    _yolo_run(path, {0, 1})
    s = verdict(path.parent)
    assert s.verdict != "nan", s.summary
    assert any("first 2 evaluation(s) only" in n for n in s.notes), s.notes


def test_validation_nan_in_the_middle_is_still_nan(tmp_path):
    """Guard: NaN at epochs 10-12 after finite evaluations (it became NaN, then came back): `nan`."""
    path = tmp_path / "train" / "results.csv"
    path.parent.mkdir()
    _yolo_run(path, {10, 11, 12})
    assert verdict(path.parent).verdict == "nan"


def test_a_cd_loss_that_is_no_contrastive_divergence_still_diverges(tmp_path):
    """``cd_loss`` as a cosine distance, -0.05 -> -0.90 then back above its start (the breaker's p18): `diverged`, as
    any loss; only a term spelled ``contrastive_divergence`` is read as an energy model's."""
    import pandas as pd

    from _runs import tiny_regression

    train, _ = tiny_regression(60, seed=12, lr=3e-3)
    fall = [-(0.05 + 0.85 * (1 - t / train[0])) for t in train[:25]]
    climb = [fall[-1] + (0.95 * (i + 1) / 35) for i in range(35)]
    pd.DataFrame({"epoch": range(60), "cd_loss": fall + climb}).to_csv(tmp_path / "metrics.csv", index=False)
    assert verdict(tmp_path).verdict == "diverged"


def test_contrastive_divergence_that_blows_up_above_zero_is_diverged(tmp_path):
    """Guard (the second breaker's q05): a contrastive-divergence total falling to -0.28, then far above 0 -- no
    equilibrium: `diverged`."""
    import pandas as pd

    totals = _ebm(tmp_path / "tb", steps=120)
    bad = totals + [abs(min(totals)) * (1 + i / 10) for i in range(60)]
    pd.DataFrame({"step": range(len(bad)), "loss_contrastive_divergence": bad}).to_csv(tmp_path / "metrics.csv",
                                                                                       index=False)
    assert verdict(tmp_path / "metrics.csv").verdict == "diverged"
