"""Names ``_progress._KV`` cut to two words, given their first word back where the cut made two names one (used by
``readers/_progress.py``)."""
from __future__ import annotations

import re

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z]*)[ \t]+$")


def uncut(text: str, found: list, keys: list) -> list:
    """``keys`` with a name met twice on the line given back the word ``_KV`` cut off (it takes two words): public
    MrCogito/Deep_learning_2023 prints 'Validation Loss: 0.0001, Validation L1: 0.0361, Smoothed Validation Loss:
    0.0000' -- both were 'Validation_Loss', two values at one epoch (1,300 points on 650 epochs)."""
    lows = [str(k).lower() for k in keys]
    if len(set(lows)) == len(lows):
        return keys
    out, seen = list(keys), set()
    for i, (key, m) in enumerate(zip(keys, found)):
        if lows[i] in seen and (w := _WORD_BEFORE.search(text, 0, m.start(1))) is not None \
                and (i == 0 or w.start(1) >= found[i - 1].end()):
            out[i] = f"{w.group(1)} {key}"
        seen.add(lows[i])
    return out
