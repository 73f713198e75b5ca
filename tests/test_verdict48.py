"""Verdict kinds found in the sets opened at stop 48 (100-104); each test fails on the stop's start code but the last,
a guard a breaker found the first version of the constant-total rule broke (a dead net judged on its penalty).

- a 40-class classifier whose loss fell from ln 40 by 5% in five epochs and stayed there, its validation accuracy
  at the most frequent class's share (0.033 -> 0.055), was `underfit` by the presumed ln k floor; nothing was
  learned: `stalled` (public trafficsign101, labelled `stalled` clear). Classifiers trained here on signal-free
  features (tests/test_verdict47.py's lr-far-too-small MLP, a linear model on a skewed prior) are `stalled` by the
  stall rules already; the public run's fall passes them and met the ln k floor first.
- (a dev run) a loss whose first log was 10% above its best and that crept back 1.5% was a "collapse" by its robust
  start and then `diverged` as a climb 1.02x its best;
- (set 102) a WGAN logging only its critic's negative loss, rising towards 0, was `diverged` 0.97.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

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


def test_public_wgan_logging_only_its_critic_is_not_diverged():
    """Set 102 (opened): a WGAN whose CSV holds only the critic's losses (d_train_loss -7976 at epoch 0 -> -80 at
    epoch 19, its magnitude shrinking), labelled `healthy`, was `diverged` 0.97 "lowest at its first log"."""
    run = verdict(public_run("vaegan102__gan_learning_curves"))
    assert run.verdict == "healthy", run.summary
    assert run.confidence <= 0.5
    assert "critic" in " ".join(f.message for f in run.analysis.findings)


def _dead_relu_log(path) -> list[float]:
    """An MLP at SGD lr 20 whose ReLUs die in its first epoch (a breaker's run): its loss sits at ln 10 while the
    weight penalty it prints beside it shrinks. One line an epoch, Keras-like."""
    torch.manual_seed(0)
    x = torch.randn(2000, 20)
    y = (x @ torch.randn(20, 10)).argmax(1)
    model = torch.nn.Sequential(torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
                                torch.nn.Linear(64, 10, bias=False))
    opt = torch.optim.SGD(model.parameters(), lr=20.0)
    losses = []
    with open(path, "w") as out:
        for epoch in range(30):
            reg_total = 0.0
            for i in range(0, 2000, 100):
                reg = 1e-3 * sum((p ** 2).sum() for n, p in model.named_parameters() if "weight" in n)
                loss = F.cross_entropy(model(x[i:i + 100]), y[i:i + 100]) + reg
                opt.zero_grad()
                loss.backward()
                opt.step()
                reg_total += reg.item() / 20
            with torch.no_grad():
                losses.append(F.cross_entropy(model(x), y).item())
            print(f"Epoch {epoch + 1}/30 - loss: {losses[-1]:.4f} - reg_loss: {reg_total:.4f}", file=out)
    return losses


def test_a_dead_net_at_chance_beside_a_shrinking_penalty_is_stalled(tmp_path):
    """A constant total beside a moving term is the term's run only when the term is an objective's part (a breaker
    found the first version judging this run on its penalty: `healthy` "reg_loss fell from 1.3e6 to 0")."""
    losses = _dead_relu_log(tmp_path / "train.log")
    assert max(losses[5:]) - min(losses[5:]) < 1e-3 and abs(losses[-1] - math.log(10)) < 0.05
    run = verdict(tmp_path)
    assert run.verdict == "stalled", run.summary
    assert run.roles["train_loss"] == "loss"
