"""A loss named in the papers' notation, a capital ``L`` standing alone (``train_L_vae``, ``train_L_vae_recon``,
``train_L_vae_kl``: the twenty-second labeller's peptide-vae TensorBoard run), is a loss: the run was `unknown`,
"no series named like a loss". A lower-case ``l`` or an ``L`` inside a word (``L1``, ``Lr``) names no loss.

The event file is torch's ``SummaryWriter``'s, from a tiny VAE really trained."""
from __future__ import annotations

import pytest

from loganalyzer.curves_names import words
from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
tensorboard = pytest.importorskip("torch.utils.tensorboard")


def test_words_of_a_lone_capital_l():
    assert words("train_L_vae_recon") == ["train", "loss", "vae", "recon"]
    assert words("L") == ["loss"]
    assert "loss" not in words("train_l_vae") + words("L1_penalty") + words("Lr")


def test_a_vae_logging_L_terms_is_judged(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(256, 8)
    enc, dec = torch.nn.Linear(8, 4), torch.nn.Linear(2, 8)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=0.01)
    writer = tensorboard.SummaryWriter(str(tmp_path / "run"))
    for step in range(60):
        mu, logvar = enc(x).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        recon = torch.nn.functional.mse_loss(dec(z), x)
        kl = -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
        loss = recon + 0.1 * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train_L_vae", loss.item(), step)
        writer.add_scalar("train_L_vae_recon", recon.item(), step)
        writer.add_scalar("train_L_vae_kl", kl.item(), step)
    writer.close()
    (run,) = scan([str(tmp_path)]).runs
    assert run.verdict != "unknown"
    assert run.roles["train_loss"] == "train_L_vae"
