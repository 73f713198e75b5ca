"""Reader kinds from breaker11's real public logs (readers19d): NumPy-saved Keras histories, ..."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

from loganalyzer import read_scalars


def _train(epochs=4):
    """A tiny real training loop: per-epoch train/val loss and accuracy, as Keras' history.history holds them."""
    torch.manual_seed(0)
    x = torch.randn(64, 3)
    y = (x.sum(1) > 0).long()
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    hist = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        out = model(x[:48])
        loss = torch.nn.functional.cross_entropy(out, y[:48])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = model(x[48:])
            hist["loss"].append(float(loss))
            hist["accuracy"].append(np.float32((out.argmax(1) == y[:48]).float().mean()))  # numpy scalars, as Keras
            hist["val_loss"].append(np.float64(torch.nn.functional.cross_entropy(val, y[48:])))
            hist["val_accuracy"].append(float((val.argmax(1) == y[48:]).float().mean()))
    return hist


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=True)
    return df, [str(w.message) for w in caught]


def test_np_saved_history_dict_is_a_run_in_a_folder_and_by_name(tmp_path):
    hist = _train()
    np.save(tmp_path / "history.npy", hist)  # a 0-d object array: its payload is a pickle
    for target in (tmp_path, tmp_path / "history.npy"):
        df, _ = _read(target)
        assert set(df["tag"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        loss = df[df.tag == "loss"].sort_values("step")
        assert loss["step"].tolist() == [0, 1, 2, 3]
        assert loss["value"].tolist() == pytest.approx(hist["loss"])
        acc = df[df.tag == "accuracy"].sort_values("step")
        assert acc["value"].tolist() == pytest.approx([float(v) for v in hist["accuracy"]])


def test_np_saved_metric_series_named_like_a_loss(tmp_path):
    hist = _train()
    np.save(tmp_path / "train_loss.npy", np.array(hist["loss"]))
    df, _ = _read(tmp_path)
    assert set(df["tag"]) == {"train_loss"}
    assert df.sort_values("step")["value"].tolist() == pytest.approx(hist["loss"])


def test_np_object_array_with_code_is_refused_never_run(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("RAN",))

    np.save(tmp_path / "history.npy", np.array({"loss": [1.0, 0.5], "x": Evil()}, dtype=object), allow_pickle=True)
    np.save(tmp_path / "weights_history.npy", np.zeros((3, 3)))  # an array, not a history: said, not read
    df, lines = _read(tmp_path)
    assert len(df) == 0
    assert any("history.npy" in line and "builtins.print" in line for line in lines)
    assert any("weights_history.npy" in line and "not read" in line for line in lines)
