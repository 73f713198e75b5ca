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

from _runs import runs_points as _runs


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


# ---------------------------------------------------------------- a best-so-far summary naming its step first

def _grounding_log(epochs: int) -> tuple[str, list[float], list[float]]:
    """The prints of a weakly supervised phrase-grounding trainer (public vtkel188 ``e1.history.txt``): per epoch
    ``----- Epoch: N``, ``--- Training completed.   Loss: .., Reg_loss: .., Accuracy: ..`` and the validation's line,
    then after the training ``Best hist loss at epoch 8: -49.29843537140736 .`` and ``Best hist accuracy at epoch 15:
    4.404956110724148 .`` (the best value and where it was)."""
    lines, train, val = [], [], []
    for e in range(1, epochs + 1):
        tr, va = -47.6 - 1.6 * (1 - 0.5 ** e), -49.1 - 0.2 * (1 - 0.6 ** e) + 0.01 * max(0, e - 8)
        train.append(round(tr, 6))
        val.append(va)  # (the mean the script keeps: printed to 6 places each epoch, whole in the best line)
        lines += [f"----- Epoch: {e}",
                  f"--- Training completed.   Loss: {tr:.6f}, Reg_loss: 0.000000, Pred_loss: 0.000000, "
                  f"Accuracy: {2.5 + 0.1 * e:.4f}, PAccuracy: {21.8 + 0.3 * e:.4f} .",
                  f"--- Validation completed.   Loss: {va:.6f}, Reg_loss: 0.000000, Pred_loss: 0.000000, "
                  f"Accuracy: {3.4 + 0.05 * e:.4f}, PAccuracy: {24.7 + 0.2 * e:.4f} .",
                  f"Epoch {e} completed in 3 hours, 10 minute and 50 seconds ."]
    best = min(range(epochs), key=lambda i: val[i])
    lines += [f"Best hist loss at epoch {best + 1}: {val[best]!r} .",
              f"Best hist accuracy at epoch {epochs}: 4.404956110724148 .", "Model training end."]
    return "\n".join(lines) + "\n", train, [round(v, 6) for v in val]


def test_best_at_epoch_summary_is_no_series(tmp_path):
    """``Best hist loss at epoch 8: -49.298 .`` was read as a one-point series ``hist_loss`` (the rewrite moves 'at
    epoch 8' to the line's head, past the best-so-far rule's look for a step after the value). Now dropped as the
    summary it is; the epochs' lines are read as before."""
    text, train, val = _grounding_log(15)
    (tmp_path / "e1.history.txt").write_text(text)
    (run,) = _runs(tmp_path).values()
    assert "hist_loss" not in run and "hist_accuracy" not in run
    assert run["Training_Loss"] == (list(range(1, 16)), train)
    assert run["Validation_Loss"] == (list(range(1, 16)), val)


def test_best_val_loss_at_epoch_adds_no_second_point(tmp_path):
    """A print loop's closing ``print(f"Best val loss at epoch {best}: {v:.4f}")`` made a second ``val_loss`` point
    at that epoch beside the epoch's own."""
    lines, vals = [], []
    for e in range(1, 11):
        v = round(0.9 - 0.05 * e + 0.008 * max(0, e - 6) ** 2, 4)
        vals.append(v)
        lines.append(f"Epoch {e}: train_loss {1.0 - 0.07 * e:.4f} val_loss {v:.4f}")
    best = min(range(10), key=lambda i: vals[i])
    lines.append(f"Best val loss at epoch {best + 1}: {vals[best]:.4f}")
    (tmp_path / "train.log").write_text("\n".join(lines) + "\n")
    (run,) = _runs(tmp_path).values()
    assert run["val_loss"] == (list(range(1, 11)), vals)
