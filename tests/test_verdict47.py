"""Stop 47's verdict kinds, from the opened sets 96-99 (each test fails on the stop's start code):

- a GAN whose discriminator won -- its loss ~0 from some epoch on while the generator's jumped and stayed -- is
  `diverged` (mcdcgan96 r8, clear `diverged`, was `healthy` "not divergence below 10x");
- a word-LM whose learning rate was divided by 4 at every epoch without improvement, so that its validation
  perplexity repeats to the last digit over its last epochs after it had learned, is no frozen `underfit`
  (ptblm98, clear `healthy`); a run frozen after a few of its evaluations still is;
- an accuracy that never rose beside a training loss that fell < 10% at a learning rate far too small is `stalled`,
  not `underfit` (blg561hw99 lr_0.0001, clear `stalled`).
"""
from __future__ import annotations

import csv
import math

import torch
import torch.nn.functional as F

from _runs import blobs, markov_corpus, mlp, public_run, verdict


def _gan(out, epochs: int = 60) -> None:
    """A tiny GAN on 2-D data trained for real, one printed line an epoch as the DCGAN scripts print them."""
    torch.manual_seed(0)
    real = torch.randn(512, 2) * 0.3 + torch.tensor([2.0, -1.0])
    g = torch.nn.Sequential(torch.nn.Linear(4, 32), torch.nn.ReLU(), torch.nn.Linear(32, 2))
    d = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.LeakyReLU(0.2), torch.nn.Linear(32, 1))
    og = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    bce = torch.nn.BCEWithLogitsLoss()
    lines = []
    for epoch in range(epochs):
        dl, gl = [], []
        for i in range(0, 512, 64):
            fake = g(torch.randn(64, 4))
            loss_d = bce(d(real[i:i + 64]), torch.ones(64, 1)) + bce(d(fake.detach()), torch.zeros(64, 1))
            od.zero_grad()
            loss_d.backward()
            od.step()
            loss_g = bce(d(fake), torch.ones(64, 1))
            og.zero_grad()
            loss_g.backward()
            og.step()
            dl.append(loss_d.item())
            gl.append(loss_g.item())
        lines.append(f"Epoch [{epoch}/{epochs}] Discriminator Loss: {sum(dl) / len(dl):.6f}, "
                     f"Generator Loss: {sum(gl) / len(gl):.6f}\n")
    out.mkdir(parents=True, exist_ok=True)
    (out / "output.log").write_text("".join(lines))


def test_public_dcgan_whose_discriminator_won_is_diverged():
    """Discriminator Loss 0.000000 from epoch ~280 of 500 while Generator Loss sat at 50-57 (~8 before)."""
    run = verdict(public_run("mcdcgan96__r8"))
    assert run.verdict == "diverged", run.summary
    assert any(f.kind == "gan_adversary_won" for f in run.analysis.findings)
    assert "discriminator won" in run.summary


def test_a_gan_still_playing_is_not_diverged(tmp_path):
    _gan(tmp_path / "r1")
    run = verdict(tmp_path / "r1")
    assert run.verdict != "diverged", run.summary
    assert not any(f.kind == "gan_adversary_won" for f in run.analysis.findings)


def _word_lm(out, *, lr: float, epochs: int, divide_from: int | None = None) -> None:
    """A tiny LM trained for real as PyTorch's word_language_model example does: ``lr /= 4`` whenever validation
    did not improve (``divide_from``: from that epoch on, also every epoch -- a schedule run down to 0); the
    example's log line per epoch."""
    vocab = 40
    data = markov_corpus(vocab, 5000, 2.5)
    train, val = data[:4000], data[4000:]
    model = torch.nn.Sequential(torch.nn.Embedding(vocab, 24), torch.nn.Dropout(0.3), torch.nn.Linear(24, vocab))
    best, lines = float("inf"), []
    for epoch in range(epochs):
        model.train()
        losses = []
        for i in range(0, len(train) - 65, 64):
            loss = F.cross_entropy(model(train[i:i + 64]), train[i + 1:i + 65])
            model.zero_grad()
            loss.backward()
            with torch.no_grad():
                for p in model.parameters():
                    p -= lr * p.grad
            losses.append(loss.item())
        model.eval()
        with torch.no_grad():
            v = math.exp(F.cross_entropy(model(val[:-1]), val[1:]).item())
        if v < best:
            best = v
        else:
            lr /= 4.0
        if divide_from is not None and epoch >= divide_from:
            lr /= 1e4
        lines.append(f"epoch: {epoch}\ttrain ppl: {math.exp(sum(losses) / len(losses))}\tval ppl: {v}\t"
                     f"best val: {best}\ttime (s) spent in epoch: {0.5}\n")
    out.mkdir(parents=True, exist_ok=True)
    (out / "log.txt").write_text("".join(lines))


def test_a_learning_rate_run_down_after_learning_is_no_frozen_underfit(tmp_path):
    _word_lm(tmp_path / "lm", lr=5.0, epochs=40, divide_from=26)
    text = (tmp_path / "lm" / "log.txt").read_text().splitlines()
    assert len({line.split("\t")[2] for line in text[-12:]}) <= 2  # validation repeats over the last 12 epochs
    run = verdict(tmp_path / "lm")
    assert run.verdict == "healthy", run.summary
    assert not any(f.kind == "frozen" for f in run.analysis.findings)


def test_public_word_lm_run_down_is_healthy():
    assert verdict(public_run("ptblm98__4_1_TRANSFORMER_SGD_LR_SCHEDULE")).verdict == "healthy"


def test_public_lstm_frozen_after_four_epochs_stays_underfit():
    assert verdict(public_run("lstm-bade03__version_2")).verdict == "underfit"


def _tiny_lr_classifier(path, lr: float) -> None:
    """A 4-class MLP trained for real at ``lr``, one row an epoch with its training loss and test accuracy."""
    torch.manual_seed(0)
    x, y = blobs(600, seed=1, k=4, spread=2.5)
    xt, yt = blobs(200, seed=2, k=4, spread=2.5)
    model = mlp(8, 16, 4)
    with torch.no_grad():
        model[-1].weight *= 6  # a first loss well above ln 4, as the public Iris MLP's 1.635 against ln 3
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    with open(path, "w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy"])
        for epoch in range(30):
            for i in range(0, 600, 50):
                loss = F.cross_entropy(model(x[i:i + 50]), y[i:i + 50])
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                tr, te = model(x), model(xt)
                w.writerow([epoch, F.cross_entropy(tr, y).item(), (tr.argmax(1) == y).float().mean().item(),
                            F.cross_entropy(te, yt).item(), (te.argmax(1) == yt).float().mean().item()])


def test_an_accuracy_that_never_rose_beside_a_loss_that_barely_fell_is_stalled(tmp_path):
    f = tmp_path / "results_0_0001.csv"
    _tiny_lr_classifier(f, lr=1e-5)
    rows = list(csv.DictReader(open(f)))
    fell = 1 - float(rows[-1]["train_loss"]) / float(rows[0]["train_loss"])
    assert 0 < fell < 0.1, fell
    run = verdict(f)
    assert run.verdict == "stalled", run.summary
    assert "never rose" in run.summary


def test_public_lr_far_too_small_is_stalled():
    assert verdict(public_run("blg561hw99__lr_0.0001")).verdict == "stalled"
