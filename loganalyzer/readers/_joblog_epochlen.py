"""How long an epoch is, and where epoch 1 starts, in a printed log whose lines name the epoch and a count within it
(for ``readers/_joblog_headers.epochs_continue`` and ``readers/_joblog_steps.resolve_steps``).

- ``learnt_length``: the PyTorch CIFAR-10 tutorial prints ``[1,  2000] loss: 2.131`` ... ``[1, 12000] loss: 1.396``
  then ``[2,  2000] loss: 1.333`` (``print(f'[{epoch + 1}, {i + 1:5d}] loss: ...')`` every 2000 mini-batches; public
  chaNcharge/imagerecog ``train.out``, thirtieth labeller's item 5): the count restarts each epoch and the line
  prints no epoch length. Epoch 2 went on after the last step reached + 1 (``[2, 2000]`` at 12001, a whole
  epoch's worth of batches lost); the length is learnt from the epoch before, as the readers that print it use it:
  its counts evenly spaced by a stride ``s`` from ``first`` to ``last`` make ``last - first + s`` batches (2000 ...
  12000: 12000; 0 ... 900 by 100: 1000), so ``[2, 2000]`` is at 14000.
- ``one_based_epochs``: ``[batch 10/152, epoch 1/15]`` (IMU-Group/FGSD's ShadowDet logger, public shadowdet
  ``train.log``, thirtieth labeller's item 9b) is at epoch x 152 + 10 (a 0-based epoch's formula): when the log's
  epoch counter starts at 1 (no line of epoch 0), the first epoch is the steps 1..152, every such step one epoch
  earlier (the last line ``[batch 152/152, epoch 15/15]`` at 2280, not 2432). Only when the log's FIRST such line
  is of epoch 1 and no line before it says a checkpoint was loaded or a run resumed: the PyTorch ImageNet example
  resumed with ``--resume`` prints ``=> loaded checkpoint 'checkpoint.pth.tar' (epoch 1)`` then
  ``Epoch: [1][  0/400]`` (its epochs count from 0; epoch 0 is in the earlier log), and stays at 400 + batch.
"""
from __future__ import annotations

import re
from dataclasses import replace

# '=> loaded checkpoint ..', 'Loading checkpoint', 'Resuming from ..', 'restored from ..' (not 'resume=' of an args
# line: reidyz74's Namespace(... resume='' ...) is a fresh start)
RESUMED = re.compile(rb"(?i)\bresum(?:ed|ing)\b|\bload(?:ed|ing)\s+(?:the\s+)?checkpoint"
                     rb"|\brestor(?:ed|ing)\s+(?:from|checkpoint|model)")
_REGION = 1 << 16


def learnt_length(counts: list[int]) -> int | None:
    """The batches of one epoch from the counts it printed (every gap between the distinct counts a multiple of the
    smallest, the stride; the first within one stride of the epoch's start): ``last - first + stride``; None
    otherwise or for fewer than two distinct counts. A progressive GAN's resumed scale (pganpd48: ``[0 :  35000]``
    then ``[0 :  32100]`` after a relaunch, and ``17200`` -> ``17500`` where the file lost two lines) still has its
    stride of 100, so scale 1 starts after 48000, not at ``last + 1``. Counts every ``stride`` from ``stride`` that end
    in a smaller step to a last count (Time-Series-Library's ``iters: 100, epoch: 1 | loss: ..``, ``iters: 200``,
    then ``Epoch: 1, Steps: 265 | Train Loss: ..``, the epoch's batches: Informer/Autoformer logs) give that count."""
    seen = sorted(set(counts))  # a session resumed inside the epoch prints some counts again
    if len(seen) < 2:
        return None
    if len(seen) >= 3 and seen[0] == seen[1] - seen[0] and seen[-1] - seen[-2] < seen[0] \
            and all(c % seen[0] == 0 for c in seen[:-1]):
        return seen[-1]  # '|iters: 100', 'iters: 200', then 'Epoch: 1, Steps: 265 |': the epoch's end, its length
    gaps = {b - a for a, b in zip(seen, seen[1:])}
    stride = min(gaps)
    if any(g % stride for g in gaps):
        return None  # not one stride (lines lost from the file skip whole strides)
    if not 0 <= seen[0] <= stride:
        return None  # counts not from the epoch's start (a log cut at its head): the length is not known
    return seen[-1] - seen[0] + stride


def one_based_epochs(hits: list, data=None) -> None:
    """Lines placed at ``epoch x per_epoch + n`` (``Record.per_epoch`` set by the parser) move one epoch earlier
    when the log's first and smallest such epoch is 1 (its counter counts from 1) and no line before the first says
    a checkpoint was loaded or a run resumed (``RESUMED``, looked for in ``data`` when given); in place."""
    placed = [h for h in hits if getattr(h.record, "per_epoch", None) and h.step is not None
              and h.record.epoch is not None and h.step == h.record.step]
    if not placed or min(h.record.epoch for h in placed) != 1:
        return
    first = min(placed, key=lambda h: h.offset)
    if first.record.epoch != 1:
        return
    if data is not None and RESUMED.search(bytes(data[max(0, first.offset - _REGION):first.offset])):
        return  # a resumed log starts at epoch 1 too ('=> loaded checkpoint .. (epoch 1)'): its epochs count from 0
    for h in placed:
        h.step -= h.record.per_epoch
        h.record = replace(h.record, step=h.step)
