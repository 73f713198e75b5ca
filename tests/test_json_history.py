"""Training histories saved as JSON (``readers/json_history.py``) and CSV files with a JSON-valued column.

A blind labeller found both read as zero rows: Keras' ``json.dump(history.history, open('training_history.json',
'w'))`` (a dict of per-epoch lists) was no run at all, and a CSV whose script wrote ``json.dumps(...)`` between
commas lost every column after it. Written here by their real writers: Keras 3 (torch backend) ``fit`` on a tiny
model, and torch training loops saving their history with ``json``, ``csv``/f-strings and pandas.
"""
from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here

import numpy as np
import pytest
import torch

import loganalyzer
from loganalyzer.discover import discover
from loganalyzer.load import LogReadWarning

EPOCHS = 8


def _read(path: Path):
    """(raw view, resolved view, the warnings' lines)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        raw = loganalyzer.read_scalars(path)
        resolved = loganalyzer.read_scalars(path, resolve=True)
    return raw, resolved, sorted({str(w.message) for w in caught if issubclass(w.category, LogReadWarning)})


def _torch_history(epochs: int = EPOCHS) -> list[dict]:
    """A tiny classifier trained for real: per epoch its train/val loss and accuracy."""
    torch.manual_seed(0)
    x = torch.randn(320, 6)
    y = (x[:, 0] - x[:, 1] > 0).long()
    xv, yv, x, y = x[256:], y[256:], x[:256], y[:256]
    model = torch.nn.Sequential(torch.nn.Linear(6, 12), torch.nn.ReLU(), torch.nn.Linear(12, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    out = []
    for epoch in range(epochs):
        for i in range(0, 256, 32):
            loss = torch.nn.functional.cross_entropy(model(x[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            out.append({"epoch": epoch + 1,
                        "loss": torch.nn.functional.cross_entropy(model(x), y).item(),
                        "accuracy": (model(x).argmax(1) == y).float().mean().item(),
                        "val_loss": torch.nn.functional.cross_entropy(model(xv), yv).item(),
                        "val_accuracy": (model(xv).argmax(1) == yv).float().mean().item()})
    return out


@pytest.fixture(scope="module")
def keras_history(tmp_path_factory) -> tuple[Path, dict]:
    """``json.dump(history.history, open('training_history.json', 'w'))`` after a real Keras ``fit``."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=EPOCHS, validation_split=0.25, verbose=0)
    folder = tmp_path_factory.mktemp("keras_json")
    with open(folder / "training_history.json", "w") as f:
        json.dump(history.history, f)
    return folder / "training_history.json", history.history


def test_keras_history_json_is_a_run(keras_history):
    """Keras' history dict saved with ``json.dump`` is a run (it read as zero rows): each key a series at the epoch
    index, equal to what ``fit`` returned, in both views; the run gets a verdict."""
    path, history = keras_history
    (run,) = discover(path.parent)
    assert (run.id, run.format) == ("training_history.json", "json_history")
    raw, resolved, warned = _read(path.parent)
    assert warned == []
    for frame in (raw, resolved):
        assert set(frame["tag"]) == set(history) == {"loss", "val_loss", "accuracy", "val_accuracy"}
        for key, values in history.items():
            got = frame[frame.tag == key]
            assert got.step.tolist() == list(range(EPOCHS))
            np.testing.assert_array_equal(got.value, values)
    (summary,) = loganalyzer.analyze(path.parent, config=False).runs
    assert summary.verdict not in (None, "unknown")


