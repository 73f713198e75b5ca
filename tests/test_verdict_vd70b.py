"""Stop 70 (vd70b): the healthy / underfit / stalled border on the sets opened at this stop (223, 226, 227).

Each test writes the kind's log with the writer its public run used -- a pickled Keras ``history.history`` dict
(``pickle.dump``), NumPy arrays (``np.save``), a JSON history (``json.dump``), a Keras ``CSVLogger`` file -- from a
really trained PyTorch model where the kind is about what training does (a regression's "accuracy", a dead network
sitting at ln k), and asserts what failed before:

- ``verdict_regacc``: a regression's ``acc`` (public ``eljefecbc226``, ``nikhilbc226``) was read as a classifier's
  accuracy that "never rose": `underfit`;
- ``verdict_accclimb``: a loss that moved 1% while validation accuracy climbed 31 -> 67% (public ``fer-advtr227
  run_12``) was `stalled` 0.99;
- ``verdict_guesslevel``: a loss that fell into ln 10 at its second epoch and sat there to 6 digits (public
  ``cifaremily223``) was `underfit` / `healthy`;
- ``verdict_shortfall``: 4 epochs falling 49% to a last log that is the lowest (public ``duckietrainer226``) was
  `stalled`.
"""
from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from loganalyzer.curves import Curves, Series  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402
from loganalyzer.verdict_accclimb import accuracy_climbed  # noqa: E402
from loganalyzer.verdict_guesslevel import sat_at_guess  # noqa: E402
from loganalyzer.verdict_regacc import accuracy_not_a_classifier  # noqa: E402


def _one(path):
    runs = scan(str(path)).runs
    assert len(runs) == 1
    return runs[0]


def _kinds(run) -> set[str]:
    return {f.kind for f in run.analysis.findings}


def _keras_regression_history(epochs: int = 15, seed: int = 0) -> dict[str, list[float]]:
    """A small MLP regression trained with MSE, its Keras-style ``accuracy`` computed as Keras' binary accuracy of a
    one-unit output does (``y_true == (y_pred > 0.5)``): the targets are real values in [0, 0.3], 18% of them exactly
    0 -- so that "accuracy" is the share of exact zeros whatever the model learns (the public runs' flat 0.176)."""
    torch.manual_seed(seed)
    x = torch.randn(1200, 8)
    y = (0.15 + 0.05 * torch.tanh(x[:, :3].sum(1, keepdim=True))).clamp(0, 0.3)
    y[torch.arange(1200) % 11 < 2] = 0.0
    xt, yt, xv, yv = x[:1000], y[:1000], x[1000:], y[1000:]
    net = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.02)
    hist: dict[str, list[float]] = {"loss": [], "acc": [], "val_loss": [], "val_acc": []}
    for _ in range(epochs):
        for i in range(0, 1000, 50):
            loss = torch.nn.functional.mse_loss(net(xt[i:i + 50]), yt[i:i + 50])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            for split, (xs, ys) in {"": (xt, yt), "val_": (xv, yv)}.items():
                p = net(xs)
                hist[split + "loss"].append(float(torch.nn.functional.mse_loss(p, ys)))
                hist[split + "acc"].append(float(((p > 0.5).float() == ys).float().mean()))
    return hist


def test_a_regressions_accuracy_is_no_evidence_of_underfit(tmp_path):
    """Before: `underfit` 0.6, "`val_acc` never rose ... did not learn to classify"; now judged on its losses."""
    hist = _keras_regression_history()
    assert max(hist["val_acc"]) - min(hist["val_acc"]) < 0.01 and hist["loss"][-1] < 0.7 * hist["loss"][0]
    path = tmp_path / "nvda" / "history.p"
    path.parent.mkdir()
    with open(path, "wb") as fh:
        pickle.dump(hist, fh)
    run = _one(path.parent)
    assert run.verdict == "healthy", run.summary
    assert "accuracy_not_a_classifier" in _kinds(run)


def test_a_classifiers_accuracy_is_kept():
    """The cross-entropy bound holds for a classifier (0.69 -> 0.25 with accuracy 0.5 -> 0.9), and an accuracy that
    moved is kept whatever its loss: no finding, the accuracies stay."""
    steps = np.arange(10)
    loss = Series("train_loss", "", "loss", steps, np.linspace(0.69, 0.25, 10), "epoch")
    acc = Series("train_acc", "", "acc", steps, np.linspace(0.5, 0.9, 10), "epoch")
    assert accuracy_not_a_classifier(Curves(train_loss=loss, train_acc=acc)) is None
    tiny = Series("train_loss", "", "loss", steps, np.linspace(0.02, 0.01, 10), "epoch")  # a scaled-down loss ...
    assert accuracy_not_a_classifier(Curves(train_loss=tiny, train_acc=acc)) is None  # ... whose accuracy learned
    flat = Series("train_acc", "", "acc", steps, np.full(10, 0.176), "epoch")
    assert accuracy_not_a_classifier(Curves(train_loss=tiny, train_acc=flat)) is not None


