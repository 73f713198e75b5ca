"""Reader kinds named by sets 197-204's blind labellers (opened at stop 66) whose runs were not found at all, each
failing on the stop's start code. Files are written by the writer the program used (numpy's ``np.save``) or in the
exact format its logger writes (open_lth's ``MetricLogger``, FastEstimator's printed ``FastEstimator-Train`` lines)."""
from __future__ import annotations

import math

import numpy as np

import loganalyzer


def _decay(n: int, a: float, b: float, rate: float = 8.0) -> list[float]:
    return [b + (a - b) * math.exp(-i / rate) for i in range(n)]


def _series(path) -> dict:
    problems: list = []
    runs = loganalyzer.discover(path, problems)
    out = {}
    for run in runs:
        frame = loganalyzer.read_scalars(run, resolve=True)
        out[run.id] = {tag: list(frame[frame["tag"] == tag]["step"]) for tag in sorted(set(frame["tag"]))}
    return out


# ---------------------------------------------------------------- np.save of a Keras history under any name


def test_npy_of_a_history_dict_under_a_trial_name_is_a_run(tmp_path):
    """spacenetseg203 ``np.save(f"{trial}.npy", history.history)`` (``architecture_trial_resnet18.npy``: a 0-d object
    array of a dict ``loss``/``iou_score``/``val_loss``/``val_iou_score``, 100 epochs) was never looked at: its name
    says no history. Now the header (0-d object) and the pickle's first dict key (a loss) find it; read on epochs."""
    history = {"loss": [np.float64(v) for v in _decay(30, 0.08, 0.01)],
               "iou_score": [np.float64(v) for v in _decay(30, 0.2, 0.8)],
               "val_loss": [np.float64(v) for v in _decay(30, 0.07, 0.02)],
               "val_iou_score": [np.float64(v) for v in _decay(30, 0.25, 0.7)]}
    np.save(tmp_path / "architecture_trial_resnet18.npy", history, allow_pickle=True)
    got = _series(tmp_path)
    assert list(got) == ["architecture_trial_resnet18.npy"]
    assert got["architecture_trial_resnet18.npy"]["val_loss"] == list(range(30))
    assert set(got["architecture_trial_resnet18.npy"]) == set(history)


def test_npy_data_under_other_names_stays_unfound_and_unsaid(tmp_path):
    """A dict that holds no loss first (a saved config), a 0-d numeric array, a data matrix: no run, no warning; and
    a folder of many .npy files (data) opens none of them."""
    np.save(tmp_path / "config.npy", {"lr": 0.1, "loss": "ce"}, allow_pickle=True)
    np.save(tmp_path / "threshold.npy", np.float64(0.5))
    np.save(tmp_path / "features.npy", np.zeros((40, 7)))
    problems: list = []
    assert loganalyzer.discover(tmp_path, problems) == [] and problems == []
    many = tmp_path / "many"
    many.mkdir()
    for i in range(20):
        np.save(many / f"trial_{i}.npy", {"loss": [1.0, 0.5]}, allow_pickle=True)
    assert loganalyzer.discover(many, []) == []
