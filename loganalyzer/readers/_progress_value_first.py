"""Printed lines that put a value before its name (the last shape ``readers/_progress.py`` tries).

``print(f"Epoch {e} @ {time} : {loss:.4f} C.E. Loss, {acc:.2f}% Accuracy")`` (davijoocho/convolutional-neural-network
``train.out``: ``Epoch 0 @ 10:27 PM : 0.9816 C.E. Loss, 94.28% Accuracy``): every other shape reads ``name value``,
so the log was a run with no point. A ``<number> <name>`` pair is read when the name ends in a loss or accuracy word
(``loss``, ``acc``, ``accuracy``, ``error``; one of them a loss) and is followed by a separator (``,`` ``;`` ``|`` ``)``) or the line's
end -- never by a value of its own -- and only on a line no other shape read (no ``name: value`` loss there). The
line's step/epoch keys (``Epoch 0``) give its step as for any ``key value`` line; the name's abbreviation dots go
(``C.E. Loss`` -> ``CE_Loss``). A bare integer is a count (``Saved 3 loss curves``), read only as a percentage.
"""
from __future__ import annotations

import re

from ._progress import _KV, EPOCH_KEYS, NUMBER, STEP_KEYS, _from_pairs

_PAIR = re.compile(r"(?<![\w./:-])(" + NUMBER + r")(%?)\s+((?:[A-Za-z][\w.]*\s+){0,2}?[A-Za-z][\w.]*)"
                   r"(?=\s*(?:[,;|)]|$))")
_WORDS = ("loss", "acc", "accuracy", "error")


def value_first(text: str):
    """The ``kv`` record of a line's ``<number> <loss/accuracy name>`` pairs (module docstring), or None."""
    if "oss" not in text and "OSS" not in text:
        return None
    pairs = []
    for m in _PAIR.finditer(text):
        number, percent, name = m.groups()
        if not percent and number.lstrip("+-").isdigit():
            continue  # 'Saved 3 loss ...': a count, not a printed metric
        if name.lower().rstrip(".").endswith(_WORDS):
            pairs.append((re.sub(r"(?<=\b[A-Za-z])\.", "", name), number))
    if not pairs:
        return None
    counters = [(m.group(1), m.group(2)) for m in _KV.finditer(text)
                if m.group(1).lower() in STEP_KEYS or m.group(1).lower() in EPOCH_KEYS]
    return _from_pairs("kv", counters + pairs)  # a loss among them
