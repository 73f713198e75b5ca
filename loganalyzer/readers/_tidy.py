"""Tidy points from wide rows (moved out of ``_text``, which re-exports these names for the readers).

``long_columns`` turns a table's value columns (``_text.Numbers``, one per column) into bare tidy columns
(``readers.ScalarColumns``: tag codes, integer steps, float64 values, wall times); ``long_frame`` wraps them as a
reader's table; ``concat_frames`` joins tidy tables one after the other. Pure reshaping: no thresholds, no errors
raised (a column that holds no point simply adds none).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import ScalarColumns, scalar_frame

if TYPE_CHECKING:  # pandas only where a DataFrame is built
    import pandas as pd

    from ._text import Numbers


def long_columns(
    tags: list[str], columns: list[Numbers], steps: np.ndarray, rows: np.ndarray, wall_time: np.ndarray | None = None,
    drop_unused: bool = False,
) -> ScalarColumns:
    """Tidy points from wide rows, as bare columns (what ``long_frame`` holds): row by row (written order), within a
    row column by column.

    ``tags[i]`` names ``columns[i]`` (names may repeat: the tags are the distinct names in column order, without
    those no point uses with ``drop_unused``); only rows where ``rows`` is True and cells that are present become
    points."""
    categories = list(dict.fromkeys(tags))
    if not columns:
        empty = np.empty(0, dtype=np.int64)
        return ScalarColumns([] if drop_unused else categories, empty, empty, np.empty(0), np.empty(0))
    codes_of_column = np.array([categories.index(t) for t in tags], dtype=np.int64)
    present = np.stack([c.present for c in columns], axis=1)
    if not rows.all():
        present &= rows[:, None]
    flat = np.flatnonzero(present)  # C order: row-major, so rows stay in written order
    values = np.stack([c.values for c in columns], axis=1).ravel()[flat]
    row_of = flat // len(columns)
    col_of = flat - row_of * len(columns)
    codes = codes_of_column[col_of]
    if drop_unused:
        used = np.zeros(len(categories), dtype=bool)
        used[codes] = True
        if not used.all():
            codes = (np.cumsum(used) - 1)[codes]
            categories = [c for c, u in zip(categories, used) if u]
    wall = np.full(len(flat), np.nan) if wall_time is None else np.asarray(wall_time[row_of], dtype=np.float64)
    return ScalarColumns(categories, codes, steps[row_of].astype(np.int64, copy=False), values, wall)


def long_frame(
    tags: list[str], columns: list[Numbers], steps: np.ndarray, rows: np.ndarray, wall_time: np.ndarray | None = None
) -> pd.DataFrame:
    """``long_columns`` as a reader's table (``tag`` categorical)."""
    import pandas as pd
    points = long_columns(tags, columns, steps, rows, wall_time)
    tag = pd.Categorical.from_codes(points.tag_codes, categories=points.tags)
    return scalar_frame(tag, points.steps, points.values, points.wall_times)


def concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tidy frames one after the other; the tag categories are the union in order of first appearance."""
    import pandas as pd
    if len(frames) == 1:
        return frames[0]
    categories = list(dict.fromkeys(c for f in frames for c in f["tag"].cat.categories))
    tags = pd.Categorical(np.concatenate([f["tag"].astype(object).to_numpy() for f in frames]), categories=categories)
    return scalar_frame(
        tags,
        np.concatenate([f["step"].to_numpy() for f in frames]),
        np.concatenate([f["value"].to_numpy() for f in frames]),
        np.concatenate([f["wall_time"].to_numpy() for f in frames]),
    )
