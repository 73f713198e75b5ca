"""GAN terms without a ``G`` word, half-stuck GANs, and WGAN losses (task gan30). Every log is written by a tiny GAN
really trained on scikit-learn's digits (tests/tiny_gans.py says how each mirrors its repository), or is the public
``xraycyclegan`` run (Crystalyyds/xray_cyclegan 9a3531b, ``train_log.txt``).
"""
from __future__ import annotations

import pytest

from _runs import public_run
from loganalyzer.scan import scan

pytest.importorskip("torch")
pytest.importorskip("sklearn")
import tiny_gans  # noqa: E402


def _run(path):
    (run,) = scan([path]).runs
    return run


def _kinds(run) -> list[str]:
    return [f.kind for f in run.analysis.findings]


# ---------------------------------------------------------------- 1. SPADE's GAN, GAN_Feat, VGG, D_Fake, D_real


@pytest.fixture(scope="module")
def spade(tmp_path_factory):
    root = tmp_path_factory.mktemp("spade")
    printed = tiny_gans.spade_log(root / "printed" / "loss_log.txt", tf_log=root / "tensorboard" / "logs")
    return {r.run.split("/")[0]: r for r in scan([root]).runs}, printed


def test_spade_terms_are_a_gan_judged_on_the_generators_sum(spade):
    runs, printed = spade
    run = runs["printed"]
    generator = ("GAN", "GAN_Feat", "VGG")
    assert run.roles["train_loss"] == "loss_GAN + loss_GAN_Feat + loss_VGG"  # SPADE's g_loss, not D_Fake
    assert (run.analysis.evidence["initial"], run.analysis.evidence["final"]) == pytest.approx(
        (sum(printed[0][k] for k in generator), sum(printed[-1][k] for k in generator)), abs=1e-6)
    (gan,) = [f.message for f in run.analysis.findings if f.kind == "gan"]
    assert "`loss_D_Fake` (discriminator)" in gan
    # the perceptual and feature-matching terms fell by more than half: the generator learned
    assert printed[-1]["VGG"] < 0.5 * printed[0]["VGG"] and printed[-1]["GAN_Feat"] < 0.6 * printed[0]["GAN_Feat"]
    assert run.verdict == "healthy" and run.confidence <= 0.6


def test_spade_tensorboard_tags_without_a_loss_word_are_the_gan_terms(spade):
    """``--tf_log``: tags ``GAN``, ``GAN_Feat``, ``VGG``, ``D_Fake``, ``D_real`` (no loss word) were `unknown`."""
    runs, printed = spade
    run = runs["tensorboard"]
    assert run.roles["train_loss"] == "GAN + GAN_Feat + VGG"
    assert run.analysis.evidence["initial"] == pytest.approx(sum(printed[0][k] for k in ("GAN", "GAN_Feat", "VGG")),
                                                             abs=2e-3)
    assert any("a GAN's terms, are judged as its losses" in n for n in run.notes)
    assert run.verdict == "healthy" and "gan" in _kinds(run)


def test_the_dcgan_examples_err_d_and_err_g_beside_d_of_x(tmp_path):
    """The PyTorch DCGAN example's ``errD``/``errG`` logged by name, beside ``D_x`` and ``D_G_z1`` (D's mean outputs,
    no losses): a GAN judged on ``errG`` (it was `unknown`)."""
    logged = tiny_gans.dcgan_tb(tmp_path / "dcgan")
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "errG"
    assert run.analysis.evidence["initial"] == pytest.approx(logged[0]["errG"], rel=1e-5)
    (gan,) = [f.message for f in run.analysis.findings if f.kind == "gan"]
    assert "`errD` (discriminator)" in gan and "D_x" not in gan


