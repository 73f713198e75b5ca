"""Stop 68 reader/discovery kinds shown by the opened dev sets 211, 212 and 215 (rd68a)."""
from __future__ import annotations

import csv
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_readers20a import _ids, _read, _series  # noqa: E402


# ------------------------------------------------------------------ Ray Tune progress.csv / result.json
def _ray_trial(folder: Path, val_losses: list[float], csv_only: bool = False) -> None:
    """A Ray Tune 1.x trial dir as its loggers write it: ``JsonLogger`` (``json.dump(result)`` + newline a report,
    ``config`` inside) and ``CSVLogger`` (``csv.DictWriter`` over the result without ``config``, ``None`` -> '')."""
    folder.mkdir()
    config = {"lr": 0.001, "batch_size": 64, "conv_filter": [16, 64]}
    rows = []
    for i, v in enumerate(val_losses, 1):
        rows.append({"val_loss": v, "train_loss": v * 0.9, "time_this_iter_s": 60.0 + i, "should_checkpoint": True,
                     "done": False, "timesteps_total": None, "episodes_total": None, "training_iteration": i,
                     "experiment_id": "e2b99a9b7e0c40449e50ccf2e07b0b50", "date": f"2021-01-13_22-{i:02d}-04",
                     "timestamp": 1610606224 + 60 * i, "time_total_s": 60.0 * i, "pid": 31008,
                     "hostname": "cgpu17", "node_ip": "128.55.224.197", "config": config,
                     "time_since_restore": 60.0 * i, "timesteps_since_restore": 0, "iterations_since_restore": i,
                     "trial_id": "bb715_00000", "experiment_tag": "0_batch_size=64,conv_filter=[16, 64],lr=0.001"})
    if not csv_only:
        with open(folder / "result.json", "w") as f:
            for r in rows:
                json.dump(r, f)
                f.write("\n")
    with open(folder / "progress.csv", "w") as f:
        flat = [{k: v for k, v in r.items() if k != "config"} for r in rows]
        w = csv.DictWriter(f, flat[0].keys())
        w.writeheader()
        for r in flat:
            w.writerow(r)


def test_ray_tune_progress_csv_with_empty_timesteps_is_read_on_training_iteration(tmp_path):
    """Public cellspike212 ``trial-1/progress.csv`` (Ray Tune, 13 reports, ``timesteps_total`` empty): 0 rows before."""
    losses = [1.0186, 1.0187, 1.0183, 1.0185, 1.0184, 1.0186, 1.0184]
    _ray_trial(tmp_path / "trial-1", losses, csv_only=True)
    df, said = _read(tmp_path / "trial-1")
    steps, values = _series(df, "val_loss")
    assert steps == list(range(1, len(losses) + 1)) and values == losses
    assert not any("no 'timesteps_total'" in s for s in said)


def test_ray_tune_trial_progress_csv_and_result_json_are_one_run(tmp_path):
    """Public nempc212 ``train_*``: ``progress.csv`` (0 rows) and ``result.json`` were two runs of one trial."""
    _ray_trial(tmp_path / "train_21f01584_85", [0.5 / i for i in range(1, 21)])
    assert len(_ids(tmp_path)) == 1
    df, _ = _read(tmp_path)
    assert _series(df, "val_loss")[0] == list(range(1, 21))
