"""readers28b: CSV/JSON histories the stop-28 blind labellers found misread, fixed by kind, each written by its real
writer from a tiny real training:

- Keras ``CSVLogger(append=True)`` given to ``fit(epochs=1)`` called in a loop (public digit-recognizer
  ``history.csv``): ``epoch`` 0 on every row, read as one one-point run per row;
- a Keras history saved through pandas (``pd.DataFrame(history.history).to_json()``, public dog-breed
  ``history.json``) and its other ``orient`` values: "no loss series";
- transformers' ``Trainer.evaluate()`` called again after ``train()`` (public bertmc ``log_history.json``: the final
  evaluation three times at one step, all kept);
- a running minimum of the validation loss logged beside it under a name that does not say so: it must take no loss
  role (``best_*`` names are left out by name already, ``curves_names.RUNNING_MIN``).
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402

os.environ.setdefault("KERAS_BACKEND", "torch")  # before anything imports keras; TensorFlow is not installed here
torch = pytest.importorskip("torch")
F = torch.nn.functional


_read, _series = read_resolved, series_by_step  # every warning recorded; a tag's points in step order


def _keras_model(keras, seed: int = 0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _data(seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(96, 4)).astype("float32")
    return x, (x[:, 0] + x[:, 1] > 0).astype("int32")


# ------------------------------------------------------------------ CSVLogger(append=True), fit(epochs=1) in a loop


def test_csvlogger_epoch_never_advanced_is_one_run(tmp_path):
    keras = pytest.importorskip("keras")
    x, y = _data()
    model = _keras_model(keras)
    path = tmp_path / "history.csv"
    losses = []
    for _ in range(6):
        h = model.fit(x, y, epochs=1, batch_size=32, validation_split=0.25, verbose=0,
                      callbacks=[keras.callbacks.CSVLogger(str(path), append=True)])
        losses.append(h.history["val_loss"][0])
    rows = path.read_text().splitlines()
    assert len(rows) == 7 and all(r.startswith("0,") for r in rows[1:])  # the epoch column never advanced
    assert len(discover(str(tmp_path))) == 1
    df, msgs = _read(path)
    steps, values = _series(df, "val_loss")
    assert steps == [0, 1, 2, 3, 4, 5] and values == pytest.approx(losses)
    assert any("is 0 on every one of its 6 rows" in m for m in msgs)


def test_identical_one_epoch_runs_stay_apart(tmp_path):
    """A seeded ``fit(epochs=1)`` from scratch appended three times writes the same row three times: three runs, as
    before (``keras_csv``: identical rows are kept, each a run)."""
    keras = pytest.importorskip("keras")
    x, y = _data()
    path = tmp_path / "history.csv"
    for _ in range(3):
        _keras_model(keras, seed=1).fit(x, y, epochs=1, batch_size=32, verbose=0,
                                        callbacks=[keras.callbacks.CSVLogger(str(path), append=True)])
    rows = path.read_text().splitlines()[1:]
    assert len(rows) == 3 and len(set(rows)) == 1
    assert len(discover(str(tmp_path))) == 3


# ------------------------------------------------------------------ pandas' DataFrame.to_json of a history


@pytest.mark.parametrize("orient", [None, "index", "split", "table", "records"])
def test_pandas_to_json_history(tmp_path, orient):
    keras = pytest.importorskip("keras")
    pd = pytest.importorskip("pandas")
    x, y = _data()
    history = _keras_model(keras).fit(x, y, epochs=5, batch_size=32, validation_split=0.25, verbose=0).history
    path = tmp_path / "history.json"
    frame = pd.DataFrame(history)
    if orient is None:
        frame.to_json(path)  # the default: orient="columns"
        assert path.read_text().startswith('{"accuracy":{"0":')
    else:
        frame.to_json(path, orient=orient)
    assert [r.format for r in discover(str(tmp_path))] == ["json_history"]
    df, msgs = _read(path)
    steps, values = _series(df, "val_loss")
    assert steps == [0, 1, 2, 3, 4] and values == pytest.approx(history["val_loss"])
    assert _series(df, "loss")[1] == pytest.approx(history["loss"])
    assert set(df.tag.astype(str)) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    if orient in (None, "index", "split", "table"):
        assert any("to_json(orient=" in m for m in msgs)


# ------------------------------------------------------------------ Trainer.evaluate() again at the last step


_TRAINER = r'''
import json, sys, torch
from transformers import Trainer, TrainingArguments

class Data(torch.utils.data.Dataset):
    def __init__(self, n, seed):
        g = torch.Generator().manual_seed(seed)
        self.x = torch.randn(n, 4, generator=g)
        self.y = (self.x[:, 0] > 0).long()
    def __len__(self):
        return len(self.x)
    def __getitem__(self, i):
        return {"x": self.x[i], "labels": self.y[i]}

class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 2)
    def forward(self, x, labels=None):
        out = self.layer(x)
        return {"loss": torch.nn.functional.cross_entropy(out, labels), "logits": out}

torch.manual_seed(0)
args = TrainingArguments(sys.argv[1], max_steps=30, logging_steps=5, eval_strategy="steps", eval_steps=10,
                         save_strategy="no", per_device_train_batch_size=8, report_to=[], disable_tqdm=True,
                         use_cpu=True, learning_rate=5e-2)
trainer = Trainer(model=Model(), args=args, train_dataset=Data(64, 1), eval_dataset=Data(32, 2))
trainer.train()
trainer.evaluate()
trainer.evaluate()
with open(sys.argv[1] + "/log_history.json", "w") as f:
    json.dump(trainer.state.log_history, f, indent=2)
trainer.save_state()
'''


def test_evaluate_again_at_the_last_step_is_one_point(tmp_path):
    done = subprocess.run([sys.executable, "-c", _TRAINER, str(tmp_path)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    history = json.loads((tmp_path / "log_history.json").read_text())
    evals = [e for e in history if "eval_loss" in e]
    assert [e["step"] for e in evals] == [10, 20, 30, 30, 30]  # train()'s last evaluation, then evaluate() twice
    assert evals[-1]["eval_loss"] == evals[-2]["eval_loss"] == evals[-3]["eval_loss"]
    for name in ("log_history.json", "trainer_state.json"):
        df, msgs = _read(tmp_path / name, resolve=False)
        steps, values = _series(df, "eval_loss")
        assert steps == [10, 20, 30], name
        assert values == pytest.approx([e["eval_loss"] for e in evals[:3]])
        assert any("2 evaluation(s) logged again with the same results at step(s) 30" in m for m in msgs), name


def test_different_evaluations_at_one_step_are_all_kept(tmp_path):
    """Two evaluation sets at one step (``eval_loss`` of each, other values): both kept, nothing said."""
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 2)
    history = []
    for step in (10, 20):
        for seed in (1, 2):
            g = torch.Generator().manual_seed(seed)
            x = torch.randn(16, 4, generator=g)
            with torch.no_grad():
                loss = F.cross_entropy(model(x), (x[:, 0] > 0).long()).item()
            history.append({"eval_loss": loss, "eval_runtime": 0.1, "epoch": step / 10, "step": step})
    path = tmp_path / "log_history.json"
    path.write_text(json.dumps(history))
    df, msgs = _read(path, resolve=False)
    assert _series(df, "eval_loss")[0] == [10, 10, 20, 20]
    assert not any("logged again" in m for m in msgs)


# ------------------------------------------------------------------ a running best under a plain name


@pytest.mark.parametrize("name", ["saved_val_loss", "checkpoint_loss"])
def test_running_minimum_takes_no_loss_role(tmp_path, name):
    """A loop logging the lowest validation loss so far (the saved checkpoint's) beside ``val_loss`` under a name
    that does not say so: it competed for the validation role (``saved_val_loss``) or, unmarked, for the training
    role (``checkpoint_loss``). Left out by its values now, with a note; ``best_val_loss`` is left out by name."""
    torch.manual_seed(0)
    x, xv = torch.randn(64, 6), torch.randn(64, 6)
    y, yv = (x[:, 0] > 0).long(), (torch.rand(64) > 0.5).long()  # noise labels: the validation loss rises
    model = torch.nn.Sequential(torch.nn.Linear(6, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    path = tmp_path / "metrics.csv"
    saved = float("inf")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss", name])
        for epoch in range(1, 13):
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                vloss = F.cross_entropy(model(xv), yv).item()
            saved = min(saved, vloss)
            w.writerow([epoch, f"{loss.item():.6f}", f"{vloss:.6f}", f"{saved:.6f}"])
    df, _ = _read(path)
    curves = find_curves(df)
    assert curves.val_loss is not None and curves.val_loss.name.endswith("val_loss")
    assert any(f"running best of another series, no loss of its own (left out): metrics.csv/{name} (of "
               "metrics.csv/val_loss)" in n for n in curves.notes)
    assert curves.train_loss is not None and curves.train_loss.name.endswith("train_loss")


def test_losses_stuck_at_one_level_are_no_running_best(tmp_path):
    """A model stuck at chance (dev ffnn-scratch: training, validation and test loss all ln 10 to the 6th decimal)
    logs three losses that are each other's running minimum within rounding: none is left out."""
    torch.manual_seed(0)
    model = torch.nn.Linear(6, 10)
    torch.nn.init.normal_(model.weight, std=1e-7)  # outputs ~0: every loss ln 10 but for the 7th decimal
    torch.nn.init.zeros_(model.bias)
    opt = torch.optim.SGD(model.parameters(), lr=1e-6)
    data = {split: (torch.randn(64, 6), torch.randint(0, 10, (64,))) for split in ("train", "val", "test")}
    path = tmp_path / "metrics.csv"
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss", "test_loss"])
        for epoch in range(1, 11):
            loss = F.cross_entropy(model(data["train"][0]), data["train"][1])
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                row = [F.cross_entropy(model(x), y).item() for x, y in (data["val"], data["test"])]
            w.writerow([epoch, loss.item(), *row])
    values = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1:]
    assert np.allclose(values, np.log(10), rtol=1e-6) and len(np.unique(values)) > 3
    df, _ = _read(path)
    curves = find_curves(df)
    assert curves.train_loss is not None and curves.train_loss.name.endswith("train_loss")
    assert curves.val_loss is not None
    assert not any("running best" in n for n in curves.notes)
