"""A GAN judged on the sum of its generator's terms, read term by term (stop 70, ``verdict_ganterms``): an
adversarial term that blew up beside its beaten discriminator is `diverged`; a flat sum whose reconstruction terms
kept falling is no stall. A tiny pix2pix really trained on digits (tests/tiny_gans.py ``pix2pix_log``) and the public
225th-set runs that showed both kinds."""
from __future__ import annotations

import numpy as np
import pytest

from _runs import public_run
from loganalyzer.scan import scan


def _runs(path):
    return {r.run: r for r in scan([path]).runs}


def _kinds(run) -> list[str]:
    return [f.kind for f in run.analysis.findings]


def test_a_pix2pix_whose_discriminator_won_is_diverged(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("sklearn")
    import tiny_gans

    printed = tiny_gans.pix2pix_log(tmp_path / "p2p" / "loss_log.txt", d_lr=5e-4)
    g_gan = np.array([p["G_GAN"] for p in printed])
    d_real = np.array([p["D_real"] for p in printed])
    tenth = len(printed) // 10
    # what was trained: the discriminator (2.5x the generator's rate) wins, G_GAN climbs, G_L1 still falls
    assert np.median(g_gan[-tenth:]) > 3 * np.median(g_gan[:tenth])
    assert np.median(d_real[-tenth:]) < 0.1 * np.median(d_real[:tenth])
    assert printed[-1]["G_L1"] < printed[0]["G_L1"]
    (run,) = scan([tmp_path / "p2p"]).runs
    assert run.verdict == "diverged" and run.confidence <= 0.6
    assert "gan_term_blowup" in _kinds(run) and "possible_healthy" in _kinds(run)
    assert run.analysis.evidence["blown_term"] == "loss_G_GAN"
    assert "discriminator won" in run.analysis.summary and "`loss_G_GAN`" in run.analysis.summary


def test_the_public_pix2pix_whose_discriminator_took_over_is_diverged():
    """anatcity225: D_real/D_fake -> 0, G_GAN tenths 4.61 -> 16.7 (labelled `diverged`; healthy 0.5 before)."""
    run = _runs(public_run("anatcity225__cityscapes_pix2pix"))["loss_log.txt"]
    assert run.verdict == "diverged"
    assert run.analysis.evidence["blown_term"] == "loss_G_GAN"


def test_a_cyclegan_whose_a_side_blew_up_is_diverged():
    """ponchon225 color2grayUnstable: G_A 0.82 -> 3.6 (8.7 at its peak tenth) while D_A 0.65 -> 0.05; cycle_A still
    falls (labelled `diverged`; healthy 0.24 before). Its B side (G_B 1.7x, D_B 0.6x) is no blow-up."""
    run = _runs(public_run("ponchon225__color2grayUnstable"))["loss_log.txt"]
    assert run.verdict == "diverged"
    assert run.analysis.evidence["blown_term"] == "loss_G_A"
    assert "`loss_D_A`" in run.analysis.summary


def test_a_cyclegan_whose_reconstruction_keeps_falling_is_not_stalled():
    """ponchon225 square2circle#2: the judged sum 2.653 -> 2.326 (flat: G_A/G_B rise as D gains), its
    reconstruction terms 0.571 -> 0.379 (labelled `healthy`; stalled 0.52 before). A discriminator gaining late with
    G_A < 2x is no blow-up."""
    runs = _runs(public_run("ponchon225__square2circle"))
    run = runs["loss_log.txt#2"]
    assert run.verdict == "healthy" and run.confidence <= 0.5
    assert "possible_stalled" in _kinds(run) and "gan_term_blowup" not in _kinds(run)
    assert "loss_Cyc_A" in run.analysis.evidence["reconstruction_term"]


def test_a_pix2pix_whose_l1_never_fell_stays_stalled():
    """artrepo225 test#1: G_L1 35.5 -> 37.7 (tenths), labelled `stalled`: nothing learned, the rule stays out."""
    run = _runs(public_run("artrepo225__test"))["loss_log.txt#1"]
    assert run.verdict == "stalled" and "possible_stalled" not in _kinds(run)


def test_a_discriminator_gaining_late_with_a_mild_generator_rise_stays_healthy():
    """day2night225 day2nightIR#2: G_B 0.83 -> 1.54 while D_B 0.175 -> 0.04, cycle terms falling (`healthy`)."""
    run = _runs(public_run("day2night225__day2nightIR"))["loss_log.txt#2"]
    assert run.verdict == "healthy" and "gan_term_blowup" not in _kinds(run)


def test_a_pix2pix_whose_l1_never_came_below_its_start_is_stalled():
    """artrepo225 test#2 (a relaunch, 31 logs): G_L1 tenths 30.5 -> 47.4, never below the first (labelled
    `stalled`: "L1 does not decrease at all"; healthy 0.5 before)."""
    run = _runs(public_run("artrepo225__test"))["loss_log.txt#2"]
    assert run.verdict == "stalled" and run.confidence <= 0.5
    assert "possible_healthy" in _kinds(run)
    assert run.analysis.evidence["reconstruction_term"] == "loss_G_L1"
    assert "never improved on their first tenth" in run.analysis.summary


def test_an_lsgan_generator_term_rising_to_its_ceiling_is_no_blowup():
    """strokeapp155 cyclegan: G_B 0.263 -> 0.933 (3.5x) while D_B 0.249 -> 0.012, but an LSGAN generator term <= 1
    is a confident discriminator within its range (labelled `healthy`)."""
    run = _runs(public_run("strokeapp155__cyclegan"))["loss_log.txt"]
    assert run.verdict == "healthy" and "gan_term_blowup" not in _kinds(run)


def test_feature_matching_rising_with_the_discriminator_is_no_stall():
    """yukihd225 pix2pixHD: G_GAN_Feat 0.66 -> 9.7 as the discriminator's features grow, G_VGG falling slowly
    (labelled `healthy`): feature matching is no reconstruction term."""
    run = _runs(public_run("yukihd225__bklabel2city_512p"))["loss_log.txt"]
    assert run.verdict == "healthy" and "possible_healthy" not in _kinds(run)
