"""An evaluation before training, written as a row of its own at the first epoch (used by ``readers/_blocks.py``).

A hand-made history (public dionvou/vesuvius_ink_detection ``pretraining/training_history_videomae_*.csv``, the
forty-fifth labeller's set) evaluates the model before the first epoch and writes ``0,N/A,1.1983`` (``epoch,
train_loss,val_loss``: no training value yet), then epoch 0's full row ``0,1.2005,1.1986``. A Keras-style file
starts a new run wherever the epoch goes back to, or repeats, the run's first epoch, so the file was split into two
runs: ``#1`` holding one validation point, ``#2`` the training.

Such a pair is one run: a row followed by a row at the same epoch that holds every value it holds and more (the
evaluation before training: a value column missing there) is left out, with one line saying so. It is not kept at
the epoch's step: that step holds the epoch's own evaluation, and a metric written twice at a step keeps both points
(``loganalyzer.combine``), so the untrained model's value would sit on the trained curve at epoch 0. A job resumed from
a checkpoint that evaluates first (``5,N/A,..`` then ``5,..,..``) is then an ordinary resume; a training appended from
scratch that evaluates first (``0,N/A,..`` after epoch 9) still starts a run, at its epoch 0 row; a row repeating its
epoch with the same columns (a training appended without a pre-evaluation) is untouched. The same partial row
written again at its epoch (``0,N/A,..`` twice: a launch that stopped after its evaluation, then a new launch) is
left out the same way: the project's ``training_history.csv`` holds four such launches in a row, each had become a
one-point run.
"""
from __future__ import annotations

import numpy as np


def pre_evaluations(counter: np.ndarray, present: list[np.ndarray], keep: np.ndarray) -> np.ndarray:
    """The rows (indexes into all rows) among the kept ones that the next kept row repeats at the same counter with
    a strict superset of their present columns, or with the same columns when a column is missing there that other
    rows hold (``present``: one bool array per value column, over all rows)."""
    rows = np.flatnonzero(keep)
    if len(rows) < 2 or not present:
        return rows[:0]
    c = counter[rows]
    tie = np.flatnonzero(c[1:] == c[:-1])
    if not len(tie):
        return rows[:0]
    here = np.stack([p[rows] for p in present])  # columns x kept rows
    before, now = here[:, tie], here[:, tie + 1]
    within = ~(before & ~now).any(axis=0) & before.any(axis=0)
    # a strict subset; or the same partial row again (a launch that stopped after its evaluation, then a new launch)
    partial = (~before & here.any(axis=1)[:, None]).any(axis=0)
    subset = within & ((now & ~before).any(axis=0) | ((now == before).all(axis=0) & partial))
    return rows[tie[subset]]


def drop_pre_evaluations(rows, keep: np.ndarray, problems) -> None:
    """Leaves out (in ``keep``) each evaluation row written before its epoch's own row, with one line in ``problems``
    (a ``Problems``) for them all."""
    found = pre_evaluations(rows.counter, [c.present for c in rows.columns], keep)
    if not len(found):
        return
    keep[found] = False
    first = found[0]
    held = [tag for tag, col in zip(rows.tags, rows.columns) if col.present[first]]
    lacking = [tag for tag, col in zip(rows.tags, rows.columns) if not col.present[first]]
    more = f" (and {len(found) - 1} more such rows)" if len(found) > 1 else ""
    problems.add(f"a row at epoch {rows.counter[first]:g} holding only {', '.join(map(repr, held))} (no "
                 f"{', '.join(map(repr, lacking[:3]))}: an evaluation before training), then that epoch's own row: one "
                 f"run; the evaluation before training is left out{more}, the epoch's step holds the epoch's own "
                 "evaluation", line=int(rows.lines[first]))
