"""Running loss sums printed per batch as ``[i/N] running loss of epoch e is : x`` (used by ``readers/joblog.py``
when no line names a loss the usual way).

A U-Net tutorial loop (public unetbasic130 ``train_log.txt``) adds each batch's loss to ``running_loss`` and prints
``print(f"[{i}/{len(loader)}] running loss of epoch {epoch} is : {running_loss}")`` after every batch, first over the
training loader (251 batches), then over the validation loader (32 batches) with the same words: the sum grows
through each pass and starts again from zero at the next. The line's ``[i/N]`` bracket and the phrase before its
colon made no key: nothing was read ("no line names a loss").

Read here: each pass (consecutive lines of one ``N`` and one epoch) is one point at its epoch, the last sum over the
batches it counted (``x / (i + 1)``: the pass's mean loss); the first pass of an epoch is the training's
(``train_loss``), a later pass of another ``N`` in the same epoch the validation's (``val_loss``). When the printed
values do not grow through a pass (a mean already, not a sum) the last value is the pass's. At least ``MIN_PASSES``
passes, or nothing is read. A log holding two sessions (the epoch counting from 0 again) gives both, in order: the
reader's run rules split them.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

NEEDLE = b"] running loss of epoch "
_LINE = re.compile(rb"(?m)^\[(\d+)/(\d+)\] running loss of epoch (\d+) is\s*:\s*(" + NUMBER.encode() + rb")\s*\r?$")
MIN_PASSES = 2
_MAX_LINES = 2_000_000


def running_sum_hits(data) -> list[tuple[int, Record]]:
    """(offset, record) of each pass's point (module docstring); [] for a log of another kind."""
    if data.find(NEEDLE) < 0:
        return []
    passes: list = []  # [offset of the pass's last line, n, epoch, [(i, x)]]
    for k, m in enumerate(_LINE.finditer(data)):
        if k >= _MAX_LINES:
            break
        i, n, epoch, x = int(m.group(1)), int(m.group(2)), int(m.group(3)), to_float(m.group(4).decode())
        if x is None:
            continue
        last = passes[-1] if passes else None
        if last is not None and last[1] == n and last[2] == epoch and i > last[3][-1][0]:
            last[0] = m.start()
            last[3].append((i, x))
        else:
            passes.append([m.start(), n, epoch, [(i, x)]])
    if len(passes) < MIN_PASSES:
        return []
    out = []
    first_n = {}
    for offset, n, epoch, points in passes:
        prev = out[-1][1] if out else None
        train = prev is None or prev.epoch != float(epoch) or first_n.get(epoch) == n
        if train:
            first_n[epoch] = n
        values = [x for _, x in points]
        summed = len(values) > 1 and all(b >= a for a, b in zip(values, values[1:]))
        value = values[-1] / (points[-1][0] + 1) if summed else values[-1]
        tag = "train_loss" if train else "val_loss"
        out.append((offset, Record("runningsum", ((tag, value),), step=epoch, epoch=float(epoch),
                                   kind="train" if train else "eval")))
    return out
