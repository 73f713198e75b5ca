"""A running sum of the loss logged to TensorBoard (``train_loss += loss``; ``add_scalar(tag, train_loss, it)``) is
left out beside the falling loss it adds up (``curves_running.running_sums``), and a loss that grows for a reason of
its own -- a VAE's KL term under KL warm-up, a loss climbing ever faster -- stays a loss. All written by a real
``torch.utils.tensorboard.SummaryWriter``."""
from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402


def _multitask_run(folder, steps: int = 40, seed: int = 0, sum_tag: str = "iters/Train/Loss/", scale: float = 1.0):
    """multitox187's loop (``Model_train_test_regression.py``): per batch ``train_loss += loss`` over the tasks, then
    ``writer.add_scalar("iters/Train/Loss/", train_loss, it)`` and each task's ``iters/Train/Loss/<k>``; a tiny
    multi-output regression trained for real. ``scale`` multiplies what is added up (a sum over the batch's samples,
    ``reduction='sum'``, beside the per-task means)."""
    import torch
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(seed)
    x = torch.randn(256, 6)
    y = x @ torch.randn(6, 3) + 0.05 * torch.randn(256, 3)
    model = torch.nn.Linear(6, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    writer = SummaryWriter(str(folder))
    train_loss = 0.0
    sums = []
    for it in range(steps):
        idx = torch.randint(0, 256, (32,))
        per_task = ((model(x[idx]) - y[idx]) ** 2).mean(0)
        loss = per_task.sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        train_loss += scale * loss.item()
        sums.append(train_loss)
        writer.add_scalar(sum_tag, train_loss, it)
        for k in range(3):
            writer.add_scalar(f"iters/Train/Loss/{k}", per_task[k].item(), it)
    writer.close()
    return sums


def test_a_running_sum_of_the_loss_is_left_out_for_the_falling_task_losses(tmp_path):
    """The sum only grows (judged as the loss: diverged); its increments are the tasks' losses added up: left out
    with a note, a task's loss judged."""
    sums = _multitask_run(tmp_path / "exp_4")
    assert all(b >= a for a, b in zip(sums, sums[1:]))
    summary = verdict(tmp_path / "exp_4")
    assert summary.roles.get("train_loss", "").startswith("iters/Train/Loss/")
    assert summary.roles["train_loss"] != "iters/Train/Loss/"
    assert summary.verdict == "healthy", summary.summary
    assert any("cumulative" in n and "iters/Train/Loss/" in n for n in summary.notes)


def test_a_sum_off_the_scale_of_its_siblings_is_left_out_when_its_name_says_so(tmp_path):
    """Summed per sample (32x the batch means beside it): no scale match, but ``cum_loss`` says it adds up."""
    _multitask_run(tmp_path / "cum", sum_tag="train/cum_loss", scale=32.0)
    summary = verdict(tmp_path / "cum")
    assert summary.roles.get("train_loss") != "train/cum_loss"
    assert any("cumulative" in n and "cum_loss" in n for n in summary.notes)


def test_a_sum_off_the_scale_with_a_plain_name_stays_a_loss(tmp_path):
    """The same series named ``train/loss_all``: neither its scale nor its name says it is a sum: no note."""
    _multitask_run(tmp_path / "plain", sum_tag="train/loss_all", scale=32.0)
    summary = verdict(tmp_path / "plain")
    assert not any("cumulative" in n for n in summary.notes)


def test_a_kl_term_growing_under_warm_up_stays_a_loss(tmp_path):
    """A VAE's KL grows 5.9 -> 45 (never down, its increments falling: a sum's shape) while its weight warms up
    0 -> 1 and the reconstruction falls 130 -> 92 (tests/test_verdict50): the KL's increments are a few percent of
    the reconstruction loss, so it is no running sum, and the run is no divergence either."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "vae"))
    for e in range(40):
        w = min(1.0, e / 20)
        recon = 92 + 38 * math.exp(-e / 6)
        kl = 45 - 39 * math.exp(-e / 8)
        writer.add_scalar("train/recon_loss", recon, e)
        writer.add_scalar("train/kl_loss", kl, e)
        writer.add_scalar("train/kl_weight", w, e)
        writer.add_scalar("train/total_loss", recon + w * kl, e)
    writer.close()
    summary = verdict(tmp_path / "vae")
    assert not any("cumulative" in n for n in summary.notes), summary.notes
    assert summary.verdict != "diverged", summary.summary


def test_a_loss_that_climbs_ever_faster_beside_falling_terms_is_still_judged(tmp_path):
    """A loss that never decreases with growing increments is no sum: it stays the loss (and the run diverged)."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "run"))
    for it in range(40):
        writer.add_scalar("train/loss", 0.5 * math.exp(it / 8), it)
        writer.add_scalar("train/loss_aux", 1.0 * math.exp(-it / 10), it)
    writer.close()
    summary = verdict(tmp_path / "run")
    assert summary.roles.get("train_loss") == "train/loss"
    assert not any("cumulative" in n for n in summary.notes)
