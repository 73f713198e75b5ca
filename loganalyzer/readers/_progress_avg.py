"""An epoch's summary printed as ``avg. <name> <value>`` pairs (for ``readers/_progress.py``).

I-JEPA fine-tuning (``INFO:root:avg. train_loss 10.954`` / ``INFO:root:avg. test_loss 11.911 avg. Accuracy@1 0.007 -
avg. Accuracy@5 0.012`` after each epoch's ``[e, i/N] train_loss: ..`` lines): the averages over the epoch, named
``<name>_epoch`` (the epoch aggregate beside the per-step ``train_loss``); a name without a split word takes the
line's (``test_Accuracy@1_epoch``). They were tags ``avg._train_loss``/``avg._test_loss`` and the accuracies were
dropped (``@`` is no key character). No step: at the training step before them, as evaluation lines are.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

_PAIR = re.compile(r"(?i)\bavg\.?\s+([A-Za-z][\w@/.-]*?)\s*[:=]?\s+(" + NUMBER + r")(?![\w.])")
_SPLIT = re.compile(r"(?i)^(train|training|val|valid|validation|eval|test)[_/]")


def avg_summary(record: Record | None, text: str) -> Record | None:
    """``record`` renamed as an ``avg. name value`` epoch summary (module docstring), when ``text`` is one; any other
    record unchanged."""
    if record is None or record.step is not None or record.epoch is not None or not text[:4].lower() == "avg.":
        return record
    pairs = [(k, to_float(v)) for k, v in _PAIR.findall(text)]
    pairs = [(k, v) for k, v in pairs if v is not None]
    if not pairs:
        return record
    split = next((m.group(1).lower() for k, _ in pairs if (m := _SPLIT.match(k))), None)
    values = tuple((f"{k if _SPLIT.match(k) or split is None else split + '_' + k}_epoch", v) for k, v in pairs)
    return Record(record.shape, values, kind="eval", rank=record.rank, time=record.time)
