"""Faults a newcomer met at stop 67 (ux67), trying loganalyzer on fresh runs of real writers; each test writes its log
with the writer the user had (Keras 3 ``model.fit`` + ``CSVLogger`` + ``pickle.dump``/``np.save`` of
``history.history``, ...) and fails on the stop's start code."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import loganalyzer
from loganalyzer.render import render

# The most-copied way to keep a Keras history (stackoverflow.com/q/41061457): an extension-less pickle named
# trainHistoryDict, and np.save of the same dict, beside a CSVLogger; two fits, one overfitting (80 epochs on 60
# noisy samples), one short.
_KERAS_FIT = '''
import os, pickle
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 10)).astype("float32")
y = (x[:, 0] + 0.5 * rng.normal(size=200) > 0).astype("float32")
for name, lr, epochs in (("mlp_overfit", 1e-3, 60), ("mlp_short", 3e-4, 12)):
    os.makedirs(name); os.chdir(name)
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((10,)), keras.layers.Dense(128, activation="relu"),
                          keras.layers.Dense(128, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.Adam(lr), loss="binary_crossentropy", metrics=["accuracy"])
    history = m.fit(x[:60], y[:60], validation_data=(x[100:], y[100:]), epochs=epochs, batch_size=16, verbose=0,
                    callbacks=[keras.callbacks.CSVLogger("training.log")])
    pickle.dump(history.history, open("trainHistoryDict", "wb"))
    np.save("history.npy", history.history)
    os.chdir("..")
'''


@pytest.fixture(scope="module")
def keras_runs(tmp_path_factory):
    import importlib.util

    if importlib.util.find_spec("keras") is None:  # (imported in the writer's process, with KERAS_BACKEND=torch)
        pytest.skip("keras is not installed")
    root = tmp_path_factory.mktemp("keras_fit")
    (root / "writer.py").write_text(_KERAS_FIT)
    env = {**os.environ, "KERAS_BACKEND": "torch", "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "writer.py"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0 and "No module named" in done.stderr:
        pytest.skip(done.stderr.strip().splitlines()[-1])
    assert done.returncode == 0, done.stderr[-3000:]
    (root / "writer.py").unlink()
    return root


@pytest.mark.slow
def test_train_history_dict_is_a_run(keras_runs):
    """``pickle.dump(history.history, open('trainHistoryDict', 'wb'))``: no suffix, and a name the bare-history rule
    (``history``, ``*-history``, ``*_hist``) did not match, so the file was no run and not even a warning line; a
    folder holding only it was "no training runs found". Now it is read as the pickled History it is."""
    import shutil

    alone = keras_runs.parent / (keras_runs.name + "_alone")
    alone.mkdir()
    shutil.copy(keras_runs / "mlp_overfit" / "trainHistoryDict", alone / "trainHistoryDict")
    (run,) = loganalyzer.discover(str(alone))
    assert run.format == "keras_pickle"
    report = loganalyzer.analyze(str(alone), config=False)
    (one,) = report.runs
    assert one.verdict == "overfit"
    for name in ("mlp_overfit", "mlp_short"):  # beside its CSVLogger twin: the same history, a copy (rd67c, F3)
        (run,) = loganalyzer.discover(str(keras_runs / name / "trainHistoryDict"))
        assert run.format == "keras_pickle"
    # a text file with "hist" in its name stays what its content says
    (alone / "histogram_notes").write_text("epoch 1 loss 0.9\n")
    assert [r.format for r in loganalyzer.discover(str(alone))].count("keras_pickle") == 1


@pytest.mark.slow
def test_saved_history_dict_counts_epochs(keras_runs):
    """The same ``model.fit`` read from its CSVLogger said "lowest at epoch N", from its pickle or its ``.npy``
    "lowest at step N": one list entry an epoch, as the CSV's rows. All three now say epoch, with the same numbers,
    in the summary, the series CSV and the report's series data."""
    report = loganalyzer.analyze(str(keras_runs), config=False)
    by_run = {r.run: r for r in report.runs}
    for name in ("mlp_overfit", "mlp_short"):
        csv_run = by_run[f"{name}/training.log"]
        for twin in ("trainHistoryDict", "history.npy"):  # each file alone (in the folder: copies of the CSV, rd67c)
            (run,) = loganalyzer.analyze(str(keras_runs / name / twin), config=False).runs
            assert run.verdict == csv_run.verdict
            assert run.summary == csv_run.summary, (twin, run.summary, csv_run.summary)
            assert " epoch " in run.summary and " step " not in run.summary
    series = render(loganalyzer.analyze(str(keras_runs / "mlp_short" / "history.npy"), config=False),
                    "series-csv").splitlines()
    assert any(",keras_npy,," in line for line in series)
    from loganalyzer.render import series_data

    (npy,) = loganalyzer.discover(str(keras_runs / "mlp_short" / "history.npy"))
    loaded = loganalyzer.load_run(npy)
    assert {s["x"] for s in series_data.series_of(loaded)} == {"epoch"}


