"""Where a resumed job's later session starts in a CSV log of one row per logging call (used by
``readers/lightning_csv``).

A source-separation trainer writing ``step,epoch,loss,...,val_loss`` rows (public audiosep75 ``training_log.csv``)
was resumed twice from an earlier checkpoint into the same file: its step went ``.. 750, 775`` then ``625, 650 ..``
(resumed from step 600) and ``.. 1000, 1025`` then ``925, 950 ..``. Both sessions' rows were kept, two points at
each re-logged step and a curve that zig-zags back. The step going back but staying above the file's first step
starts a later session (a step back to the first step or below is a training started over: other rules split it);
the loader makes each session a combine piece (``ReadResult.sessions``), so the resolved view keeps the later
session's points at the steps it logged again (``later_session_replaces``), as for resumed event files and the
other CSV readers (``_blocks.Runs.sessions``).

Only the training rows' step counts (the rows carrying a series with no validation/test word; all rows when no
series is a training one): Lightning writes an ``on_step`` validation metric at its running validation-batch
counter (``0,24,,,1.5400`` then ``1,25,,,1.2750`` after ``1,399,0.8628,,``, Lightning-AI/pytorch-lightning#14892),
a step that goes back on every validation and is no resume. Nor is a step going back with the ``epoch`` column
back at the first row's epoch (``4,99,0.5300,,`` then ``0,20,,0.9200,0.6000``: k-fold folds or trainings appended
to one file start over at epoch 0, where a resume goes on from its checkpoint's epoch).
"""
from __future__ import annotations

import re

import numpy as np

from ._shared_split import split_of

_NOT_TRAINING = re.compile(r"(?:^|[/_.\-])(?:test|eval|val|valid|validation|dev)(?:$|[/_.\-])|^(?:epoch|step)$", re.I)


def resumed_sessions(steps: np.ndarray, valid: np.ndarray, columns, tags=None) -> tuple[int, ...]:
    """Point indices (the long table's row-major order: rows in written order, cells by column) where a later
    session starts (module docstring); () when the step never goes back above the first step. ``tags`` the
    columns' series names (no names: every row counts)."""
    if not columns:
        return ()
    present = np.stack([c.present for c in columns], axis=1) & valid[:, None]
    points = present.sum(axis=1)
    training = [i for i, t in enumerate(tags or ()) if not _eval_name(t)]
    rows = np.flatnonzero(points > 0)
    if tags is not None and len(tags) == len(columns) and training and len(training) < len(columns):
        rows = np.flatnonzero(present[:, training].any(axis=1))
    if len(rows) < 3:
        return ()
    s = steps[rows]
    back = np.flatnonzero((s[1:] < s[:-1]) & (s[1:] > s[0])) + 1
    epoch = _epochs(columns, tags)
    if epoch is not None:
        first = epoch[rows[0]]
        back = np.array([i for i in back if not epoch[rows[i]] <= first], dtype=np.int64)  # NaN: no epoch, kept
    if not len(back):
        return ()
    before = np.concatenate([[0], np.cumsum(points)])
    return tuple(int(before[rows[i]]) for i in back)


def _epochs(columns, tags) -> np.ndarray | None:
    """The ``epoch`` column's values (NaN where a row has none), or None."""
    if tags is None or len(tags) != len(columns) or "epoch" not in tags:
        return None
    col = columns[list(tags).index("epoch")]
    return np.where(col.present, col.values, np.nan).astype(float)


def _eval_name(name) -> bool:
    """A validation/test series or a counter column (not a training row's mark)."""
    return not isinstance(name, str) or split_of(name) == "val" or _NOT_TRAINING.search(name) is not None
