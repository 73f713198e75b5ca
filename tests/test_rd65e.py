"""Reader kinds from sets 185-190's misses (stop 65, helper rd65e); each test fails on the stop's start code.

- two headerless lines of as many numbers written value by value with a space after each, validation first
  (public Lanorius/binding-affinity-prediction ``print_loss_per_epoch``, bapred187 ``losses.txt``), the training row
  opening with the untrained first epoch's mean (392.3, then 1.08): the leading value broke the curve test and
  nothing was read; where it was read, validation was taken for training.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from _runs import mlp, read_resolved, series_by_step


def _affinity_like(epochs: int, seed: int = 0) -> tuple[list[float], list[float]]:
    """(validation MSE, training MSE) per epoch of a small MLP trained for real with minibatch Adam on targets
    around 7 (pKd-like): the training loss is the mean over the epoch's batches, validation is measured after it."""
    torch.manual_seed(seed)
    x, xv = torch.randn(2048, 8), torch.randn(256, 8)
    w = torch.randn(8, 1)
    y, yv = 7 + x @ w + 0.7 * torch.randn(2048, 1), 7 + xv @ w + 0.7 * torch.randn(256, 1)
    model = mlp(8, 32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    train, val = [], []
    for _ in range(epochs):
        losses = []
        for i in range(0, 2048, 32):
            loss = F.mse_loss(model(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        train.append(float(np.mean(losses)))
        with torch.no_grad():
            val.append(F.mse_loss(model(xv), yv).item())
    return val, train


def _print_loss_per_epoch(path, validation_loss_vector, training_loss_vector) -> None:
    """The writer's own loop (binding-affinity-prediction src/performance_evaluation/stats_and_output.py)."""
    with open(path, "w") as g:
        for s in validation_loss_vector:
            g.write(str(s) + " ")
        g.write("\n")
        for s in training_loss_vector:
            g.write(str(s) + " ")
        g.close()


def test_two_space_separated_rows_validation_first_with_an_untrained_first_epoch(tmp_path):
    val, train = _affinity_like(40)
    assert train[0] > 3 * max(train[1:]) and val[0] < 3 * max(val[1:])  # the shape of bapred187's files
    (tmp_path / "Davis").mkdir()
    _print_loss_per_epoch(tmp_path / "Davis" / "losses.txt", val, train)
    df, warned = read_resolved(tmp_path)
    assert series_by_step(df, "train_loss") == (list(range(40)), train)
    assert series_by_step(df, "val_loss") == (list(range(40)), val)
    assert any("losses.txt" in w and "training loss" in w for w in warned)


def test_two_rows_train_first_keep_their_order_with_an_untrained_first_epoch(tmp_path):
    val, train = _affinity_like(40, seed=1)
    np.savetxt(tmp_path / "loss.csv", [train, val], delimiter=",")  # audiogan106's order: train, then validation
    df, _ = read_resolved(tmp_path)
    assert series_by_step(df, "train_loss")[1] == train
    assert series_by_step(df, "val_loss")[1] == val


def _cifar_like_print(fmt: str, epochs: int = 3, seed: int = 0) -> list[str]:
    """Lines a small classifier trained for real prints with ``fmt`` % (epoch + 1, i + 1, running_loss / 10) every 10
    mini-batches, as the PyTorch CIFAR-10 tutorial's loop does."""
    torch.manual_seed(seed)
    x = torch.randn(1280, 10)
    y = (x[:, 0] + 0.5 * torch.randn(1280) > 0).long()
    model = mlp(10, 16, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    lines = []
    for epoch in range(epochs):
        running_loss = 0.0
        for i in range(40):
            loss = F.cross_entropy(model(x[32 * i:32 * i + 32]), y[32 * i:32 * i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            running_loss += loss.item()
            if i % 10 == 9:
                lines.append(fmt % (epoch + 1, i + 1, running_loss / 10))
                running_loss = 0.0
    return lines


def test_cifar_tutorial_lines_printed_without_the_loss_word_read_as_the_named_ones(tmp_path):
    for name, fmt in (("named", "[%d, %5d] loss: %.3f"), ("bare", "[%d, %5d]      %.3f")):  # qm9unet187's main.py
        (tmp_path / name).mkdir()
        body = "\n".join(_cifar_like_print(fmt)) + "\nFinished Training\n"
        (tmp_path / name / "train.out").write_text("----Training begun----\n[Epoch, Entry] - Loss\n" + body)
    df, warned = read_resolved(tmp_path)
    named = series_by_step(df[df.dir == "named/train.out"], "loss")
    bare = series_by_step(df[df.dir == "bare/train.out"], "loss")
    assert len(bare[0]) == 12 and bare == named
    assert any("bare/train.out" in w and "[epoch, count]" in w for w in warned)


def test_bracketed_pairs_out_of_order_stay_unread(tmp_path):
    rows = [(3, 1, 0.5), (1, 2, 0.4), (2, 7, 0.9), (1, 1, 0.3), (5, 2, 0.1), (4, 4, 0.2)]  # a table of pairs, no progress
    (tmp_path / "pairs.log").write_text("".join(f"[{a}, {b}] {v}\n" for a, b, v in rows))
    df, _ = read_resolved(tmp_path)
    assert len(df) == 0