def test_loss_lists_stay_on_steps(tmp_path):
    """A pickled dict of per-batch training losses beside per-epoch validation losses (a torch loop's
    ``pickle.dump({'loss': [...], 'val_loss': [...]}, f)``) is no Keras History: its steps stay steps."""
    import pickle

    run = tmp_path / "loop"
    run.mkdir()
    hist = {"loss": [2.0 - 0.01 * i for i in range(100)], "val_loss": [1.9 - 0.1 * i for i in range(10)]}
    with open(run / "train_history.pkl", "wb") as f:
        pickle.dump(hist, f)
    (one,) = loganalyzer.analyze(str(run), config=False).runs
    assert " epoch " not in one.summary


def test_train_history_dict_fast(tmp_path):
    """The naming fault without a Keras fit: ``pickle.dump(history.history, open('trainHistoryDict', 'wb'))`` of a
    History's dict (``loss``/``val_loss``/``accuracy``/``val_accuracy``, one value an epoch) alone in a folder was
    "no training runs found"; ``historyDict`` and ``model_hist_dict`` likewise. It is a run, on epochs."""
    import pickle

    hist = {"loss": [0.69 * 0.9 ** i for i in range(30)], "accuracy": [0.5 + 0.015 * i for i in range(30)],
            "val_loss": [0.7 * 0.93 ** i if i < 10 else 0.34 + 0.02 * (i - 10) for i in range(30)],
            "val_accuracy": [0.5 + 0.01 * i for i in range(30)]}
    for name in ("trainHistoryDict", "historyDict", "model_hist_dict"):
        (tmp_path / name).mkdir()
        pickle.dump(hist, open(tmp_path / name / name, "wb"))
        (run,) = loganalyzer.discover(str(tmp_path / name))
        assert run.format == "keras_pickle", name
    report = loganalyzer.analyze(str(tmp_path / "trainHistoryDict"), config=False)
    (one,) = report.runs
    assert one.verdict == "overfit" and "lowest at epoch 10 (0.34)" in one.summary, one.summary
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "histogram_notes").write_text("epoch 1 loss 0.9\n")
    assert not any(r.format == "keras_pickle" for r in loganalyzer.discover(str(tmp_path / "text")))


@pytest.mark.slow
def test_resumed_lightning_fit_names_the_earlier_version(tmp_path):
    """A Lightning fit resumed with ``ckpt_path`` by a second ``Trainer`` writes ``version_1`` (CSVLogger's default
    new version) from the checkpoint's step on. Its late-start line said only that the earlier steps were "not in
    this file"; it now names ``version_0/metrics.csv`` and its last step. A resume into the same version (the
    earlier file deleted by Lightning) names nothing."""
    from test_breaker_readers import LIGHTNING, run_child, warned  # noqa: E402 (tests/ is on sys.path)

    from loganalyzer.scan import scan

    run_child(tmp_path, LIGHTNING + """
def fit(logger, epochs, ckpt=None):
    torch.manual_seed(0)
    trainer = pl.Trainer(max_epochs=epochs, logger=logger, default_root_dir=logger.root_dir, **quiet)
    trainer.fit(Tiny(), data(0), data(1), ckpt_path=ckpt)
    return trainer.checkpoint_callback.best_model_path

fit(CSVLogger("new", name=""), 6, fit(CSVLogger("new", name=""), 3))
fit(CSVLogger("same", name="", version=0), 6, fit(CSVLogger("same", name="", version=0), 3))
""")
    last = int((tmp_path / "new/version_0/metrics.csv").read_text().splitlines()[-1].split(",")[1])
    for resolve in (False, True):
        _table, said = warned(tmp_path / "new/version_1/metrics.csv", resolve=resolve)
        (late,) = [m for m in said if "first training row" in m]
        assert f"in the sibling version_0/metrics.csv (its last step {last})" in late, late
    report = scan([str(tmp_path / "new")])
    (one,) = [r for r in report.runs if r.run.endswith("version_1")]
    assert any("sibling version_0/metrics.csv" in w for w in one.warnings)
    _table, said = warned(tmp_path / "same/version_0/metrics.csv")
    (late,) = [m for m in said if "first training row" in m]
    assert "sibling" not in late


def test_wrapped_warning_lines_keep_their_indent(tmp_path):
    """With ``COLUMNS`` set (or on a terminal), a Warnings/Errors item longer than the console wrapped to column 0,
    where the reader looks for the next item's path (ux67: Lightning's late-start and evaluation-counter lines).
    The continuation lines now keep the item's 2-space indent; piped output without COLUMNS is unchanged."""
    import io

    from rich.console import Console

    from loganalyzer.render.table import build

    run = tmp_path / "lightning_logs" / "version_0"
    run.mkdir(parents=True)
    rows = ["epoch,step,train_loss,val_loss"] + [f"{e},{s},{2.0 / (1 + s):.4f}," for e in range(2, 6)
                                                  for s in range(e * 10 + 1, e * 10 + 10, 4)]
    (run / "metrics.csv").write_text("\n".join(rows) + "\n")  # a resumed fit's file: its first row at epoch 2
    report = loganalyzer.analyze(str(tmp_path), config=False)
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False).print(build(report, width=80))
    text = out.getvalue().split("Warnings:\n", 1)[1]
    item = [line for line in text.splitlines() if line.strip()]
    assert item[0].startswith("  ") and len(item) > 1
    assert all(line.startswith("  ") for line in item), item
