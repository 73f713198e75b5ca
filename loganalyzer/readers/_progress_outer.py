"""An ``iteration`` counter holding a ``step k/T`` that starts again each pass (used by ``_progress._kv``).

zjy-ucas/ChineseNER's ``main.py`` logs ``iteration:{} step:{}/{}, NER loss:{:>9.6f}`` with ``iteration = step //
steps_per_epoch + 1`` and ``step % steps_per_epoch``: the ``iteration`` is the (1-based) pass over the data and the
``step`` the position within it, restarting at each pass (public nerlocal ``train.log``: 2,581 lines read as 141
points in 3 runs, the step going back each pass). Such a line is at ``iteration x T + k`` with ``per_epoch = T``
(``_joblog_epochlen`` then moves a 1-based count one pass earlier), as ``batch 10/152, epoch 1/15`` is.
"""
from __future__ import annotations

_OUTER = frozenset({"iteration", "iter", "it"})
_INNER = frozenset({"step", "steps", "batch", "iter_in_epoch"})


def outer_counter(keys: list, found: list) -> tuple[int, int, int] | None:
    """(pass, k, T) when the line's keys hold an outer ``iteration:N`` (no total) and an inner ``step:k/T`` with
    ``k <= T`` (module docstring); None otherwise. ``found`` are the key-value matches (groups: key, value, of,
    percent)."""
    outer = inner = None
    for key, match in zip(keys, found):
        _, value, of, percent = match.groups()
        low = key.lower()
        if percent or not value.isdigit():
            continue
        if low in _OUTER and not of and outer is None:
            outer = int(value)
        elif low in _INNER and of and of.isdigit() and inner is None and 0 <= int(value) <= int(of) and int(of) > 0:
            inner = (int(value), int(of))
    if outer is None or inner is None:
        return None
    return outer, inner[0], inner[1]


OUTER_KEYS = _OUTER | _INNER  # the two counters: no series
