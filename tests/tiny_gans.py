"""Tiny GANs really trained on scikit-learn's 8x8 digits, printing or writing their losses as the real writers do
(task gan30; used by tests/test_curves_gan30.py).

- ``spade_log``: NVlabs/SPADE (fecacc9) semantic image synthesis: a generator from a label map, a conditional patch
  discriminator, hinge loss (``models/networks/loss.py`` ``gan_mode='hinge'``: the generator's ``-mean(D(fake))``,
  the discriminator's ``-mean(min(D(real) - 1, 0))`` and ``-mean(min(-D(fake) - 1, 0))``), ``GAN_Feat`` (L1 between
  the discriminator's intermediate features of fake and real, times ``lambda_feat`` 10) and ``VGG`` (L1 between
  perceptual features, times ``lambda_vgg`` 10: a fixed random conv net stands in for the downloaded VGG19), printed
  by ``util/visualizer.py`` ``print_current_errors`` into ``checkpoints/<name>/loss_log.txt`` in the order of
  ``trainers/pix2pix_trainer.py`` ``get_latest_losses`` (``{**g_losses, **d_losses}``: GAN, GAN_Feat, VGG,
  D_Fake, D_real).
- ``cyclegan_log``: junyanz/pytorch-CycleGAN-and-pix2pix (07cff55) CycleGAN (LSGAN, lambda 10, identity 0.5),
  domain A the digits, domain B their negatives; ``stuck='generator_b'`` saturates generator B's output tanh at the
  start (its last bias +100: the output is 1 everywhere and no gradient passes), the half-stuck run of the public
  ``xraycyclegan`` (cycle_A and idt_B sit at lambda x their first L1 while the other half learns);
  ``stuck='discriminator_b'`` zeroes discriminator B's head and leaves it out of the optimiser (D_B 0.5 and G_B 1.0
  at every log, the collapsed discriminator's equilibrium, while both generators learn their cycles).
- ``pix2pix_log``: junyanz/pytorch-CycleGAN-and-pix2pix pix2pix (``models/pix2pix_model.py``: ``--gan_mode
  vanilla`` BCE-with-logits, a conditional discriminator on (A, B) pairs, ``G_L1`` times ``lambda_L1`` 100, ``D``'s
  loss ``(D_fake + D_real) * 0.5``), A the digits, B their mirrored negatives, its ``loss_log.txt`` lines printed in
  ``loss_names`` order (G_GAN, G_L1, D_real, D_fake); ``d_lr`` above the generator's 2e-4 makes the discriminator win.
- ``dcgan_tb``: the PyTorch examples' DCGAN loop (pytorch/examples ``dcgan/main.py``: BCE, ``errD = errD_real +
  errD_fake``, ``errG``, ``D_x = output.mean()``, ``D_G_z1``, ``D_G_z2``) with MLPs, its variables written by name
  with torch's SummaryWriter.
- ``wgan_gp``: a WGAN-GP (Gulrajani et al. 2017: critic loss ``D(fake) - D(real) + 10 * gp``, generator loss
  ``-D(fake)``, 5 critic steps per generator step, Adam(1e-4, 0.5, 0.9) scaled up for a tiny MLP) logging with
  torch's SummaryWriter ``Loss/D``, ``Loss/G`` and the samples' distance to the data (``Metrics/mmd``, lower is
  better); ``lr``/``gp`` set high and 0 give the exploding WGAN.
"""
from __future__ import annotations

import io

import numpy as np
import torch
from sklearn.datasets import load_digits

torch.set_num_threads(1)  # tiny nets: threads only add overhead on a shared machine
F = torch.nn.functional
nn = torch.nn


def digits(n: int = 512) -> torch.Tensor:
    """``n`` 8x8 digits scaled to [-1, 1], shape (n, 1, 8, 8)."""
    x = load_digits().images[:n].astype(np.float32) / 16.0
    return torch.from_numpy(x * 2 - 1).unsqueeze(1)


# ---------------------------------------------------------------- SPADE


