"""Verdict kinds found in the sets opened at stop 48 (100-101); each test fails on the stop's start code.

- a 40-class classifier whose loss fell from ln 40 by 5% in five epochs and stayed there, its validation accuracy
  at the most frequent class's share (0.033 -> 0.055), was `underfit` by the presumed ln k floor; nothing was
  learned: `stalled` (public trafficsign101, labelled `stalled` clear). Classifiers trained here on signal-free
  features (tests/test_verdict47.py's lr-far-too-small MLP, a linear model on a skewed prior) are `stalled` by the
  stall rules already; the public run's fall passes them and met the ln k floor first.
- (a dev run) a loss whose first log was 10% above its best and that crept back 1.5% was a "collapse" by its robust
  start and then `diverged` as a climb 1.02x its best.
"""
from __future__ import annotations

from _runs import public_run, verdict


def test_public_traffic_sign_model_at_its_class_prior_is_stalled():
    run = verdict(public_run("trafficsign101__training_history"))
    assert run.verdict == "stalled", run.summary
    assert "never rose" in run.summary


def test_public_beta_vae_whose_recon_loss_crept_up_1_percent_is_not_diverged():
    """recon_loss 236.0 at its first epoch, 212.9 at its best (epoch 5), 216.2 at the last as beta was annealed to 1:
    gone back 80% from the robust start (~214), yet 1.02x its best and far below its first log. It was `diverged`
    "about 1.0x its best" (labelled `healthy`; domain.md: no healthy run `diverged`)."""
    run = verdict(public_run("betavae85__training_log"))
    assert run.verdict != "diverged", run.summary


def test_public_word_lm_at_uniform_guessing_judged_on_cross_entropy_is_stalled():
    """Set 102 (opened): a PTB word LM whose perplexity went 20,730 -> 18,521 (10% lower) while its cross-entropy,
    ln ppl, went 9.94 -> 9.83 (1%): at uniform guessing over the vocabulary all run, labelled `stalled` clear. Judged
    on the perplexity it was `healthy` "fell a steady 10%"; a perplexity is judged as its logarithm now."""
    run = verdict(public_run("ptbviolet102__exp4"))
    assert run.verdict == "stalled", run.summary
    assert run.roles["train_loss"] == "ln(train_ppl)"


def test_public_wgan_logging_only_its_critic_is_not_diverged():
    """Set 102 (opened): a WGAN whose CSV holds only the critic's losses (d_train_loss -7976 at epoch 0 -> -80 at
    epoch 19, its magnitude shrinking), labelled `healthy`, was `diverged` 0.97 "lowest at its first log"."""
    run = verdict(public_run("vaegan102__gan_learning_curves"))
    assert run.verdict == "healthy", run.summary
    assert run.confidence <= 0.5
    assert "critic" in " ".join(f.message for f in run.analysis.findings)
