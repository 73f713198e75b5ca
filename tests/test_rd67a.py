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


# ---------------------------------------------------------------- 208: 'Step: N | D: .. | CE: ..' beside validation


def _oodgan_log(epochs: int = 6, batches: int = 157, every: int = 20) -> tuple[str, list, list]:
    """Out-of-Distribution-GANs' printed log (oodgan208 ``log-64-10000.txt``): the start-up block, then per global
    step ``% every == 0`` a ``Step: i | D: .. | CE: .. | ...`` line with ``i`` the batch index within the epoch, then
    the epoch's evaluation block. Returns (text, [(global step, CE)], [validation loss per epoch])."""
    out = ["Experiment: FashionMNIST", "Experiment regime: Balanced", "Method: OOD-GAN", "=" * 80,
           "Number of observed OoD samples (class-level): 64", "Number of InD classes: 8",
           f"Number of Epochs: {epochs}.", "Finished Processing Input Arguments.", "=" * 80,
           "Monte Carlo Iteration 0", "DenseNet", "Deep_G", "OoD sample shape: torch.Size([128, 1, 28, 28])"]
    ce_points, val = [], []
    g = 0
    for e in range(epochs):
        for i in range(batches):
            if g % every == 0:
                ce = 2.06 * 0.8 ** (g / batches) + 0.02 * ((g * 7) % 5) / 5
                d = ce - 0.07
                out.append(f"Step: {i:<4} | D: {d:7.4f} | CE: {ce:7.4f} | S_OoD: {0.80:7.4f} | "
                           f"S_z: {0.80 - 0.01 * e:7.4f} | G: {-0.0008:7.4f} | S_z: {0.82 - 0.01 * e:7.4f} | "
                           f"dist: {0.0933:.4f}")
                ce_points.append((e * batches + i, round(ce, 4)))
            g += 1
        v = 0.58 - 0.07 * min(e, 3) + 0.05 * max(0, e - 3)  # best at epoch 3, then rising
        val.append(v)
        out += ["Computing evaluation statistics...", "> Evaluating InD Wasserstein distances...",
                "> Evaluating OoD Wasserstein distances...", "Overall Statistics", f"TPR@95TNR: {0.5 + 0.05 * e}",
                f"mean: {0.5 + 0.05 * e} | std: 0.0 | MAD: 0.0", f"AUROC: {0.89 + 0.01 * e}", "",
                f"Validation Accuracy: {0.78 + 0.01 * e}", f"Validation Classification Loss: {v}"]
        if e % 4 == 3:
            out.append(f"New checkpoint created at the end of epoch {e}.")
    out.append("Training time: 593.8 seconds | About 9.9 minutes | About 0.16 hours")
    return "\n".join(out) + "\n", ce_points, val


def test_restarting_step_lines_naming_no_loss_beside_validation_lines(tmp_path):
    """The training lines name ``D``, ``CE``, ``G`` (no loss word) at a step starting over each epoch; only the
    evaluation's ``Validation Classification Loss`` names a loss. Read before as 6 one-point runs of the validation
    alone (`unknown`, confidence 1.0); now one run: CE at epoch x 157 + i, the training loss, the validation at its
    epoch's last training step."""
    text, ce_points, val = _oodgan_log()
    (tmp_path / "log-64-10000.txt").write_text(text)
    (points,) = runs_points(tmp_path).values()
    steps, values = points["CE"]
    assert steps == [s for s, _ in ce_points] and values == pytest.approx([v for _, v in ce_points], abs=1e-4)
    last_of_epoch = [max(s for s, _ in ce_points if s // 157 == e) for e in range(6)]
    assert points["Validation_Classification_Loss"] == (last_of_epoch, pytest.approx(val))
    assert "S_z_2" in points and "D" in points and "G" in points
    from loganalyzer.scan import scan

    (run,) = scan(str(tmp_path)).runs
    assert run.roles["train_loss"] == "CE" and run.roles["val_loss"] == "Validation_Classification_Loss"


# ---------------------------------------------------------------- 210: a history's four curves as an array's rows


def test_history_npy_of_four_unnamed_rows(tmp_path):
    """mkimgcls210 saves ``np.save('history.npy', np.array([acc, val_acc, loss, val_loss]))``: a (4, 500) float
    array under a history's name, refused before ("not one metric's 1-D series": the run was missing). Read as the
    Keras names by the rows' numbers; ``np.save`` of the history dict itself stays read as before."""
    hist = _keras_history(epochs=24)
    rows = [hist["accuracy"], hist["val_accuracy"], hist["loss"], hist["val_loss"]]
    assert hist["accuracy"][-1] > hist["accuracy"][0] and hist["loss"][-1] < hist["loss"][0]
    (tmp_path / "rows").mkdir()
    np.save(tmp_path / "rows" / "history.npy", np.array(rows))
    (points,) = runs_points(tmp_path / "rows").values()
    for key, name in (("acc", "accuracy"), ("val_acc", "val_accuracy"), ("loss", "loss"), ("val_loss", "val_loss")):
        assert points[key] == (list(range(24)), pytest.approx(hist[name], rel=1e-5))
    (tmp_path / "dict").mkdir()
    np.save(tmp_path / "dict" / "history.npy", hist)
    (points,) = runs_points(tmp_path / "dict").values()
    assert points["val_loss"] == (list(range(24)), pytest.approx(hist["val_loss"], rel=1e-5))
