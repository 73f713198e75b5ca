"""Stop 64's reader mends on sets 186 (pose / keypoints) and 188 (vision-language), each failing on the start code:

- ALBEF/BLIP JSON-lines ``log.txt`` whose loss keys carry a suffix (``train_loss_itm``, ``train_loss_lm``) and hold
  ``"{:.3f}"`` strings: the folder held no run (the job-log sniff's ``loss`` needs a word boundary after it);
- Keras ``CSVLogger(append=True)`` trainings compiled with other metrics appended under the first one's header: the
  ``loss`` column held the accuracy (fkpkeras186 #12 read as diverged at 0.99);
- a dict of lists with `train_steps` and its own `val_steps`: the validation losses were put on the first training
  steps and `val_steps` read as a series (qwen3vl188).
"""
from __future__ import annotations

import json
import os

import numpy as np
import pytest

import loganalyzer as la
from _runs import read_resolved, series_by_step


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- ALBEF/BLIP JSON lines, suffixed loss keys


class _Meter:
    def __init__(self, v: float):
        self.global_avg = v


def _albef_log(path, epochs: int, evaluate: bool) -> tuple[list[float], list[float]]:
    """salesforce/ALBEF ``Retrieval.py``: ``train_stats = {k: "{:.3f}".format(meter.global_avg) for k, meter in
    metric_logger.meters.items()}``; ``log_stats = {**{f'train_{k}': v for k, v in train_stats.items()},
    **{f'val_{k}': v for k, v in val_result.items()}, 'epoch': epoch}``; ``f.write(json.dumps(log_stats) + "\\n")``
    to ``log.txt`` (BLIP/MMGR the same with ``loss_lm``)."""
    ita, rmean = _curve(epochs, 0.620, 0.363), _curve(epochs, 81.02, 78.69)
    with open(path, "w") as f:
        for epoch in range(epochs):
            meters = {"lr": _Meter(1e-5), "loss_itm": _Meter(ita[epoch] * 0.7), "loss_ita": _Meter(ita[epoch])}
            train_stats = {k: "{:.3f}".format(m.global_avg) for k, m in meters.items()}
            log_stats = {**{f"train_{k}": v for k, v in train_stats.items()}}
            if evaluate:
                log_stats.update({"val_txt_r1": rmean[epoch] - 10, "val_r_mean": rmean[epoch]})
            log_stats["epoch"] = epoch
            f.write(json.dumps(log_stats) + "\n")
    return [float("{:.3f}".format(v)) for v in ita], rmean


def test_albef_json_lines_suffixed_losses_found(tmp_path):
    ita, rmean = _albef_log(tmp_path / "log.txt", 6, evaluate=True)
    runs = la.discover(tmp_path)
    assert len(runs) == 1
    df, _ = read_resolved(tmp_path / "log.txt")
    steps, got = series_by_step(df, "train_loss_ita")
    assert got == ita and steps == list(range(6))
    assert series_by_step(df, "val_r_mean")[1] == rmean
    assert "train_lr" not in set(df.tag)  # '0.000': '{:.3f}' of 1e-5, no value left


def test_albef_train_only_json_lines_found(tmp_path):
    """MMGR's train-only lines (no evaluation keys at all): still a run."""
    sub = tmp_path / "Retrieval_flickr"
    sub.mkdir()
    ita, _ = _albef_log(sub / "log.txt", 30, evaluate=False)
    assert len(la.discover(tmp_path)) == 1
    df, _ = read_resolved(sub / "log.txt")
    assert series_by_step(df, "train_loss_ita")[1] == ita


def test_json_line_without_loss_key_not_taken(tmp_path):
    """Guard: a JSON-lines file of metrics with no loss key is not made a job log by the new hint."""
    with open(tmp_path / "log.txt", "w") as f:
        for e in range(5):
            f.write(json.dumps({"val_acc": 0.5 + e / 100, "lossless_ratio": "0.5", "epoch": e}) + "\n")
    assert la.discover(tmp_path) == []


# ---------------------------------------------------------------- Keras CSVLogger(append=True), another compile()


def _keras_fit(path, epochs: int, metrics: list[str], seed: int) -> None:
    """One ``fit`` of a tiny regression (keypoint-like: 4 inputs -> 2 outputs in [0, 1]) logging with
    ``keras.callbacks.CSVLogger(path, separator=';', append=True)``, compiled with ``loss='mse'`` and ``metrics``."""
    os.environ.setdefault("KERAS_BACKEND", "torch")  # TensorFlow is not installed here
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse", metrics=metrics)
    x = np.random.default_rng(seed).normal(size=(64, 4)).astype("float32")
    y = (x[:, :2] > 0).astype("float32")
    model.fit(x, y, validation_data=(x, y), epochs=epochs, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(str(path), separator=";", append=True)])


