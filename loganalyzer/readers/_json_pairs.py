"""A JSON history's list of ``[epoch, value]`` pairs (for ``readers/json_history._columns``).

A captioning script (public lucascap188 ``history_cnn_cosine.json``) keeps its per-epoch losses as plain lists and
its schedule and scores as pairs::

    {"train_losses": [4.87, 4.37, ...], "val_losses": [...],
     "lr_history": [[1, 6e-05], [2, 0.00012], ...], "bleu4_scores": [[1, 0.045], [2, 0.083], ...], ...}

(``history["bleu4_scores"].append((epoch, bleu4))``, ``json.dump`` writing the tuples as lists). The pair lists were
"not a list of numbers", the BLEU/METEOR/CIDEr curves dropped. Here a list whose every entry is a pair of a whole
number and a number (or null), the whole numbers increasing, is a series at those counters. With no step axis in the
file the plain lists sit at their row numbers (0 for the first epoch): pairs counting their epochs from 1 to at most
that many rows are placed one back, on the same epochs.
"""
from __future__ import annotations

import math

from ._text_clean import json_number as _number

MIN_PAIRS = 2


def pairs_of(values) -> list[tuple[int, float]] | None:
    """The (counter, value) pairs of a ``[[1, 0.5], [2, 0.4], ..]`` list, or None when ``values`` is anything else
    (an entry no pair, a counter no whole number, counters not increasing)."""
    if not isinstance(values, list) or len(values) < MIN_PAIRS:
        return None
    out = []
    for e in values:
        if not isinstance(e, (list, tuple)) or len(e) != 2 or isinstance(e[0], bool) or isinstance(e[1], bool):
            return None
        at, v = _number(e[0]), (math.nan if e[1] is None else _number(e[1]))
        if at is None or v is None or not math.isfinite(at) or at != int(at) or isinstance(e[1], str):
            return None
        out.append((int(at), float(v)))
    if any(b[0] <= a[0] for a, b in zip(out, out[1:])):
        return None
    return out


def add_pairs(table, name: str, values, steps, rows: int) -> bool:
    """Add ``values`` (a pair list: ``pairs_of``) to ``table`` as series ``name``; False when it is no pair list.
    ``steps``: the file's step axis or None (row numbers); ``rows``: the longest plain list's length."""
    pairs = pairs_of(values)
    if pairs is None:
        return False
    shift = 1 if steps is None and pairs[0][0] >= 1 and pairs[-1][0] <= max(rows, len(pairs)) else 0
    for at, v in pairs:
        table.add(name, at - shift, v)
    return True
