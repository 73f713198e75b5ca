"""A one-row launch at the top of a one-row-per-epoch log, written again at once by the next launch (used by
``_blocks.Runs``).

A PyTorch loop appending ``epoch,loss,mIoU,..`` rows to ``train_log.csv`` and ``val_log.csv`` (public
ArtinABS/Image-Segmentation-Using-UNet ``logs/``, fifty-first labeller's set) was started, stopped after its first
epoch and started again: both files open with two ``1,..`` rows (the first training row's loss 48.7, the next 0.44).
Every ``epoch`` going back starts a run, so each file was two runs, a one-row fragment and the 25-epoch training, and
the validation file was never paired with the training's (``discover_splitpair`` pairs one run per file). Here the
first row is left out, with one line, when the next row repeats its epoch and at least ``MIN_AFTER`` rows after it
count on from there: the launch that wrote one epoch was replaced by the one that went on.
"""
from __future__ import annotations

import numpy as np

MIN_AFTER = 3


def drop_aborted_first(counter: np.ndarray, lines: np.ndarray, keep: np.ndarray, problems, columns) -> None:
    """Unkeep (in place) a first kept row whose epoch the next kept row repeats and the rows after go on from
    (module docstring), with a line in ``problems`` (``.add(message, line=)``). The two rows must fill the same
    ``columns`` (``Numbers``): a training row and an evaluation row at one step (``0,1.0,`` / ``0,,2.0``) stay."""
    rows = np.flatnonzero(keep)
    if len(rows) < 2 + MIN_AFTER:
        return
    if any(bool(c.present[rows[0]]) != bool(c.present[rows[1]]) for c in columns):
        return
    c = counter[rows[:2 + MIN_AFTER]]
    with np.errstate(invalid="ignore"):
        if not (np.isfinite(c).all() and c[0] == c[1] and (np.diff(c[1:]) > 0).all()):
            return
    keep[rows[0]] = False
    problems.add(f"epoch {c[0]:g} written twice at the top (a launch stopped after one epoch, then started again): "
                 "the first row is left out, the second launch's rows are the run", line=int(lines[rows[0]]))
