"""A run's tidy scalars table grouped by (dir, tag) once, for both ``summary.summarise_series`` and
``curves_choose._Table`` (``scan.summarise_run`` hands the same grouping to both).

Only the shape ``load_run`` builds is grouped here: categorical ``dir`` and ``tag`` columns without missing labels.
Any other table gets None and each stage groups it its own way, as before. Rows are ordered by (category codes of
dir and tag, step), stably, exactly as both stages order them.
"""
from __future__ import annotations

import numpy as np


class ScalarGroups:
    """Rows sorted by (dir code, tag code, step); ``starts``/``stops`` bound each (dir, tag) group; ``keys`` is the
    group's dir code x ``n_tags`` + tag code; ``dir_names``/``tag_names`` are the category labels as ``str``."""

    __slots__ = ("steps", "values", "starts", "stops", "keys", "n_tags", "dir_names", "tag_names")

    def __init__(self, steps, values, starts, stops, keys, n_tags, dir_names, tag_names):
        self.steps = steps
        self.values = values
        self.starts = starts
        self.stops = stops
        self.keys = keys
        self.n_tags = n_tags
        self.dir_names = dir_names
        self.tag_names = tag_names


def group_scalars(scalars) -> ScalarGroups | None:
    """The (dir, tag) groups of a table with categorical ``dir`` and ``tag`` and no missing label, else None."""
    import pandas as pd

    columns = scalars.columns
    if "dir" not in columns or "tag" not in columns:
        return None
    dirs, tags = scalars["dir"].array, scalars["tag"].array
    if not (isinstance(dirs, pd.Categorical) and isinstance(tags, pd.Categorical)):
        return None
    return _grouped(list(dirs.categories), dirs.codes, list(tags.categories), tags.codes,
                    scalars["step"].to_numpy(dtype=np.int64), scalars["value"].to_numpy(dtype=np.float64))


def group_columns(dir_names: list, dir_codes, tag_names: list, tag_codes, steps, values, *_) -> ScalarGroups | None:
    """``group_scalars`` of the table ``load._tidy_frame`` would build from these combined columns
    (``combine.Combined.columns()``, as ``runs.ColumnsLoadedRun.scalar_columns`` holds them), without building it."""
    return _grouped(dir_names, np.asarray(dir_codes), tag_names, np.asarray(tag_codes),
                    np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=np.float64))


def _grouped(dir_names, d_codes, tag_names, t_codes, steps, values) -> ScalarGroups | None:
    if len(d_codes) and (d_codes.min() < 0 or t_codes.min() < 0):
        return None
    n_tags = max(len(tag_names), 1)
    key = d_codes.astype(np.int64) * n_tags + t_codes.astype(np.int64)
    n = len(key)
    if n > 1:
        same = key[1:] == key[:-1]
        if not bool(np.all((key[1:] > key[:-1]) | (same & (steps[1:] >= steps[:-1])))):
            order = np.lexsort((steps, key))  # stable: among repeated steps the later-written row stays last
            key, steps, values = key[order], steps[order], values[order]
    bounds = np.flatnonzero(key[1:] != key[:-1]) + 1
    if n:
        starts = np.concatenate(([0], bounds)).astype(np.int64)
        stops = np.concatenate((bounds, [n])).astype(np.int64)
    else:
        starts = stops = bounds.astype(np.int64)
    return ScalarGroups(steps, values, starts, stops, key[starts], n_tags,
                        [str(x) for x in dir_names], [str(x) for x in tag_names])
