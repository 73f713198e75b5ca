"""Unnamed two-column GAN loss tables told by their start (branch rd65f, ``readers/_loss_columns.bce_players``): a
BCE GAN's discriminator starts at ln 4 and its generator at ln 2, so ``np.save('losses.npy', np.array(losses))`` of
``(d, g)`` or ``(g, d)`` rows is read as ``losses_D``/``losses_G`` and judged as a GAN (open vanillagan195 losses.npy:
1.41, 0.64 at epoch 0, labelled healthy, was `stalled` on ``losses_0``). A two-column table of another start (a
regression's train/validation MSE) keeps its index names."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_readers65b import _read, _train_gan  # noqa: E402

from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer import read_scalars  # noqa: E402


def test_g_d_rows_are_named_by_their_start(tmp_path):
    losses = _train_gan()  # a tiny BCE GAN really trained: first epoch (1.22, 0.75)
    np.save(tmp_path / "losses.npy", np.array([(g, d) for d, g in losses]))  # a script keeping (g_loss, d_loss)
    series, said = _read(tmp_path / "losses.npy")
    assert sorted(series) == ["losses_D", "losses_G"]
    assert np.allclose(series["losses_G"], [g for _, g in losses])
    assert any("losses.npy" in m and "ln 4" in m for m in said)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        curves = find_curves(read_scalars(str(tmp_path / "losses.npy"), resolve=True))
    assert curves.train_loss.tag == "losses_G" and curves.adversary is not None


def test_a_regression_two_column_table_keeps_index_names(tmp_path):
    torch.manual_seed(0)
    x = torch.randn(256, 4)
    y = x @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 2.0
    model, rows = torch.nn.Linear(4, 1), []
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    for _ in range(10):
        loss = torch.nn.functional.mse_loss(model(x[:200]).squeeze(1), y[:200])
        opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad():
            rows.append((loss.item(), torch.nn.functional.mse_loss(model(x[200:]).squeeze(1), y[200:]).item()))
    assert not 1.2 <= rows[0][0] <= 1.6  # MSE of an untrained linear model on this target: far from ln 4
    np.save(tmp_path / "losses.npy", np.array(rows))
    series, said = _read(tmp_path / "losses.npy")
    assert sorted(series) == ["losses_0", "losses_1"]
    assert any("(D, G) order is not known" in m for m in said)
