"""Stop 36: healthy runs that were called underfit, stalled or overfit on the opened fifty-sixth set (issue 9).

- a classifier that converged before or at its first logs (a PointNet-style printed log whose ``mean loss: %f`` rounds
  to 0.000000, training accuracy 1.0): `healthy`, not `stalled` "barely moved" nor `underfit` "an early plateau"
  (verdict_stall._accuracy_at_top, _fell_to_zero; public pn2oscar56);
- a per-batch loss still falling when the run was cut short, its first log at ln 10: no plateau, so not `underfit`
  (verdict_short.falling_at_end; public mnist3d56/objpc56 TF1 PointNet summaries); one that really flattened stays
  `underfit`;
- a Lightning validation logged per batch (``on_step=True``) under the same name as its epoch mean, with more
  validation batches than training steps an epoch: placed at the epoch's step and judged on the mean per step
  (readers/_lightning_eval, curves._per_step_means; public clouds2-56 U-Net, 11 values a step, was `overfit` on one
  batch's 0.033);
- a GAN whose two losses froze at one exact value each (BCELoss clamped at 50.0 and 0.0) to the end: `diverged`
  (verdict_ganfrozen; public cganmnist61, clear);
- label-noise siblings (public resnetmnist56) are in test_siblings.py.
Every synthetic run here is a real training (torch, SummaryWriter, Lightning) or the text its script prints.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import PUBLIC, F, blobs, mlp, public_run, verdict  # noqa: E402

import loganalyzer  # noqa: E402


def pointnet_log(path: Path, epochs: int = 30, batches: int = 40) -> Path:
    """A PointNet ``train.py``-style ``log_train.txt`` (``**** EPOCH 000 ****``, `` ---- batch 010 ----``, ``mean
    loss: %f``, ``accuracy: %f``, ``---- EPOCH 000 EVALUATION ----``, ``eval mean loss: %f``) of a real 2-class MLP
    on well separated blobs: it converges within its first ten batches and its printed loss is 0.000000 after."""
    torch.manual_seed(0)
    x, y = blobs(64 * batches, seed=1, k=2, spread=0.2)
    xv, yv = blobs(500, seed=2, k=2, spread=0.2)
    net = mlp(8, 32, 2)
    opt = torch.optim.Adam(net.parameters(), lr=5e-2)
    lines = []
    for epoch in range(epochs):
        lines.append(f"**** EPOCH {epoch:03d} ****")
        total = correct = seen = 0.0
        for b in range(batches):
            i = torch.arange(b * 64, (b + 1) * 64)
            out = net(x[i])
            loss = F.cross_entropy(out, y[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, correct, seen = total + loss.item(), correct + (out.argmax(1) == y[i]).sum().item(), seen + 64
            if (b + 1) % 10 == 0:
                lines += [f" ---- batch {b + 1:03d} ----", f"mean loss: {total / 10:f}", f"accuracy: {correct / seen:f}"]
                total = correct = seen = 0.0
        with torch.no_grad():
            out = net(xv)
            lines += [f"---- EPOCH {epoch:03d} EVALUATION ----", f"eval mean loss: {F.cross_entropy(out, yv).item():f}",
                      f"eval accuracy: {(out.argmax(1) == yv).float().mean().item():f}"]
    path.mkdir(parents=True, exist_ok=True)
    (path / "log_train.txt").write_text("\n".join(lines) + "\n")
    return path


def test_a_converged_classifier_printing_zero_is_healthy(tmp_path, monkeypatch):
    run = pointnet_log(tmp_path / "pn")
    assert "mean loss: 0.000000" in (run / "log_train.txt").read_text()  # the shape: %f rounds it to zero
    got = verdict(run)
    assert got.verdict == "healthy", got.summary
    (note,) = [f for f in got.analysis.findings if f.kind == "possible_stalled"]
    assert "converged early" in note.message and "`accuracy` at 1" in note.message
    monkeypatch.setattr("loganalyzer.verdict_stall.ACC_TOP", 2.0)  # the accuracy test off: the old stall
    assert verdict(run).verdict == "stalled"


def test_a_prior_fitted_loss_is_no_convergence():
    """The entropy bound: a constant answer right on 98% of the examples costs >= h(0.98) = 0.098 nats, so a loss
    of 0.098 beside accuracy 0.98 is no evidence of fitting; 1e-6 beside 0.998 is."""
    from loganalyzer.verdict_stall import _binary_entropy

    assert _binary_entropy(0.98) == pytest.approx(0.098, abs=1e-3)
    assert 1e-6 < _binary_entropy(0.998) < 0.0985


def cut_short(out: Path, *, lr: float, spread: float, steps: int = 160) -> Path:
    """A 10-class MLP (SGD with momentum, batch 32) logging its per-batch loss and accuracy with torch's
    SummaryWriter at every step for ``steps`` steps: its first loss is ln 10."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, y = blobs(4000, seed=1, k=10, spread=spread)
    net = mlp(8, 64, 10)
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    w = SummaryWriter(str(out))
    for step in range(1, steps + 1):
        i = torch.randint(0, 4000, (32,))
        o = net(x[i])
        loss = F.cross_entropy(o, y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
        w.add_scalar("loss", loss.item(), step)
        w.add_scalar("accuracy", (o.argmax(1) == y[i]).float().mean().item(), step)
    w.close()
    return out


def _deciles(path: Path) -> np.ndarray:
    df = loganalyzer.read_scalars(path)
    v = df[df.tag == "loss"].value.to_numpy()
    return np.array([c.mean() for c in np.array_split(v, 10)])


def test_a_loss_still_falling_when_cut_short_is_not_underfit(tmp_path, monkeypatch):
    run = cut_short(tmp_path / "falling", lr=1e-3, spread=3.0)
    d = _deciles(run)
    assert d[-1] < 0.97 * d[-3] and d[-1] < d[-2] and d[0] > 2.0  # the shape: from ~ln 10, still falling at its end
    got = verdict(run)
    assert got.verdict == "healthy", got.summary
    monkeypatch.setattr("loganalyzer.verdict_short.END_FALL", 1.0)  # the end-trend test off: the old verdict
    assert verdict(run).verdict == "underfit"


def test_a_loss_that_flattened_high_stays_underfit(tmp_path):
    run = cut_short(tmp_path / "flat", lr=2e-3, spread=4.0)
    d = _deciles(run)
    assert abs(d[-1] / d[-3] - 1) < 0.03  # flat over its last deciles at ~2/3 of ln 10
    assert verdict(run).verdict == "underfit"


def lightning_batches(out: Path) -> Path:
    """A real Lightning fit (TensorBoardLogger) whose ``validation_step`` logs ``validation_epoch_average`` per batch
    (``on_step=True``) and whose ``on_validation_epoch_end`` logs the epoch mean under the same name: 20 validation
    batches against 16 training steps an epoch, so Lightning's evaluation-batch counter runs ahead of the global
    step."""
    import pytorch_lightning as pl
    from pytorch_lightning.loggers import TensorBoardLogger

    class Model(pl.LightningModule):
        def __init__(self):
            super().__init__()
            self.net, self.vals = mlp(8, 32, 4), []

        def training_step(self, batch, _):
            x, y = batch
            loss = F.cross_entropy(self.net(x), y)
            self.log("train_loss", loss, on_step=False, on_epoch=True)
            return loss

        def validation_step(self, batch, _):
            x, y = batch
            loss = F.cross_entropy(self.net(x), y)
            self.vals.append(loss.detach())
            self.log("validation_epoch_average", loss, on_step=True, on_epoch=False)

        def on_validation_epoch_end(self):
            self.log("validation_epoch_average", torch.stack(self.vals).mean())
            self.vals.clear()

        def configure_optimizers(self):
            return torch.optim.Adam(self.parameters(), lr=3e-3)

    torch.manual_seed(0)
    x, y = blobs(1024, seed=1, k=4, spread=2.0)
    xv, yv = blobs(320, seed=2, k=4, spread=2.0)
    data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=64, shuffle=True)
    val = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xv, yv), batch_size=16)
    trainer = pl.Trainer(max_epochs=12, logger=TensorBoardLogger(str(out), name="", version=0), enable_checkpointing=False,
                         enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0,
                         log_every_n_steps=4)
    trainer.fit(Model(), data, val)
    return out


