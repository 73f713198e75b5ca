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
