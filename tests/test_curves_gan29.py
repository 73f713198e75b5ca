"""GAN stdout that prints loss terms without a loss word, judged as the GAN it is (task gan29).

junyanz/pytorch-CycleGAN-and-pix2pix (07cff55) ``util/visualizer.py`` ``print_current_losses`` prints
``(epoch: %d, iters: %d, time: %.3f, data: %.3f) `` then ``%s: %.3f `` per name of the model's ``loss_names``, each
value ``float(getattr(self, 'loss_' + name))`` (``models/base_model.py`` ``get_current_losses``): CycleGAN's ``D_A G_A
cycle_A idt_A D_B G_B cycle_B idt_B`` (``loss_G`` = the sum of the six generator terms, the lambdas already in
``loss_cycle_*``/``loss_idt_*``), pix2pix's ``G_GAN G_L1 D_real D_fake`` (``loss_G = loss_G_GAN + loss_G_L1``).
NVIDIA/pix2pixHD (04270df) prints the same line without ``, data: ..`` after ``#training images = N``, its
``loss_G = G_GAN + G_GAN_Feat + G_VGG``. These were `unknown` ("no series named like a loss"; public dev
``xraycyclegan``). Each log here is printed from a real tiny torch GAN loop (conv generators and discriminators on
random 8x8 images) with the repositories' format strings.
"""
from __future__ import annotations

import io

import pytest

from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _net(out_channels: int, stride: int = 1):
    return torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, stride, 1), torch.nn.LeakyReLU(0.2),
                               torch.nn.Conv2d(8, out_channels, 3, 1, 1))


def _line(epoch: int, iters: int, losses: dict, *, data_time: bool) -> str:
    if data_time:  # junyanz print_current_losses
        message = "(epoch: %d, iters: %d, time: %.3f, data: %.3f) " % (epoch, iters, 0.051, 0.002)
    else:  # pix2pixHD print_current_errors
        message = "(epoch: %d, iters: %d, time: %.3f) " % (epoch, iters, 0.051)
    for k, v in losses.items():
        message += "%s: %.3f " % (k, v)
    return message


def _gan_log(path, kind: str, *, epochs: int = 6, images: int = 32, batch: int = 4) -> list[tuple[int, dict]]:
    """Train a tiny ``kind`` ('cyclegan', 'pix2pix', 'pix2pixhd') GAN on random 8x8 images, printing its loss lines
    (and train.py's dataset line) to ``path``. Returns (step, printed losses) of every line."""
    torch.manual_seed(0)
    a_set, b_set = torch.rand(images, 3, 8, 8) * 2 - 1, torch.rand(images, 3, 8, 8) * 0.5
    out, printed = io.StringIO(), []
    if kind == "pix2pixhd":
        print("#training images = %d" % images, file=out)
    else:
        print("The number of training images = %d" % images, file=out)
    g_a, g_b, d_a, d_b = _net(3), _net(3), _net(1, 2), _net(1, 2)
    opt_g = torch.optim.Adam(list(g_a.parameters()) + list(g_b.parameters()), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), lr=2e-3, betas=(0.5, 0.999))
    mse = F.mse_loss  # LSGAN (--gan_mode lsgan, CycleGAN's default)

    def gan(pred, real: bool):
        return mse(pred, torch.full_like(pred, 1.0 if real else 0.0))

    for epoch in range(1, epochs + 1):
        epoch_iter = 0
        for i in range(0, images, batch):
            real_a, real_b = a_set[i:i + batch], b_set[i:i + batch]
            fake_b = torch.tanh(g_a(real_a))
            if kind == "cyclegan":
                fake_a = torch.tanh(g_b(real_b))
                rec_a, rec_b = torch.tanh(g_b(fake_b)), torch.tanh(g_a(fake_a))
                idt_a, idt_b = torch.tanh(g_a(real_b)), torch.tanh(g_b(real_a))
                losses = {"G_A": gan(d_a(fake_b), True), "G_B": gan(d_b(fake_a), True),
                          "cycle_A": F.l1_loss(rec_a, real_a) * 10, "cycle_B": F.l1_loss(rec_b, real_b) * 10,
                          "idt_A": F.l1_loss(idt_a, real_b) * 10 * 0.5, "idt_B": F.l1_loss(idt_b, real_a) * 10 * 0.5}
                g_total = sum(losses.values())
                opt_g.zero_grad()
                g_total.backward()
                opt_g.step()
                d_losses = {"D_A": (gan(d_a(real_b), True) + gan(d_a(fake_b.detach()), False)) * 0.5,
                            "D_B": (gan(d_b(real_a), True) + gan(d_b(fake_a.detach()), False)) * 0.5}
                opt_d.zero_grad()
                (d_losses["D_A"] + d_losses["D_B"]).backward()
                opt_d.step()
                losses = {"D_A": d_losses["D_A"], "G_A": losses["G_A"], "cycle_A": losses["cycle_A"],
                          "idt_A": losses["idt_A"], "D_B": d_losses["D_B"], "G_B": losses["G_B"],
                          "cycle_B": losses["cycle_B"], "idt_B": losses["idt_B"]}
            else:  # pix2pix / pix2pixHD: a conditional GAN, D sees (input, output)
                d_fake = gan(d_a(fake_b.detach() + real_a), False)
                d_real = gan(d_a(real_b + real_a), True)
                opt_d.zero_grad()
                ((d_fake + d_real) * 0.5).backward()
                opt_d.step()
                terms = {"G_GAN": gan(d_a(fake_b + real_a), True)}
                if kind == "pix2pix":
                    terms["G_L1"] = F.l1_loss(fake_b, real_b) * 100
                else:
                    terms["G_GAN_Feat"] = F.l1_loss(d_a[0](fake_b + real_a), d_a[0](real_b + real_a).detach()) * 10
                    terms["G_VGG"] = F.l1_loss(fake_b, real_b) * 10
                opt_g.zero_grad()
                sum(terms.values()).backward()
                opt_g.step()
                losses = {**terms, "D_real": d_real, "D_fake": d_fake}
            epoch_iter += batch
            if epoch_iter % 8 == 0:
                values = {k: v.item() for k, v in losses.items()}
                print(_line(epoch, epoch_iter, values, data_time=kind != "pix2pixhd"), file=out)
                printed.append(((epoch - 1) * images + epoch_iter, {k: float("%.3f" % v) for k, v in values.items()}))
        print("End of epoch %d / %d \t Time Taken: %d sec" % (epoch, epochs, 1), file=out)
    path.write_text(out.getvalue())
    return printed


