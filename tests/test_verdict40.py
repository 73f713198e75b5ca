"""Verdict kinds from stop 40's opened sets (74/75), each on a run trained here.

- a regression model whose output ReLU is dead (its bias far below 0: the output is exactly 0, no gradient reaches
  any weight): the per-batch training loss repeats one epoch's block of values exactly, epoch after epoch -- public
  dancevision75 version_12 (a Lightning run, five batch losses 0, 1, 1.534, 9, 10.487 repeated for 300 epochs) was
  `healthy` 0.55; it is `stalled` (``verdict_repeat``). The same model with a live output learns and is not claimed.
"""
from __future__ import annotations

import torch

from loganalyzer.scan import scan


def _scan_one(path):
    (r,) = scan([path]).runs
    return r


def _train_regression(logdir, dead_output: bool, epochs: int = 60) -> list[float]:
    """A small MLP regressing 5 fixed batches (no shuffling) for ``epochs`` epochs, one log a batch. With
    ``dead_output`` its output ReLU starts with a bias of -100: it outputs exactly 0 and passes no gradient. The
    logged losses."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(40, 4)
    y = (x @ torch.tensor([1.0, 2.0, -1.0, 0.5])).abs().unsqueeze(1) * torch.arange(1, 41).unsqueeze(1) / 10
    out = torch.nn.Linear(32, 1)
    if dead_output:
        torch.nn.init.constant_(out.bias, -100.0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.Tanh(), out, torch.nn.ReLU())
    opt = torch.optim.Adam(model.parameters(), 5e-2)
    writer, losses, step = SummaryWriter(str(logdir)), [], 0
    for _ in range(epochs):
        for i in range(0, 40, 8):
            loss = torch.nn.functional.mse_loss(model(x[i:i + 8]), y[i:i + 8])
            opt.zero_grad()
            loss.backward()
            opt.step()
            writer.add_scalar("train_loss", loss.item(), step)
            losses.append(loss.item())
            step += 1
    writer.close()
    return losses


def test_a_loss_repeating_one_block_exactly_is_a_stall(tmp_path):
    losses = _train_regression(tmp_path / "dead", dead_output=True)
    assert losses[5:10] == losses[-5:] and len(set(losses[-5:])) == 5  # the run really repeats, 5 different values
    r = _scan_one(tmp_path / "dead")
    v = r.analysis
    assert v.label == "stalled" and v.confidence >= 0.75, (v.label, v.confidence, v.summary)
    assert v.evidence["repeat_period"] == 5 and v.evidence["repeat_since_step"] <= 5
    assert "repeated the same 5 values" in v.summary and "weights did not change" in v.summary
    assert any(f.kind == "loss_repeats" for f in v.findings)
    assert any("requires_grad" in a for a in v.advice)


def test_a_live_model_on_the_same_batches_is_not_claimed(tmp_path):
    losses = _train_regression(tmp_path / "live", dead_output=False)
    assert sum(losses[-5:]) < 0.3 * sum(losses[:5]), (losses[:5], losses[-5:])  # it learns
    v = _scan_one(tmp_path / "live").analysis
    assert v.label != "stalled" and "loss_repeats" not in {f.kind for f in v.findings}, (v.label, v.summary)
