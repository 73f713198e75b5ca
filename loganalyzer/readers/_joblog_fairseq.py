"""fairseq-train's split records (used by ``readers/joblog.py``).

fairseq logs through python logging with the progress tag as the logger's name field
(``fairseq/logging/progress_bar.py`` ``SimpleProgressBar``; ``fairseq_cli/train.py``)::

    2022-04-18 09:12:20 | INFO | train_inner | epoch 001:     20 / 32 loss=5.2, ppl=36.8, num_updates=20, lr=1e-05
    2022-04-18 09:12:36 | INFO | valid | epoch 001 | valid on 'valid' subset | loss 4.897 | ppl 29.8 | num_updates 32
    2022-04-18 09:12:36 | INFO | test | epoch 001 | valid on 'test' subset | loss 5.511 | bleu 15.55 | num_updates 32
    2022-04-18 09:12:36 | INFO | train | epoch 001 | loss 5.035 | ppl 32.77 | num_updates 32 | lr 2.5e-05

The line reader drops the logging fields, so two things were lost (a newcomer breaker's logs, written from those
format strings):

- ``train`` is the epoch's mean of the ``train_inner`` intervals: read under the same names it put a second value at
  the epoch's last update (two points at one step, the curve zig-zagging between an interval and an epoch mean).
  Its values are named ``<name>_epoch`` here (``loss_epoch``, as Lightning names an epoch aggregate).
- ``--valid-subset valid,test`` evaluates every subset, each ``valid on '<subset>' subset``: all were ``val_*``, the
  test subset's loss the validation's every other point. A subset whose name starts with ``test`` is ``test_*``.
"""
from __future__ import annotations

import re
from dataclasses import replace

_NEEDLE = b" | train_inner | "
_EPOCH_MEAN = re.compile(rb"\| (?:INFO|WARNING) \| train \| epoch \d+ \| ")
_SUBSET = re.compile(rb"\| valid on '([^'\n]{1,80})' subset \|")


def fairseq_splits(data, hits: list) -> list:
    """``hits`` with fairseq's epoch means named ``*_epoch`` and its test subsets' values ``test_*`` (module
    docstring); unchanged in a log that is no fairseq-train output."""
    inner = data.find(_NEEDLE) >= 0  # (epoch means are renamed only beside train_inner's interval lines)
    if data.find(b"| valid on '") < 0 and not inner:
        return hits
    out = []
    for h in hits:
        start = data.rfind(b"\n", 0, h.offset) + 1
        end = data.find(b"\n", start)
        line = bytes(data[start:end if end >= 0 else len(data)])
        values = h.record.values
        if inner and _EPOCH_MEAN.search(line):
            values = tuple((f"{k}_epoch", v) for k, v in values)
        elif (m := _SUBSET.search(line)) is not None and m.group(1).lower().startswith(b"test"):
            values = tuple(("test_" + k[4:] if k.startswith("val_") else k, v) for k, v in values)
        out.append(h if values is h.record.values else replace(h, record=replace(h.record, values=values)))
    return out