def test_list_of_epoch_dicts_json_is_a_run(tmp_path):
    """A history saved as a list of per-epoch dicts (``json.dump(history, f)`` of ``history.append({...})``): each
    key a series at the row's epoch."""
    history = _torch_history()
    with open(tmp_path / "history.json", "w") as f:
        json.dump(history, f, indent=2)
    raw, resolved, warned = _read(tmp_path)
    assert warned == []
    for frame in (raw, resolved):
        assert set(frame["tag"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        loss = frame[frame.tag == "val_loss"]
        assert loss.step.tolist() == list(range(1, EPOCHS + 1))
        np.testing.assert_array_equal(loss.value, [h["val_loss"] for h in history])


def test_json_lines_history_and_wandb_output_beside_it(tmp_path):
    """JSON lines (one ``json.dumps`` a line: user loggers, W&B's old ``wandb-history.jsonl`` with ``_step``,
    ``_runtime``, ``_timestamp``) are read at ``_step`` with the wall time; beside a ``wandb-history.jsonl`` the run's
    printed ``output.log`` is not read (the history holds the same curves)."""
    history = _torch_history()
    run_dir = tmp_path / "wandb" / "run-20200101_000000-old01"
    run_dir.mkdir(parents=True)
    with open(run_dir / "wandb-history.jsonl", "w") as f, open(run_dir / "output.log", "w") as out:
        for i, h in enumerate(history):
            f.write(json.dumps({"loss": h["loss"], "val": {"loss": h["val_loss"]}, "_step": i,
                                "_runtime": 1.5 * i, "_timestamp": 1.6e9 + i}) + "\n")
            out.write(f"Epoch {i + 1}/{EPOCHS} - loss: {h['loss']:.4f} - val_loss: {h['val_loss']:.4f}\n")
    runs = discover(tmp_path)
    assert [(r.id, r.format) for r in runs] == [("wandb/run-20200101_000000-old01/wandb-history.jsonl",
                                                 "json_history")]
    raw, resolved, warned = _read(tmp_path)
    assert warned == []
    for frame in (raw, resolved):
        assert set(frame["tag"]) == {"loss", "val.loss"}  # W&B's _runtime: bookkeeping
        val = frame[frame.tag == "val.loss"]
        assert val.step.tolist() == list(range(EPOCHS))
        np.testing.assert_array_equal(val.value, [h["val_loss"] for h in history])
        np.testing.assert_array_equal(val.wall_time, [1.6e9 + i for i in range(EPOCHS)])


def test_broken_json_history_is_one_clear_line(keras_history, tmp_path):
    """A history cut mid-write, and one whose lists hold text, each give one line naming the file and the fault;
    the scan goes on."""
    path, history = keras_history
    text = path.read_text()
    (tmp_path / "cut.json").write_text(text[: len(text) // 2])
    mixed = dict(history, notes=["ok"] * EPOCHS, lr=0.001)
    (tmp_path / "mixed.json").write_text(json.dumps(mixed))
    report = loganalyzer.analyze(tmp_path, config=False)
    assert sorted(r.run for r in report.runs) == ["cut.json", "mixed.json"]
    lines = [str(e) for e in report.errors]
    assert any(line.startswith(str(tmp_path / "cut.json")) and "not valid JSON" in line for line in lines), lines
    _, _, warned = _read(tmp_path / "mixed.json")
    assert warned == [f"{tmp_path / 'mixed.json'}: 2 key(s) hold no numbers and are no series: 'notes' (not a list "
                      "of numbers), 'lr' (a single number, not one per epoch)"]


@pytest.mark.parametrize("where", ["middle", "end"])
def test_csv_with_a_json_column_reads_its_numbers(tmp_path, where):
    """A CSV whose script wrote ``json.dumps(...)`` between commas (an f-string, no quoting): the numeric columns
    are read (they read as zero rows when the JSON came before them), one line names the file and the column
    skipped."""
    history = _torch_history()
    path = tmp_path / "log.csv"
    with open(path, "w") as f:
        if where == "middle":
            f.write("step,info,loss,val_loss\n")
            for h in history:
                info = json.dumps({"acc": h["accuracy"], "hist": [1, 2]})
                f.write(f"{h['epoch']},{info},{h['loss']},{h['val_loss']}\n")
        else:
            f.write("step,loss,val_loss,info\n")
            for h in history:
                f.write(f"{h['epoch']},{h['loss']},{h['val_loss']},{json.dumps({'acc': h['accuracy']})}\n")
    raw, resolved, warned = _read(path)
    for frame in (raw, resolved):
        assert set(frame["tag"]) == {"loss", "val_loss"}
        loss = frame[frame.tag == "val_loss"]
        assert loss.step.tolist() == list(range(1, EPOCHS + 1))
        np.testing.assert_array_equal(loss.value, [h["val_loss"] for h in history])
    assert len(warned) == 1 and warned[0].startswith(f"{path}:2: column 'info' holds no numbers"), warned


def test_pandas_csv_with_a_dict_column(tmp_path):
    """pandas ``to_csv`` of a frame with a dict column (quoted cells): the numbers are read, the column named."""
    import pandas as pd

    history = _torch_history()
    frame = pd.DataFrame([{"epoch": h["epoch"] - 1, "loss": h["loss"], "extra": json.dumps({"a": 1})}
                          for h in history])
    frame.to_csv(tmp_path / "hist.csv", index=False)
    raw, _, warned = _read(tmp_path / "hist.csv")
    assert set(raw["tag"]) == {"loss"} and len(raw) == EPOCHS and not any(math.isnan(v) for v in raw.value)
    assert len(warned) == 1 and "column 'extra' holds no numbers" in warned[0] and "hist.csv" in warned[0]


def test_a_trainer_state_saved_under_another_name_is_an_hf_run(tmp_path):
    """A ninth-set labeller found ``results/trainer_state_first.json`` (siasio/StressDetection) invisible: no run, no
    line. transformers' own ``TrainerState.save_to_json`` writes it here, under the usual name and another one: the
    renamed file is an HF run read like the usual one (its file path the run id), a JSON history is not."""
    from transformers import TrainerState

    history = [{"epoch": round(i / 10, 2), "learning_rate": 1e-4, "loss": round(2.0 - 0.1 * v, 4), "step": 4 * i}
               for i, v in enumerate(h["loss"] for h in _torch_history())]
    history.append({"epoch": history[-1]["epoch"], "eval_loss": 1.5, "step": 28})  # Trainer.log: the same epoch
    state = TrainerState(global_step=28, log_history=history)
    (tmp_path / "usual").mkdir()
    (tmp_path / "renamed").mkdir()
    state.save_to_json(str(tmp_path / "usual" / "trainer_state.json"))
    state.save_to_json(str(tmp_path / "renamed" / "trainer_state_first.json"))
    runs = {r.id: r.format for r in discover(tmp_path)}
    assert runs == {"usual": "hf_trainer_state", "renamed/trainer_state_first.json": "hf_trainer_state"}
    usual, _, lines_usual = _read(tmp_path / "usual")
    renamed, _, lines_renamed = _read(tmp_path / "renamed")
    assert (renamed.tag == "loss").sum() == len(history) - 1 and (renamed.tag == "eval_loss").sum() == 1
    cols = ["tag", "step", "value"]
    assert renamed[cols].reset_index(drop=True).equals(usual[cols].reset_index(drop=True))
    assert lines_usual == lines_renamed == []


def test_a_history_nested_under_metrics_beside_an_epochs_list_is_read(tmp_path):
    """hoidn/PtychoPINN saves ``{"epochs": history.epoch, "metrics": history.history}`` with ``json.dump`` (an
    eleventh-set labeller's find): it was "JSON with no loss series", so a run whose loss went NaN at its 4th epoch
    was no run at all. Here a real Keras fit's history, saved the same way: each series read at the listed epochs."""
    import keras

    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5], dtype="float32"))[:, None]
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    hist = model.fit(x, y, epochs=EPOCHS, validation_split=0.25, verbose=0)
    history = {k: [float(v) for v in vals] for k, vals in hist.history.items()}
    history["loss"][-2:] = [math.nan, math.nan]  # the loss blew up at the end, as PtychoPINN's did
    (tmp_path / "run").mkdir()
    with open(tmp_path / "run" / "history.json", "w") as f:
        json.dump({"epochs": [float(e) for e in hist.epoch], "metrics": history}, f, indent=2)
    raw, resolved, lines = _read(tmp_path / "run")
    loss = raw[raw["tag"] == "loss"]
    assert loss["step"].tolist() == list(range(EPOCHS)) and math.isnan(loss["value"].iloc[-1])
    assert set(raw["tag"]) == {"loss", "val_loss"} and lines == []
    run = loganalyzer.analyze(tmp_path / "run", config=False).runs[0]
    assert run.verdict == "nan", run.analysis.summary
