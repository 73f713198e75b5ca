"""Two cell-level readings of ``plain_csv``: a time column's seconds (``_wall_time``) and the NaN tail pandas writes as
empty cells (``_pandas_nan_tail``). Split from ``plain_csv``."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ._plain_columns import is_loss_like
from ._text import Numbers, Problems

if TYPE_CHECKING:
    import pandas as pd

    from ._blocks import Rows


def _wall_time(column: pd.Series, nums: Numbers) -> np.ndarray | None:
    """Seconds since the epoch from a time column of numbers or ISO datetimes; None when it is neither."""
    import pandas as pd
    if nums.any:
        seconds = np.where(nums.present, nums.values, np.nan)
        finite = np.abs(seconds[np.isfinite(seconds)])
        scale = np.median(finite) if len(finite) else 0.0
        for limit, divisor in ((1e17, 1e9), (1e14, 1e6), (1e11, 1e3)):  # ns, us, ms since the epoch
            if scale >= limit:
                return seconds / divisor
        return seconds
    if isinstance(column, Numbers):  # ``_fastcsv``: a column of missing cells only, no datetime in it
        return None
    text = column.astype(object).where(column.notna(), None)
    try:
        stamps = pd.to_datetime(text, format="ISO8601", utc=True, errors="coerce")
        if stamps.isna().all():
            return None
        epoch = pd.Timestamp(0, tz="UTC")
        # (a year-0 date such as "/1" parses, then overflows nanoseconds when taken from the Unix epoch)
        return ((stamps - epoch) / pd.Timedelta(seconds=1)).to_numpy(dtype=np.float64, na_value=np.nan)
    except (ValueError, TypeError, OverflowError):  # pandas' OutOfBoundsDatetime is a ValueError
        return None



def _pandas_nan_tail(rows: Rows, problems: Problems) -> None:
    """pandas writes NaN as an empty cell. In a file pandas wrote (its unnamed index first), loss columns logged at
    every row that are all empty from some row to the end, while the index goes on, went NaN there (a Keras history
    whose loss blew up: ``pd.DataFrame(history.history).to_csv(path)``): read those cells as NaN, with a warning.
    Only a frame with no gap before that tail in any column counts (a frame of sparse records, a validation loss
    every few rows, a last row holding only a test metric, is left as it is)."""
    loss = [i for i, tag in enumerate(rows.tags) if is_loss_like(tag)]
    at = np.flatnonzero(rows.valid)
    if not loss or not len(at):
        return
    filled = np.stack([c.present[at] | c.bad[at] for c in rows.columns], axis=1)
    with_loss = np.flatnonzero(filled[:, loss].any(axis=1))
    if not len(with_loss) or with_loss[-1] == len(at) - 1 or not filled[: with_loss[-1] + 1].all():
        return
    tail = at[with_loss[-1] + 1:]
    for i in loss:
        c = rows.columns[i]
        values, present = c.values.copy(), c.present.copy()
        values[tail], present[tail] = np.nan, True
        rows.columns[i] = Numbers(values, present, c.bad)
    names = ", ".join(repr(rows.tags[i]) for i in loss)
    problems.add(f"{names} empty in the last {len(tail)} row(s) while the index goes on: pandas writes NaN as an "
                 "empty cell, so they are read as NaN", line=int(rows.lines[tail[0]]))