def test_validation_batches_ahead_of_the_global_step_are_one_evaluation_each(tmp_path):
    run = lightning_batches(tmp_path / "pl")
    from tbparse import SummaryReader

    raw = SummaryReader(str(run)).scalars
    raw_val = raw[raw.tag == "validation_epoch_average"]
    assert len(raw_val) == 12 * 21 and raw_val.step.max() == 239  # the shape: the batch counter (12 x 20 batches)
    df = loganalyzer.read_scalars(run, resolve=True)
    val = df[df.tag == "validation_epoch_average"]
    epoch_steps = list(range(15, 192, 16))
    assert sorted(val.step.unique()) == epoch_steps  # every batch value placed at its validation's step
    got = verdict(run)
    assert got.verdict == "healthy", got.summary
    ev = got.analysis.evidence
    means = val.groupby("step").value.mean()
    assert ev["best_val"] == pytest.approx(means.min()) and ev["best_val_step"] == means.idxmin()
    assert any("judged on their mean at each step" in n for n in got.notes)


def _group(tmp_path: Path, group: str) -> Path:
    """A copy of a public project's runs (its siblings together) in ``tmp_path``; a skip where eval/public lacks it."""
    runs = sorted(PUBLIC.glob(f"{group}__*"))
    if not runs:
        pytest.skip(f"eval/public/{group}__* absent")
    root = tmp_path / group
    for run in runs:
        shutil.copytree(run, root / run.name)
    return root