def test_an_adversarial_word_without_a_discriminator_is_no_gan(tmp_path):
    """Adversarial training for robustness (``adv_loss`` beside ``loss``, no discriminator): not a GAN."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "robust"))
    for step in range(40):
        writer.add_scalar("loss", 2.0 / (1 + step / 8), step)
        writer.add_scalar("adv_loss", 2.5 / (1 + step / 10), step)
    writer.close()
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "loss" and "gan" not in _kinds(run)


# ---------------------------------------------------------------- 2. a half-stuck CycleGAN


@pytest.fixture(scope="module")
def cyclegans(tmp_path_factory):
    root = tmp_path_factory.mktemp("cyclegan")
    healthy = tiny_gans.cyclegan_log(root / "healthy" / "loss_log.txt")
    stuck = tiny_gans.cyclegan_log(root / "stuck" / "loss_log.txt", stuck="generator_b")
    dead_d = tiny_gans.cyclegan_log(root / "dead_d" / "loss_log.txt", stuck="discriminator_b")
    return {r.run.split("/")[0]: r for r in scan([root]).runs}, healthy, stuck, dead_d


def test_a_cyclegan_whose_generator_b_never_learns_is_stalled(cyclegans):
    runs, _, printed, _ = cyclegans
    run = runs["stuck"]
    # what was trained: generator B's output is pinned, so cycle_A and idt_B never move while the A half learns
    assert printed[0]["cycle_A"] == printed[len(printed) // 2]["cycle_A"]
    assert printed[-1]["idt_A"] < 0.5 * printed[0]["idt_A"]
    assert run.verdict == "stalled" and run.confidence <= 0.55
    (stuck,) = [f.message for f in run.analysis.findings if f.kind == "gan_stuck"]
    assert "`loss_cycle_A`" in stuck and "`loss_idt_B`" in stuck and "`loss_cycle_B`" not in stuck
    assert run.analysis.evidence["stuck_terms"] == ["loss_cycle_A", "loss_idt_B"]
    assert "possible_healthy" in _kinds(run) or "possible_underfit" in _kinds(run)
    assert "never learned" in run.analysis.summary and "optimisers" in run.analysis.advice[0]


def test_a_healthy_cyclegan_stays_healthy(cyclegans):
    runs, printed, _, _ = cyclegans
    run = runs["healthy"]
    for k in ("cycle_A", "cycle_B", "idt_A", "idt_B"):  # both halves learned
        assert printed[-1][k] < 0.5 * printed[0][k]
    assert run.verdict == "healthy" and "gan_stuck" not in _kinds(run)


def test_a_cyclegan_whose_discriminator_b_is_dead_is_stalled(cyclegans):
    """D_B says 0 to every image: D_B 0.500 and G_B 1.000 at every log while the cycle terms fall."""
    runs, _, _, printed = cyclegans
    assert {p["D_B"] for p in printed} == {0.5} and {p["G_B"] for p in printed} == {1.0}
    assert printed[-1]["cycle_B"] < 0.5 * printed[0]["cycle_B"]
    run = runs["dead_d"]
    assert run.verdict == "stalled"
    assert run.analysis.evidence["stuck_terms"] == ["loss_D_B", "loss_G_B"]


def test_the_public_half_stuck_cyclegan_is_stalled():
    """xraycyclegan: cycle_A 9.99 -> 9.82 and idt_B 4.995 -> 4.91 for 93 logs while cycle_B and idt_A fall >= 90%
    (labelled `stalled` by a careful labeller; healthy before)."""
    run = _run(public_run("xraycyclegan__run"))
    assert run.verdict == "stalled"
    assert run.analysis.evidence["stuck_terms"] == ["loss_cycle_A", "loss_idt_B"]


# ---------------------------------------------------------------- 3. WGAN-GP


@pytest.mark.slow
def test_a_learning_wgan_gp_whose_critic_wanders_is_not_diverged(tmp_path):
    """The generator's ``-D(fake)`` goes -0.02 -> -3.7 -> -1.6 while its samples' MMD to the data falls ~40x: the
    critic's estimate moving, not divergence (it was "learned, then collapsed")."""
    logged = tiny_gans.wgan_gp(tmp_path / "wgan")
    assert logged["mmd"][-1] < 0.1 * logged["mmd"][0]  # the generator really improved
    assert min(logged["g"]) < 0 and min(logged["d"]) < 0  # signed losses
    run = _run(tmp_path)
    assert run.roles["train_loss"] == "Loss/G" and run.verdict == "healthy"
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_diverged"]
    assert "signed loss" in why and "1000x" in why


def test_an_exploding_wgan_stays_diverged(tmp_path):
    """No gradient penalty, one critic step, a 50x rate: the losses reach thousands and the samples get worse."""
    logged = tiny_gans.wgan_gp(tmp_path / "boom", lr=5e-2, gp_weight=0, n_critic=1)
    assert max(abs(v) for v in logged["g"]) > 1e3 and logged["mmd"][-1] > logged["mmd"][0]
    assert _run(tmp_path).verdict == "diverged"
