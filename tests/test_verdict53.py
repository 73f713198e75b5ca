"""Verdict kinds of the sets opened at stop 53 (119-124), each failing on the stop's start code, with guards:

- a DCGAN whose discriminator sits at chance, ``d_loss`` ~ ln 4 and ``g_loss`` ~ ln 2 log after log (dcgannpu119,
  labelled `stalled`): `underfit` 0.57;
- a loss printed as ``-1.0000`` at every epoch, a wrapper's "not computed" (falconyolo119): judged as a flat loss;
- 11 noisy per-batch logs of a resumed detector whose end lies 2x above its first log but came back below it on the
  way (fasterrcnn123, labelled `healthy`): `diverged` 0.89;
- a 1,000-epoch loss that spiked at epoch 914 and was coming back down at its end (hobickts121 v4, `healthy`):
  `diverged` 0.81, its per-epoch wiggle hiding the fall from the last-3-logs test.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch.utils.tensorboard import SummaryWriter

from _runs import close_logger, file_logger, mlp, tiny_regression, verdict


def _gan(path, dead: bool, iters: int = 240, seed: int = 0) -> tuple[list[float], list[float]]:
    """A tiny GAN trained for real on 1-D Gaussian data (BCE, d_loss = real + fake terms as DCGAN's code logs it),
    printed as the TensorFlow DCGAN prints its iterations; returns (d_losses, g_losses). ``dead``: the discriminator's
    output layer starts at zero (it scores everything 0.5) and learns at 1e-6, far too slowly to tell anything apart;
    else it learns at 2e-3."""
    torch.manual_seed(seed)
    gen = mlp(4, 16, 1)
    disc = mlp(1, 16, 1)
    if dead:
        torch.nn.init.zeros_(disc[-1].weight)
        torch.nn.init.zeros_(disc[-1].bias)
    og = torch.optim.Adam(gen.parameters(), lr=1e-3)
    od = torch.optim.Adam(disc.parameters(), lr=1e-6 if dead else 2e-3)
    d_hist, g_hist, lines = [], [], []
    for it in range(iters):
        real = torch.randn(64, 1) * 0.5 + 2.0
        fake = gen(torch.randn(64, 4))
        ones, zeros = torch.ones(64, 1), torch.zeros(64, 1)
        d_loss = F.binary_cross_entropy_with_logits(disc(real), ones) + \
            F.binary_cross_entropy_with_logits(disc(fake.detach()), zeros)
        od.zero_grad()
        d_loss.backward()
        od.step()
        g_loss = F.binary_cross_entropy_with_logits(disc(fake), ones)
        og.zero_grad()
        g_loss.backward()
        og.step()
        d_hist.append(d_loss.item())
        g_hist.append(g_loss.item())
        lines.append(f"Epoch: [{it // 40:2d}/25] [{it % 40:4d}/  40] time: {1.3 + it * 0.7:.4f}, "
                     f"d_loss: {d_loss.item():.8f}, g_loss: {g_loss.item():.8f}")
    path.write_text("\n".join(lines) + "\n")
    return d_hist, g_hist


def test_gan_whose_discriminator_sits_at_chance_is_stalled(tmp_path):
    d, g = _gan(tmp_path / "nohup.out", dead=True)
    assert abs(d[-1] - math.log(4)) < 0.03 and abs(g[-1] - math.log(2)) < 0.03  # the shape: pinned at chance
    s = verdict(tmp_path)
    assert s.verdict == "stalled", (s.verdict, s.summary)
    assert any(f.kind == "gan_at_chance" for f in s.analysis.findings)


def test_gan_whose_discriminator_learns_is_not_at_chance(tmp_path):
    """Guard: the same GAN with a discriminator that learns (its losses swing away from ln 4 / ln 2)."""
    _gan(tmp_path / "nohup.out", dead=False)
    s = verdict(tmp_path)
    assert not any(f.kind == "gan_at_chance" for f in s.analysis.findings), s.summary


# ---------------------------------------------------------------- a loss printed as -1 at every log


def _wrapper_log(path, loss_text) -> None:
    """A YOLO wrapper's epoch lines (validation losses from the trainer, the training loss as the wrapper had it)."""
    train, val = tiny_regression(30, seed=3, lr=3e-3)
    log = file_logger(path, "%(asctime)s - %(levelname)s - %(message)s", f"falcon53{loss_text is None}")
    for epoch, (t, v) in enumerate(zip(train, val), 1):
        loss = f"{-1.0:.4f}" if loss_text is None else f"{loss_text(epoch, t):.4f}"
        log.info(f"Epoch {epoch}/30 | mAP@0.5: {min(0.9, epoch / 30):.4f}, val_box_loss: {v:.4f}, Loss: {loss}")
    close_logger(log)


def test_a_loss_of_minus_one_at_every_log_is_a_placeholder(tmp_path):
    _wrapper_log(tmp_path / "train.log", None)
    s = verdict(tmp_path)
    assert s.verdict == "healthy", (s.verdict, s.summary)
    assert "-1 at every log" in " ".join(s.notes), s.notes


def test_a_signed_loss_passing_minus_one_is_a_curve(tmp_path):
    """Guard: a loss that is -1 at some logs only (a signed objective) is judged as logged."""
    _wrapper_log(tmp_path / "train.log", lambda epoch, t: -1.0 if epoch % 5 == 0 else -1.0 - t)
    s = verdict(tmp_path)
    assert "-1 at every log" not in " ".join(s.notes)
    assert s.analysis.evidence.get("series") == "Loss", s.analysis.evidence


# ---------------------------------------------------------------- a short noisy log that came back below its start


def test_noisy_per_batch_log_that_came_back_is_not_diverged(tmp_path):
    """fasterrcnn123's 11 logged iterations (a detector resumed at iteration 119,900, constant learning rate)."""
    values = [0.135, 0.089, 0.18, 0.211, 0.282, 0.268, 0.122, 0.326, 0.285, 0.169, 0.294]
    lines = [f"Iter: {119900 + 6000 * i} lr: 0.000010 loss: {v:.4f} Train_loss_cls: {v * 0.4:.4f} "
             f"Train_loss_bbox: {v * 0.6:.4f}" for i, v in enumerate(values)]
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    s = verdict(tmp_path)
    assert s.verdict != "diverged", s.summary


def test_short_log_climbing_for_good_stays_diverged(tmp_path):
    """Guard: a really-trained regression whose learning rate is raised 30x at its 7th epoch and by half again every
    epoch from its 10th: its loss climbs far past its start and never comes back to it."""
    torch.manual_seed(0)
    x = torch.randn(256, 6)
    y = x @ torch.randn(6, 1)
    model = mlp(6, 16, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    lines = []
    for epoch in range(14):
        if epoch == 6:
            opt.param_groups[0]["lr"] = 0.3
        if epoch > 8:
            opt.param_groups[0]["lr"] *= 1.5
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        lines.append(f"Iter: {epoch * 100} lr: {opt.param_groups[0]['lr']:.6f} loss: {loss.item():.4f}")
    (tmp_path / "log_train.txt").write_text("\n".join(lines) + "\n")
    s = verdict(tmp_path)
    assert s.verdict in ("diverged", "nan"), s.summary


# ---------------------------------------------------------------- a late spike, coming back down at the end


def _spiked(logdir) -> None:
    """1,000 epochs of a really-trained regression (MAE, Adam at 1e-3, 4 batches an epoch) with a learning-rate
    spike at epoch 912 (x300 for 3 epochs), then 1e-4 (recovering slowly); the epoch's mean loss logged as
    Lightning names it."""
    torch.manual_seed(1)
    x = torch.randn(512, 6)
    y = x @ torch.randn(6, 1) + 0.3 * torch.randn(512, 1)
    model = mlp(6, 32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    with SummaryWriter(str(logdir)) as w:
        for epoch in range(1000):
            lr = 0.3 if 912 <= epoch < 915 else 1e-3 if epoch < 912 else 1e-4
            opt.param_groups[0]["lr"] = lr
            total = 0.0
            for idx in torch.randperm(512).split(128):
                loss = F.l1_loss(model(x[idx]), y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() / 4
            w.add_scalar("train_loss_epoch", total, epoch)


def test_late_spike_coming_back_down_is_not_diverged(tmp_path):
    _spiked(tmp_path / "run")
    s = verdict(tmp_path / "run")
    assert s.verdict != "diverged", s.summary