def _judged(tmp_path, kind: str, generator: list[str], discriminator: str):
    printed = _gan_log(tmp_path / "train_log.txt", kind)
    (run,) = scan([tmp_path]).runs
    assert run.verdict != "unknown"
    total = " + ".join(f"loss_{k}" for k in generator)
    assert run.roles["train_loss"] == total
    assert (run.analysis.evidence["initial"], run.analysis.evidence["final"]) == pytest.approx(
        (sum(printed[0][1][k] for k in generator), sum(printed[-1][1][k] for k in generator)), abs=1e-6)
    assert (run.analysis.evidence["initial_step"], run.analysis.evidence["final_step"]) == (printed[0][0],
                                                                                          printed[-1][0])
    (gan,) = [f.message for f in run.analysis.findings if f.kind == "gan"]
    assert f"`{total}` (generator)" in gan and f"`loss_{discriminator}` (discriminator)" in gan
    assert any("the sum of the generator's loss terms" in n for n in run.notes)
    assert run.confidence <= 0.6
    return run, printed


def test_cyclegan_loss_lines_are_judged_on_the_generators_sum(tmp_path):
    """CycleGAN: the six generator terms summed (its ``loss_G``), ``loss_D_A`` the adversary; no longer unknown."""
    _judged(tmp_path, "cyclegan", ["G_A", "G_B", "cycle_A", "cycle_B", "idt_A", "idt_B"], "D_A")


def test_pix2pix_sibling_is_judged_on_g_gan_plus_g_l1(tmp_path):
    _judged(tmp_path, "pix2pix", ["G_GAN", "G_L1"], "D_fake")


def test_pix2pixhd_line_without_data_time_is_read_and_judged(tmp_path):
    """pix2pixHD: no ``data:`` field; ``#training images = 32`` gives the epoch's length (steps 8, 16, ..., 40)."""
    run, printed = _judged(tmp_path, "pix2pixhd", ["G_GAN", "G_GAN_Feat", "G_VGG"], "D_fake")
    assert [s for s, _ in printed[:5]] == [8, 16, 24, 32, 40]


def test_a_generator_total_beside_its_terms_is_not_summed(tmp_path):
    """A fork adding ``G`` (``loss_G``, the total) to ``loss_names``: judged on it, the terms its components."""
    lines = ["The number of training images = 8"]
    for e in range(1, 30):
        g_gan, g_l1 = 0.7 + 0.01 * (e % 3), 30.0 / e
        lines.append(_line(e, 8, {"G": g_gan + g_l1, "G_GAN": g_gan, "G_L1": g_l1, "D_real": 0.25, "D_fake": 0.24},
                           data_time=True))
    (tmp_path / "loss_log.txt").write_text("\n".join(lines) + "\n")
    (run,) = scan([tmp_path]).runs
    assert run.roles["train_loss"] == "loss_G"
    (components,) = [f.message for f in run.analysis.findings if f.kind == "components"]
    assert "loss_G_GAN" in components and "loss_G_L1" in components


def test_metrics_printed_in_the_shape_keep_their_names(tmp_path):
    """A fork's ``print_current_metrics`` (same ``(epoch: .., iters: .., time: ..)`` head) with PSNR/SSIM: no loss
    is made of a metric; the run names them as printed."""
    lines = [_line(e, 8, {"PSNR": 20 + e * 0.1, "SSIM": 0.5 + e * 0.01}, data_time=False) for e in range(1, 20)]
    (tmp_path / "metrics_log.txt").write_text("\n".join(lines) + "\n")
    (run,) = scan([tmp_path]).runs
    assert run.verdict == "unknown" and "PSNR" in run.analysis.summary and "loss_PSNR" not in run.analysis.summary
