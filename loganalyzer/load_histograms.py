"""The histograms table of ``loganalyzer.load``: its columns and how per-file pieces become one table (the
later-written histogram of a repeated (dir, tag, step) wins; sorted by dir, tag, step)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

HISTOGRAM_COLUMNS = (
    "dir", "tag", "step", "wall_time", "min", "max", "num", "sum", "sum_squares", "bucket_limit", "bucket",
)
_HISTOGRAM_DTYPES = {
    "step": np.int64, "wall_time": np.float64, "min": np.float64, "max": np.float64, "num": np.float64,
    "sum": np.float64, "sum_squares": np.float64,
}


def combine_histograms(pieces: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One table from (dir, reader histograms table) pieces: columns ``HISTOGRAM_COLUMNS``, ``dir``/``tag``
    categorical, a repeated (dir, tag, step) keeps its later-written row; empty pieces give the empty table."""
    import pandas as pd

    frames = []
    for d, frame in pieces:
        if len(frame):
            frame = frame.copy()
            frame.insert(0, "dir", d)
            frames.append(frame)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=_HISTOGRAM_DTYPES.get(c, object)) for c in HISTOGRAM_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    table = table.drop_duplicates(["dir", "tag", "step"], keep="last")
    table = table.sort_values(["dir", "tag", "step"], kind="stable", ignore_index=True)
    table["dir"] = pd.Categorical(table["dir"].astype(object))
    table["tag"] = pd.Categorical(table["tag"].astype(object))
    table["step"] = table["step"].astype(np.int64)
    for column in ("wall_time", "min", "max", "num", "sum", "sum_squares"):
        table[column] = table[column].astype(np.float64)
    table.attrs.clear()
    return table[list(HISTOGRAM_COLUMNS)]
