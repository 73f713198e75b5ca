"""A split word followed by a counter at the start of a printed line (for ``readers/_progress_text.rewrite``).

DGCNN's ``main.py`` (WangYueFt/dgcnn and its many forks) prints per epoch::

    Train 0, loss: 2.689309, train acc: 0.450777, train avg acc: 0.239456
    Test 0, loss: 1.910022, test acc: 0.603728, test avg acc: 0.488149

(``'Train %d, loss: %.6f, ...' % (epoch, ...)``). The number after the split word is the epoch, not a value: it had
been a series ``Train`` holding 0, 1, 2... and the points sat at their line numbers. The line is rewritten
``Train, epoch 0, loss: ...``: the split word stays the names' split, the counter is the epoch.
"""
from __future__ import annotations

from ._lazy import lazy_re

INITIALS = frozenset("TtVvEeDd")
_SPLIT_COUNTER = lazy_re(r"^(Train(?:ing)?|TRAIN(?:ING)?|train(?:ing)?|Test(?:ing)?|TEST(?:ING)?|test(?:ing)?|"
                            r"Val(?:id|idation)?|VAL(?:ID|IDATION)?|val(?:id|idation)?|Eval(?:uation)?|EVAL|"
                            r"eval(?:uation)?|Dev|DEV|dev)\s+(\d+)\s*,\s*(?=[A-Za-z])")


def split_counter(text: str) -> str:
    """``text`` with a leading ``<split> <counter>,`` written ``<split>, epoch <counter>,`` (module docstring)."""
    return _SPLIT_COUNTER().sub(r"\1, epoch \2, ", text, count=1)
