"""Issue 9 (stop 69): confident wrong verdicts the logs cannot support -- a `stalled` from a small steady fine-tune
fall or a late-starting log (``verdict_doubt``: confidence 0.7), a `nan` from a running mean's first display
(``verdict_transient``: confidence 0.6). Each log is written by a real writer from a really trained tiny model."""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from _runs import blobs, mlp, pretrain, verdict

SummaryWriter = pytest.importorskip("torch.utils.tensorboard").SummaryWriter


def _finetune(out, lr: float, epochs: int = 15) -> None:
    """A pretrained MLP (noisy 4-class blobs: its loss floor ~1.0) fine-tuned on the task's shifted data, SGD from
    ``lr`` on a cosine schedule to 0, the epoch mean loss written by torch's SummaryWriter (no LR logged: public
    blip2repro221 logs none)."""
    torch.manual_seed(0)
    x, y = blobs(512, seed=1, spread=1.6, noise=0.4)
    model = mlp(8, 32, 4)
    pretrain(model, x, y, iters=150, batch=64)
    xf, yf = blobs(512, seed=2, spread=1.6, shift=0.6, noise=0.4)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    writer = SummaryWriter(str(out))
    for epoch in range(epochs):
        total, perm = 0.0, torch.randperm(512)
        for i in range(0, 512, 64):
            idx = perm[i:i + 64]
            loss = F.cross_entropy(model(xf[idx]), yf[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        writer.add_scalar("train_loss", total / 512, epoch + 1)
        sched.step()
    writer.close()


def test_small_steady_finetune_fall_is_a_stall_in_doubt(tmp_path):
    # a 4% steady fall under a cosine fine-tune (public blip2repro221: 0.383 -> 0.365): stalled 0.986 before
    _finetune(tmp_path / "ft", lr=0.0015)
    run = verdict(tmp_path / "ft")
    assert run.verdict == "stalled" and run.confidence == pytest.approx(0.7)
    assert "Less sure" in run.summary and "fell steadily" in run.summary
    assert any(f.kind == "stall_in_doubt" for f in run.analysis.findings)


def test_frozen_finetune_keeps_a_confident_stall(tmp_path):
    # near miss: the same fine-tune at LR 1e-5 barely moves (< 3%): a stall the curves do show
    _finetune(tmp_path / "frozen", lr=1e-5)
    run = verdict(tmp_path / "frozen")
    assert run.verdict == "stalled" and run.confidence >= 0.9
    assert "Less sure" not in run.summary


def _resumed(out, start: int, end: int = 1500) -> None:
    """An MLP trained 1,500 Adam steps on noisy 4-class blobs (16,384 rows: no overfitting), the mean loss of every
    10 steps written by SummaryWriter only from step ``start`` on (a resumed job's log)."""
    torch.manual_seed(0)
    x, y = blobs(16384, seed=1, spread=1.6, noise=0.4)
    model = mlp(8, 32, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    writer, window = SummaryWriter(str(out)), []
    for step in range(1, end + 1):
        idx = torch.randint(0, 16384, (64,))
        loss = F.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
        window.append(loss.item())
        if step % 10 == 0:
            if step >= start:
                writer.add_scalar("train/loss", sum(window) / len(window), step)
            window = []
    writer.close()


def test_late_starting_log_is_a_stall_in_doubt(tmp_path):
    # the log begins at step 500 of 1,500 (public stereodistill193, agcrn-jccc220 epochs 51-148): stalled 0.979 before
    _resumed(tmp_path / "late", start=500)
    run = verdict(tmp_path / "late")
    assert run.verdict == "stalled" and run.confidence == pytest.approx(0.7)
    assert "initial loss was not logged" in run.summary


def test_log_from_a_fifth_of_the_run_keeps_its_verdict(tmp_path):
    # near miss: from step 300 (20% of the run, under the 25%): the confidence stands
    _resumed(tmp_path / "early", start=300)
    run = verdict(tmp_path / "early")
    assert run.verdict == "stalled" and run.confidence >= 0.9


def _tqdm_log(path, losses: list[float]) -> None:
    """A Lightning 1.x progress bar as public swishtasnet211's log holds it: real tqdm writing to the file, the
    postfix `loss` the running mean of the batch losses so far (0/0 = nan before the first), then ``losses``."""
    tqdm = pytest.importorskip("tqdm").tqdm
    with open(path, "w") as fh:
        bar = tqdm(total=23829, desc="Epoch 0", file=fh, mininterval=0, ascii=False, dynamic_ncols=False, ncols=120)
        seen: list[float] = []
        for loss in losses:
            bar.update(1)
            mean = float(torch.tensor(seen[-20:]).mean()) if seen else math.nan
            bar.set_postfix(loss=f"{mean:.3g}", v_num=0, val_loss="6.950")
            seen.append(loss)
        bar.close()


def _separation_losses(n: int, lr: float) -> list[float]:
    """``n`` per-batch MSE losses of a tiny conv net learning to pull a tone out of noise (Adam at ``lr``)."""
    torch.manual_seed(0)
    t = torch.linspace(0, 1, 256)
    model = torch.nn.Sequential(torch.nn.Conv1d(1, 8, 9, padding=4), torch.nn.ReLU(), torch.nn.Conv1d(8, 1, 9, padding=4))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    out = []
    for _ in range(n):
        clean = torch.sin(2 * math.pi * (5 + 10 * torch.rand(8, 1)) * t).unsqueeze(1) * 3
        loss = F.mse_loss(model(clean + torch.randn_like(clean)), clean)
        opt.zero_grad()
        loss.backward()
        opt.step()
        out.append(loss.item())
    return out


def test_nan_at_the_first_display_only_is_a_recovered_nan(tmp_path):
    # the running mean's first display is nan (no batch yet), then finite and falling: nan 0.90 before
    path = tmp_path / "train_3c022434.log"
    _tqdm_log(path, _separation_losses(16, lr=3e-2))
    run = verdict(path)
    assert run.verdict == "nan" and run.confidence <= 0.6
    assert any(f.kind == "transient_nonfinite" for f in run.analysis.findings)


def test_nan_again_at_the_end_stays_a_confident_nan(tmp_path):
    # near miss: the same bar, its loss NaN again at the last displays: the run broke
    path = tmp_path / "train_broken.log"
    _tqdm_log(path, _separation_losses(16, lr=3e-2)[:-3] + [math.nan] * 3)
    run = verdict(path)
    assert run.verdict == "nan" and run.confidence >= 0.9
