"""JSON lines whose rows name their split in a key of their own (used by ``readers/json_history.py``).

A hand-written JSONL logger writes the training's and the validation's rows alike and tells them apart by a key
(``{"epoch": 3, "split": "train", "loss": 0.41}`` then ``{"epoch": 3, "split": "val", "loss": 0.52}``: MMEngine-style
``mode``, Lightning-style ``stage``, a ``phase`` of hand-written loops). Read row by row, both splits' values went to
one ``loss`` series, two points an epoch; the ``split`` key itself (text) was no series. Here, when the rows name two
or more splits (``SPLIT_KEYS``, ``SPLITS``), each row's keys get its split as a prefix (``train_loss``,
``val_loss``), the step keys and keys already naming a split left as they are, and one line says so.
"""
from __future__ import annotations

import re

SPLIT_KEYS = ("split", "phase", "mode", "stage", "subset")
SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "dev": "val",
          "eval": "eval", "evaluation": "eval", "test": "test", "testing": "test"}
_NAMED = re.compile(r"^(?:train|training|val|valid|validation|eval|test|dev)[_/]", re.IGNORECASE)


def _split_of(row: dict) -> tuple[str, str] | None:
    for key in SPLIT_KEYS:
        value = row.get(key)
        if isinstance(value, str) and value.strip().lower() in SPLITS:
            return key, SPLITS[value.strip().lower()]
    return None


def prefixed(rows: list[dict], step_keys: tuple) -> tuple[list[dict], str | None]:
    """(``rows`` with each value key prefixed by its row's split, a line saying so), or (``rows``, None) when the
    rows do not name two splits (module docstring)."""
    found = [_split_of(row) for row in rows]
    names = {f[1] for f in found if f is not None}
    if len(names) < 2:
        return rows, None
    out = []
    for row, f in zip(rows, found):
        if f is None:
            out.append(row)
            continue
        key, split = f
        out.append({k if k in step_keys or k.startswith("_") or _NAMED.match(k) else f"{split}_{k}": v
                    for k, v in row.items() if k != key})
    keys = sorted({f[0] for f in found if f is not None})
    return out, (f"JSON rows name their split in {', '.join(repr(k) for k in keys)} ({', '.join(sorted(names))}): "
                 "each row's values read under that split's prefix (train_loss, val_loss, ...)")
