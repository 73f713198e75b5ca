"""tab55: CSV logs read wrongly or not at all (stop 55, development sets 131-136 opened).

(The branch's loss-function column names, HF log_history CSV steps and JSON epoch-key lists were left out: the
stop's breaker found each reading a sibling wrongly that the start code read right.)

- a cross-validation's per-fold loss lists in one CSV, a row per fold (public egcn134 ``train_losses.csv``:
  ``Fold,Train Loss`` and ``"[2.85, 2.02, ...]"`` cells) was "a table of per-configuration histories": not read.
"""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from loganalyzer import discover
from test_readers20a import _read, _series


def _falling(n: int, seed: int = 0, start: float = 1.0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(float(start * np.exp(-i / (n / 4)) + 0.01 * rng.random()), 4) for i in range(n)]



# ------------------------------------------------------------------ 3. per-fold lists in one CSV, a row per fold


def test_fold_rows_of_loss_lists_are_a_run_each(tmp_path):
    folds = {k: _falling(300, k, 2.9) for k in range(1, 6)}
    pd.DataFrame({"Fold": list(folds), "Train Loss": list(folds.values())}).to_csv(tmp_path / "train_losses.csv",
                                                                                    index=False)
    assert [r.id for r in discover(str(tmp_path))] == [f"train_losses.csv#fold{k}" for k in range(1, 6)]
    df, warns = _read(tmp_path)
    for k, losses in folds.items():
        assert _series(df, "Train Loss", f"train_losses.csv#fold{k}") == (list(range(300)), losses)
    assert any("cross-validation folds" in w for w in warns)


def test_fold_rows_with_a_summary_column_say_it(tmp_path):
    folds = {k: _falling(20, k) for k in range(3)}
    pd.DataFrame({"fold": list(folds), "val_loss": list(folds.values()), "best_acc": [0.8, 0.81, 0.79]}).to_csv(
        tmp_path / "cv.csv", index=False)
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"val_loss"}
    assert _series(df, "val_loss", "cv.csv#fold2") == (list(range(20)), folds[2])
    assert any("'best_acc'" in w and "summary" in w for w in warns)


def test_guard_sweep_table_keyed_otherwise_stays_unread(tmp_path):
    """Guard: a table of histories keyed by learning rates (no fold column) is still said, not read."""
    pd.DataFrame({"lr": [0.1, 0.01], "Train Loss": [_falling(10, 1), _falling(10, 2)]}).to_csv(
        tmp_path / "train_losses.csv", index=False)
    assert discover(str(tmp_path)) == []
