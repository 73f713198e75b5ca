"""A dict of per-epoch lists whose own ``epochs`` list counts from its start again (for ``json_history``).

A script that trains in parts and keeps one history for all of them appends each part's lists to the same dict and
dumps it once (public cxrhybrid ``training_history.json``: ``{"epochs": [1, .., 10, 1, .., 21], "train_loss": [..],
"val_loss": [..], "mean_auc": [..], "per_class_auc": [{..}, ..], "lr": [..], "phase": ["Phase 1 ..", ..]}`` -- a
5-label pre-training of 10 epochs, then a 7-label training of 21 epochs on a new loss scale). The epoch list was no
axis (not increasing), so every list was read at its positions 0..30 as one series, the two parts joined, and the
epoch list itself became a series ``epochs``.

Here such a dict (an epoch/step list of whole numbers that goes back to, or below, its first value; every other
list as long as it) is read as the list of per-epoch records it stands for, ``{"epoch": 1, "train_loss": ..,
..}`` -- each list's i-th value in the i-th record, a dict per epoch flattened as a record's nested dict is, a text
list (``phase``) a text field -- so the records' rules apply as to ``[{"epoch": 1, ..}, ..]``: the epoch going back
to its start with the loss starting afresh is a training of its own (``_json_trainings``: discover's ``#1``, ``#2``),
a part-way step back a resumed session (``_json_resumed``).
"""
from __future__ import annotations

import math
import re

from ..runs import Problem

AXES = ("epochs", "epoch", "steps", "step", "global_step", "iterations", "iteration")
# a dict's epoch list of whole numbers going back to its first value (a look at the head, for discover)
HINT = re.compile(rb'"(?:epochs?|steps?|global_step|iterations?)"\s*:\s*\[\s*(-?\d+)\s*,(?:\s*-?\d+\s*,)*?\s*\1\s*[,\]]')


def may_restart(raw: bytes) -> bool:
    """Whether the head of a JSON file has an epoch list going back to its first value (``HINT``)."""
    return HINT.search(raw[:1 << 16]) is not None


def _whole(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and value == int(value)


def records(obj) -> tuple[str, list[dict]] | None:
    """(the dict's epoch/step key, its per-epoch records) when ``obj`` is such a dict (module docstring), else None."""
    if not isinstance(obj, dict):
        return None
    axis = next((k for k in AXES if isinstance(obj.get(k), list)), None)
    if axis is None:
        return None
    steps = obj[axis]
    if len(steps) < 4 or not all(_whole(s) for s in steps):
        return None
    if not any(b <= steps[0] and a > steps[0] for a, b in zip(steps, steps[1:])):
        return None  # never back to its start: an axis (increasing) or a list of another kind, as before
    lists = {k: v for k, v in obj.items() if k != axis and isinstance(v, list)}
    if not any("loss" in str(k).lower() for k in lists) or any(len(v) != len(steps) for v in lists.values()):
        return None
    key = "step" if axis.startswith(("step", "global")) else "iteration" if axis.startswith("iter") else "epoch"
    return axis, [{key: int(s), **{k: v[i] for k, v in lists.items()}} for i, s in enumerate(steps)]


def as_records(obj, path: str, problems: list):
    """``obj``'s records (``records``) with a problem line saying so, else ``obj`` itself."""
    found = records(obj)
    if found is None:
        return obj
    axis, rows = found
    others = [str(k) for k, v in obj.items() if not isinstance(v, list)]
    problems.append(Problem(path, f"{axis!r} counts from its start again within the file ({len(rows)} entries): "
                                  "each list read as the per-epoch records it holds, at those epochs"
                                  + (f"; {len(others)} key(s) beside the lists not read ({', '.join(others[:4])})"
                                     if others else "")))
    return rows
