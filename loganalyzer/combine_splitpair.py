"""Keras' ``train/`` and ``validation/`` splits of one ``fit()`` called again into one log dir (used by
``combine_resolve._Resolver.counter_resets``).

``tf.keras.callbacks.TensorBoard(log_dir)`` writes each ``fit()`` as a new event file in ``log_dir/train`` and in
``log_dir/validation`` (one process: ``...73068.0.v2`` train, ``.1.v2`` validation, ``.2.v2`` train, ``.3.v2``
validation), ``epoch_loss``/``epoch_mae`` counted from epoch 0 again in both, while the validation file's
``evaluation_loss_vs_iterations`` goes on with the optimizer's iterations (1..20, then 21..40). Public
huangyuan3h/StockData ``logs/fit/<date>/``: the train split's second session was read as the same model trained on
(``counter_reset_continued``: steps 0..39) and the validation split's, whose losses were NaN, as a resume from step 0
replacing the first (``later_session_replaces``: 80 points dropped, epochs on another axis than the train split's).

A validation session is decided as the train session written with it: the session of the sibling ``train`` dir
whose points were written over the same wall-time span (both write at each epoch's end), never the train dir's
first. When that one was continued by N steps,
the validation session's series whose step went back are moved by the same N (its iteration counter, which did not
go back, stays), so both splits share one axis and no point is dropped.
"""
from __future__ import annotations

import os

import numpy as np

TRAIN, VALIDATION = "train", "validation"


def split_dirs(paths: list, pieces_of: dict) -> dict:
    """{validation dir code: train dir code} for sibling ``train``/``validation`` dirs holding sessions; ``paths``:
    each piece's file path; ``pieces_of``: dir code -> its pieces (written order)."""
    named: dict = {}
    for code, pieces in pieces_of.items():
        d = os.path.dirname(paths[pieces[0]])
        named[(os.path.dirname(d), os.path.basename(d))] = code
    return {code: named[(parent, TRAIN)] for (parent, name), code in named.items()
            if name == VALIDATION and (parent, TRAIN) in named}


def ordered(pieces_of: dict, pairs: dict) -> list:
    """The dirs' piece lists, each train dir before its validation sibling."""
    return sorted(pieces_of.items(), key=lambda item: item[0] in pairs)


def partner(p: int, train_pieces: list, walls: dict) -> int | None:
    """The train session written with validation session ``p`` (module docstring), or None: the one whose wall-time
    span (``walls``: piece -> (first, last) wall time) overlaps ``p``'s, the nearest start among several; never the
    train dir's first session."""
    a, b = walls.get(p, (np.nan, np.nan))
    if not (np.isfinite(a) and np.isfinite(b)):
        return None
    found = [(abs(walls[q][0] - a), q) for q in train_pieces if q in walls
             and walls[q][0] <= b and a <= walls[q][1]]
    if not found:
        return None
    q = min(found)[1]
    return None if q == train_pieces[0] else q
