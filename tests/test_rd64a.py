"""Reader kinds named by set 190's blind labeller (weather, climate, scientific ML: PINNs, neural operators), opened at
stop 64, each failing on the stop's start code. Files are written with the writer the program used (numpy's
``np.save``, ``torch.save``) or in its exact printed format (the ``print`` call's f-string)."""
from __future__ import annotations

import math

import numpy as np
import pytest

import loganalyzer

from _runs import read_resolved, runs_points, verdict


def _decay(n: int, a: float, b: float, rate: float = 8.0) -> list[float]:
    return [b + (a - b) * math.exp(-i / rate) for i in range(n)]


# ---------------------------------------------------------------- a sweep folder's steps file is the x axis


def _sweep(folder, test_tail=None):
    """forwardprob190 ``FNN_128x3__Nd500__Nb2/``: ``np.save(f"{out}/loss_steps.npy", steps)``, ``loss_train_sum.npy``,
    ``loss_test_sum.npy`` (DeepXDE's LossHistory summed per term), one evaluation every 1000 steps."""
    folder.mkdir()
    steps = np.arange(0, 40000, 1000)
    train = np.array(_decay(40, 490.0, 0.001, 4.0))
    test = np.array(_decay(40, 479.0, 0.2, 4.0))
    if test_tail is not None:
        test[-len(test_tail):] = test_tail
    np.save(folder / "loss_steps.npy", steps)
    np.save(folder / "loss_train_sum.npy", train)
    np.save(folder / "loss_test_sum.npy", test)
    return steps, train, test


def test_sibling_series_beside_a_steps_file_are_one_run_on_its_steps(tmp_path):
    """Read file by file the folder was 3 runs: ``loss_steps.npy`` a "loss" climbing 0 -> 39000 (diverged), the test
    sum judged alone as a training. Now one run named by its training file, the steps file its axis."""
    steps, train, test = _sweep(tmp_path / "Nd500")
    points = runs_points(tmp_path)
    assert list(points) == ["Nd500/loss_train_sum.npy"]
    run = points["Nd500/loss_train_sum.npy"]
    assert set(run) == {"loss_train_sum", "loss_test_sum"}
    assert run["loss_train_sum"][0] == steps.tolist()
    assert run["loss_test_sum"] == (steps.tolist(), test.round(6).tolist())


def test_a_sweep_whose_test_sum_climbs_at_the_end_is_overfit(tmp_path):
    """Nd500's shape: the training sum still falls (L-BFGS), the test sum climbs 0.2 -> 57 over the last evaluations."""
    _sweep(tmp_path / "Nd500", test_tail=[0.5, 1.5, 4.6, 12.0, 30.0, 57.2])
    summary = verdict(tmp_path / "Nd500")
    assert summary.roles.get("val_loss") == "loss_test_sum"
    assert summary.verdict == "overfit"


def test_a_steps_file_of_another_length_is_no_axis(tmp_path):
    """A steps file whose length is not the series' is not their axis: each keeps its own index, as before."""
    folder = tmp_path / "run"
    folder.mkdir()
    np.save(folder / "loss_steps.npy", np.arange(0, 5000, 1000))
    np.save(folder / "loss_train_sum.npy", np.array(_decay(12, 5.0, 0.1)))
    run = runs_points(tmp_path)["run/loss_train_sum.npy"]
    assert run["loss_train_sum"][0] == list(range(12))


# ---------------------------------------------------------------- accuracy arrays beside the loss arrays


def test_train_and_test_accuracy_arrays_join_the_loss_arrays(tmp_path):
    """hsiconvtrans190 ``hsi/``: ``np.save('train_loss.npy', ...)``, ``test_loss.npy``, ``train_acc.npy``,
    ``test_acc.npy`` (31 epochs). The accuracies were joined to the run but read as a "dict with no loss series" and
    dropped (two warnings). Now both are series of the run."""
    folder = tmp_path / "hsi"
    folder.mkdir()
    acc = np.linspace(0.04, 0.8, 31)
    for name, values in (("train_loss", _decay(31, 2.56, 0.07)), ("test_loss", _decay(31, 2.68, 0.58)),
                         ("train_acc", np.linspace(0.03, 0.94, 31)), ("test_acc", acc)):
        np.save(folder / f"{name}.npy", np.asarray(values))
    df, warned = read_resolved(folder)
    assert set(df.tag.unique()) == {"train_loss", "test_loss", "train_acc", "test_acc"}
    assert df[df.tag == "test_acc"].value.round(6).tolist() == acc.round(6).tolist()
    assert not any("no loss series" in w for w in warned)


# ---------------------------------------------------------------- a preallocated array's NaN tail


def _physr(folder, train):
    """physr190 ``physr/``: ``train_loss = np.full(1000, np.nan)`` filled one epoch at a time, saved every epoch."""
    folder.mkdir()
    for name, head in (("train_loss", train), ("val_loss", [v * 0.9 for v in train])):
        full = np.full(1000, np.nan)
        full[:len(head)] = head
        np.save(folder / f"{name}.npy", full)


