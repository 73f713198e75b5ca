"""Stop 66, rd66c: reader faults the blind labellers of sets 202-204 named (opened at this stop), fixed kind by kind.

- A ``json.dump``'ed history holding a list of nulls (public ecgdl204: ``history["learning_rate_dict"].append(None)``
  every epoch beside the real lists) made an all-NaN series: now no series, named in the file's one warning line.
- A step-less early-stopping sentence (public harwisdm204 experiment.log: ``print(f"early stopping at epoch {epoch}
  with loss {best:.5f}")`` after the ``Epoch 273: | Loss: 0.00737`` lines) made one-point series ``at_epoch`` and
  ``with_loss``: now no point.
The files are written by the writers the programs used (``json.dump``, ``print`` redirected as ``python train.py >
experiment.log``) from a small numpy model really trained."""
from __future__ import annotations

import contextlib
import json
import warnings

import numpy as np

from loganalyzer import read_scalars


def _losses(epochs: int) -> tuple[list[float], list[float]]:
    """(train, val) mean squared errors of a linear model trained by full-batch gradient descent, per epoch."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=300)
    xt, yt, xv, yv = x[:200], y[:200], x[200:], y[200:]
    w, train, val = np.zeros(3), [], []
    for _ in range(epochs):
        err = xt @ w - yt
        w -= 0.05 * 2 * xt.T @ err / len(yt)
        train.append(float(np.mean(err ** 2)))
        val.append(float(np.mean((xv @ w - yv) ** 2)))
    return train, val


def test_a_list_of_nulls_is_no_series_and_is_said(tmp_path):
    train, val = _losses(12)
    history = {"config": {"model_name": "cnn_only", "seed": 1230}, "train_loss": [], "val_loss": [],
               "learning_rate": [], "learning_rate_dict": [], "epochs_completed": 0, "stopped_early": False}
    for t, v in zip(train, val):  # the ECG script's loop: the per-group learning-rate dict never filled
        history["train_loss"].append(t)
        history["val_loss"].append(v)
        history["learning_rate"].append(0.002)
        history["learning_rate_dict"].append(None)
        history["epochs_completed"] += 1
    path = tmp_path / "cnn_only_seed1230_history.json"
    path.write_text(json.dumps(history, indent=2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path, resolve=True)
    assert sorted(set(df.tag)) == ["learning_rate", "train_loss", "val_loss"]
    assert np.allclose(df[df.tag == "val_loss"].sort_values("step").value, val)
    said = [str(w.message) for w in caught if "learning_rate_dict" in str(w.message)]
    assert len(said) == 1 and path.name in said[0] and "null at all 12 entries" in said[0]


def test_an_early_stopping_sentence_is_no_point(tmp_path):
    train, _ = _losses(40)
    path = tmp_path / "experiment.log"
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        print("MODEL_NAME:  vit1d")
        print("Early Stopping Reference Size:  5")
        best, since = float("inf"), 0
        for epoch, loss in enumerate(train, 1):
            print(f"Epoch {epoch:03d}: | Loss: {loss:.5f}")
            if loss < best - 1e-3:
                best, since = loss, 0
            else:
                since += 1
            if since >= 5:
                print(f"early stopping at epoch {epoch + 1} with loss {best:.5f}")
                break
        else:
            print(f"early stopping at epoch {len(train) + 1} with loss {best:.5f}")
    df = read_scalars(path, resolve=True)
    assert set(df.tag) == {"Loss"}
    loss = df[df.tag == "Loss"].sort_values("step")
    assert list(loss.step) == list(range(1, len(loss) + 1))
    assert np.allclose(loss.value, [round(v, 5) for v in train[:len(loss)]], atol=1e-5)


def _votenet_log(path, epochs: int = 4, eval_every: int = 2) -> dict:
    """A VoteNet-style ``log_train.txt`` written as ``train.py``'s ``log_string`` writes it (``'eval mean %s: %f' %
    (key, stat_dict[key] / float(batch_idx + 1))`` for each sorted key of the evaluation's stat dict), the values
    those of a numpy logistic regression really trained; the printed evaluation values by key."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, 2))
    y = (x[:, 0] - x[:, 1] > 0).astype(float)
    w, printed = np.zeros(2), {"loss": [], "obj_acc": []}
    with open(path, "w") as f:
        for epoch in range(epochs):
            f.write(f"**** EPOCH {epoch:03d} ****\n")
            f.write("Current learning rate: 0.001000\n")
            p = 1 / (1 + np.exp(-(x @ w)))
            w -= 0.5 * x.T @ (p - y) / len(y)
            if epoch % eval_every == 0:
                p = 1 / (1 + np.exp(-(x @ w)))
                stats = {"loss": float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))),
                         "obj_acc": float(np.mean((p > 0.5) == y)), "box_loss": 0.5 / (epoch + 1)}
                for key in sorted(stats):
                    f.write("eval mean %s: %f\n" % (key, stats[key]))
                printed["loss"].append(float("%f" % stats["loss"]))
                printed["obj_acc"].append(float("%f" % stats["obj_acc"]))
    return printed


