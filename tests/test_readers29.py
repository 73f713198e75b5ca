"""readers29: faults found on fresh public logs (/tmp/readers29_inputs/FAULTS.md), each log written here by the real
writer or printed by a tiny real torch/Keras training loop in the public log's own shape.

1. Whole JSON histories appended one after another to one file (``json.dump(history, open(path, "a"))``): one run
   each (``#1``, ``#2``...), not one "not valid JSON: Extra data" line and no run.
"""
from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest

import loganalyzer
from loganalyzer import read_scalars

torch = pytest.importorskip("torch")
os.environ.setdefault("KERAS_BACKEND", "torch")


def _read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_scalars(path, resolve=True)
    return frame, [str(w.message) for w in caught]


def _series(frame, run: str, tag: str) -> tuple[list, list]:
    g = frame[(frame.dir == run) & (frame.tag == tag)].sort_values("step")
    return g.step.tolist(), g.value.tolist()


def _alexnet_training(seed: int, epochs: int) -> dict:
    """alicemuzum/AlexNet-Pytorch train.py (a1da84e): per-epoch ``history['train_loss'].append(...)`` and friends for a
    multi-label classifier, then ``history["RUN"] = 0`` and ``json.dump(history, open("log/history.json", "a"))``."""
    torch.manual_seed(seed)
    x, y = torch.randn(64, 8), (torch.rand(64, 4) > 0.7).float()
    xv, yv = torch.randn(32, 8), (torch.rand(32, 4) > 0.7).float()
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    history = {k: [] for k in ("train_loss", "valid_loss", "train_acc", "valid_acc")}
    for _ in range(epochs):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            vloss = torch.nn.functional.binary_cross_entropy_with_logits(model(xv), yv)
            acc = ((model(x) > 0).float() == y).all(1).float().mean()
            vacc = ((model(xv) > 0).float() == yv).all(1).float().mean()
        history["train_loss"].append(loss.item())
        history["valid_loss"].append(vloss.item())
        history["train_acc"].append(acc.item())
        history["valid_acc"].append(vacc.item())
    history["RUN"] = 0
    return history


def test_json_histories_appended_back_to_back_are_one_run_each(tmp_path):
    """Three trainings, each ``json.dump`` appended with no newline between (the public file: 6 x 60 epochs on one
    line, 'Extra data (line 1, column 14760)'): three runs, every epoch at its own step, values exact."""
    (tmp_path / "log").mkdir()
    written = []
    for seed, epochs in ((0, 5), (1, 7), (2, 4)):
        written.append(_alexnet_training(seed, epochs))
        with open(tmp_path / "log" / "history.json", "a") as f:
            json.dump(written[-1], f)
    runs = loganalyzer.discover(tmp_path)
    assert [r.id for r in runs] == ["log/history.json#1", "log/history.json#2", "log/history.json#3"]
    frame, said = _read(tmp_path)
    assert not any("not valid JSON" in s for s in said)
    for n, history in enumerate(written, 1):
        steps, values = _series(frame, f"log/history.json#{n}", "valid_loss")
        assert steps == list(range(len(history["valid_loss"])))
        assert np.allclose(values, history["valid_loss"])
        assert np.allclose(_series(frame, f"log/history.json#{n}", "train_acc")[1], history["train_acc"])
    assert "RUN" not in set(frame.tag)


def test_keras_histories_appended_pretty_printed_are_one_run_each(tmp_path):
    """Sibling: a Keras script appending ``json.dump(h.history, f, indent=2)`` and a newline after each ``fit`` (the
    documents span lines, so they are no JSON lines either): one run per fit, Keras' 0-based epochs."""
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)).astype("float32"), rng.integers(0, 2, 64)
    fits = []
    for epochs in (3, 5):
        keras.utils.set_random_seed(epochs)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
        h = model.fit(x, y, epochs=epochs, validation_split=0.25, verbose=0)
        fits.append(h.history)
        with open(tmp_path / "history.json", "a") as f:
            json.dump(h.history, f, indent=2)
            f.write("\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["history.json#1", "history.json#2"]
    frame, _ = _read(tmp_path)
    for n, h in enumerate(fits, 1):
        steps, values = _series(frame, f"history.json#{n}", "val_loss")
        assert steps == list(range(len(h["val_loss"])))
        assert np.allclose(values, h["val_loss"])


def test_one_history_and_json_lines_stay_one_run(tmp_path):
    """Guards: one dumped history stays one run named by its file; JSON lines of per-epoch rows (``{}`` rows back to
    back, a newline each) stay one run of rows, not appended histories."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    history = _alexnet_training(3, 6)
    (tmp_path / "a" / "history.json").write_text(json.dumps(history))
    with open(tmp_path / "b" / "metrics.jsonl", "w") as f:
        for epoch, loss in enumerate(history["train_loss"]):
            f.write(json.dumps({"epoch": epoch, "loss": loss}) + "\n")
    assert [r.id for r in loganalyzer.discover(tmp_path)] == ["a/history.json", "b/metrics.jsonl"]
    frame, _ = _read(tmp_path)
    assert np.allclose(_series(frame, "a/history.json", "valid_loss")[1], history["valid_loss"])
    assert _series(frame, "b/metrics.jsonl", "loss")[0] == list(range(6))
