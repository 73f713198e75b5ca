"""Stop 62, mend62: the breaker's findings on fx62's new reader rules (brk62 O1, W1-W4), each a kind, each test
written from the format's own print / dump calls and failing on fx62 (c4118ef3)."""
from __future__ import annotations

import contextlib
import io
import json
import math
import warnings

import loganalyzer


def _curve(i: float, a: float = 0.95, b: float = 0.3) -> float:
    return round(b + (a - b) * math.exp(-0.15 * i), 4)


def _quiet_read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.read_scalars(str(path), resolve=True)


# ---------------------------------------------------------------- O1: evaluation results named by mse are no history

def test_fold_and_horizon_results_of_mse_are_no_training_history(tmp_path):
    """``json.dump({"val_mse": scores, "val_mae": .., "fold": list(range(k))}, f)`` (k-fold cross-validation, one
    value per fold) and ``json.dump({"test_mse": .., "test_mae": .., "horizons": [1, 2, 4, ..]}, f)`` (a forecaster's
    per-horizon test metrics) are results: no run (they had been read as runs, stalled / overfit). A lone
    ``test_mse`` list is no history either; a ``train_mse``/``val_mse`` pair per epoch still is."""
    cv, hz, lone, hist = (tmp_path / n for n in ("cv", "hz", "lone", "hist"))
    for d in (cv, hz, lone, hist):
        d.mkdir()
    with open(cv / "cv_results.json", "w") as f:
        json.dump({"val_mse": [0.31, 0.29, 0.35, 0.33, 0.3], "val_mae": [0.41, 0.4, 0.44, 0.42, 0.4],
                   "fold": [0, 1, 2, 3, 4]}, f)
    with open(hz / "metrics.json", "w") as f:
        json.dump({"test_mse": [0.31, 0.35, 0.42, 0.48, 0.55, 0.61], "test_mae": [0.4, 0.43, 0.47, 0.5, 0.54, 0.57],
                   "horizons": [1, 2, 4, 8, 16, 32]}, f)
    with open(lone / "metrics.json", "w") as f:
        json.dump({"test_mse": [0.31, 0.35, 0.42, 0.48]}, f)
    with open(hist / "history.json", "w") as f:
        json.dump({"train_mse": [_curve(e) for e in range(10)], "val_mse": [_curve(e, 1.0, 0.4) for e in range(10)]},
                  f)
    for d in (cv, hz, lone):
        assert loganalyzer.discover(str(d)) == [] or not len(_quiet_read(d)), d
    frame = _quiet_read(hist)
    assert sorted(set(frame.tag)) == ["train_mse", "val_mse"] and len(frame[frame.tag == "val_mse"]) == 10
