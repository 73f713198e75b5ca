"""A Keras history's four curves saved as the rows of one unnamed array (for ``keras_npy``).

``np.save('history.npy', np.array([h.history['acc'], h.history['val_acc'], h.history['loss'],
h.history['val_loss']]))`` (public mkimgcls210 ``history.npy``: mkusoglu/Image-Classifier's drnn.py, a (4, 500) float64
array; it was refused as "not one metric's 1-D series" and the run was missing) keeps no names. The numbers say which
row is which kind: an accuracy lies within [0, 1] and ends above its start; a loss is never negative and ends below
its start. Exactly two of each (``keras_rows``), or the rows stay unnamed (``_loss_columns.read_rows``). Which of two
rows of one kind is the validation's the numbers cannot say; every order such scripts write -- ``[acc, val_acc, loss,
val_loss]``, ``[loss, val_loss, acc, val_acc]``, tf.keras' own ``history.history`` order ``loss, acc, val_loss,
val_acc`` -- puts the training's first, so the first row of a kind is named the training's (``acc``, ``loss``), the
second the validation's (``val_acc``, ``val_loss``); a note says so. (Keras <= 2.2's dict put ``val_`` first: a
``list(history.history.values())`` of that era would be read swapped.)
"""
from __future__ import annotations

import math

from ..runs import Problem
from . import ReadResult

ROWS = 4
MIN_POINTS = 20  # as _loss_columns' rows: fewer points is some other small matrix


def _kind(row: list[float]) -> str | None:
    finite = [v for v in row if math.isfinite(v)]
    if len(finite) < MIN_POINTS or min(finite) < 0:
        return None
    if max(finite) <= 1 and finite[-1] > finite[0]:
        return "acc"
    return "loss" if finite[-1] < finite[0] else None


def keras_rows(rows: list[list[float]]) -> list[str] | None:
    """The Keras names of four rows (module docstring), or None when they are not two accuracies and two losses."""
    if len(rows) != ROWS:
        return None
    kinds = [_kind(r) for r in rows]
    if kinds.count("acc") != 2 or kinds.count("loss") != 2:
        return None
    names, seen = [], set()
    for kind in kinds:
        names.append(kind if kind not in seen else f"val_{kind}")
        seen.add(kind)
    return names


def read(rows: list[list[float]], names: list[str], path: str, what: str) -> ReadResult:
    """The rows as series ``names`` by index (the epoch), with one note naming the rule."""
    import numpy as np

    from . import scalar_frame

    n = len(rows[0])
    note = Problem(path, f"{what}: {len(rows)} unnamed rows of {n} points read as {', '.join(names)} by index (two "
                         "rows within [0, 1] rising taken for accuracies, two falling for losses, the first of each "
                         "the training's; the file names none)")
    tags = [t for t in names for _ in range(n)]
    return ReadResult(scalar_frame(tags, np.tile(np.arange(n), len(rows)), [v for r in rows for v in r]), (note,))
