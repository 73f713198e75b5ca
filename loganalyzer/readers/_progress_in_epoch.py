"""``TRAIN in epoch 3 , step 700, loss = 2.18`` / ``TEST in epoch3, loss = 2.2, acc = 44.1%`` (a rewrite for
``_progress_text.rewrite``; public WIDER-event's ``train.out``).

The words before ``in epoch N`` name the split, ``N`` is the epoch (never a metric: it made a ``TRAIN_in_epoch``
series) and ``step S`` the step within it: the line becomes ``TRAIN: epoch 3 , step 700, loss = 2.18``, which the
``kv`` shape reads with the split prefix and the reader turns into a global step (epoch-major). A validation or test
line of an epoch (no step of its own) is that epoch's evaluation: ``TEST: loss = 2.2, acc = 44.1%``, at the step of
the training line before it (the epoch's end), never a training step of its own.
"""
from __future__ import annotations

import re

_IN_EPOCH = re.compile(r"^([A-Za-z][A-Za-z_]*)\s+in\s+epoch\s*(\d+)\s*[,:|]?\s*", re.IGNORECASE)
_EVAL = frozenset({"test", "testing", "val", "valid", "validation", "eval", "evaluation", "dev"})


def in_epoch(text: str) -> str:
    """``text`` with a leading ``<split> in epoch N`` rewritten (see the module docstring); other text as it is."""
    m = _IN_EPOCH.match(text)
    if m is None:
        return text
    split, rest = m.group(1), text[m.end():]
    if split.lower() in _EVAL:
        return f"{split}: {rest}"
    return f"{split}: epoch {m.group(2)}, {rest}"
