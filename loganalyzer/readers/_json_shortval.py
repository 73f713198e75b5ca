"""Validation lists shorter than the training lists of a Keras-style history (for ``json_history._columns``).

``json.dump(history, f)`` of ``{"train_loss": [20 values], "val_loss": [19 values], ...}`` (public bikemoto124
``training_history.json``: ``train_loss``/``train_acc`` 20 values, ``val_loss``/``val_acc`` 19) was read with each list
at its own indices, the validation at epochs 0..18 without a word. A validation list is written once per validation,
at the end of an epoch. Where the counts show a validation interval, the values are placed on it (0-based, as the
training lists are), said in one line:

- ``m`` values beside ``n`` with ``n // k == m`` for ``k = n // m >= 2`` (or one value): validation every ``k``
  epochs, as Keras' ``fit(validation_freq=k)`` runs it (``floor(n / k)`` validations), at epochs ``k-1, 2k-1, ...``;
- a list naming those positions beside them (``val_epochs``: ``[0, 5, 10, 15]``): there; or, where the file has a
  step axis of its own (``train_steps``), a list naming the validation's steps in its units (``val_steps``: public
  qwen3vl188 ``losses.json``, a Qwen3-VL SFT script's dump): at those steps, the position list no series;
- the file's own evaluation interval or best evaluation (``_json_evalinterval``: public llmqat126): there;
- otherwise (19 beside 20: an epoch without validation somewhere, which the file does not tell): at their own
  indices, as before, and said. (Placing them to end at the last epoch put a breaker's concatenated histories -- a
  20-epoch fit with validation, then a 10-epoch refit without -- 10 epochs late.)

(The rule ``_json_unnamed.read_split`` applies to split-keyed lists, ``{"train": [500], "val": [10]}``: the shorter
placed at the end of each stretch, said; those files are left to it.)

Only for lists named as a split's (``val_``/``valid_``/``validation_``/``eval_``/``dev_``/``test_`` first, or
``_val``... last) beside training lists all of one length ``n``, a loss among them (``loss``, ``train_loss``...);
lists as long as those, and files whose other lists differ in length (public cifar10nn110 ``batch_losses`` per
batch beside ``train_accuracies``/``test_accuracies`` per epoch) are read as before.
"""
from __future__ import annotations

import re

from . import _json_evalinterval

_WORDS = r"(?:val|valid|validation|eval|dev|test)"
_SPLIT = re.compile(rf"^{_WORDS}(?:[_/. -]|$)|[_/. -]{_WORDS}$", re.IGNORECASE)
_POSITIONS = re.compile(rf"^{_WORDS}[_ ]?(?:epoch|epochs|step|steps)$", re.IGNORECASE)  # where its values were taken


def _numbers(values) -> bool:
    return isinstance(values, list) and bool(values) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) or v is None for v in values)


def placed(obj: dict, steps: list[int] | None = None) -> tuple[dict[str, list[int]], str, set[str], set[str]] | None:
    """({key: the epoch index of each of its values}, the line saying so, the keys whose positions are steps of the
    file's axis ``steps`` rather than indices, the position lists so used: no series) for the shorter validation
    lists of ``obj`` (a dict of lists), or None when it has none."""
    lists = {str(k): v for k, v in obj.items() if _numbers(v)}
    train = {len(v) for k, v in lists.items() if not _SPLIT.search(k)}
    if len(train) != 1 or not any("loss" in k.lower() and not _SPLIT.search(k) for k in lists):
        return None  # (per-batch losses beside per-epoch accuracies: which list is per epoch is not this rule's)
    n = train.pop()
    short = {k: len(v) for k, v in lists.items() if _SPLIT.search(k) and len(v) < n and not _POSITIONS.match(k)}
    if not short:
        return None
    out: dict[str, list[int]] = {}
    said, raw, used = [], set(), set()
    for m in sorted(set(short.values()), reverse=True):
        keys = [k for k in short if short[k] == m]
        k = n // m
        given = next((v for key, v in lists.items() if _POSITIONS.match(key) and len(v) == m
                      and all(isinstance(x, int) and 0 <= x < n for x in v)), None)
        own = _json_evalinterval.placed(obj, lists[keys[0]], n)  # 'eval_interval': 50, 'best_iteration': 550
        on_axis = None if given is not None or steps is None else next(
            (key for key, v in lists.items() if _POSITIONS.match(key) and len(v) == m and _axis_steps(v, steps)), None)
        if given is not None:  # 'val_epochs': [0, 5, 10, 15] beside them: the file says where (a breaker's history)
            at, how = list(given), f"placed at the epochs the file lists beside them, {given[0]}..{given[-1]}"
        elif on_axis is not None:  # 'val_steps': [6, 12, ..] beside 'train_steps': [5, 10, ..], the file's axis
            at, how = [int(x) for x in lists[on_axis]], (f"placed at the steps the file lists beside them "
                                                         f"({on_axis!r}: {lists[on_axis][0]}..{lists[on_axis][-1]})")
            raw.update(keys)
            used.add(on_axis)
        elif own is not None:
            at, how = own
        elif k >= 2 and n // k == m or m == 1:  # Keras' validation_freq=k: floor(n / k) validations, every k-th epoch
            at = [k * (i + 1) - 1 for i in range(m)]
            how = (f"placed at the last epoch, {n - 1} (assumed: one validation, after the training)" if m == 1 else
                   f"placed every {k} epochs, at {at[0]}, {at[1]}, ..., {at[-1]} (assumed: validation every {k} "
                   f"epochs, as Keras' validation_freq={k} runs it)")
        else:
            at = list(range(m))
            how = f"left at their own indices 0..{m - 1} (no validation interval fits)"
        out.update({key: at for key in keys})
        said.append(f"{', '.join(repr(key) for key in keys)} hold {m} values beside {n} training epochs"
                    + (": " if given is not None or own is not None else " and the file does not say at which: ") + how)
    return out, "; ".join(said), raw, used


def _axis_steps(values: list, steps: list[int]) -> bool:
    """A validation position list in the units of the training's step axis: whole numbers, increasing, within the
    axis' span (public qwen3vl188 ``losses.json``: ``val_steps`` [6, 12, .., 90] beside ``train_steps`` [5, .., 90]:
    its 15 ``val_losses`` were put on the first 15 training steps and ``val_steps`` read as a series)."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in values) or not steps:
        return False
    return all(b > a for a, b in zip(values, values[1:])) and 0 <= values[0] and values[-1] <= 2 * max(steps)