def test_a_nan_padded_preallocated_array_is_its_filled_epochs(tmp_path):
    """117 of 1000 slots filled: the 883 NaN slots were read as points and the run called ``nan``. Now 117 points,
    one line per file saying the tail was dropped, and the run judged on its curve."""
    _physr(tmp_path / "physr", _decay(117, 0.063, 0.0018, 20.0))
    df, warned = read_resolved(tmp_path / "physr")
    assert df.groupby("tag").size().to_dict() == {"train_loss": 117, "val_loss": 117}
    assert df.value.notna().all()
    tails = [w for w in warned if "trailing NaN slots" in w]
    assert len(tails) == 2 and all("883 trailing NaN slots after 117 values of a 1000-slot array" in w for w in tails)
    assert verdict(tmp_path / "physr").verdict != "nan"


def test_nan_after_a_climb_stays_a_nan(tmp_path):
    """A loss that climbs 100x and then goes NaN for the rest of the array went bad: its NaN stays (domain.md)."""
    train = _decay(60, 1.0, 0.1) + [0.2, 0.8, 3.0, 12.0, 40.0]
    _physr(tmp_path / "physr", train)
    df, warned = read_resolved(tmp_path / "physr")
    assert df[df.tag == "train_loss"].value.isna().any()
    assert not any("trailing NaN slots" in w for w in warned)


def test_a_nan_in_the_middle_stays(tmp_path):
    """A NaN followed by finite values is a point of the run, not padding (the array is not cut there)."""
    folder = tmp_path / "run"
    folder.mkdir()
    values = np.array(_decay(100, 1.0, 0.1))
    values[40] = np.nan
    np.save(folder / "train_loss.npy", values)
    df, warned = read_resolved(folder)
    assert len(df) == 100 and df.value.isna().sum() == 1
    assert not any("trailing NaN slots" in w for w in warned)


# ---------------------------------------------------------------- torch.save of per-epoch lists


def test_torch_saved_lists_of_one_folder_are_one_run(tmp_path):
    """floodpinn190 ``ODE/``: ``torch.save(loss_history, 'loss_history.pt')``, ``pde_residual_history.pt``,
    ``l2_error_history.pt``, lists of Python floats. Not discovered at all; now one run named by its loss file, read
    with the restricted unpickler (no torch code run)."""
    torch = pytest.importorskip("torch")
    folder = tmp_path / "ODE"
    folder.mkdir()
    loss = _decay(300, 3.65, 5e-5, 30.0)
    torch.save(loss, folder / "loss_history.pt")
    torch.save(_decay(300, 1.9, 0.007, 30.0), folder / "pde_residual_history.pt")
    torch.save(_decay(300, 1.46, 0.001, 30.0), folder / "l2_error_history.pt")
    points = runs_points(tmp_path)
    assert list(points) == ["ODE/loss_history.pt"]
    run = points["ODE/loss_history.pt"]
    assert set(run) == {"loss_history", "pde_residual_history", "l2_error_history"}
    assert run["loss_history"] == (list(range(300)), np.round(loss, 6).tolist())
    assert verdict(folder).roles.get("train_loss") == "loss_history"


def test_a_torch_saved_list_of_tensors_is_read_by_torch_weights_only(tmp_path):
    """``losses.append(loss)`` without ``.item()``: 0-d tensors, read by ``torch.load(weights_only=True)``."""
    torch = pytest.importorskip("torch")
    values = _decay(50, 2.0, 0.1)
    torch.save([torch.tensor(v) for v in values], tmp_path / "train_losses.pt")
    run = runs_points(tmp_path)["train_losses.pt"]
    assert run["train_losses"][1] == pytest.approx(np.round(values, 6).tolist(), abs=1e-5)


def test_a_checkpoint_named_like_a_history_is_said_once_and_no_run(tmp_path):
    """A model's state dict saved as ``loss_history.pt`` holds tensors under layer names: read by torch, it is a dict
    with no loss series -- one line naming the file, no traceback. A legacy (non-ZIP, torch < 1.6) torch.save of a
    list is read by torch (stop 65: DeepSDF's older Logs.pth files are in that format)."""
    torch = pytest.importorskip("torch")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    torch.save(torch.nn.Linear(3, 2).state_dict(), tmp_path / "a" / "loss_history.pt")
    torch.save([0.5, 0.4], tmp_path / "b" / "loss_history.pt", _use_new_zipfile_serialization=False)
    with pytest.warns(loganalyzer.LogReadWarning) as caught:
        loganalyzer.read_scalars(str(tmp_path))
    said = [str(w.message) for w in caught]
    assert any("a/loss_history.pt" in w for w in said)
    assert not any("b/loss_history.pt" in w for w in said)
    assert runs_points(tmp_path)["b/loss_history.pt"]["loss_history"][1] == [0.5, 0.4]


# ---------------------------------------------------------------- a summed loss printed over its count


def test_running_loss_over_count_is_the_training_loss(tmp_path):
    """climatehack190 ``log/log.txt``: ``print(f"Epoch: {epoch}/{EPOCHS}; running_loss/count: {running_loss/count}")``.
    ``count`` made the series a count (no loss, verdict unknown); it is the epoch's mean loss."""
    lines = [">>> TRAINING START"]
    lines += [f"Epoch: {e}/5000; running_loss/count: {v}" for e, v in enumerate(_decay(6, 5.4e-6, 3.3e-6, 2.0))]
    (tmp_path / "log").mkdir()
    (tmp_path / "log" / "log.txt").write_text("\n".join(lines) + "\n")
    summary = verdict(tmp_path / "log" / "log.txt")
    assert summary.roles.get("train_loss") == "running_loss/count"
    assert summary.verdict != "unknown"
