"""An epoch-only line printed once per batch (used by ``readers/_joblog_steps.resolve_steps``).

TensorFlow 2's transformer tutorial loop with the epoch summary indented into the batch loop prints, after every
batch, ``Epoch 1 Loss 4.1730 Accuracy 0.0000`` (the running means ``train_loss.result()``, ``train_accuracy.result()``)
and ``Time taken for 1 epoch: ...``, and every 500 batches ``Epoch 1 Batch 500 Loss 3.1883 Accuracy 0.0715``: 703
lines naming only epoch 1, then 703 naming epoch 2... They all went to the step of the last batch line before them,
hundreds of points per step (tf2xfmr ``log_train.txt``: 3001 points on 9 steps). Where a line naming only its epoch
repeats with the same names at least ``MIN_REPEATS`` times within one epoch, in a log whose other lines print their
batch within the epoch (``Epoch 1 Batch 500``: the evidence that they are per batch; without it several lines of one
epoch stay at that epoch) and whose epochs never go back, the k-th such line (0-based) is batch k
of that epoch: step = the batches of the epochs before + k (each epoch as long as its most repeated line), and a
line printing its batch (``Epoch 2 Batch 500``) goes to that epoch's first step + its batch on the same axis. The
repeated lines keep the names ``_epoch_lines_at_steps`` gives them (``Loss_epoch`` beside the batch lines' ``Loss``).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

MIN_REPEATS = 3


def _epoch_only(r) -> bool:
    return r.shape == "kv" and r.epoch is not None and r.step == int(r.epoch) and not r.own_step


def per_batch_epoch_lines(hits: list) -> None:
    """Steps for epoch-only lines printed once per batch (module docstring); in place."""
    repeats = Counter((h.record.epoch, tuple(t for t, _ in h.record.values)) for h in hits if _epoch_only(h.record))
    if not repeats or max(repeats.values()) < MIN_REPEATS:
        return
    order, length = [], {}
    for (epoch, _), n in repeats.items():
        if epoch not in length:
            order.append(epoch)
        length[epoch] = max(length.get(epoch, 0), n)
    if order != sorted(order):
        return  # an epoch went back (a new training): left as it is
    epochs = [h.record.epoch for h in hits if _epoch_only(h.record)]
    if any(b < a for a, b in zip(epochs, epochs[1:])):
        return  # the epoch went back between them: trainings in a row, each epoch's lines its own
    batch_lines = 0
    for h in hits:  # a line printing its own step must fit in its epoch's batches (else its steps are global)
        r = h.record
        if r.shape == "kv" and r.own_step and not _epoch_only(r) and r.kind == "train":
            if r.epoch not in length or r.step is None or not 0 <= r.step < length[r.epoch]:
                return
            batch_lines += 1
    if not batch_lines:
        return  # no line printing its batch says the repeated lines are per batch (several losses of one epoch)
    first, at = {}, 0
    for epoch in order:
        first[epoch] = at
        at += length[epoch]
    stepped = {t for h in hits if h.record.shape == "kv" and not _epoch_only(h.record) for t, _ in h.record.values}
    seen: Counter = Counter()
    for h in hits:
        r = h.record
        if _epoch_only(r):
            key = (r.epoch, tuple(t for t, _ in r.values))
            h.step = first[r.epoch] + seen[key]
            seen[key] += 1
            values = tuple((f"{t}_epoch" if t in stepped else t, v) for t, v in r.values)
            h.record = replace(r, values=values, step=h.step, own_step=True)
        elif r.shape == "kv" and r.own_step and r.epoch in first and r.step is not None \
                and 0 <= r.step < length[r.epoch]:
            h.step = first[r.epoch] + r.step
            h.record = replace(r, step=h.step)
