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

The same pairs written as one-key dicts, ``{"Train Loss": [{"1": 0.5388}, {"2": 0.3866}, ..], "Val Loss": [..]}``
(``history[name].append({epoch: value})`` dumped by ``json.dump``, the epoch becoming a string key: public
gmuraleekrishna/fashion-mnist-pytorch ``basic_cnn.json``, 15 epochs of ``Train Loss`` 0.539 -> 0.240 and ``Val
Loss``/``Train Accuracy``/``Val Accuracy``), are read alike: every entry a dict of one key that is a whole number
and a number for its value. Taken as per-epoch records before, each epoch became its own one-point series
(``Train Loss/1`` .. ``Train Loss/15``) and the run had "no usable loss" (set 223).
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
    values = _unkeyed(values)
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


def _unkeyed(values: list) -> list:
    """``[{"1": v}, {"2": v}, ..]`` as ``[["1", v], ["2", v], ..]`` (module docstring); other lists unchanged."""
    if not all(isinstance(e, dict) and len(e) == 1 for e in values):
        return values
    out = [next(iter(e.items())) for e in values]
    if not all(isinstance(k, str) and k.strip().lstrip("-").isdigit() for k, _ in out):
        return values
    return [[int(k), v] for k, v in out]


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
