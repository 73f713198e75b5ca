"""A learning rate printed on its own line right under an epoch header (used by ``_joblog_scan._scan`` when the log
has progress lines)::

    Epoch: 1
    Learning rate: 0.005000
    Train Epoch: 1 Loss: 5.872 Acc@1 3.611 Acc@5 11.045: 100%|██████████| 10010/10010 [3:06:24<00:00,  1.12s/it]

(public dhairyag/ImageNet1k_ResNet50 at 6664e9c, ``log_output.md``: ``print(f"Epoch: {epoch}")`` then
``print(f"Learning rate: {optimizer.param_groups[0]['lr']:.6f}")`` before the epoch's bar). The line holds no loss,
so the loss scan never saw it; the value is ``lr`` at the header's epoch (the step of the epoch's bar and test
line). A learning-rate line under no epoch header is left to the other shapes (its epoch is not known).

A header that starts the epoch, ``Starting epoch 1 / 100`` then ``Learning Rate for this epoch: 0.001`` (public
Dylan-Zhang7788/Yolo ``train_log.txt``, whose training lines count ``Epoch [1/100], Iter [20/1070]``: their step is
epoch x iterations + iteration, not the epoch), gives ``lr`` no step of its own: it takes the step of the line before,
the previous epoch's last training line (the boundary where the rate changed), as an evaluation line does.

A rate printed as ``name, value`` right over the epoch's result line (public abo_seg ``nohup.log``, a part
segmenter's ``print('lr,', lr)`` then ``epoch=0/250,total_loss=1.870129, ...``) is the rate that epoch ran with:
``lr`` at the epoch the next line names.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_LR = re.compile(rb"^[ \t]*Epoch:?[ \t]*(\d+)(?:[ \t]*/[ \t]*\d+)?[ \t]*\r?\n[ \t]*(?:Current[ \t]+)?"
                 rb"(?:[Ll]earning[ \t]+rate|LR|lr)[ \t]*[:=][ \t]*(" + NUMBER.encode() + rb")[ \t]*\r?$", re.MULTILINE)
_STARTING = re.compile(rb"^[ \t]*Starting[ \t]+epoch[ \t]*(\d+)(?:[ \t]*/[ \t]*\d+)?[ \t]*\r?\n[ \t]*"
                       rb"(?:[Ll]earning[ \t]+[Rr]ate|LR|lr)(?:[ \t]+for[ \t]+this[ \t]+epoch)?[ \t]*[:=][ \t]*"
                       rb"(" + NUMBER.encode() + rb")[ \t]*\r?$", re.MULTILINE)
_BEFORE = re.compile(rb"^[ \t]*(?:[Ll]earning[ \t_]+rate|LR|lr)[ \t]*,[ \t]*(" + NUMBER.encode() + rb")[ \t]*\r?\n"
                     rb"[ \t]*[Ee]poch[ \t]*[:=]?[ \t]*(\d+)\b", re.MULTILINE)  # 'lr, 0.001' over 'epoch=0/250,..'
NEEDLE = re.compile(rb"(?:[Ll]earning[ \t]+[Rr]ate(?:[ \t]+for[ \t]+this[ \t]+epoch)?|LR|lr)[ \t]*[:=,]")


def lr_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset of the learning-rate line, its ``lr`` record at the header's epoch) for each ``Epoch: N`` header
    followed by a ``Learning rate: X`` line (module docstring); [] when the log has none."""
    if NEEDLE.search(data) is None:
        return []
    out = list(_at_epochs(_LR, data, rate=2, epoch=1))
    for m in _STARTING.finditer(data):  # 'Starting epoch 3 / 100' / 'Learning Rate for this epoch: 0.001'
        try:
            value = float(m.group(2))
        except ValueError:
            continue
        out.append((m.start(2), Record("kv", (("lr", value),), kind="cont")))
    out.extend(_at_epochs(_BEFORE, data, rate=1, epoch=2))  # 'lr, 0.001' over 'epoch=0/250,..': that epoch
    return sorted(out, key=lambda pair: pair[0]) if out else out


def _at_epochs(pattern, data, rate: int, epoch: int):
    """(offset of the rate, its ``lr`` record at the epoch) for each match of ``pattern``, whose groups ``rate`` and
    ``epoch`` hold the two numbers; a rate that is no float is skipped."""
    for m in pattern.finditer(data):
        try:
            value = float(m.group(rate))
        except ValueError:
            continue
        k = int(m.group(epoch))
        yield m.start(rate), Record("kv", (("lr", value),), step=k, epoch=float(k), own_step=False)
