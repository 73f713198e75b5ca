"""Stop 46's verdict kinds, from the opened sets 92-95 (each test fails on the stop's start code):

- a test loss logged once, at the end, as NaN (an empty test loader's mean) beside finite training and validation
  curves is the final evaluation's 0/0, not a broken training (projai92 version_3, labelled healthy, was `nan` 0.95);
- a language-model fine-tune under HF Trainer's default schedule (5e-5 decayed linearly, no warm-up) whose first loss
  happens to sit at ln 31 is no 31-class classifier at chance (techft93, clear `healthy`, was `underfit` 0.6).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from _runs import public_run, verdict


def _regression_with_test(out, *, test_batches: int, nan_train: bool = False) -> None:
    """A tiny regressor trained for real, logged per epoch with torch's SummaryWriter as a Lightning-style script
    does (train_loss, val_loss), then the test loop's mean loss over ``test_batches`` batches (none: NaN)."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(400, 6)
    y = x @ torch.randn(6, 1) * 30 + 100 + 5 * torch.randn(400, 1)
    xv, yv, x, y = x[320:], y[320:], x[:320], y[:320]
    model = torch.nn.Sequential(torch.nn.Linear(6, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    writer = SummaryWriter(str(out))
    epochs = 1 if nan_train else 60
    for epoch in range(epochs):
        for i in range(0, 320, 32):
            loss = F.mse_loss(model(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            writer.add_scalar("train_loss", float("nan") if nan_train else F.mse_loss(model(x), y).item(), epoch)
            if not nan_train:
                writer.add_scalar("val_loss", F.mse_loss(model(xv), yv).item(), epoch)
    with torch.no_grad():
        losses = torch.stack([F.mse_loss(model(xv[i:i + 16]), yv[i:i + 16]) for i in range(0, 16 * test_batches, 16)]
                             ) if test_batches else torch.tensor([])
        writer.add_scalar("test_loss", losses.mean().item(), epochs)  # mean of no batch: nan
    writer.close()


def test_a_test_loss_nan_once_after_a_finite_training_is_no_nan_run(tmp_path):
    _regression_with_test(tmp_path / "version_3", test_batches=0)
    run = verdict(tmp_path / "version_3")
    assert run.verdict == "healthy", run.summary
    assert any(f.kind == "nonfinite_signal" and "test_loss" in f.message for f in run.analysis.findings)


def test_a_training_loss_nan_at_its_only_log_is_still_nan(tmp_path):
    """The narrow side: with no curve to judge, a NaN loss (even a test loss beside it) is the nan verdict."""
    _regression_with_test(tmp_path / "broke", test_batches=0, nan_train=True)
    assert verdict(tmp_path / "broke").verdict == "nan"


def test_public_projai92_test_loss_nan_is_healthy():
    assert verdict(public_run("projai92__version_3")).verdict == "healthy"


def test_public_lm_finetune_at_ln31_by_coincidence_is_not_underfit():
    run = verdict(public_run("techft93__checkpoint-4500"))
    assert run.verdict == "healthy", run.summary


def test_one_final_evaluation_far_above_training_is_not_said_to_be_so_from_the_start(tmp_path):
    """A model memorising 64 random labels (train loss -> ~0), then one test evaluation on new samples: the mismatch
    finding says the held-out loss was logged once and that one evaluation cannot tell overfitting from a
    mismatch (it had said "from the first evaluation on")."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, y = torch.randn(64, 10), torch.randint(0, 4, (64,))
    xt, yt = torch.randn(256, 10), torch.randint(0, 4, (256,))
    model = torch.nn.Sequential(torch.nn.Linear(10, 128), torch.nn.ReLU(), torch.nn.Linear(128, 4))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    writer = SummaryWriter(str(tmp_path / "version_25"))
    for epoch in range(80):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        writer.add_scalar("train_loss", loss.item(), epoch)
    with torch.no_grad():
        writer.add_scalar("test_loss", F.cross_entropy(model(xt), yt).item(), 80)
    writer.close()
    run = verdict(tmp_path / "version_25")
    (found,) = [f for f in run.analysis.findings if f.kind == "mismatch"]
    assert "logged once" in found.message and "from the first evaluation on" not in found.message
    assert found.step == 80


def test_a_validation_error_metric_beside_a_training_loss_is_the_validation_loss(tmp_path):
    """A regressor memorising 24 noisy samples: its script logs `train_loss` and, for validation, only the MSE
    (`val_mse`, no `val_loss`). The validation MSE is judged as the validation loss: it rises while training falls
    (overfit); before, the run was judged on training alone (`healthy`)."""
    torch.manual_seed(0)
    w = torch.randn(6, 1)
    x, xv = torch.randn(24, 6), torch.randn(200, 6)
    y, yv = x @ w + 0.8 * torch.randn(24, 1), xv @ w + 0.8 * torch.randn(200, 1)
    model = torch.nn.Sequential(torch.nn.Linear(6, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                torch.nn.ReLU(), torch.nn.Linear(256, 1))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    rows = ["epoch,train_loss,val_mse"]
    for epoch in range(60):
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            rows.append(f"{epoch},{loss.item()},{F.mse_loss(model(xv), yv).item()}")
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    run = verdict(tmp_path / "log.csv")
    assert run.roles.get("val_loss") == "val_mse"
    assert run.verdict == "overfit", run.summary


def _history_json(path, *, n_train: int, epochs: int, lr: float, seed: int = 0, flip: float = 0.2,
                  spread: float = 1.2) -> dict:
    """A 4-class MLP trained for real on ``n_train`` samples (a share ``flip`` of the labels noisy); its script
    keeps the training loss and the validation accuracy only, dumped as ``{"history": {...}}`` at the end."""
    import json

    torch.manual_seed(seed)
    centres = torch.randn(4, 12) * spread
    def data(n):
        y = torch.randint(0, 4, (n,))
        x = centres[y] + torch.randn(n, 12)
        noisy = torch.rand(n) < flip
        return x, torch.where(noisy, torch.randint(0, 4, (n,)), y)
    x, y = data(n_train)
    xv, yv = data(500)
    model = torch.nn.Sequential(torch.nn.Linear(12, 256), torch.nn.ReLU(), torch.nn.Linear(256, 4))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    hist = {"train_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        for i in range(0, n_train, 32):
            loss = F.cross_entropy(model(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            hist["train_loss"].append(F.cross_entropy(model(x), y).item())
            hist["val_accuracy"].append((model(xv).argmax(1) == yv).float().mean().item())
    path.write_text(json.dumps({"seed": seed, "history": hist}))
    return hist


def test_validation_accuracy_falling_back_while_training_went_on_is_overfit(tmp_path):
    """No validation loss: the accuracy peaked near 62% and fell back to ~60% while the training loss kept falling
    (a 256-unit MLP memorising 64 samples of overlapping classes) -- overfit, quoting the logged values; it was
    `healthy` on training alone (the learned second opinion said healthy over the rules' overfit)."""
    hist = _history_json(tmp_path / "training_log.json", n_train=64, epochs=40, lr=3e-3, flip=0.0, spread=0.4)
    assert hist["train_loss"][-1] < 0.5 * hist["train_loss"][24] and max(hist["val_accuracy"]) < 0.7
    run = verdict(tmp_path / "training_log.json")
    assert run.verdict == "overfit", run.summary
    assert "no validation loss logged" in run.summary and f"{100 * max(hist['val_accuracy']):.1f}%" in run.summary


def test_validation_accuracy_still_climbing_stays_healthy(tmp_path):
    """The narrow side: 4,000 samples at a small learning rate, validation accuracy still rising at the end."""
    _history_json(tmp_path / "training_log.json", n_train=4000, epochs=12, lr=2e-4)
    run = verdict(tmp_path / "training_log.json")
    assert run.verdict == "healthy", run.summary


def test_validation_accuracy_levelled_off_above_90_percent_stays_healthy(tmp_path):
    """The narrow side: separable classes, the validation accuracy flat at ~97% while training loss still falls."""
    hist = _history_json(tmp_path / "training_log.json", n_train=64, epochs=40, lr=3e-3, flip=0.0)
    assert hist["val_accuracy"][-1] > 0.9
    assert verdict(tmp_path / "training_log.json").verdict == "healthy"


def test_a_validation_dice_that_fell_back_is_read_like_an_accuracy(tmp_path):
    """No accuracy and no validation loss: a segmentation script logging `train_loss` and `val_dice` per epoch
    (a tiny torch model memorising 32 noisy masks): its Dice fell back from its best while training went on --
    overfit."""
    torch.manual_seed(0)
    def masks(n):
        x = torch.randn(n, 16)
        return x, ((x[:, :8] + 1.2 * torch.randn(n, 8)) > 0).float()
    x, y = masks(32)
    xv, yv = masks(400)
    model = torch.nn.Sequential(torch.nn.Linear(16, 256), torch.nn.ReLU(), torch.nn.Linear(256, 8))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    lines = []
    for epoch in range(1, 81):
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            p = (model(xv) > 0).float()
            dice = (2 * (p * yv).sum() / (p.sum() + yv.sum())).item()
        lines.append(f"epoch {epoch}: train_loss={loss.item():.4f} val_dice={dice:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    run = verdict(tmp_path / "train.log")
    assert run.roles.get("val_metric") == "val_dice" and "val_loss" not in run.roles
    assert run.verdict == "overfit", run.summary


def test_a_test_loss_nan_after_a_training_that_blew_up_is_still_nan(tmp_path):
    """The breaker's case: a schedule bug sets the LR to 1e6 at epoch 12; a 'skip a non-finite loss' guard logs only
    finite values, so the training loss climbs to ~1e31 and stops, then the test loss is logged once, NaN. The
    exemption above is for a sane training only: this run is `nan` (as before the exemption)."""
    import math

    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(2000, 20)
    y = (x @ torch.randn(20, 4) + 0.8 * torch.randn(2000, 4)).argmax(1)
    model = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    writer = SummaryWriter(str(tmp_path / "tb"))
    step = 0
    for epoch in range(20):
        if epoch == 12:
            for group in opt.param_groups:
                group["lr"] = 1e6
        for b in range(0, 1400, 50):
            loss = F.cross_entropy(model(x[b:b + 50]), y[b:b + 50])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if math.isfinite(loss.item()):
                writer.add_scalar("train/loss", loss.item(), step)
        with torch.no_grad():
            val = F.cross_entropy(model(x[1400:1700]), y[1400:1700]).item()
        if math.isfinite(val):
            writer.add_scalar("val/loss", val, step)
    with torch.no_grad():
        writer.add_scalar("test/loss", F.cross_entropy(model(x[1700:]), y[1700:]).item(), step)
    writer.close()
    assert verdict(tmp_path / "tb").verdict == "nan"


def test_public_noisy_ap_plateau_with_its_best_late_is_healthy():
    """Opened set 38's maskrcnn hw3 (history.json and its console train.log): val AP 0.12 -> 0.28-0.32 from epoch 13,
    best 0.320 at epoch 27 of 32, no validation loss, labelled healthy -- no falling back after a best."""
    from _runs import public_run

    for name in ("history.json", "train.log"):
        run = verdict(public_run("maskrcnn__hw3") / name)
        assert run.verdict == "healthy", run.summary
