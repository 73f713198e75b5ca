"""A bare ``loss`` beside a ``train_loss`` in one table: the evaluation's loss (for ``curves.find_curves``).

A loop that names its own training loss and merges the dict its evaluation returns into the same row writes
``epoch,train_loss,loss,iou,dice,...`` (public Sanketsingh77/satellite-geospatial ``results/training_history.csv``:
``{"epoch": e, "train_loss": tl, **evaluate(model, val_loader)}``, ``evaluate`` returning ``{"loss": .., "iou": ..,
"dice": ..}``). The unmarked ``loss`` was read as a second training loss beside ``train_loss`` and the run had no
validation loss. When the training side is named (a ``train_loss``), no loss is marked validation or test, and the one
bare ``loss`` of the same run is logged at the same steps, that ``loss`` is the other split's: it takes the
validation role (marked ``val``), with a note. A ``loss`` beside ``val_loss`` (Keras) is untouched: a split is named.

Only with a sign of an evaluation (brk59 R4/W1): the run logs an unmarked evaluation metric beside it (``iou``,
``dice``, ``acc``.. -- what ``evaluate`` returned with its loss), and ``loss`` is no copy of ``train_loss``. Without
one, a bare ``loss`` is as likely a second training measurement (``self.log('loss', l)`` beside
``self.log('train_loss', l)``, the last batch's ``loss.item()`` beside the epoch mean, a total with a regulariser) and
is left as it was.
"""
from __future__ import annotations

import re

import numpy as np

from .curves_names import _Cand

_EVAL_WORD = re.compile(r"(?:^|[^a-z])(?:acc|accuracy|iou|miou|dice|f1|auc|auroc|precision|recall|psnr|ssim|bleu|rouge"
                        r"|map|mae|rmse|mse|ndcg|hr|top1|top5|err|error|wer|cer|perplexity|ppl)(?:$|[^a-z])")


def _evaluated(table, bare: _Cand, train: _Cand) -> bool:
    """Whether the run logs an unmarked evaluation metric (not a loss) and ``bare`` is no copy of ``train``."""
    if np.allclose(train.values(), bare.values(), rtol=1e-6, atol=1e-9, equal_nan=True):
        return False  # the same loss logged twice under two names
    cands = getattr(table, "cands", None) or []
    return any(c.dir == bare.dir and c.marker is None and "loss" not in c.tag.lower()
               and _EVAL_WORD.search(c.tag.lower()) is not None for c in cands)


def bare_eval_loss(table, losses: list[_Cand], notes: list[str]) -> _Cand | None:
    """The bare ``loss`` re-marked ``val`` (module docstring), or None (nothing changed)."""
    if any(c.marker in ("val", "test", "conflict") for c in losses):
        return None
    train = [c for c in losses if c.marker == "train" and c.words == ("train", "loss") and not c.summary]
    bare = [c for c in losses if c.marker is None and c.words == ("loss",) and not c.summary]
    if len(train) != 1 or len(bare) != 1 or train[0].dir != bare[0].dir or train[0].n != bare[0].n or bare[0].n < 2:
        return None
    if not np.array_equal(table.steps_of(train[0]), table.steps_of(bare[0])) or not _evaluated(table, bare[0], train[0]):
        return None
    bare[0].marker = "val"
    notes.append(f"{bare[0].name}: a bare loss beside {train[0].name} at the same steps, the training side named: "
                 "the evaluation's loss (validation)")
    return bare[0]
