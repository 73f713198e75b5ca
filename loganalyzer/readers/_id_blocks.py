"""An id column (``_index_columns.ID_NAMES``: ``version``, ``model``, ``run_id``, ``trial``, ``fold``...) holding a
few numbers, each on one block of consecutive rows, in a per-epoch CSV whose counter runs on across the blocks (for
``plain_csv``).

A script that fits a model again (a second version, the next trial or fold) and appends its Keras history to the same
frame with the id written on every row (public rakuten151 ``,version,loss,accuracy,val_loss,val_accuracy``:
``pd.concat([h1, h2]).reset_index().to_csv()``, the pandas index running 0..29 over both fits) gives no sign of the
second training in its counter: both fits' losses were one series, and the id a metric series (brk58 #9). The id's
blocks are the trainings: each value's rows a run of their own (in file order), the column then no series
(``_index_columns.tidy``: one value in each run). Only when every value holds one block of two rows or more, the file
holds 2 to ``_MAX_IDS`` of them and the column is a number on every row; a one-valued id is ``tidy``'s alone.

A named step column (``step``, ``epoch``) that keeps counting across every id change is one training resumed (a W&B
export's ``step,run,loss,val_loss`` with ``run`` 1 then 2 and ``step`` running on, brk59 R1): not split. Only an
unnamed counter (the pandas index above, which counts rows whatever they are) runs on over trainings.
"""
from __future__ import annotations

import numpy as np

from ._text_clean import normal_name

_MAX_IDS = 20


def split_ids(runs, stepped: bool = False) -> str | None:
    """Give each id value's block of rows a run of its own (module docstring); the line saying so, or None."""
    from ._index_columns import ID_NAMES

    if runs.count != 1:
        return None
    r, keep = runs.rows, runs.keep & runs.rows.valid
    if keep.sum() < 4:
        return None
    for i, tag in enumerate(r.tags):
        if normal_name(tag) not in ID_NAMES:
            continue
        c = r.columns[i]
        if not (c.present[keep]).all():
            continue
        vals = c.values[keep]
        changes = np.diff(vals, prepend=np.nan) != 0  # True at each block's first row (the first row too)
        starts = np.flatnonzero(changes)
        ids = vals[starts]
        if not 2 <= len(ids) <= _MAX_IDS or len(np.unique(ids)) != len(ids):
            continue  # one value (``tidy``'s), too many, or an id coming back (interleaved: no blocks)
        if np.min(np.diff(np.append(starts, len(vals)))) < 2:
            continue
        steps = r.steps[keep]
        if stepped and len(starts) > 1 and (steps[starts[1:]] > steps[starts[1:] - 1]).all():
            return None  # a named step running on across every id change: one training resumed
        segments = np.full(len(runs.keep), -1, dtype=np.int64)
        segments[keep] = np.cumsum(changes) - 1
        runs.set_segments(segments)
        return (f"column {tag!r} holds {len(ids)} values, each on one block of rows (a model fitted again and "
                "appended with its id): each block is a run of its own")
    return None


def named_in(columns) -> bool:
    """The header names an id column (``plain_csv.count_segments`` then parses the file: its blocks may be runs)."""
    from ._index_columns import ID_NAMES

    return any(normal_name(c.strip().strip('"')) in ID_NAMES for c in columns)