def _save_distillation(folder, n: int, climb: bool, seed: int = 0) -> None:
    """``train_loss_<n>.npy`` and ``val_acc_<n>.npy`` as the public fer-advtr227 run folders hold them (np.save of
    per-epoch lists, accuracy in percent): a soft-target loss creeping 1.941 -> 1.919 (run_12) or 1.305 -> 1.271
    (run_14), validation accuracy climbing 31 -> 67% with noise (run_12) or wandering in 45-47% (run_14)."""
    rng = np.random.default_rng(seed)
    e = np.arange(100)
    folder.mkdir()
    if climb:
        loss = 1.919 + 0.022 * np.exp(-e / 8) + rng.normal(0, 2e-4, 100)
        acc = 31.2 + 36.0 * (1 - np.exp(-e / 20)) + rng.normal(0, 0.8, 100)
    else:
        loss = 1.271 + 0.034 * np.exp(-e / 30) + rng.normal(0, 3e-3, 100)
        acc = 46.0 + rng.normal(0, 0.4, 100)
    np.save(folder / f"train_loss_{n}.npy", loss)
    np.save(folder / f"val_acc_{n}.npy", acc)


def test_a_flat_loss_beside_a_climbing_accuracy_is_no_stall(tmp_path):
    """Before: `stalled` 0.99 ("barely moved: 1% lower over 100 logs"); now `healthy`, confidence <= 0.6, the
    accuracy's climb quoted. The flat-accuracy twin stays `stalled`."""
    _save_distillation(tmp_path / "run_12", 12, climb=True)
    _save_distillation(tmp_path / "run_14", 14, climb=False)
    climbed = _one(tmp_path / "run_12")
    assert climbed.verdict == "healthy" and climbed.confidence <= 0.6, climbed.summary
    assert any("climbed from" in f.message for f in climbed.analysis.findings)
    flat = _one(tmp_path / "run_14")
    assert flat.verdict == "stalled"
    steps = np.arange(12)
    flips = Series("val_acc", "", "val_acc", steps, np.array([0.54, 0.11, 0.46, 0.89] * 3), "epoch")
    assert accuracy_climbed(Curves(val_acc=flips)) is None  # a binary head flipping classes: no climb


def _dead_network_losses(epochs: int = 40) -> list[float]:
    """Per-epoch mean training loss of a 10-class MLP whose hidden ReLUs are dead from the start (bias -100) and
    whose output bias starts far from uniform: the loss falls from ~2.7 to ln 10 in a few epochs, as the output bias
    learns the (balanced) class prior, and sits there -- nothing of the input reaches the output."""
    torch.manual_seed(0)
    x = torch.randn(2000, 20)
    y = torch.arange(2000) % 10
    net = torch.nn.Sequential(torch.nn.Linear(20, 16), torch.nn.ReLU(), torch.nn.Linear(16, 10))
    with torch.no_grad():
        net[0].bias.fill_(-100.0)
        net[2].bias.copy_(torch.randn(10) * 2)
    opt = torch.optim.Adam(net.parameters(), lr=0.1)
    out = []
    for _ in range(epochs):
        total = 0.0
        for i in range(0, 2000, 200):
            loss = torch.nn.functional.cross_entropy(net(x[i:i + 200]), y[i:i + 200])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        out.append(total / 10)
    return out


def test_a_loss_that_fell_into_ln_k_and_sat_there_is_stalled(tmp_path):
    """Before: `underfit` ("it learned in its first logs, then flattened -- an early plateau, not a stall"); now
    `stalled`, the ln 10 level quoted."""
    losses = _dead_network_losses()
    assert losses[0] > 1.15 * math.log(10) and abs(losses[-1] - math.log(10)) < 1e-4
    path = tmp_path / "results_cnn.json"
    path.write_text(json.dumps({"epochs": [{"epoch": i, "loss": v, "time": 76.0} for i, v in enumerate(losses)],
                                "test_metrics": {"accuracy": 0.1}}, indent=4))
    run = _one(path)
    assert run.verdict == "stalled", run.summary
    assert "ln 10" in run.summary


def test_a_level_near_ln_k_by_coincidence_is_not_taken():
    """A plateau 3% above ln 10 (an underfit model's level), one still creeping down through it, one that rose to it:
    none is the guessing level."""
    steps = np.arange(40)

    def curves(v):
        return Curves(train_loss=Series("train_loss", "", "loss", steps, np.asarray(v, dtype=float), "epoch"))

    base = np.r_[3.2, np.full(39, math.log(10))]
    assert sat_at_guess(curves(base)) is not None
    assert sat_at_guess(curves(np.r_[3.2, np.full(39, 1.03 * math.log(10))])) is None
    assert sat_at_guess(curves(np.r_[3.2, np.linspace(2.34, 2.26, 39)])) is None
    assert sat_at_guess(curves(np.r_[1.5, np.full(39, math.log(10))])) is None


def test_a_short_run_that_fell_by_half_is_no_stall(tmp_path):
    """Before: `stalled` 0.5 ("49% lower as logged over 4 logs, flat since step 1"); now no stall. Keras CSVLogger
    rows of the public duckietrainer226 run (its total loss)."""
    path = tmp_path / "training.csv"
    path.write_text("epoch,loss\n0,1.2474935\n1,0.7004\n2,0.6605\n3,0.6365577\n")
    run = _one(path)
    assert run.verdict != "stalled", run.summary
