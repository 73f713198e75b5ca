"""An end-of-training list restating earlier epochs' values (used by ``readers/joblog.py``).

A plate-recognition fine-tuning loop (LPRNet, set 217's lprnetft217 ``train.log``) closes with::

    [Epoch Eval] Epoch 10 AvgLoss 0.0323 TestAcc 0.936685
    ...                                         (epochs 11-15)
    [Training Done] Best Test Accuracy: 0.937485
    [Training Done] 10-epoch checkpoints:
      - Epoch 10 | AvgLoss 0.0323 | TestAcc 0.936685

The list line names epoch 10, but it was read as a point at the log's last place: a 16th ``AvgLoss`` point and a
second ``TestAcc`` point, both at the last step, restating epoch 10's. A hit is such a restatement when it names an
epoch below one a hit before it named, no hit after it names a higher epoch than it (the log's tail), and every one
of its values (at least one, finite) equals a value some earlier hit of the same epoch printed (under any name: the
eval line's ``AvgLoss`` is read as ``val_AvgLoss``). Such hits are left out; one line in ``notes`` says so.
"""
from __future__ import annotations

import math


def drop_epoch_restatements(hits: list, notes: list) -> list:
    """``hits`` without the tail's restated epoch lines (module docstring)."""
    epochs = [h.record.epoch for h in hits]
    if not hits or sum(e is not None for e in epochs) < 3:
        return hits
    later_max = [-math.inf] * (len(hits) + 1)  # the highest epoch named after each hit
    for i in range(len(hits) - 1, -1, -1):
        e = epochs[i]
        later_max[i] = max(later_max[i + 1], e if e is not None else -math.inf)
    seen_max, printed, dropped = -math.inf, {}, []
    for i, h in enumerate(hits):
        e = epochs[i]
        if e is not None and e < seen_max and later_max[i + 1] <= e:
            values = [v for _, v in h.record.values]
            if values and all(math.isfinite(v) and v in printed.get(e, ()) for v in values):
                dropped.append(i)
                continue
        if e is not None:
            seen_max = max(seen_max, e)
            printed.setdefault(e, set()).update(v for _, v in h.record.values)
    if not dropped:
        return hits
    notes.append(f"{len(dropped)} line(s) at the log's end restate earlier epochs' values (a checkpoint list: epoch "
                 f"{epochs[dropped[0]]:g}): not read as points at its last step")
    gone = set(dropped)
    return [h for i, h in enumerate(hits) if i not in gone]