@pytest.fixture(scope="module")
def appended_compiles(tmp_path_factory):
    """Two trainings compiled with ``metrics=['mse']`` then one with ``metrics=['accuracy']``, all appended to one
    file: Keras writes the header once, so the third training's sorted keys (accuracy, loss, val_accuracy,
    val_loss) sit under ``loss;mse;val_loss;val_mse`` (Keras 3's names; fkpkeras186: Keras 2's ``mean_squared_error``)."""
    path = tmp_path_factory.mktemp("keras_append") / "single_hidden_layer.csv"
    _keras_fit(path, 6, ["mse"], 0)
    _keras_fit(path, 6, ["mse"], 1)
    _keras_fit(path, 8, ["accuracy"], 2)
    return path


def test_keras_appended_training_under_a_stale_header_not_read_by_its_names(appended_compiles):
    path = appended_compiles
    lines = path.read_text().splitlines()
    assert lines[0].split(";")[:3] == ["epoch", "loss", "mse"] and len(lines) == 1 + 6 + 6 + 8
    runs = la.discover(path.parent)
    assert len(runs) == 3
    df, said = read_resolved(path)
    df1, df3 = (df[df.dir.astype(str).str.endswith(f"#{n}")] for n in (1, 3))
    steps, loss = series_by_step(df1, "loss")
    assert steps == list(range(6)) and loss == series_by_step(df1, "mse")[1]
    assert not {"loss", "val_loss", "mse"} & set(df3.tag)  # the accuracy was read as the loss
    acc = [float(line.split(";")[1]) for line in lines[13:]]
    assert series_by_step(df3, "column_2")[1] == acc and all(0 <= a <= 1 for a in acc)
    assert len([m for m in said if "not the header's" in m]) == 1
    assert "run #3" in next(m for m in said if "not the header's" in m)


def test_keras_appended_training_same_compile_keeps_names(appended_compiles):
    """Guard: the second training (the same compile: loss == mse still) keeps the header's names."""
    df, said = read_resolved(appended_compiles)
    df2 = df[df.dir.astype(str).str.endswith("#2")]
    assert len(series_by_step(df2, "loss")[1]) == 6 and "column_2" not in set(df2.tag)
    assert not [m for m in said if "not the header's" in m and "run #2" in m]


# ---------------------------------------------------------------- per-split step lists in a dict of lists


def _sft_losses(path, epochs: int = 15, steps_per_epoch: int = 6, log_every: int = 5) -> tuple[list, list, list]:
    """A fine-tuning script's end-of-run ``json.dump`` (public qwen3vl188 ``losses.json``, a Qwen3-VL SFT): the
    training loss every ``log_every`` optimiser steps with ``train_steps``, the validation loss after each epoch with
    its own ``val_steps`` (the step the epoch ended at), then summary numbers."""
    total = epochs * steps_per_epoch
    train_steps = list(range(log_every, total + 1, log_every))
    train = _curve(len(train_steps), 1.728, 0.135)
    val_steps = [steps_per_epoch * (e + 1) for e in range(epochs)]
    val = _curve(epochs, 1.699, 0.113)
    with open(path, "w") as f:
        json.dump({"num_epochs": epochs, "train_steps": train_steps, "train_losses": train, "val_steps": val_steps,
                   "val_losses": val, "best_epoch": epochs, "best_val_loss": val[-1], "final_train_loss": train[-1],
                   "final_val_loss": val[-1]}, f, indent=2)
    return train_steps, val_steps, val


def test_validation_list_at_its_own_steps(tmp_path):
    train_steps, val_steps, val = _sft_losses(tmp_path / "losses.json")
    assert len(train_steps) == 18 and len(val_steps) == 15
    df, said = read_resolved(tmp_path / "losses.json")
    assert series_by_step(df, "val_losses") == (val_steps, val)  # not the first 15 training steps
    assert series_by_step(df, "train_losses")[0] == train_steps
    assert "val_steps" not in set(df.tag)
    assert any("'val_steps'" in m and "placed at the steps" in m for m in said)


def test_validation_position_list_of_indices_still_indices(tmp_path):
    """Guard: ``val_epochs`` naming epoch indices beside 20 training epochs (no axis list) keeps the index rule."""
    with open(tmp_path / "history.json", "w") as f:
        json.dump({"train_loss": _curve(20, 2.0, 0.5), "val_loss": _curve(4, 1.9, 0.7), "val_epochs": [0, 5, 10, 15]},
                  f)
    df, _ = read_resolved(tmp_path / "history.json")
    assert series_by_step(df, "val_loss")[0] == [0, 5, 10, 15]
