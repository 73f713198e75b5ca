"""read_scalars speed (issue 12), stop 68: discovery's Keras join (``discover_formattwins.join_keras``: one fit saved as
CSVLogger + pickle + np.save is one run) read every one-run history file of a folder to compare them, even where
nothing could be joined -- a folder of 2,000 CSVLogger files (the bench tree's ``keras/``) was parsed twice, once
by discovery and once by the load: 1.9 s of a 2,000-run tree's 6 s ``read_scalars``. Files of one format are never
one fit's saves (test_readers18b), so such a folder is now not opened by the join, and in a mixed folder a file is
read only when it is compared with a file of another format. The runs found are the same."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import numpy as np
import pytest

import loganalyzer
from loganalyzer import discover_formattwins


def _discover_counting_reads(path) -> tuple[list, int]:
    """(``discover(path)``'s runs, how many history files the Keras join read to compare them), the reads counted by
    watching calls of ``discover_formattwins._series`` (``sys.setprofile``: an observer, nothing replaced)."""
    code = discover_formattwins._series.__code__
    calls = 0

    def watch(frame, event, arg):
        nonlocal calls
        if event == "call" and frame.f_code is code:
            calls += 1

    sys.setprofile(watch)
    try:
        runs = loganalyzer.discover(str(path))
    finally:
        sys.setprofile(None)
    return runs, calls


def _csvlogger(path, hist: dict) -> None:
    """The bytes keras.callbacks.CSVLogger writes: ``epoch`` then the sorted keys, a row an epoch (str() of each)."""
    with open(path, "w") as f:
        f.write("epoch," + ",".join(sorted(hist)) + "\n")
        for i in range(len(hist["loss"])):
            f.write(f"{i}," + ",".join(str(float(np.float32(hist[k][i]))) for k in sorted(hist)) + "\n")


def _history(scale: float, epochs: int = 20) -> dict:
    return {"accuracy": [0.5 + 0.01 * i * scale for i in range(epochs)],
            "loss": [0.7 * scale * 0.95 ** i for i in range(epochs)],
            "val_accuracy": [0.5 + 0.008 * i * scale for i in range(epochs)],
            "val_loss": [0.72 * scale * 0.97 ** i for i in range(epochs)]}


def test_folder_of_csvlogger_files_is_not_read_by_discovery(tmp_path):
    """12 CSVLogger files in one folder (two with the same numbers: one format, so never one fit's saves): 12 runs,
    and discovery's Keras join opens none of them (before: all 12, each parsed again by the load)."""
    for i in range(12):
        _csvlogger(tmp_path / f"run_{i:02d}.log", _history(1.0 + 0.1 * (i % 11)))
    runs, reads = _discover_counting_reads(tmp_path)
    assert sorted(r.id for r in runs) == [f"run_{i:02d}.log" for i in range(12)]
    assert all(r.format == "keras_csv" and len(r.files) == 1 for r in runs)
    assert reads == 0
    table = loganalyzer.read_scalars(str(tmp_path), jobs=1)
    assert len(table) == 12 * 4 * 20 and table["dir"].nunique() == 12


def test_mixed_folder_still_joins_the_one_fit(tmp_path):
    """Five CSVLogger files and the pickled History dict of the third (``pickle.dump(history.history, ...)``): the
    third and the pickle are one run (the pickle a ``copy``), the four others runs of their own; a pickle of no CSV
    beside them stays a run too."""
    for i in range(5):
        _csvlogger(tmp_path / f"fit_{i}.log", _history(1.0 + 0.2 * i))
    saved = {k: [float(np.float32(v)) for v in vs] for k, vs in _history(1.4).items()}
    pickle.dump(saved, open(tmp_path / "trainHistoryDict", "wb"))
    other = {k: [float(np.float32(v * 1.7)) for v in vs] for k, vs in _history(1.0).items()}
    np.save(tmp_path / "history.npy", other)
    runs, reads = _discover_counting_reads(tmp_path)
    got = sorted((r.id, r.format, tuple(sorted((os.path.basename(f.path), f.format) for f in r.files)))
                 for r in runs)
    assert got == [("fit_0.log", "keras_csv", (("fit_0.log", "keras_csv"),)),
                   ("fit_1.log", "keras_csv", (("fit_1.log", "keras_csv"),)),
                   ("fit_2.log", "keras_csv", (("fit_2.log", "keras_csv"), ("trainHistoryDict", "copy"))),
                   ("fit_3.log", "keras_csv", (("fit_3.log", "keras_csv"),)),
                   ("fit_4.log", "keras_csv", (("fit_4.log", "keras_csv"),)),
                   ("history.npy", "keras_npy", (("history.npy", "keras_npy"),))], got
    assert reads == 7  # each file once, however many times it is compared


_KERAS_FITS = '''
import pickle
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 10)).astype("float32")
y = (x[:, 0] + 0.5 * rng.normal(size=200) > 0).astype("float32")
for i, lr in enumerate((1e-3, 2e-3, 3e-3, 5e-3)):
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy", metrics=["accuracy"])
    h = m.fit(x[:60], y[:60], validation_data=(x[100:], y[100:]), epochs=6, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(f"logs/fit_{i}.log")])
    if i == 1:
        pickle.dump(h.history, open("saved/trainHistoryDict", "wb"))
'''


@pytest.mark.slow
def test_real_keras_csvloggers(tmp_path):
    """The same with Keras 3's own writer (``model.fit`` with ``CSVLogger``, four learning rates): a folder of the
    four logs is four runs read by no join; the second fit's log beside its pickled History is one run."""
    import importlib.util

    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    (tmp_path / "logs").mkdir()
    (tmp_path / "saved").mkdir()
    (tmp_path / "writer.py").write_text(_KERAS_FITS)
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "writer.py"], cwd=tmp_path, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (tmp_path / "writer.py").unlink()
    runs, reads = _discover_counting_reads(tmp_path / "logs")
    assert sorted(r.id for r in runs) == [f"fit_{i}.log" for i in range(4)] and reads == 0
    os.rename(tmp_path / "logs" / "fit_1.log", tmp_path / "saved" / "training.log")
    (run,) = loganalyzer.discover(str(tmp_path / "saved"))
    assert sorted((os.path.basename(f.path), f.format) for f in run.files) == [
        ("trainHistoryDict", "copy"), ("training.log", "keras_csv")]
