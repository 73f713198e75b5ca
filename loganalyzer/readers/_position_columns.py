"""A per-batch table's ``epoch`` and ``batch`` columns beside its own step column: the row's place, no series (for
``_index_columns.tidy``).

kenshohara/3D-ResNets-PyTorch's ``Logger`` (and Efficient-3DCNNs, its many forks: public eff3dcnn ``results/
train_batch.log``, audit 41q) writes one TSV row per batch::

    epoch\tbatch\titer\tloss\tprec1\tprec5\tlr
    42\t1\t216891\t1.5619412660598755\t61.111106872558594\t87.5\t0.00010000000000000003

``iter`` is the step; ``epoch`` (whole numbers that never go down) and ``batch`` (counting up within each epoch,
back down where the epoch moves on) only say where the row lies: two junk series. Both are dropped, said in one
line, when the table's step is another column (both are then value columns) and their values have that shape.
"""
from __future__ import annotations

import numpy as np

from ._text_clean import normal_name

EPOCH_NAMES = frozenset({"epoch", "epochs", "ep"})
BATCH_NAMES = frozenset({"batch", "batch_idx", "batch_id", "batch_index", "iter_in_epoch", "step_in_epoch"})


def names_act(normal: list[str]) -> bool:
    """Whether a header may hold such columns (``_index_columns.header_acts``)."""
    return any(n in EPOCH_NAMES for n in normal) and any(n in BATCH_NAMES for n in normal)


def position_columns(tags: list, columns: list, kept: np.ndarray, steps: np.ndarray) -> tuple[set, str] | None:
    """(indices of the epoch and batch columns, the note) when they have the module docstring's shape, else None."""
    normal = [normal_name(t) for t in tags]
    if not names_act(normal):
        return None
    e = next(i for i, n in enumerate(normal) if n in EPOCH_NAMES)
    b = next(i for i, n in enumerate(normal) if n in BATCH_NAMES)
    at = kept & columns[e].present & columns[b].present
    if at.sum() < 3:
        return None
    ep, ba, st = columns[e].values[at], columns[b].values[at], steps[at]
    if not (np.all(ep == np.floor(ep)) and np.all(ba == np.floor(ba))):
        return None
    if np.any(np.diff(ep) < 0) or np.any(np.diff(st) <= 0):
        return None
    same = np.diff(ep) == 0
    if np.any(np.diff(ba)[same] <= 0) or np.any(np.diff(ba)[~same] >= 0):
        return None  # within an epoch the batch counts up; a new epoch starts it again
    return {e, b}, (f"columns {tags[e]!r} and {tags[b]!r} say where each row lies (the epoch, the batch within it) "
                    "beside the step column: no metric series")
