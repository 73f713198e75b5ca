"""A JSON log holding a per-step loss list and a list of per-epoch records side by side (for ``json_history``).

A hand-written trainer dumps both at the end (public ZhujBlmn/dl-assignment2 ``training_log.json``)::

    {"config": {"lr": 0.0001, "epochs": 10, ...},
     "steps": [8.404, 8.383, ..., 4.866],                                     (9,500 per-step losses)
     "epochs": [{"epoch": 1, "train_loss_avg": 6.4996, "valid_loss": 5.9321, "valid_acc": 0.1013}, ...],  (10)
     "total_time_seconds": 1465.38}

The number list under a step word (``steps``, ``iterations``, ``batches``) holds no whole increasing numbers, so it
is no axis: it is the training loss of each step when its mean over each epoch's share of it matches that epoch's
training loss record (``train_loss_avg``, ``train_loss``...) within ``MATCH``, which also says it is a loss and
how long an epoch is. Then it is read as ``loss`` at steps 1..N, and the k-th epoch record (k from 1) at the step
that epoch ends, ``k x N / E``: per-step and per-epoch series on one step axis, as printed logs with batch and
epoch lines are placed. The sniff (``sniff``) only looks at files named like a log; a file whose list does not match
its records is read for the records alone, one line saying why the list is not.
"""
from __future__ import annotations

import json
import math
import re

STEP_WORDS = ("steps", "step_losses", "iterations", "batches")
MATCH = 0.05
# the head of such a file: a step word's list of decimals (no loss word needed: the records may come last)
_HEAD = re.compile(rb'"(?:' + b"|".join(w.encode() for w in STEP_WORDS) + rb')"\s*:\s*\[\s*-?\d+\.\d')
_NAMED = re.compile(r"log|histor|metric|train", re.IGNORECASE)


def sniff(name: str, head: bytes) -> bool:
    """A JSON file named like a log whose head has a list of decimals under a step word."""
    return _NAMED.search(name.rsplit("/", 1)[-1]) is not None and _HEAD.search(head) is not None


def _numbers(value) -> list[float] | None:
    if not isinstance(value, list) or len(value) < 2:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return None
    return [float(v) for v in value]


def _train_key(records: list[dict]) -> str | None:
    """The records' training loss key: a loss key naming no held-out split."""
    for key in records[0]:
        low = str(key).lower()
        if "loss" in low and not any(w in low for w in ("val", "valid", "test", "eval", "dev")):
            return str(key)
    return None


def split(obj: dict, records: list[dict]) -> tuple[str, list[float], int, str | None]:
    """(the step list's key, its values, steps per epoch, None) when a step list matches ``records`` (the module
    docstring); (key, [], 0, why) when a step list is there but does not; ("", [], 0, None) when there is none."""
    for key in STEP_WORDS:
        values = _numbers(obj.get(key))
        if values is None:
            continue
        if all(v == int(v) for v in values) and all(b > a for a, b in zip(values, values[1:])):
            continue  # whole increasing numbers: an axis, not values
        train = _train_key(records)
        n, e = len(values), len(records)
        if train is None or n % e or n == e:
            return key, [], 0, (f"{n} numbers under {key!r} beside {e} per-epoch records: not read (no training "
                                f"loss in the records to match, or not a whole number of steps per epoch)")
        per = n // e
        for k, record in enumerate(records):
            chunk = [v for v in values[k * per:(k + 1) * per] if math.isfinite(v)]
            want = record.get(train)
            if not chunk or not isinstance(want, (int, float)) or not math.isfinite(want):
                break
            mean = sum(chunk) / len(chunk)
            if abs(mean - want) > MATCH * max(abs(want), 1e-12):
                break
        else:
            return key, values, per, None
        return key, [], 0, (f"{n} numbers under {key!r}: their mean over each epoch's {per} does not match the "
                            f"records' {train!r}; not read (what they are is not known)")
    return "", [], 0, None


_STEP_LINE = re.compile(rb'^\s*\{\s*"(?:_step|step|global_step|iteration|iter|epoch)"\s*:\s*\d+\s*,[^\n]*\}\s*\n')
_LOG_NAME = re.compile(r"metric|log|histor|scalar|train|progress", re.IGNORECASE)


def stepped_lines(name: str, head: bytes) -> bool:
    """JSON lines named like a log whose first line is a dict led by a whole step and holding another number."""
    if not name.lower().endswith(".jsonl") or not _LOG_NAME.search(name) or not (m := _STEP_LINE.match(head)):
        return False
    try:
        row = json.loads(m.group(0))
    except ValueError:
        return False
    numbers = [v for v in row.values() if isinstance(v, (int, float)) and not isinstance(v, bool)] \
        if isinstance(row, dict) else []
    return len(numbers) >= 2
