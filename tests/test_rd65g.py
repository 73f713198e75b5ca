"""Stop 65, rd65g: printed logs of accuracies alone read one way whatever the training's accuracy is called.

ux65 #4 (a newcomer's report): ``Epoch 1: train_acc 0.540 val_acc 0.500`` lines were read (verdict ``unknown``, "Only
accuracies were found"), but the same loop printing Keras' ``History`` names (``acc``/``val_acc``,
``accuracy``/``val_accuracy``: the training's metric bare, the validation's ``val_``-prefixed) gave no point ("no
scalar series at all"). The logs here are written by a real print loop over a really trained (numpy) logistic
regression, in the print formats the report named."""
from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest

from loganalyzer.scan import scan


def _train_and_print(fmt: str, path, epochs: int = 8) -> list[tuple[float, float]]:
    """Train a logistic regression by full-batch gradient descent on a tiny 2-D task, printing ``fmt % (epoch, acc,
    val_acc)`` after each epoch into ``path`` (stdout redirected, as ``python train.py > path``); the printed
    (acc, val_acc) rounded as printed."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.5 * x[:, 1] + 0.3 * rng.normal(size=400) > 0).astype(float)
    xt, yt, xv, yv = x[:300], y[:300], x[300:], y[300:]
    w, b, out = np.zeros(2), 0.0, []
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        print("Training logistic regression on 300 samples, validating on 100")
        for epoch in range(1, epochs + 1):
            p = 1 / (1 + np.exp(-(xt @ w + b)))
            w -= 0.05 * xt.T @ (p - yt) / len(yt)
            b -= 0.05 * float(np.mean(p - yt))
            acc = float(np.mean(((xt @ w + b) > 0) == yt))
            val_acc = float(np.mean(((xv @ w + b) > 0) == yv))
            print(fmt % (epoch, acc, val_acc))
            out.append((acc, val_acc))
    return out


@pytest.mark.parametrize("fmt, names", [
    ("Epoch %d: train_acc %.3f val_acc %.3f", ("train_acc", "val_acc")),  # read before: the reference
    ("Epoch %d: acc %.3f val_acc %.3f", ("acc", "val_acc")),
    ("Epoch %d: accuracy %.4f val_accuracy %.4f", ("accuracy", "val_accuracy")),
    ("Epoch %d: acc: %.3f, val_acc: %.3f", ("acc", "val_acc")),
    ("Epoch %d | acc %.3f | val_acc %.3f", ("acc", "val_acc")),
    ("epoch %d acc=%.3f val_acc=%.3f", ("acc", "val_acc")),  # found by the content sniff too (no 'Epoch N' head)
])
def test_accuracy_only_print_loop_reads_keras_bare_names(tmp_path, fmt, names):
    printed = _train_and_print(fmt, tmp_path / "train.log")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = scan([str(tmp_path)]).runs
    series = {s.tag: s for s in run.series}
    assert set(names) <= set(series), sorted(series)
    assert series[names[0]].points == series[names[1]].points == len(printed)
    assert run.verdict == "unknown"
    (advice,) = run.analysis.advice
    assert advice.startswith(f"Only accuracies were found (`{names[0]}`, `{names[1]}`), no loss")


def test_bare_name_beside_val_twin_needs_an_accuracy(tmp_path):
    """Only an accuracy's bare name pairs with its ``val_`` twin: ``Epoch 1: lr 0.1 val_lr 0.1`` stays unread."""
    (tmp_path / "train.log").write_text("".join(f"Epoch {e}: lr 0.100 val_lr 0.100 time 3.1\n" for e in range(1, 6)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = scan([str(tmp_path)]).runs
    assert all(r.points == 0 for r in runs)
