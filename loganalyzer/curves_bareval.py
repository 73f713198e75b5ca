"""A bare ``loss`` beside a ``train_loss`` in one table: the evaluation's loss (for ``curves.find_curves``).

A loop that names its own training loss and merges the dict its evaluation returns into the same row writes
``epoch,train_loss,loss,iou,dice,...`` (public Sanketsingh77/satellite-geospatial ``results/training_history.csv``:
``{"epoch": e, "train_loss": tl, **evaluate(model, val_loader)}``, ``evaluate`` returning ``{"loss": .., "iou": ..,
"dice": ..}``). The unmarked ``loss`` was read as a second training loss beside ``train_loss`` and the run had no
validation loss. When the training side is named (a ``train_loss``), no loss is marked validation or test, and the one
bare ``loss`` of the same run is logged at the same steps, that ``loss`` is the other split's: it takes the
validation role (marked ``val``), with a note. A ``loss`` beside ``val_loss`` (Keras) is untouched: a split is named.
"""
from __future__ import annotations

import numpy as np

from .curves_names import _Cand


def bare_eval_loss(table, losses: list[_Cand], notes: list[str]) -> _Cand | None:
    """The bare ``loss`` re-marked ``val`` (module docstring), or None (nothing changed)."""
    if any(c.marker in ("val", "test", "conflict") for c in losses):
        return None
    train = [c for c in losses if c.marker == "train" and c.words == ("train", "loss") and not c.summary]
    bare = [c for c in losses if c.marker is None and c.words == ("loss",) and not c.summary]
    if len(train) != 1 or len(bare) != 1 or train[0].dir != bare[0].dir or train[0].n != bare[0].n or bare[0].n < 2:
        return None
    if not np.array_equal(table.steps_of(train[0]), table.steps_of(bare[0])):
        return None
    bare[0].marker = "val"
    notes.append(f"{bare[0].name}: a bare loss beside {train[0].name} at the same steps, the training side named: "
                 "the evaluation's loss (validation)")
    return bare[0]
