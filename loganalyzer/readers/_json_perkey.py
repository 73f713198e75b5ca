"""Lists keyed by the values of a per-step list beside them (for ``json_history._columns``).

A mixed-precision (switchable bit width) training loop keeps each iteration's loss, the bit width it drew, and the
losses again per width (public llmqat126 ``qat_training_stats_20250915_120607.json``: ``iteration_losses`` 1000,
``bit_width_usage`` 1000 values of 4/8/16, ``losses_per_bit`` ``{"4": [340], "8": [330], "16": [330]}``). Each
per-width list holds the losses of the iterations that drew that width, so its ``i``-th value belongs at the ``i``-th
iteration where the per-step list holds its key; read at their own indices (0..339) they were three curves on a
third of the axis.

Only for an object of lists keyed by whole numbers when one list of the file's top level holds exactly that many of
each key (and nothing but those keys) and is as long as a list of measured values beside it (the per-step losses: a
validation set's ``val_labels`` with 12 of each class beside ``per_class_acc`` is no per-step draw); anything else is
read as before.
"""
from __future__ import annotations

import math


def _whole(key) -> int | None:
    try:
        value = int(str(key).strip())
    except ValueError:
        return None
    return value if str(value) == str(key).strip() else None


def _numbers(values) -> bool:
    return isinstance(values, list) and bool(values) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) or v is None for v in values)


def add(table, obj: dict, key: str, values, steps: list | None) -> bool:
    """Whether ``obj[key]`` (``values``) is such an object; if so its lists are added to ``table`` as
    ``key/<value>`` at their iterations (``steps`` when the file gives them), said in one note."""
    if not isinstance(values, dict) or len(values) < 2 or not all(_numbers(v) for v in values.values()):
        return False
    keys = {k: _whole(k) for k in values}
    if any(v is None for v in keys.values()):
        return False
    for other, listed in obj.items():
        if other == key or not _numbers(listed) or not all(
                isinstance(x, (int, float)) and x == int(x) for x in listed):
            continue
        if set(int(x) for x in listed) != set(keys.values()):
            continue
        if not any(o not in (key, other) and _numbers(v) and len(v) == len(listed)
                   and not all(isinstance(x, (int, float)) and x == int(x) for x in v if x is not None)
                   for o, v in obj.items()):
            continue  # no per-step series beside it: a data set's labels (breaker, stop 54: val_labels), not a draw
        where = {k: [i for i, x in enumerate(listed) if int(x) == w] for k, w in keys.items()}
        if any(len(where[k]) != len(values[k]) for k in values):
            continue
        for k, series in values.items():
            for i, v in zip(where[k], series):
                at = steps[i] if steps is not None and len(steps) == len(listed) else i
                table.add(f"{key}/{k}", at, math.nan if v is None else float(v))
        table.notes.append(f"{key!r}: one list per value of {other!r} ({', '.join(map(str, values))}), each as long "
                           f"as that value's count there: placed at the steps where {other!r} holds it")
        return True
    return False