def spade_log(path, *, epochs: int = 6, batch: int = 16, images: int = 256, print_freq: int = 64,
              tf_log=None) -> list[dict]:
    """Train a tiny SPADE-style GAN; print its ``loss_log.txt`` to ``path``. Returns the printed losses per line.
    ``tf_log``: a folder to write the same losses to as ``plot_current_errors`` does with ``--tf_log`` (one scalar per
    loss name, its tag the name, at ``total_steps_so_far``), with torch's SummaryWriter."""
    torch.manual_seed(0)
    real = digits(images)
    label = torch.cat([(real > 0).float(), (real <= 0).float()], 1)  # a 2-class semantic map of each digit
    gen = nn.Sequential(nn.Conv2d(2, 16, 3, 1, 1), nn.LeakyReLU(0.2), nn.Conv2d(16, 16, 3, 1, 1), nn.LeakyReLU(0.2),
                        nn.Conv2d(16, 1, 3, 1, 1), nn.Tanh())
    d_layers = nn.ModuleList([nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1), nn.LeakyReLU(0.2)),
                              nn.Sequential(nn.Conv2d(16, 16, 3, 2, 1), nn.LeakyReLU(0.2)), nn.Conv2d(16, 1, 3, 1, 1)])
    percept = nn.Sequential(nn.Conv2d(1, 8, 3, 1, 1), nn.ReLU(), nn.Conv2d(8, 8, 3, 2, 1)).requires_grad_(False)
    opt_g = torch.optim.Adam(gen.parameters(), lr=1e-3, betas=(0.0, 0.9))  # SPADE's no_TTUR=False: D's rate 4x G's
    opt_d = torch.optim.Adam(d_layers.parameters(), lr=4e-3, betas=(0.0, 0.9))

    def disc(seg, img):
        feats, h = [], torch.cat([seg, img], 1)
        for layer in d_layers:
            h = layer(h)
            feats.append(h)
        return feats

    out, printed, total = io.StringIO(), [], 0
    writer = None
    if tf_log is not None:
        from torch.utils.tensorboard import SummaryWriter
        writer = SummaryWriter(str(tf_log))
    print("================ Training Loss (Wed Dec  2 10:00:00 2026) ================", file=out)
    for epoch in range(1, epochs + 1):
        epoch_iter = 0
        for i in range(0, images, batch):
            seg, img = label[i:i + batch], real[i:i + batch]
            fake = gen(seg)
            f_fake, f_real = disc(seg, fake), disc(seg, img)
            g_losses = {"GAN": -f_fake[-1].mean(),
                        "GAN_Feat": sum(F.l1_loss(a, b.detach()) for a, b in zip(f_fake[:-1], f_real[:-1])) * 10,
                        "VGG": F.l1_loss(percept(fake), percept(img)) * 10}
            opt_g.zero_grad()
            sum(g_losses.values()).backward()
            opt_g.step()
            pred_fake, pred_real = disc(seg, fake.detach())[-1], disc(seg, img)[-1]
            d_losses = {"D_Fake": -torch.clamp(-pred_fake - 1, max=0).mean(),
                        "D_real": -torch.clamp(pred_real - 1, max=0).mean()}
            opt_d.zero_grad()
            sum(d_losses.values()).backward()
            opt_d.step()
            epoch_iter += batch
            total += batch
            if total % print_freq < batch:  # util/iter_counter.py needs_printing
                errors = {**g_losses, **d_losses}
                message = "(epoch: %d, iters: %d, time: %.3f) " % (epoch, epoch_iter, 0.012)
                for k, v in errors.items():
                    message += "%s: %.3f " % (k, v.detach().mean().float())
                print(message, file=out)
                printed.append({k: float("%.3f" % v.item()) for k, v in errors.items()})
                for tag, value in errors.items() if writer is not None else ():
                    writer.add_scalar(tag, value.detach().mean().float().item(), total)
        print("End of epoch %d / %d \t Time Taken: %d sec" % (epoch, epochs, 1), file=out)
    if writer is not None:
        writer.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue())
    return printed


# ---------------------------------------------------------------- CycleGAN


def _g():
    return nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1), nn.ReLU(), nn.Conv2d(16, 1, 3, 1, 1), nn.Tanh())


