"""A few rows back at the counter's start between a training's rows and their continuation (used by
``_blocks.Runs``).

A source-separation trainer appending ``timestamp,epoch,iteration,train_loss,val_loss,checkpoint`` rows (public
kancocktail75 ``models_fast_kan/training_log.csv``) trained to iteration 86001, then was launched three times to
evaluate its checkpoint (rows at ``iteration`` 1, ``epoch`` 5, 6, 8: the validation loss of the saved model and a
training loss of no batch), then resumed training at 86001::

    2025-05-06 04:57:28,4,86001,-1.0869936889890592,-1.9521448478102683,
    2025-05-06 06:27:40,5,1,-13.771604537963867,-1.9536699697375297,
    2025-05-06 08:19:06,8,1,-13.777780532836914,-1.9547321835160256,
    2025-05-06 08:20:00,8,86001,-0.0001095363832382536,-1.9440651467442513,

The counter going back to the run's first value starts a run, so the one training was two runs, the second opening
with the evaluation rows. Here the rows where the counter went back to (or below) the run's first value are left out,
with one line, when at most ``MAX_ROWS`` of them come before a row whose counter is back where the run had reached
(at or past its highest, within two strides: the run's median step) and jumped there (more than two strides from the
row before): evaluation-only launches between a training and its resume. A training started over counts on from its
start by its stride (a Keras ``CSVLogger(append=True)`` file's epochs ``0 1 0 1 2 ..``) and still starts a run. A
corrupted row whose counter lost its digits (``.667079`` between epochs 13 and 15, public gaunet ``seg``) is such a
row too: the training goes on, one run.
"""
from __future__ import annotations

import numpy as np

MAX_ROWS = 5


def drop_interludes(counter: np.ndarray, lines: np.ndarray, keep: np.ndarray, problems) -> None:
    """Unkeep (in place) the interlude rows of the module docstring, one line in ``problems`` (``.add(message,
    line=)``) each."""
    rows = np.flatnonzero(keep)
    if len(rows) < 2 + MAX_ROWS:
        return
    c = counter[rows]
    with np.errstate(invalid="ignore"):
        if not np.isfinite(c).all():
            return
        back = np.flatnonzero(c[1:] < c[:-1]) + 1
    first, reached, done = c[0], c[0], 0
    for i in back.tolist():
        if i < done:
            continue
        reached = c[done:i].max() if i > done else reached
        if c[i] > first:
            continue
        after = np.flatnonzero(c[i:i + MAX_ROWS + 1] >= reached)
        j = i + int(after[0]) if len(after) else i
        gaps = np.diff(c[done:i])
        stride = float(np.median(gaps[gaps > 0])) if (gaps > 0).any() else None
        if j == i or c[i:j].max() > first or stride is None or not (
                c[j] - c[j - 1] > 2 * stride and c[j] <= reached + 2 * stride):
            first, done = c[i], i  # a training started over: a new run (segment_rows)
            continue
        keep[rows[i:j]] = False
        problems.add(f"{j - i} row(s) back at counter {c[i]:g} after {reached:g}, then the counter went on from "
                     f"{c[j]:g}: evaluation-only launches between a training and its resume, left out (one run)",
                     line=int(lines[rows[i]]))
        done = j
