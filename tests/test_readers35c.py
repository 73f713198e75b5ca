"""A Keras job's printed log whose first epoch line comes after ``model.summary()`` past the first 8 KiB.

Held-out public roadsurf54 (a Keras 3 CNN's training.txt: TensorFlow's start-up lines, then the model's box-drawn
summary, 'Epoch 1/40' at byte ~12,000) was no run at all: discovery looks past the head only for a printed PyTorch
model, an options/config dump or a known preamble (``_joblog_names.deep_sniff_bytes``), and a Keras summary was none
of them. Printed here by the real Keras 3 (torch backend) in a subprocess, a summary of 40 layers first.
"""
from __future__ import annotations

import sys
import textwrap
import warnings
from pathlib import Path

import loganalyzer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_readers35 import keras3_print  # noqa: E402

_SCRIPT = textwrap.dedent("""
    import os, sys
    os.environ["KERAS_BACKEND"] = "torch"
    import numpy as np, keras
    rng = np.random.default_rng(0)
    x = rng.normal(size=(512, 8)).astype("float32"); y = (x[:, 0] + x[:, 1] > 0).astype("int32")
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((8,))] + [keras.layers.Dense(8, activation="relu") for _ in range(40)]
                         + [keras.layers.Dense(2, activation="softmax")])
    m.summary()
    m.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=5, batch_size=64, validation_split=0.25, verbose=2)
    print("HISTORY", " ".join(f"{v:.4f}" for v in h.history["loss"]), file=sys.stderr)
""")


def test_a_keras_log_opening_with_a_long_model_summary_is_a_run(tmp_path):
    log = tmp_path / "job" / "training.txt"
    line = keras3_print(_SCRIPT, log)
    text = log.read_bytes()
    assert text.find(b"Epoch 1/5") > 8192 and b"Layer (type)" in text[:8192]  # the summary fills the head
    losses = [float(v) for v in line.split()[1:]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        runs = loganalyzer.discover(tmp_path)
        df = loganalyzer.read_scalars(tmp_path, resolve=True)
    assert len(runs) == 1
    loss = df[df.tag == "loss"].sort_values("step")
    assert loss.step.tolist() == [1, 2, 3, 4, 5]
    assert [round(v, 4) for v in loss.value] == losses
    assert len(df[df.tag == "val_loss"]) == 5