def _d():
    return nn.Sequential(nn.Conv2d(1, 16, 3, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(16, 1, 3, 1, 1))


def cyclegan_log(path, *, stuck: str | None = None, epochs: int = 4, images: int = 256, batch: int = 4,
                 print_freq: int = 16) -> list[dict]:
    """Train a tiny CycleGAN (A: digits, B: their negatives); print junyanz's ``loss_log.txt`` lines to ``path``.
    Returns the printed losses per line."""
    torch.manual_seed(1)
    a_set = digits(images)
    b_set = -digits(2 * images)[images:]
    g_a, g_b, d_a, d_b = _g(), _g(), _d(), _d()
    d_params = list(d_a.parameters()) + list(d_b.parameters())
    with torch.no_grad():
        if stuck == "generator_b":  # tanh saturated at 1 from the start: generator B never gets a gradient
            g_b[2].bias.fill_(100.0)
        elif stuck == "discriminator_b":  # a zeroed head left out of the optimiser: D_B says 0 to everything
            d_b[2].weight.zero_()
            d_b[2].bias.zero_()
            d_params = list(d_a.parameters())
    opt_g = torch.optim.Adam(list(g_a.parameters()) + list(g_b.parameters()), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d_params, lr=2e-3, betas=(0.5, 0.999))

    def gan(pred, is_real: bool):  # --gan_mode lsgan
        return F.mse_loss(pred, torch.full_like(pred, 1.0 if is_real else 0.0))

    out, printed, total = io.StringIO(), [], 0
    print("================ Training Loss (Wed Dec  2 10:00:00 2026) ================", file=out)
    for epoch in range(1, epochs + 1):
        epoch_iter = 0
        for i in range(0, images, batch):
            real_a, real_b = a_set[i:i + batch], b_set[i:i + batch]
            fake_b, fake_a = g_a(real_a), g_b(real_b)
            losses = {"G_A": gan(d_a(fake_b), True), "G_B": gan(d_b(fake_a), True),
                      "cycle_A": F.l1_loss(g_b(fake_b), real_a) * 10, "cycle_B": F.l1_loss(g_a(fake_a), real_b) * 10,
                      "idt_A": F.l1_loss(g_a(real_b), real_b) * 10 * 0.5,
                      "idt_B": F.l1_loss(g_b(real_a), real_a) * 10 * 0.5}
            opt_g.zero_grad()
            sum(losses.values()).backward()
            opt_g.step()
            d_loss_a = (gan(d_a(real_b), True) + gan(d_a(fake_b.detach()), False)) * 0.5
            d_loss_b = (gan(d_b(real_a), True) + gan(d_b(fake_a.detach()), False)) * 0.5
            opt_d.zero_grad()
            (d_loss_a + d_loss_b).backward()
            opt_d.step()
            epoch_iter += batch
            total += batch
            if total % print_freq == 0:
                values = {"D_A": d_loss_a, "G_A": losses["G_A"], "cycle_A": losses["cycle_A"],
                          "idt_A": losses["idt_A"], "D_B": d_loss_b, "G_B": losses["G_B"],
                          "cycle_B": losses["cycle_B"], "idt_B": losses["idt_B"]}
                _print_losses(out, printed, epoch, epoch_iter, values)
        print("End of epoch %d / %d \t Time Taken: %d sec" % (epoch, epochs, 1), file=out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue())
    return printed


# ---------------------------------------------------------------- pix2pix


def pix2pix_log(path, *, d_lr: float = 2e-4, epochs: int = 6, images: int = 256, batch: int = 4,
                print_freq: int = 16) -> list[dict]:
    """Train a tiny pix2pix (A: digits, B: their mirrored negatives); print junyanz's ``loss_log.txt`` lines to
    ``path``. Returns the printed losses per line."""
    torch.manual_seed(1)
    a_set = digits(images)
    b_set = -a_set.flip(-1)
    g = _g()
    d = nn.Sequential(nn.Conv2d(2, 32, 3, 1, 1), nn.LeakyReLU(0.2), nn.Conv2d(32, 32, 3, 2, 1), nn.LeakyReLU(0.2),
                      nn.Conv2d(32, 1, 3, 1, 1))
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=d_lr, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()

    def gan(pred, is_real: bool):  # --gan_mode vanilla
        return bce(pred, torch.full_like(pred, 1.0 if is_real else 0.0))

    out, printed, total = io.StringIO(), [], 0
    print("================ Training Loss (Wed Dec  2 10:00:00 2026) ================", file=out)
    for epoch in range(1, epochs + 1):
        epoch_iter = 0
        for i in range(0, images, batch):
            real_a, real_b = a_set[i:i + batch], b_set[i:i + batch]
            fake_b = g(real_a)
            opt_d.zero_grad()
            d_fake = gan(d(torch.cat((real_a, fake_b.detach()), 1)), False)
            d_real = gan(d(torch.cat((real_a, real_b), 1)), True)
            ((d_fake + d_real) * 0.5).backward()
            opt_d.step()
            opt_g.zero_grad()
            g_gan = gan(d(torch.cat((real_a, fake_b), 1)), True)
            g_l1 = F.l1_loss(fake_b, real_b) * 100
            (g_gan + g_l1).backward()
            opt_g.step()
            epoch_iter += batch
            total += batch
            if total % print_freq == 0:
                values = {"G_GAN": g_gan, "G_L1": g_l1, "D_real": d_real, "D_fake": d_fake}
                _print_losses(out, printed, epoch, epoch_iter, values)
        print("End of epoch %d / %d \t Time Taken: %d sec" % (epoch, epochs, 1), file=out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue())
    return printed


# ---------------------------------------------------------------- DCGAN example


def dcgan_tb(logdir, *, iters: int = 300, log_every: int = 5) -> list[dict]:
    """Train the DCGAN example's loop (MLPs on flattened digits); write ``errD``, ``errG``, ``D_x``, ``D_G_z1`` to
    ``logdir``. Returns the logged values per log."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(3)
    data = digits(1024).flatten(1)
    net_g = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 64), nn.Tanh())
    net_d = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1), nn.Sigmoid())
    opt_g = torch.optim.Adam(net_g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(net_d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    writer, logged, batch = SummaryWriter(str(logdir)), [], 64
    for it in range(iters):
        real = data[torch.randint(0, len(data), (batch,))]
        net_d.zero_grad()
        output = net_d(real).view(-1)
        err_d_real = F.binary_cross_entropy(output, torch.ones(batch))
        err_d_real.backward()
        d_x = output.mean().item()
        fake = net_g(torch.randn(batch, 16))
        output = net_d(fake.detach()).view(-1)
        err_d_fake = F.binary_cross_entropy(output, torch.zeros(batch))
        err_d_fake.backward()
        d_g_z1 = output.mean().item()
        err_d = err_d_real + err_d_fake
        opt_d.step()
        net_g.zero_grad()
        err_g = F.binary_cross_entropy(net_d(fake).view(-1), torch.ones(batch))
        err_g.backward()
        opt_g.step()
        if it % log_every == 0:
            values = {"errD": err_d.item(), "errG": err_g.item(), "D_x": d_x, "D_G_z1": d_g_z1}
            for tag, value in values.items():
                writer.add_scalar(tag, value, it)
            logged.append(values)
    writer.close()
    return logged


# ---------------------------------------------------------------- WGAN-GP


def _mmd(x: torch.Tensor, y: torch.Tensor) -> float:
    """Squared maximum mean discrepancy (Gaussian kernel, bandwidth 8 in the 64-d pixel space) of two samples."""
    def k(a, b):
        return torch.exp(-torch.cdist(a, b) ** 2 / (2 * 8.0 ** 2)).mean()
    return float(k(x, x) + k(y, y) - 2 * k(x, y))


def wgan_gp(logdir, *, iters: int = 400, lr: float = 1e-3, gp_weight: float = 10.0, n_critic: int = 5,
            log_every: int = 10) -> dict:
    """Train a tiny WGAN(-GP) on flattened digits and write ``Loss/D``, ``Loss/G``, ``Metrics/mmd`` with torch's
    SummaryWriter into ``logdir``. Returns {'mmd': [first, last], 'd': [values], 'g': [values]} as logged."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(2)
    data = digits(1024).flatten(1)
    gen = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 64), nn.Tanh())
    critic = nn.Sequential(nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1))
    opt_g = torch.optim.Adam(gen.parameters(), lr=lr, betas=(0.5, 0.9))
    opt_d = torch.optim.Adam(critic.parameters(), lr=lr, betas=(0.5, 0.9))
    writer, logged = SummaryWriter(str(logdir)), {"mmd": [], "d": [], "g": []}
    fixed_z, batch = torch.randn(256, 16), 64
    for it in range(iters):
        for _ in range(n_critic):
            real = data[torch.randint(0, len(data), (batch,))]
            fake = gen(torch.randn(batch, 16)).detach()
            d_loss = critic(fake).mean() - critic(real).mean()
            if gp_weight:
                eps = torch.rand(batch, 1)
                mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
                grad, = torch.autograd.grad(critic(mix).sum(), mix, create_graph=True)
                d_loss = d_loss + gp_weight * ((grad.norm(dim=1) - 1) ** 2).mean()
            opt_d.zero_grad()
            d_loss.backward()
            opt_d.step()
        g_loss = -critic(gen(torch.randn(batch, 16))).mean()
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        if it % log_every == 0 or it == iters - 1:
            writer.add_scalar("Loss/D", d_loss.item(), it)
            writer.add_scalar("Loss/G", g_loss.item(), it)
            logged["d"].append(d_loss.item())
            logged["g"].append(g_loss.item())
            if it % (log_every * 5) == 0 or it == iters - 1:
                with torch.no_grad():
                    mmd = _mmd(gen(fixed_z), data[:256])
                writer.add_scalar("Metrics/mmd", mmd, it)
                logged["mmd"].append(mmd)
    writer.close()
    return logged


def _print_losses(out, printed: list, epoch: int, epoch_iter: int, values: dict) -> None:
    """junyanz's Visualizer.print_current_losses line (``(epoch: e, iters: i, time: t, data: d) name: v ..``) to
    ``out``; the printed values (3 decimals) appended to ``printed``."""
    message = "(epoch: %d, iters: %d, time: %.3f, data: %.3f) " % (epoch, epoch_iter, 0.031, 0.002)
    for k, v in values.items():
        message += "%s: %.3f " % (k, v.item())
    print(message, file=out)
    printed.append({k: float("%.3f" % v.item()) for k, v in values.items()})
