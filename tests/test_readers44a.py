"""Stop 44's CSV/JSON reader fixes (opened sets 86/87's reader faults, each a kind of real output, written the way
its producer writes it).
"""
from __future__ import annotations

import csv
import datetime as dt
import json

import numpy as np
import pandas as pd

from test_readers20a import _ids, _read, _series  # noqa: E402


def _falling(n: int, start: float = 1.8, seed: int = 0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(start * 0.93 ** i + 0.01 * rng.random(), 6) for i in range(n)]


def test_loss_csv_with_a_datetime_time_column_is_read(tmp_path):
    """pixcontrast87 ``loss.csv``: ``loss,supervised_loss,contrastive_loss,time`` with 'YYYY-MM-DD HH:MM:SS' times
    (a pandas frame of per-epoch records). Before: "no column is named like a loss", no run."""
    loss = _falling(20)
    sup = [round(v * 0.12, 4) for v in loss]
    t0 = dt.datetime(2024, 5, 13, 12, 26, 23)
    times = [(t0 + dt.timedelta(seconds=35 * i)).strftime("%Y-%m-%d %H:%M:%S") for i in range(20)]
    pd.DataFrame({"loss": loss, "supervised_loss": sup, "contrastive_loss": [round(a - b, 4) for a, b in
                                                                             zip(loss, sup)], "time": times}
                 ).to_csv(tmp_path / "loss.csv", index=False)
    assert _ids(tmp_path) == ["loss.csv"]
    df, caught = _read(tmp_path)
    assert set(df.tag) == {"loss", "supervised_loss", "contrastive_loss"}  # time is the wall time, no series
    assert _series(df, "loss") == (list(range(20)), [round(v, 4) for v in loss])
    wall = df[df.tag == "loss"].wall_time.to_numpy()
    assert wall[0] == dt.datetime(2024, 5, 13, 12, 26, 23, tzinfo=dt.timezone.utc).timestamp()
    assert np.allclose(np.diff(wall), 35)
    assert not [w for w in caught if "no column is named like a loss" in w]
