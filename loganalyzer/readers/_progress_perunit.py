"""Loss names printed with their normalisation and qualifiers (used by ``_progress_text.rewrite``).

The GNTPP temporal point process benchmark (``trainers/trainer.py``; public gntpp136 ``info.log``) logs per epoch::

    ---Epoch.0 Train Negative Overall Log-Loss per event: 4.140010.
    ---Epoch.0 Val Negative Log-Loss per event: 2.973017; Negative Log-Likelihood per event:0.000000; ...

The key before each value was read as its last two words (``per event``: no loss), the epoch ``Epoch.0`` was no
counter, and the file gave no point. Rewritten: ``<loss word> per <unit>`` (event, token, word, sample, example,
item, frame, char, pixel, epoch) is the loss's name (``Loss per epochs:`` of public cifarcnn130 too); a split word's
qualifiers ``Negative``/``Overall``/``Average``/``Mean``/``Total`` between it and the name are dropped (``Train
Log-Loss``, ``Val Log-Loss``: one name, two splits); ``Epoch.N`` at a word's start is ``Epoch N``.
"""
from __future__ import annotations

import re

_UNITS = r"(?:epochs?|events?|tokens?|words?|samples?|examples?|items?|frames?|chars?|characters?|pixels?)"
_PER_UNIT = re.compile(r"(?i)\b(loss|likelihood|entropy|nll|accuracy|acc)\s+per\s+" + _UNITS + r"(?=\s*[:=])")
_QUALIFIED = re.compile(r"(?i)\b(train|training|val|valid|validation|test|dev|eval)\s+"
                        r"(?:(?:negative|overall|average|mean|total)\s+)+(?=[A-Za-z])")
# ... but "Negative" before a likelihood is the loss's own sign: ``Val Negative Log-Likelihood`` is the NLL (dropped,
# the line named a likelihood, higher is better, and was read as none: a breaker's GNTPP-style log)
_NEGATIVE_LL = re.compile(r"(?i)\bnegative\s+log[- ]?likelihood\b")
_DOTTED_EPOCH = re.compile(r"(?i)(?<![\w.])(epoch)\.(\d+)\b")


def per_unit(text: str) -> str:
    """``text`` with the normalisation, the split's qualifiers and a dotted epoch rewritten (module docstring)."""
    if " per " in text:
        text = _PER_UNIT.sub(r"\1", text)
    if "." in text:
        text = _DOTTED_EPOCH.sub(r"\1 \2", text)
    if "egative" in text:
        text = _NEGATIVE_LL.sub("NLL", text)
    return _QUALIFIED.sub(r"\1 ", text)
