"""Printed-log reader kinds of branch readers10b, each log written by the real writer (Python logging with the
script's own format, print from a real torch loop, tqdm to a file):

- a line opening with a bracketed section naming validation (``[Diff-Val(Test-Normal)] Epoch 001: loss = x``) or a
  split word before its counter (``Val Epoch 3: loss 0.2``) gives validation series, not a second ``loss`` value
  at every step (public edtdiff phase3 ``train.log``);
- a group word before indexed names (``| grad L1 0.25 L2 0.18 L3 0.16``) prefixes every one of them (public sdsnn);
- a tqdm bar described as validation (``Validate: ...[..., Val Loss=0.61, Val Dice=0.0]``) is an evaluation at the
  training step before it, its spaced postfix names kept whole: one run, not one per validation (Crack-SEG);
- a ``*.log`` whose head is a printed PyTorch model is sniffed further and read (ASGL-SNN ``log/train.log``);
- ``Epoch [e/E], Step [i/N]`` lines advance N steps an epoch, not the last printed batch + 1 (pothole-risk);
- values printed before their names (``Epoch 0 @ 10:27 PM : 0.9816 C.E. Loss, 94.28% Accuracy``) are read
  (davijoocho/convolutional-neural-network ``train.out``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import close_logger, file_logger, read_resolved, series_of # noqa: E402

from loganalyzer.discover import discover


def _logger(path: Path, fmt: str, name: str):
    return file_logger(path, fmt, "readers10b." + name)


_close = close_logger


def _data(n=96, d=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = (x[:, :1] * 0.7 - x[:, 1:2] * 0.3 + 0.1 * torch.randn(n, 1, generator=g))
    return x, y


_read = read_resolved


_series = series_of


def test_bracketed_and_leading_validation_sections_are_validation_series(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    xv, yv = _data(seed=1)
    model = nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    path = tmp_path / "train.log"
    log = _logger(path, "%(asctime)s - %(levelname)s - %(message)s", "bracket")
    printed = tmp_path / "other" / "train.log"
    printed.parent.mkdir()
    train, val = [], []
    with printed.open("w") as out:
        for epoch in range(1, 7):
            loss = nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                v = nn.functional.mse_loss(model(xv), yv).item()
            train.append(round(loss.item(), 6))
            val.append(round(v, 6))
            log.info(f"[Train] Epoch {epoch:03d}: loss = {loss.item():.6f}")
            log.info(f"[Diff-Val(Test-Normal)] Epoch {epoch:03d} (Deterministic): loss = {v:.6f}")
            print(f"Train Epoch {epoch}: loss {loss.item():.6f}", file=out)
            print(f"Val Epoch {epoch}: loss {v:.6f}", file=out)
    _close(log)
    for p in (path, printed):
        df, said = _read(p)
        assert set(df.tag) == {"loss", "val_loss"}, p
        assert _series(df, "loss") == (list(range(1, 7)), train)
        assert _series(df, "val_loss") == (list(range(1, 7)), val)
        assert not any("printed 2 times" in s for s in said)


def test_group_word_prefixes_every_indexed_name(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    path = tmp_path / "train_log.txt"
    grads = {k: [] for k in range(1, 5)}
    with path.open("w") as out:
        print("device: cpu", file=out)
        for epoch in range(1, 6):
            loss = nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            norms = [model[i].weight.grad.norm().item() for i in (0, 2, 4, 6)]
            opt.step()
            for k, g in enumerate(norms, start=1):
                grads[k].append(float(f"{g:.1e}"))
            print(f"epoch {epoch:3d}  train_loss {loss.item():.4f}  val_loss {loss.item() * 1.1:.4f}  | grad "
                  + " ".join(f"L{k} {g:.1e}" for k, g in enumerate(norms, start=1)), file=out)
    df, _ = _read(path)
    assert {"grad_L1", "grad_L2", "grad_L3", "grad_L4"} <= set(df.tag)
    assert not {"L2", "L3", "L4"} & set(df.tag)
    for k in range(1, 5):
        assert _series(df, f"grad_L{k}") == (list(range(1, 6)), grads[k])


def test_tqdm_validation_bar_is_an_evaluation_of_one_run(tmp_path):
    from tqdm import tqdm

    torch.manual_seed(0)
    x, y = _data(n=60)
    model = nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    path = tmp_path / "log" / "train.log"
    path.parent.mkdir()
    batches, val_every, epochs = 6, 2, 7
    val = []
    with path.open("w", encoding="utf-8") as out:
        for epoch in range(epochs):
            bar = tqdm(range(batches), desc=f"Train Epoch {epoch}", file=out, mininterval=0)
            for b in bar:
                xb, yb = x[b * 10:(b + 1) * 10], y[b * 10:(b + 1) * 10]
                loss = nn.functional.mse_loss(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                bar.set_postfix({"Loss": f"{loss.item():.4f}", "LR": f"{0.05:.2e}"})
            bar.close()
            if epoch % val_every == 0:
                vbar = tqdm(range(3), desc="Validate", file=out, mininterval=0)
                with torch.no_grad():
                    v = nn.functional.mse_loss(model(x), y).item()
                for _ in vbar:
                    vbar.set_postfix({"Val Loss": f"{v:.4f}", "Val Dice": f"{0.0:.3f}"})
                vbar.close()
                val.append((epoch * batches + batches, float(f"{v:.4f}")))
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["log/train.log"]
    df, _ = _read(path)
    assert _series(df, "Val_Loss") == ([s for s, _ in val], [v for _, v in val])
    assert _series(df, "Val_Dice")[1] == [0.0] * len(val)  # equal values at two evaluations are both kept
    steps, _ = _series(df, "Loss")
    assert steps[-1] == epochs * batches and steps == sorted(steps)


def test_model_print_in_the_head_and_epoch_length_from_step_total(tmp_path):
    torch.manual_seed(0)
    blocks = []
    for _ in range(60):
        blocks += [nn.Conv2d(16, 16, kernel_size=3, padding=1), nn.BatchNorm2d(16), nn.ReLU()]
    model = nn.Sequential(nn.Conv2d(3, 16, kernel_size=3, padding=1), *blocks, nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(in_features=16, out_features=4))
    assert len(repr(model)) > 9000  # the model's print fills the sniffed head
    path = tmp_path / "run" / "train.log"
    path.parent.mkdir()
    log = _logger(path, "%(asctime)s - %(levelname)s: %(message)s", "asgl")
    log.info("The hyperparameter list:")
    log.info("  --num_epoch 3")
    log.info(model)
    x = torch.randn(9 * 4, 3, 8, 8)
    y = torch.randint(0, 4, (9 * 4,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    printed = []
    for epoch in range(3):
        for i in range(9):
            loss = nn.functional.cross_entropy(model(x[i * 4:(i + 1) * 4]), y[i * 4:(i + 1) * 4])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if (i + 1) % 2 == 0:
                log.info(f"\nEpoch [{epoch}/3], Step [{i + 1}/9], Loss: {loss.item():.5f}")
                printed.append((epoch * 9 + i + 1, float(f"{loss.item():.5f}")))
        log.info(f"Epoch {epoch}: train loss {loss.item():.5f}, train acc 0.25000, test acc 0.25000 ")
    _close(log)
    runs = discover(str(tmp_path))
    assert [r.id for r in runs] == ["run/train.log"]
    df, _ = _read(path)
    assert _series(df, "Loss") == ([s for s, _ in printed], [v for _, v in printed])
    assert _series(df, "train_loss")[0] == [8, 17, 26]  # at each epoch's last printed step


def test_values_printed_before_their_names(tmp_path):
    torch.manual_seed(0)
    x, y = _data()
    labels = (y[:, 0] > 0).long()
    model = nn.Linear(8, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    path = tmp_path / "train.out"
    losses, accs = [], []
    with path.open("w") as out:
        print("[W logger.cpp:314] Warning: Cuda time stats are not collected for multi-device modules.", file=out)
        for epoch in range(5):
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            acc = (logits.argmax(1) == labels).float().mean().item() * 100
            losses.append(float(f"{loss.item():.4f}"))
            accs.append(float(f"{acc:.2f}"))
            print(f"Epoch {epoch} @ 10:{27 + epoch} PM : {loss.item():.4f} C.E. Loss, {acc:.2f}% Accuracy", file=out)
    df, said = _read(path)
    assert _series(df, "CE_Loss") == (list(range(5)), losses)
    assert _series(df, "Accuracy") == (list(range(5)), accs)
    assert not any("no training progress" in s for s in said)
