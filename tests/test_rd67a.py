"""Stop 67 (rd67a): reader and discovery kinds of the opened dev sets 208-210, each failing on the stop's start code.
Files are written by the writer the project used (a Keras ``History.history`` pickled with ``pickle.dump``,
``np.save``) or in the program's exact printed format."""
from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

import loganalyzer

from _runs import runs_points

os.environ.setdefault("KERAS_BACKEND", "torch")  # keras 3 without TensorFlow


def _keras_history(epochs: int = 6) -> dict:
    """``History.history`` of a tiny Keras classifier fit with a validation split: loss, accuracy, val_loss,
    val_accuracy, one value an epoch."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(96, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=epochs, batch_size=16, validation_split=0.25, verbose=0)
    return history.history


# ---------------------------------------------------------------- 210: extensionless pickled Keras histories


@pytest.mark.parametrize("protocol", [0, 1, 2, 3, 4, 5])
def test_extensionless_pickled_keras_history_is_a_run(tmp_path, protocol):
    """``with open('trainHistoryDict', 'wb') as f: pickle.dump(history.history, f)`` (17 runs of set 210:
    compostnet210, tairtahar-bn210 temp_data/trainHistoryDict, singval210 simple_trainHistoryDict_200_epochs ...):
    no suffix and no history-like name, so the folder was 'no run' (missing). Found by its first bytes, read by
    the restricted unpickler with the right series."""
    hist = _keras_history()
    for folder, name in (("compost", "trainHistoryDict"), ("singval", "simple_trainHistoryDict_200_epochs"),
                         ("distdriver", "trainHistoryDict_Deep_CNN")):
        (tmp_path / folder).mkdir()
        with open(tmp_path / folder / name, "wb") as f:
            pickle.dump(hist, f, protocol=protocol)
        (points,) = runs_points(tmp_path / folder).values()
        n = len(hist["loss"])
        for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
            assert points[key] == (list(range(n)), pytest.approx(hist[key]))
        (one,) = loganalyzer.discover(str(tmp_path / folder / name))  # given directly
        assert one.format == "keras_pickle"


def test_extensionless_pickle_of_old_keras_order_and_numpy_numbers(tmp_path):
    """Keras 2.0-2.2 put ``val_loss`` first and kept numpy float32 values (distdriver210's trainHistoryDict
    starts ``\\x80\\x03}q\\x00(X\\x08\\x00\\x00\\x00val_loss``, its values ``numpy.core.multiarray.scalar``): found and
    read too."""
    hist = _keras_history()
    old = {"val_loss": [np.float32(v) for v in hist["val_loss"]], "val_acc": [np.float32(v) for v in
           hist["val_accuracy"]], "loss": [np.float32(v) for v in hist["loss"]],
           "acc": [np.float32(v) for v in hist["accuracy"]]}
    with open(tmp_path / "trainHistoryDict", "wb") as f:
        pickle.dump(old, f, protocol=3)
    (points,) = runs_points(tmp_path).values()
    assert points["val_loss"][1] == pytest.approx(hist["val_loss"], rel=1e-6)
    assert points["acc"][1] == pytest.approx(hist["accuracy"], rel=1e-6)


def test_extensionless_files_that_are_no_history_stay_out(tmp_path):
    """A pickled dict whose first key is no metric (a vocabulary), a pickled list and a text file named
    ``trainHistoryDict`` are not read as Keras histories."""
    with open(tmp_path / "vocab", "wb") as f:
        pickle.dump({"the": 0, "a": 1, "loss": 2}, f)
    with open(tmp_path / "ids", "wb") as f:
        pickle.dump([1, 2, 3], f)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "trainHistoryDict").write_text("loss went down\n")
    assert not any(r.format == "keras_pickle" for r in loganalyzer.discover(str(tmp_path)))
