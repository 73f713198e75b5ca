"""An evaluation's scores printed ``NAME (value)`` after an epoch header, beside loss lines (for ``_joblog_scan``).

Show-Attend-and-Tell trainers (AaronCCWong/show-attend-and-tell ``train.py``'s ``validate``, its forks) print each
epoch's caption scores as::

    Validation Epoch: 1	BLEU-1 (0.3516255867658823)	BLEU-2 (0.24135058037759377)	BLEU-3 (0.16311)	BLEU-4 (0.10353)

after their ``Validation Batch: [300/391]	Loss 6.7642 (6.6737)	Top 1 Accuracy ..`` meter lines (public satwong221
``1-results.out``: BLEU-4 0.104 @ epoch 1 -> 0.121 @ 4, unread: no ``name: value`` pair and no loss on the line).
Such a line -- a split word (validation/val/valid/eval/test) and ``Epoch[:] N``, then two or more ``NAME (number)``
and nothing else -- is read as one evaluation record ``val_<NAME>`` (``test_<NAME>`` for a test split) with no step
of its own: placed at the training line before it, as step-less evaluation lines are (the epoch number is not a step
of the batch-counted training axis). None for any other line.
"""
from __future__ import annotations

import re

from ._progress import Record, clean

NEEDLES = (b"Epoch: ", b"Epoch ")
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_HEAD = re.compile(r"(?P<split>validation|valid|val|eval(?:uation)?|test(?:ing)?)\s+epoch\s*:?\s*\d+\s*[,|]?\s*",
                   re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z][\w@.+-]{0,30}?)\s*\(\s*(" + _NUM + r")\s*\)\s*[,|]?\s*")


def paren_scores_line(raw: bytes):
    """The evaluation ``Record`` of one such line (module docstring), or None."""
    text = clean(raw)[0].strip()
    head = _HEAD.match(text)
    if head is None:
        return None
    pos, pairs = head.end(), []
    while pos < len(text):
        m = _PAIR.match(text, pos)
        if m is None:
            return None
        pairs.append((m.group(1), float(m.group(2))))
        pos = m.end()
    if len(pairs) < 2 or any("loss" in name.lower() for name, _ in pairs):
        return None
    prefix = "test_" if head.group("split").lower().startswith("test") else "val_"
    return Record("kv", tuple((prefix + name, value) for name, value in pairs), kind="eval")
