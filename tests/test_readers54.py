"""readers54: CSV/JSON/TensorBoard logs read wrongly (stop 54, development runs of sets 125-130 opened).

- an object keyed by epoch numbers out of order, each ``{"val": x, "train": y}`` (public vitaudio129
  ``losses.json``) was not found at all;
- a ``minibatch`` counter counting examples from each epoch's start beside ``iteration`` and ``epoch`` (public
  bigdatato129 ``training_stats.csv``) was a metric series;
"""
from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd

from loganalyzer import discover
from test_readers20a import _read, _series


def _falling(n: int, seed: int = 0, start: float = 1.0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(float(start * np.exp(-i / (n / 4)) + 0.01 * rng.random()), 4) for i in range(n)]


# ------------------------------------------------------------------ 1. {"epoch": {"val": .., "train": ..}}


def _epoch_split_dump(path, n: int = 30) -> tuple[list, list]:
    train, val = _falling(n, 1, 2.0), _falling(n, 2, 2.2)
    losses = {}
    order = list(range(1, n + 1))
    random.Random(3).shuffle(order)  # the script fills its dict as epochs finish out of order (a resumed pool)
    for epoch in order:
        losses[str(epoch)] = {"val": val[epoch - 1], "train": train[epoch - 1]}
    with open(path, "w") as f:
        json.dump(losses, f)
    return train, val


def test_epoch_keyed_split_losses_read_by_epoch(tmp_path):
    train, val = _epoch_split_dump(tmp_path / "losses.json")
    assert [r.id for r in discover(str(tmp_path))] == ["losses.json"]
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss"}
    assert _series(df, "train_loss") == (list(range(1, 31)), train)
    assert _series(df, "val_loss") == (list(range(1, 31)), val)
    assert any("'train' -> 'train_loss'" in w for w in warns)


def test_guard_epoch_keyed_records_named_otherwise_stay(tmp_path):
    """Guard: the same shape in a file not named like a loss log, or naming metrics (not splits), is not renamed."""
    _epoch_split_dump(tmp_path / "results.json")
    assert discover(str(tmp_path)) == [] or "train_loss" not in set(_read(tmp_path)[0].tag)
    (tmp_path / "results.json").unlink()
    with open(tmp_path / "losses.json", "w") as f:
        json.dump({str(e): {"loss": 1.0 / e, "acc": 0.1 * e} for e in range(1, 9)}, f)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss", "acc"}


# ------------------------------------------------------------------ 2. a within-epoch counter beside the step


def _stats_frame(n_epochs: int = 6, per: int = 5, size: int = 21859, chunk: int = 2186) -> pd.DataFrame:
    rows, seen = [], 0
    cost = _falling(n_epochs * per, 4, 30.0)
    for e in range(n_epochs):
        start = seen
        for b in range(per):
            seen += chunk
            rows.append({"iteration": seen - 1, "epoch": float(e + 1), "minibatch": float(seen - e * size),
                         "cost": cost[len(rows)], "mode_prime": round(0.37 - 0.002 * len(rows), 4)})
        seen = start + size  # the epoch's last partial chunk
    return pd.DataFrame(rows)


def test_within_epoch_counter_beside_epoch_is_an_axis(tmp_path):
    frame = _stats_frame()
    assert (frame.minibatch.diff() < 0).sum() == 5 and (frame.minibatch > 1).all()
    frame.to_csv(tmp_path / "training_stats.csv", index=False)  # the script's pandas dump
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"cost", "mode_prime", "epoch"}, set(df.tag)
    assert _series(df, "cost")[0] == frame.iteration.tolist()
    assert any("'minibatch'" in w and "axes" in w for w in warns)


def test_guard_counter_going_down_within_an_epoch_stays_a_series(tmp_path):
    """Guard: a counter-named column going down where the epoch does not change is no within-epoch count."""
    frame = _stats_frame()
    frame.loc[2, "minibatch"] = 3.0  # down in the middle of epoch 1
    frame.to_csv(tmp_path / "training_stats.csv", index=False)
    df, _ = _read(tmp_path)
    assert "minibatch" in set(df.tag)
