"""Per-epoch dict lines over the epoch's iteration lines (for ``readers/joblog.py``).

A script that prints its iteration lines, then the epoch's result as a Python dict naming the epoch (public
sulthesis105 ``train_logs*.txt``, a glaucoma classifier's ``print(dict(Epoch=epoch, Loss=.., Accuracy=..))``)::

    | Epoch [  1/ 60] Iter[ 13/ 13]		Loss: 267.1240 Acc@1: 56.566%
    {'Epoch': 1, 'Loss': 267.1240234375, 'Accuracy': 56.56565656565656}

has read the dict (``_progress_dicts``) at its epoch beside the 13 iteration lines of that epoch, whose ``Loss``
values then made the epoch's point as their mean (the first iterations' losses are 1e6). The dict is the epoch's
result: ``epoch_dicts(hits)`` takes each key an epoch's dict holds out of the iteration lines of that epoch (a
line left with no value is dropped), when two or more such dicts each name a different whole epoch. The
iteration lines' other keys (``Acc_1``) stay as they were.
"""
from __future__ import annotations

from dataclasses import replace


def _is_epoch_dict(h) -> bool:
    r = h.record
    return (r.shape == "hf" and r.kind == "train" and r.step is None and r.epoch is not None
            and float(r.epoch).is_integer() and bool(r.values))


def epoch_dicts(hits: list) -> list:
    """``hits`` with the keys of each epoch's dict taken out of that epoch's other training lines (module
    docstring)."""
    dicts = [h for h in hits if _is_epoch_dict(h)]
    if len(dicts) < 2 or len({h.record.epoch for h in dicts}) < len(dicts):
        return hits
    keys = {h.record.epoch: {k for k, _ in h.record.values} for h in dicts}
    out, changed = [], False
    for h in hits:
        r = h.record
        held = keys.get(r.epoch) if r.epoch is not None and r.kind == "train" and r.shape != "hf" else None
        if held and any(k in held for k, _ in r.values):
            values = tuple((k, v) for k, v in r.values if k not in held)
            changed = True
            if not values:
                continue
            h = type(h)(h.offset, replace(r, values=values), h.transient, h.step)
        out.append(h)
    return out if changed else hits
