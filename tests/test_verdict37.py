"""Stop 37: what a run's loss is before it was computed at all.

chipood63's ``metrics.jsonl`` (a domain-generalisation script's JSON lines): the first epochs log ``train_loss``
0.0 (a phase computing no classification loss), then the training's real 2.05 -> 1.96 -> 2.15. Read as logged, the
loss "climbed from 0.0 to 2.15": diverged, far above its best of 0. Exact zeros first and a loss that never returns
to 0 after them are a logger's placeholders: left out, with a note, and the evidence starts at the first real value.
"""
from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")

from loganalyzer.scan import scan  # noqa: E402


def _jsonl(path, placeholders: int, epochs: int) -> list[float]:
    """A tiny classifier's epochs as JSON lines, after ``placeholders`` epochs of a phase logging train_loss 0.0."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 5, generator=g)
    y = (x[:, 0] - x[:, 2] > 0).long()
    torch.manual_seed(0)
    model = torch.nn.Linear(5, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    rows, losses = [], []
    for e in range(1, placeholders + 1):
        rows.append({"epoch": e, "train_loss": 0.0, "train_acc": 0.5, "rec_loss": 0.0})
    for e in range(placeholders + 1, placeholders + epochs + 1):
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (model(x).argmax(1) == y).float().mean().item()
        rows.append({"epoch": e, "train_loss": loss.item(), "train_acc": acc, "rec_loss": 0.0})
        losses.append(loss.item())
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return losses


def test_leading_zero_losses_are_placeholders_not_a_start(tmp_path):
    losses = _jsonl(tmp_path / "metrics.jsonl", placeholders=4, epochs=30)
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict != "diverged"
    assert run.analysis.evidence["initial"] == pytest.approx(losses[0], rel=1e-6)
    assert any("first 4 logs are exactly 0.0" in n for n in run.notes)


def test_a_loss_that_is_zero_first_and_later_again_is_not_cut(tmp_path):
    """Zeros that come back later are the interior-placeholder rule's to judge (or the run's own fact), not this."""
    losses = _jsonl(tmp_path / "metrics.jsonl", placeholders=3, epochs=20)
    rows = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    rows[-1]["train_loss"] = 0.0
    (tmp_path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (run,) = scan([str(tmp_path)]).runs
    assert not any("first 3 logs are exactly 0.0" in n for n in run.notes)
    assert losses


def test_a_correlation_under_a_loss_prefix_is_not_the_loss(tmp_path):
    """ecgae62: an autoencoder's TensorBoard ``loss/pmse`` and ``loss/corr`` (the reconstruction's correlation with
    its input, rising to ~1): the correlation was judged as the training loss, `diverged`."""
    from torch.utils.tensorboard import SummaryWriter

    g = torch.Generator().manual_seed(0)
    x = torch.sin(torch.linspace(0, 12, 64))[None, :] * (1 + torch.rand(128, 1, generator=g))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, 8), torch.nn.Tanh(), torch.nn.Linear(8, 64))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    writer = SummaryWriter(str(tmp_path / "logs"))
    for step in range(60):
        out = model(x)
        loss = torch.nn.functional.mse_loss(out, x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        corr = torch.corrcoef(torch.stack([out.detach().flatten(), x.flatten()]))[0, 1].item()
        writer.add_scalar("loss/pmse", loss.item(), step)
        writer.add_scalar("loss/corr", corr, step)
    writer.close()
    (run,) = scan([str(tmp_path)]).runs
    assert run.roles["train_loss"] == "loss/pmse"
    assert run.verdict != "diverged"