def _scan(root: Path) -> dict:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {r.run: r for r in loganalyzer.analyze(root, config=False).runs}


@pytest.mark.parametrize("group, run", [
    ("resnetmnist56", "resnetmnist56__version_0"), ("resnetmnist56", "resnetmnist56__version_4"),
    ("swlabpn56", "swlabpn56__train_1620777670"), ("mnist3d56", "mnist3d56__train_1531032306"),
    ("objpc56", "objpc56__train_1543403845"), ("clouds2-56", "clouds2-56__unet")])
def test_public_healthy_runs_of_the_fifty_sixth_set(tmp_path, group, run):
    runs = _scan(_group(tmp_path, group))
    assert runs[run].verdict == "healthy", runs[run].summary


def test_public_converged_pointnet_is_healthy():
    got = verdict(public_run("pn2oscar56__log_train"))
    assert got.verdict == "healthy", got.summary


def gan_csv(path: Path, *, steps: int = 600, break_at: int | None = 400) -> Path:
    """A tiny GAN (Sigmoid + BCELoss discriminator, Adam) on a 2-d Gaussian, one CSV row per step (``epoch, step,
    d_loss, g_loss``, the public cganmnist61 script's columns); at ``break_at`` the discriminator's learning rate is
    blown up to 5: it saturates, BCELoss clamps its log at -100, and the two losses freeze at 50.0 and 0.0."""
    import csv

    torch.manual_seed(0)
    gen = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    disc = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.LeakyReLU(0.2), torch.nn.Linear(16, 1),
                               torch.nn.Sigmoid())
    opt_g, opt_d = torch.optim.Adam(gen.parameters(), 2e-3), torch.optim.Adam(disc.parameters(), 2e-3)
    bce = torch.nn.BCELoss()
    rows = []
    for step in range(steps):
        if step == break_at:
            for group in opt_d.param_groups:
                group["lr"] = 5.0
        real = torch.randn(64, 2) * 0.5 + torch.tensor([2.0, -1.0])
        fake = gen(torch.randn(64, 4))
        d_loss = (bce(disc(real), torch.ones(64, 1)) + bce(disc(fake.detach()), torch.zeros(64, 1))) / 2
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_loss = bce(disc(fake), torch.ones(64, 1))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        rows.append((step // 100, step, d_loss.item(), g_loss.item()))
    path.mkdir(parents=True, exist_ok=True)
    with open(path / "training_log.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["epoch", "step", "d_loss", "g_loss"])
        writer.writerows(rows)
    return path


def test_a_gan_whose_players_froze_diverged(tmp_path, monkeypatch):
    run = gan_csv(tmp_path / "frozen")
    assert (run / "training_log.csv").read_text().splitlines()[-1].endswith(",50.0,0.0")  # the shape
    got = verdict(run)
    assert got.verdict == "diverged", got.summary
    (froze,) = [f for f in got.analysis.findings if f.kind == "gan_frozen"]
    assert 400 <= froze.step <= 420 and "`g_loss` = 0" in froze.message and "`d_loss` = 50" in froze.message
    assert got.analysis.advice[0].startswith(f"Use the checkpoint from before step {froze.step}")
    monkeypatch.setattr("loganalyzer.verdict_ganfrozen.FROZEN_SHARE", 2.0)  # the rule off: g_loss 0.0 looked fine
    assert verdict(run).verdict != "diverged"


def test_a_gan_still_playing_is_not_frozen(tmp_path):
    got = verdict(gan_csv(tmp_path / "playing", break_at=None))
    assert not [f for f in got.analysis.findings if f.kind == "gan_frozen"] and got.verdict != "diverged", got.summary
