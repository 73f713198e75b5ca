"""A history saved as a dict of lists with its own epoch list (``{"epoch": [0, 25, 50, ...], "train_loss": [...]}``:
a run evaluated every 25th epoch, json.dump'ed by the training script) is read at those epochs, and ``epoch`` is no
series. It was read at the row numbers 0, 1, 2... with ``epoch`` a series of its own: every step off by 25x (the
twenty-fifth blind labeller, stop 23). A list that is not strictly increasing stays a series at the row numbers.
The values come from a tiny torch model really trained."""
from __future__ import annotations

import json

import numpy as np
import pytest

from loganalyzer import read_scalars

torch = pytest.importorskip("torch")


def _history(every: int, epochs: int) -> dict:
    torch.manual_seed(0)
    x = torch.randn(128, 4)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5], [0.0]])
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    history = {"epoch": [], "train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        if epoch % every == 0:
            history["epoch"].append(epoch)
            history["train_loss"].append(loss.item())
            history["val_loss"].append(loss.item() * 1.1)
    return history


def test_a_flat_history_is_read_at_its_own_epochs(tmp_path):
    history = _history(25, 500)
    (tmp_path / "history.json").write_text(json.dumps(history))
    df = read_scalars(tmp_path)
    assert sorted(set(df.tag)) == ["train_loss", "val_loss"]
    got = df[df.tag == "train_loss"].sort_values("step")
    assert got.step.tolist() == list(range(0, 500, 25))
    assert np.allclose(got.value, history["train_loss"])


def test_an_epoch_list_that_counts_from_its_start_again_is_read_as_each_parts_records(tmp_path):
    history = _history(1, 10)
    history["epoch"] = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]  # a second session appended to the lists: no one axis
    (tmp_path / "history.json").write_text(json.dumps(history))
    raw = read_scalars(tmp_path)
    assert "epoch" not in set(raw.tag)  # readers/_json_restarting.py: the lists are per-epoch records
    assert raw[raw.tag == "train_loss"].step.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    with pytest.warns(Warning, match="counts from its start again"):
        df = read_scalars(tmp_path, resolve=True)
    got = df[df.tag == "train_loss"].sort_values("step")
    assert got.step.tolist() == list(range(10))  # the second session continued after the first (steps 5-9)
    assert np.allclose(got.value, history["train_loss"])