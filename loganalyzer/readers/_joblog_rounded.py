"""One value printed twice at a step, once rounded: one point, the more precise (used by ``readers/joblog.py``).

Lightning's bar shows a validation metric to 3 decimals (``val_auc=0.863`` in its last redraw of the epoch) and its
``ModelCheckpoint`` line prints the same value to 5 right after (``Epoch 5, global step 1410: 'val_auc' reached
0.86259 (best 0.86259), saving model to ..``, ``pytorch_lightning/callbacks/model_checkpoint.py``'s ``{current:0.5f}``);
read apart (``_bar_glued``) both made a point at the step: two ``val_auc`` points at one step, 0.863 and 0.86259
(a stop-61 breaker's shape). Where a series has exactly two values at one step and the shorter-printed one is the
other rounded to its decimals, the rounded one is left out -- when the shorter one still has 3 significant digits (a
bar's ``{:.3g}``-like value: 0.863, 12.3): a value whose printed zeros the float dropped (``1.3000`` -> 1.3, ``0.7500``
-> 0.75) is no rounded copy, and two such values of two epochs logged at one step (a per-epoch batch counter) matched
by chance (test_breaker41's ``batch 200/300 loss 1.3000`` and the next epoch's ``1.0000``: one was dropped).
"""
from __future__ import annotations


def _decimals(value: float) -> int:
    text = repr(value)
    if "e" in text or "n" in text:
        return -1
    return len(text.partition(".")[2].rstrip("0"))


def _significant(value: float) -> int:
    return len(repr(abs(value)).replace(".", "").lstrip("0").rstrip("0"))


def rounded_copies(tags: list, steps: list, values: list, keep: list | None) -> list | None:
    """``keep`` (row indices, None for all rows) less each rounded copy (module docstring); ``keep`` itself when
    there is none."""
    rows = list(range(len(tags))) if keep is None else list(keep)
    at: dict = {}
    for i in rows:
        if steps[i] is not None:
            at.setdefault((tags[i], steps[i]), []).append(i)
    drop = set()
    for pair in at.values():
        if len(pair) != 2:
            continue
        a, b = pair
        da, db = _decimals(values[a]), _decimals(values[b])
        if min(da, db) < 0 or da == db or values[a] == values[b]:
            continue
        short, precise = (a, b) if da < db else (b, a)
        if _significant(values[short]) >= 3 and round(values[precise], min(da, db)) == values[short]:
            drop.add(short)
    return keep if not drop else [i for i in rows if i not in drop]
