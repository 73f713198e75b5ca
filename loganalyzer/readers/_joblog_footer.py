"""A batch counter that starts again each epoch, the epoch printed only AFTER its batches (used by
``readers/_joblog_steps.py``).

A CheXpert DenseNet loop (public ``train.log`` of the forty-eighth labeller's set) prints every 1000 batches
``[Batch:  1000] loss: 29.017``, then at the epoch's end its validation lines ``Epoch 1 [IMPR] lossv Card = 0.811``
... ``Epoch 1 [IMPR] loss = 0.502`` and ``Training loss: 0.433, Valid loss: 0.502``; the next epoch's counter starts
at 1000 again. Read as steps, each restart looked like a new training: the file was split into a run per epoch and
every epoch line sat at step 2000. ``_joblog_headers.restarting_counters`` continues such a counter under epoch
HEADERS printed before the batches; here the epoch comes as a footer.

The rule: the step-counter lines (a ``key=value`` line printing its own step and no epoch) fall into blocks, each
closed by the epoch-only lines (``Epoch 1 ... loss = 0.5``: an epoch and no step) printed after it. Where a block's
counter starts again (its first step at or below the last block's last) and its footer's epoch is the next one, the
block's steps go on after the highest step reached; a footer whose epoch goes back (``Epoch 1`` after ``Epoch 3``: a
second training in the file) starts counting anew, so the file's trainings stay apart. A last block with no footer
(a job killed mid-epoch) goes on too. Only when at least two blocks went on; a counter that never starts again, or
one with no footers, is left as it was.
"""
from __future__ import annotations

from dataclasses import replace


def _counter(h) -> bool:
    r = h.record
    return (r.shape == "kv" and r.kind == "train" and r.step is not None and r.epoch is None and r.own_step
            and h.step == r.step)


def _footer(h) -> bool:
    r = h.record
    return r.shape == "kv" and r.epoch is not None and r.step == int(r.epoch) and not r.own_step


def footer_counters(hits: list) -> None:
    """Each epoch's restarting counter continued after the epoch before, the epoch read from the lines printed after
    its batches (module docstring); in place."""
    blocks: list[tuple[list, int | None]] = []  # (counter hits, the epoch of the footer after them)
    current: list = []
    for h in hits:
        if _counter(h):
            current.append(h)
        elif _footer(h) and current:
            blocks.append((current, int(h.record.epoch)))
            current = []
    if current:
        blocks.append((current, None))
    if len(blocks) < 3 or sum(len(b) for b, _ in blocks) < 4:
        return
    if any(b.step <= a.step for block, _ in blocks for a, b in zip(block, block[1:])):
        return  # a counter going back inside one epoch: no per-epoch counter
    shifts, moves, shift, reached, last_epoch = [], 0, 0, None, None
    for block, epoch in blocks:
        restarts = reached is not None and block[0].step <= block[-1].step and block[0].step <= last_step
        if restarts and last_epoch is not None and (epoch is None or epoch == last_epoch + 1):
            shift = reached
            moves += 1
        elif restarts or (epoch is not None and last_epoch is not None and epoch <= last_epoch):
            shift, reached = 0, None  # the epoch went back: another training, the split stands
        elif reached is not None and not restarts:
            return  # a counter going on across epochs: already a step
        shifts.append(shift)
        last_step = block[-1].step
        reached = block[-1].step + shift if reached is None else max(reached, block[-1].step + shift)
        last_epoch = epoch
    if moves < 2:
        return
    for (block, _), shift in zip(blocks, shifts):
        for h in block:
            h.step += shift
            h.record = replace(h.record, step=h.step)
    _later_training(hits, blocks[-1][0][-1], last_epoch)


def _later_training(hits: list, last_counter, last_epoch: int | None) -> None:
    """Footers after the counter's last block whose epoch went back (``Epoch 1`` after ``Epoch 3``): a later training
    of the file printing only its epochs (the CheXpert log's lateral model): each at its epoch (not at the first
    training's last step), and the step-less evaluation lines just before its first epoch (``Initial valid loss``)
    at step 0, so they open it."""
    at = hits.index(last_counter)
    tail = hits[at + 1:]
    footers = [h for h in tail if _footer(h)]
    first = next((i for i, h in enumerate(tail) if _footer(h) and last_epoch is not None
                  and int(h.record.epoch) < last_epoch), None)
    if first is None or any(_counter(h) for h in tail[first:]):
        return
    if [int(h.record.epoch) for h in footers if h.offset >= tail[first].offset] != \
            sorted(int(h.record.epoch) for h in footers if h.offset >= tail[first].offset):
        return  # its epochs going back again: no one later training
    stepped = {t for t, _ in last_counter.record.values}  # its names as the first training's footers have them
    for h in tail[first:]:
        if _footer(h):
            h.step = int(h.record.epoch)
            values = tuple((f"{t}_epoch" if t in stepped else t, v) for t, v in h.record.values)
            h.record = replace(h.record, values=values, own_step=True)
    i = first - 1  # (an evaluation printed right after a footer is that epoch's: 'Training loss: .., Valid loss: ..')
    while i >= 0 and tail[i].record.kind == "eval" and tail[i].record.step is None and not (i and _footer(tail[i - 1])):
        tail[i].step = 0
        i -= 1
