"""Validation batch lines whose ``[epoch, batch]`` counter restarts inside the epoch (used by ``readers/joblog.py``
after ``_joblog_evalcounter``).

A handwriting-synthesis trainer (set 217's hwsynthsw217 ``test_p_7.out`` / ``test_s_3.out``, 500 epochs) prints
per epoch::

    training.....
    [1,     1] loss: 1367.643
    ...
    [1,    51] loss: 215.128
    validation....
    [1,     1] loss: 123.768
    Epoch 1: Train: avg. loss: 526.171
    Epoch 1: Valid: avg. loss: 140.214

The validation's batch line counts its own batches from 1: named ``val_loss`` by its banner, it kept the step its
counter gave, 1 in every epoch -- 500 validation points all at step 1 (the training lines at 1 .. 29,991). A
validation record (kind ``eval``) that printed its own counter, of the same epoch as the training line before it and
with a step below that line's, is the evaluation of the training so far: it is placed at that line's step (as
``_joblog_evalcounter`` places training-kind lines of evaluation names; each block's last line per name is kept).
"""
from __future__ import annotations

from dataclasses import replace

from ._joblog_evalcounter import keep_last


def eval_restarts(hits: list, notes: list, make_hit) -> list:
    """``hits`` with such validation lines at the training step before them; ``make_hit(hit, record, step)`` builds a
    hit."""
    out: list = []
    last_step, last_epoch, moved, block = None, None, 0, {}
    for h in hits:
        r = h.record
        if r.kind == "train" and h.step is not None and r.own_step:
            last_step, last_epoch, block = h.step, r.epoch, {}
        elif (r.kind == "eval" and r.own_step and h.step is not None and last_step is not None
              and r.epoch is not None and r.epoch == last_epoch and h.step < last_step):
            keep_last(out, block, make_hit(h, replace(r, step=last_step), last_step))  # the block's last holds
            moved += 1
            continue
        out.append(h)
    if not moved:
        return hits
    notes.append(f"{moved} validation lines counting their own batches within an epoch (step below the "
                 "training's) are evaluations at the training step before them; each block's last line is kept")
    return [h for h in out if h is not None]
