"""HF ``trainer_state.json``: the shape-at-a-time read (``_points_by_shape``) and the NaN stand-in for orjson
(``_nan_logged``) give bit for bit what the per-entry loop over json's objects gives: points, tags, problems and
hparams, on generated histories (odd ones included) and every trainer_state.json of the sample and shared logs."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from loganalyzer.readers import hf_trainer_state as hf

from test_fastcsv import TREES


def _slow(data: bytes, path: str):
    fast, nan = hf._points_by_shape, hf._nan_logged
    hf._points_by_shape, hf._nan_logged = (lambda history: None), (lambda raw: None)
    try:
        return _outcome(data, path)
    finally:
        hf._points_by_shape, hf._nan_logged = fast, nan


def _outcome(data: bytes, path: str):
    try:
        return hf._parse(data, path)
    except Exception as error:  # UnreadableFile: both must raise the same
        return repr(error)


def _bits(a: np.ndarray) -> np.ndarray:
    return a.view(np.int64) if a.dtype == np.float64 else a


def _same(data: bytes, path: str = "trainer_state.json") -> None:
    got, want = _outcome(data, path), _slow(data, path)
    if isinstance(want, str):
        assert got == want
        return
    assert got[0] == want[0]
    for a, b in zip(got[1:4], want[1:4]):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(_bits(a), _bits(b))
    assert got[4] == want[4] and repr(got[5]) == repr(want[5])


ODD = [
    b'{"log_history": [{"loss": NaN, "step": 1}, {"loss": 1.0, "step": 2, "note": "x: NaN"}]}',
    b'{"best_metric": NaN, "log_history": [{"loss": NaN, "step": 1}]}',
    b'{"log_history": [{"loss": NaN, "step": 1}, {"loss": "a", "step": 2}]}',
    b'{"log_history": [{"loss": NaN, "step": 1, "x": Infinity}]}',
    b'{"log_history": [{"loss": -1.2345678901234567e300, "step": 1}, {"eval_loss": NaN, "step": 1}]}',
    b'{"log_history": [{"loss": 1, "step": 1}, {"loss": true, "step": 2}]}',
    b'{"log_history": [{"loss": 1.5, "step": 1.0}]}',
    b'{"log_history": [{"loss": 1.5}, {"loss": 2.5, "step": 3}]}',
    b'{"log_history": [{"loss": 1.5, "step": 3}, {"predict_loss": 2.5}]}',
    b'{"log_history": [{"loss": 1.5, "step": 3}, 7]}',
    b'{"log_history": [{"loss": 1e400, "step": 3}]}',
    b'{"log_history": [{"big": 123456789012345678901234567890, "step": 3}]}',
    b'{"log_history": []}',
    b'{"log_history": [{"step": 1, "tags": ["a"], "lr": 0.1}, {"lr": 0.2, "step": 2, "tags": ["b"]}]}',
    b'{"log_history": [{"step": 1, "m": null}, {"m": 0.5, "step": 2}]}',
]


@pytest.mark.parametrize("data", ODD, ids=range(len(ODD)))
def test_odd_histories(data: bytes):
    _same(data)


def test_generated_histories():
    rng = random.Random(9)
    for _ in range(200):
        history = []
        for step in range(1, rng.randint(1, 60)):
            kind = rng.random()
            if kind < 0.6:
                entry = {"epoch": step / 10, "grad_norm": rng.random(), "learning_rate": 1e-3, "loss": rng.random(),
                         "step": step}
                if rng.random() < 0.1:
                    entry["loss"] = float("nan")
            elif kind < 0.9:
                entry = {"epoch": step / 10, "eval_loss": rng.random(), "eval_runtime": 1, "step": step}
            else:
                entry = {"step": step, "train_runtime": 3.5, "train_loss": rng.random(), "total_flos": 10**12}
            if rng.random() < 0.2:
                entry = dict(reversed(list(entry.items())))  # another key order: another shape
            history.append(entry)
        state = {"global_step": len(history), "best_metric": None, "log_history": history}
        _same(json.dumps(state, indent=2).encode())


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_real_files(tree: Path):
    if not tree.is_dir():
        pytest.skip(f"{tree} not here")
    for path in tree.rglob(hf.FILE_NAME):
        _same(path.read_bytes(), str(path))