def test_an_eval_mean_accuracy_keeps_its_split(tmp_path):
    path = tmp_path / "log_train.txt"
    printed = _votenet_log(path)
    df = read_scalars(path, resolve=True)
    assert "mean_obj_acc" not in set(df.tag)  # was: a training accuracy beside the evaluation's losses
    acc = df[df.tag == "eval_mean_obj_acc"].sort_values("step")
    loss = df[df.tag == "eval_mean_loss"].sort_values("step")
    assert np.allclose(acc.value, printed["obj_acc"]) and np.allclose(loss.value, printed["loss"])
    assert list(acc.step) == list(loss.step)


def test_best_and_final_records_of_an_epoch_jsonl_are_no_points(tmp_path):
    """The ECG trainer's JSON-lines logger (public kaustecg204): ``f.write(json.dumps({"event": "epoch", "epoch": e,
    ..}) + "\\n")`` each epoch, a ``{"event": "best", "epoch": e, ..}`` line restating it after each improvement, and a
    closing step-less ``{"event": "final", ..}`` restating the last epoch beside two summary numbers."""
    train, val = _losses(10)
    path = tmp_path / "training_log_20251211_141524.jsonl"
    best = float("inf")
    with open(path, "w") as f:
        f.write(json.dumps({"event": "start", "timestamp": "2025-12-11T14:15:34", "config": {"lr": 0.001}}) + "\n")
        for epoch, (t, v) in enumerate(zip(train, val), 1):
            f1 = 1 / (1 + v)
            f.write(json.dumps({"event": "epoch", "epoch": epoch, "train_loss": t, "val_loss": v, "val_f1": f1,
                                "threshold": 0.5}) + "\n")
            if v < best:
                best = v
                f.write(json.dumps({"event": "best", "epoch": epoch, "val_f1": f1, "threshold": 0.5}) + "\n")
        f.write(json.dumps({"event": "final", "best_threshold": 0.5, "val_loss": val[-1], "val_f1": 1 / (1 + val[-1]),
                            "gen_loss": val[-1] * 1.02}) + "\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(path, resolve=True)
    assert sorted(set(df.tag)) == ["threshold", "train_loss", "val_f1", "val_loss"]
    for tag, want in (("train_loss", train), ("val_loss", val)):
        got = df[df.tag == tag].sort_values("step")
        assert list(got.step) == list(range(1, 11)) and np.allclose(got.value, want)
    assert list(df[df.tag == "val_f1"].sort_values("step").step) == list(range(1, 11))
    said = [str(w.message) for w in caught if "'final'" in str(w.message)]
    assert len(said) == 1 and path.name in said[0] and "best_threshold" in said[0]


def test_losses_train_and_losses_val_npy_are_one_run(tmp_path):
    """``np.save("losses_train.npy", train)`` / ``np.save("losses_val.npy", val)`` of one training (public
    indiapov203, an MSE regression of 100 epochs): two runs before, the validation judged alone as a training."""
    from loganalyzer import discover
    from loganalyzer.load import load_run

    train, val = _losses(30)
    np.save(tmp_path / "losses_train.npy", np.array(train))
    np.save(tmp_path / "losses_val.npy", np.array(val))
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["losses_train.npy"]
    df = read_scalars(tmp_path, resolve=True)
    assert sorted(set(df.tag)) == ["losses_train", "losses_val"]
    got = df[df.tag == "losses_val"].sort_values("step")
    assert list(got.step) == list(range(30)) and np.allclose(got.value, val)
    assert load_run(runs[0]) is not None
