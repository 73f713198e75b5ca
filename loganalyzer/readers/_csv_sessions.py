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
"""
from __future__ import annotations

import numpy as np


def resumed_sessions(steps: np.ndarray, valid: np.ndarray, columns) -> tuple[int, ...]:
    """Point indices (the long table's row-major order: rows in written order, cells by column) where a later
    session starts (module docstring); () when the step never goes back above the first step."""
    if not columns:
        return ()
    present = np.stack([c.present for c in columns], axis=1) & valid[:, None]
    points = present.sum(axis=1)
    rows = np.flatnonzero(points > 0)
    if len(rows) < 3:
        return ()
    s = steps[rows]
    back = np.flatnonzero((s[1:] < s[:-1]) & (s[1:] > s[0])) + 1
    if not len(back):
        return ()
    before = np.concatenate([[0], np.cumsum(points[rows])])
    return tuple(int(before[i]) for i in back)
