"""Issue 9, stop 24: the twenty-fourth and twenty-fifth blind sets (measured once at stop 23, 41/51) were opened for
tuning when the twenty-sixth and twenty-seventh sets arrived. Kinds fixed from their misses:

- validation rising at every evaluation after its best is overfitting even when the best came late and the
  evaluations before it were noisy (``dynconv baseline``, clear `overfit`: 1.640 at epoch 7 of 10, then 1.789,
  1.899, 2.096 while training fell, was `healthy` 0.6); a plateau with one jump at the last evaluation is not
  (``thoaus v0``, `healthy`);
- ``bce`` beside a total is a term of the objective (a beta-VAE's reconstruction term): a total that rises as the
  KL weight is annealed up is judged on that term, not called `diverged` (``vaemed beta_vae`` was `diverged` 0.98).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import public_run, verdict  # noqa: E402

from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.load import load_run  # noqa: E402
from loganalyzer.discover import discover  # noqa: E402


@pytest.mark.parametrize("name, label", [
    ("dynconv__baseline", "overfit"), ("thoaus__version_0", "healthy"),
])
def test_opened_sets_runs_get_their_label(name, label):
    run = verdict(public_run(name))
    assert run.verdict == label, run.analysis.summary


def test_a_rise_at_every_evaluation_after_a_late_best_quotes_the_logged_values():
    analysis = verdict(public_run("dynconv__baseline")).analysis
    assert "lowest at epoch 7 (1.64)" in analysis.summary and "2.096 at epoch 10" in analysis.summary
    assert any(a.startswith("Stop at epoch 7") for a in analysis.advice)


def test_the_rule_alone_calls_a_rise_at_every_evaluation_overfit():
    """Rules only (no model): the refine step turns `healthy` into a low-confidence `overfit` with a finding."""
    run = verdict(public_run("dynconv__baseline"), use_model=False)
    assert run.verdict == "overfit" and run.analysis.confidence <= 0.6
    (note,) = [f for f in run.analysis.findings if f.kind == "possible_healthy"]
    assert "rose at each of its 3 evaluations after its best (1.64 at epoch 7)" in note.message


def test_a_beta_vae_whose_total_rises_with_its_kl_weight_is_not_diverged():
    run = verdict(public_run("vaemed__beta_vae"))
    assert run.verdict != "diverged", run.analysis.summary
    assert any(f.kind == "annealed_total" for f in run.analysis.findings)


def _train_vae(path: Path, epochs: int = 12) -> None:
    """A tiny VAE on 2-D blobs, beta annealed up each epoch; the CSV a user's own loop writes (total, bce, kld, beta)."""
    torch.manual_seed(0)
    x = torch.sigmoid(torch.randn(512, 8) @ torch.randn(8, 8))
    enc, dec = torch.nn.Linear(8, 4), torch.nn.Linear(2, 8)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=1e-2)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "total_loss", "bce", "kld", "beta"])
        for epoch in range(1, epochs + 1):
            beta = min(1.0, 0.05 * 2 ** (epoch - 1))
            h = enc(x)
            mu, logvar = h[:, :2], h[:, 2:]
            z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
            bce = torch.nn.functional.binary_cross_entropy_with_logits(dec(z), x, reduction="sum") / len(x)
            kld = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum() / len(x)
            loss = bce + beta * kld
            opt.zero_grad()
            loss.backward()
            opt.step()
            w.writerow([epoch, loss.item(), bce.item(), kld.item(), beta])


def test_bce_beside_a_total_is_a_component(tmp_path):
    _train_vae(tmp_path / "training_log.csv")
    (run,) = discover(tmp_path)
    curves = find_curves(load_run(run).scalars, x_hint="epoch")
    assert curves.train_loss.name == "total_loss"
    assert {c.name for c in curves.components} == {"bce", "kld"}
