"""Progress lines naming their loss a ``cost`` (used by ``readers/joblog.py`` when no line names a loss).

TensorFlow 1's tutorials and the code written from them call the objective the cost: a CTC speech model
(public srproj104 ``log.txt``: ``Epoch 26/500`` then ``Train cost: 66.34, train label error rate: 1.0``, every 25
epochs) printed no word ``loss``, so the reader's pass (it stops at ``loss``) found nothing and the run was
`unknown`. A line naming a ``cost`` with its value (``cost: 1.2``, ``cost = 1.2``, ``Cost 1.2``) is read as the
reader reads any ``name: value`` line, the cost its loss (``curves_names.LOSS_WORDS`` holds ``cost``), the other
pairs of the line beside it; steps from the line itself or the epoch header above it. A cost named with time, an
API, tokens or memory (``time cost: 12.3s``) is no loss. At least ``MIN_LINES`` lines, or nothing is read.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import _kv, clean

MIN_LINES = 3
_NEEDLE = b"ost"


# what a cost that is no loss is named with: 'time cost: 12.3s' (a common epoch-timing print), an API's or a
# token's cost, a memory cost
_PHASE = re.compile(r"(?i)(?:layer|stage|phase|fold|round|block|level)$")
_NOT_LOSS = re.compile(r"(?i)time|elapsed|sec|api|token|price|usd|dollar|compute|mem|gpu|cpu|flop")


def _cost_line(segment):
    text = clean(bytes(segment))[0]
    record = _kv(text, needs="cost") if "cost" in text.lower() else None
    if record is None or not any("cost" in k.lower() and not _NOT_LOSS.search(k) for k, _ in record.values):
        return None
    values = tuple((k, v) for k, v in record.values if not (_PHASE.search(k) and v == int(v)))
    return replace(record, values=values)  # (Theano's SdA 'Pre-training layer 0, epoch 0, cost 0.2005': the layer
    # is which training, no series)


def cost_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose progress lines name a cost (module docstring), or [] when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=_cost_line)
    return hits if len(hits) >= MIN_LINES else []
