"""A federated server's per-round table whose bare ``loss`` is its evaluation's (for ``readers/plain_csv.py``).

Flower's ``History`` (``flwr/server/history.py``) holds ``losses_centralized`` / ``losses_distributed`` -- the loss of
the global model evaluated after each round, on the server's test set or the clients' evaluation sets -- and
``metrics_centralized`` (``test_accuracy``, ..); a server trains nothing, so no training loss is in it unless the
strategy aggregates fit metrics (``metrics_distributed_fit``, written with a ``train`` name). Scripts dump it as
``round,loss,test_accuracy,macro_f1,...`` (public harfedprox177 ``patchtst_history.csv``: the global test loss rises
0.751 -> 0.901 over 20 rounds while test accuracy climbs, labelled overfit; the bare ``loss`` was judged as the
TRAINING loss). A per-epoch ``epoch,loss,test_acc`` of a plain training script is a training loss beside a test
accuracy: only the federated round axis (``_plain_columns.ROUND_COLUMNS``) tells the server's table apart.

When the step column is a round, the header names one bare ``loss``, no other loss, nothing of training (a time
spent training, ``avg_client_train_time``, is no measure of it) and at least one column of an evaluation split
(``test_*`` or ``val_*``), that ``loss`` is renamed after the split (``test_loss``, else ``val_loss``) with one line
saying so: a loss of the evaluation alone, judged as the curves stage judges a validation-only run.
"""
from __future__ import annotations

import re

from ._plain_columns import ROUND_COLUMNS, _normal

_WORD = re.compile(r"[a-z0-9]+")
_TRAIN = frozenset({"train", "training", "trn", "fit"})
_TEST = frozenset({"test", "testing"})
_VAL = frozenset({"val", "valid", "validation", "eval", "evaluation", "evaluated"})
_TIME = frozenset({"time", "times", "sec", "secs", "seconds", "s", "duration", "runtime", "elapsed"})


def eval_loss_rename(columns: list[str], x_col: int | None) -> tuple[dict[str, str], str] | None:
    """({'loss': 'test_loss'}, the line saying why) for a federated server's round table (module docstring), else
    None. ``columns``: the header's names as written; ``x_col``: the step column's index."""
    if x_col is None or _normal(columns[x_col]) not in ROUND_COLUMNS:
        return None
    others = [c for i, c in enumerate(columns) if i != x_col and c]
    words = {c: set(_WORD.findall(_normal(c).replace("_", " "))) for c in others}
    bare = [c for c in others if _normal(c) == "loss"]
    if len(bare) != 1 or any("loss" in _normal(c) for c in others if c != bare[0]):
        return None
    if any(ws & _TRAIN and not ws & _TIME for ws in words.values()):
        return None
    split = "test" if any(ws & _TEST for ws in words.values()) else (
        "val" if any(ws & _VAL for ws in words.values()) else None)
    if split is None:
        return None
    new = f"{split}_loss"
    return {bare[0]: new}, (f"a federated server's per-round table ({columns[x_col]!r} the step): its bare {bare[0]!r} "
                            f"sits beside only evaluation measures and nothing of training, so it is the global "
                            f"model's evaluation loss (Flower History's losses_centralized): read as {new!r}")
