"""Per-epoch records kept per split: ``{"train": [{"loss": .., "accuracy": ..}, ..], "val": [{..}, ..]}``.

A training loop that appends each epoch's metrics dict to ``stats[split]`` and dumps ``stats`` leaves one list of
records per split (public flowercls110 ``training_stats.json``: ``train`` and ``val`` lists of ``{loss, accuracy,
f1}``; rgbd0421112 ``loss_history.json``: ``{total, classification, bbox, rotation, ...}`` per epoch, no key named
``loss``). Before, only one list was read (``_json_nested.records_under``: the longest naming a loss, its keys read
without their split, ``val`` dropped as "no numbers"), or, with no ``loss`` key in the head, the file was not
found at all.

``rows`` gives one dict per epoch with every split's keys prefixed by its split (``train_loss``, ``val_accuracy``),
the record's place in its list the epoch; a split's ``total`` is its ``<split>_loss`` when no key of that split's
records names a loss (the summed objective of the terms beside it) and it holds no whole numbers only (a sample count
beside ``correct`` is no loss); records holding a whole ``epoch`` are placed at it (validation every 5 epochs at 5,
10, ...), else at their place in the list. Only when two or more keys are split words
(train/val/valid/validation/test/eval/dev), one a training split, each a non-empty list of dicts of numbers, and
nothing else in the file holds a series.

``listed_records``: one key of such records beside a history's lists (``{"train_loss": [..], "val_acc": [..],
"val_metrics": [{"accuracy": .., "precision": .., "f1": ..}, ..]}``: public cornproject112) is read as series too,
``val_f1`` for a split's metrics key, ``<key>/<name>`` for another.
"""
from __future__ import annotations

import math
import re

TRAIN = ("train", "training")
SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "eval": "val",
          "dev": "val", "test": "test"}
# the sniff: a dict whose first key is a split word holding a list of records
HEAD = re.compile(rb'^\s*\{\s*"(?:train|training|val|valid|validation|test|eval|dev)"\s*:\s*\[\s*\{\s*"', re.IGNORECASE)


def _records(value) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(r, dict) and r and all(isinstance(v, (int, float)) and not isinstance(v, bool) or v is None
                                          for v in r.values()) for r in value)


def rows(obj) -> tuple[list[dict], str] | None:
    """(one dict per epoch, keys ``<split>_<key>``; the line saying how it was read), or None for any other JSON."""
    if not isinstance(obj, dict) or len(obj) < 2:
        return None
    splits = {k: SPLITS.get(str(k).lower()) for k in obj}
    if None in splits.values() or not any(str(k).lower() in TRAIN for k in obj) \
            or len(set(splits.values())) != len(splits) or not all(_records(v) for v in obj.values()):
        return None
    epochs = [r.get("epoch") for v in obj.values() for r in v]
    by_epoch = all(isinstance(e, (int, float)) and math.isfinite(e) and e == int(e) for e in epochs)  # every 5: 5, 10..
    keys = sorted({int(e) for e in epochs}) if by_epoch else range(max(len(v) for v in obj.values()))
    out: dict = {k: ({"epoch": k} if by_epoch else {}) for k in keys}
    totals = []
    for key, records in obj.items():
        split = splits[key]
        named_loss = any("loss" in str(k).lower() for r in records for k in r)
        total = [r.get("total") for r in records if r.get("total") is not None]
        counted = bool(total) and all(math.isfinite(t) and float(t) == int(t) for t in total)  # a sample count: no loss
        for i, record in enumerate(records):
            at = int(record["epoch"]) if by_epoch else i
            for name, value in record.items():
                if value is None or str(name).lower() == "epoch":
                    continue
                name = "loss" if str(name).lower() == "total" and not named_loss and not counted else str(name)
                out[at][f"{split}_{name}"] = value
        if not named_loss and total and not counted:
            totals.append(f"{key}.total -> {split}_loss")
    rows_out = [out[k] for k in keys]
    note = (f"per-epoch records kept per split ({', '.join(map(repr, obj))}): read as one run, each key named by its "
            f"split ({', '.join(sorted({k for r in rows_out for k in r if k != 'epoch'})[:6])}...)"
            + (f"; a split's 'total' beside its terms, no key naming a loss, is its loss ({'; '.join(totals)})"
               if totals else ""))
    return rows_out, note


_SPLIT_HOLDER = re.compile(r"(?i)^(train|training|val|valid|validation|eval|dev|test)[_ ]?"
                           r"(?:metrics|stats|results|scores)$")


def listed_records(key: str, values) -> str | None:
    """The name prefix of a key holding a list of per-epoch dicts of numbers beside a history's lists
    (cornproject112 ``"val_metrics": [{"accuracy": .., "precision": .., "f1": ..}, ..]``, dropped as "not a list of
    numbers" before): ``val_`` for a split's metrics key, else ``<key>/``; None for any other value."""
    if not _records(values):
        return None
    m = _SPLIT_HOLDER.match(key)
    return f"{SPLITS[m.group(1).lower()]}_" if m else f"{key}/"


def add_rows(table, obj, path: str, problems: list) -> bool:
    """``rows(obj)`` added to ``table`` (``json_history._Table``) with its line in ``problems``; False when ``obj`` is
    no such file."""
    found = rows(obj)
    if found is None:
        return False
    from ..runs import Problem

    problems.append(Problem(path, found[1]))
    for i, row in enumerate(found[0]):
        table.row(i, row)
    return True


def add_listed(table, key: str, values, steps, prefix: str) -> bool:
    """``values`` of ``key`` added to ``table`` when ``listed_records`` reads them (at ``steps`` when as many, else
    at their indices); False otherwise."""
    listed = listed_records(key, values)
    if listed is None:
        return False
    from .json_history import _number

    at = steps if steps is not None and len(steps) == len(values) else range(len(values))
    for i, record in zip(at, values):
        for sub, value in record.items():
            if value is not None and str(sub).lower() != "epoch":  # (the record's epoch: its place, no series)
                table.add(f"{prefix}{listed}{sub}", i, _number(value))
    return True
