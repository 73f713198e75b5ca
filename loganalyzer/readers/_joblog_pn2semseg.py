"""Pointnet_Pointnet2_pytorch's semantic-segmentation log (yanx27/Pointnet_Pointnet2_pytorch ``train_semseg.py`` and
its forks: ``log/sem_seg/<dir>/logs/pointnet2_sem_seg.txt``; used by ``readers/_joblog_whole.py``), read whole.

``log_string`` writes each line through a ``logging`` FileHandler (``'%(asctime)s - %(name)s - %(levelname)s -
%(message)s'``), one block per epoch::

    **** Epoch 3 (3/32) ****                       ('**** Epoch %d (%d/%s) ****' % (global_epoch + 1, epoch + 1, ..))
    Learning rate:0.001000
    Training mean loss: 0.262610
    Training accuracy: 0.892197
    ---- EPOCH 003 EVALUATION ----
    eval mean loss: 0.270290
    eval point avg class IoU: 0.819041
    eval point accuracy: 0.901048
    eval point avg class acc: 0.890112
    ------- IoU --------
    class non-plane      weight: 0.546, IoU: 0.806
    Eval mean loss: 0.270290                      (the same number again)
    Eval accuracy: 0.901048
    Best mIoU: 0.822432

Line by line, every line was a step of its own (32 epochs as steps 1-62), the per-class lines an ``IoU`` series
alternating between classes, ``eval mean loss`` and ``Eval mean loss`` two series (public bala22seg178,
pn2plane178, pointnettof178, haodongyu178, kecin178, johnnypn2-178). Read here, at the epoch (the banner's number
in brackets, ``epoch + 1``: a training resumed with ``Use pretrain model`` sets ``global_epoch = 0`` while ``epoch``
goes on from the checkpoint's, so its banners read ``**** Epoch 1 (11/32) ****``, epoch 11 of the one run):
``loss``, ``acc``, ``lr``, ``val_loss``, ``val_mIoU``, ``val_acc``, ``val_class_acc`` (a fork's ``.. without
background`` lines ``<name>_nobg``). Not series: ``Eval mean loss`` / ``Eval accuracy`` (repeats), the
per-class IoU table, ``Best mIoU`` (the best so far), the learning rate of an epoch block with no other line (a
launch that stopped before its first epoch ended). An epoch going back (a training appended to the same log)
starts a new run, as any printed step going back does. Needs two banners with a ``Training mean loss`` line; None
for any other log.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_N = NUMBER.encode()
_BANNER = re.compile(rb"\*\*\*\* Epoch \d+ \((\d+)/\d+\) \*\*\*\*")  # the epoch: the number in brackets
_LINE = re.compile(rb"(?m)\b(Training mean loss|Training accuracy|Learning rate|eval mean loss|eval point avg class IoU"
                   rb"|eval point accuracy|eval point avg class acc)( without background)?: ?(" + _N
                   + rb"|nan)[ \t]*\r?$")
_NAMES = {b"Training mean loss": "loss", b"Training accuracy": "acc", b"Learning rate": "lr",
          b"eval mean loss": "val_loss", b"eval point avg class IoU": "val_mIoU", b"eval point accuracy": "val_acc",
          b"eval point avg class acc": "val_class_acc"}


def pn2_semseg_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every value of a Pointnet_Pointnet2_pytorch sem-seg log at its epoch (module docstring),
    or None."""
    if data.find(b"Training mean loss: ") < 0 or data.find(b"**** Epoch ") < 0:
        return None
    banners = [(m.start(), int(m.group(1))) for m in _BANNER.finditer(data)]
    if len(banners) < 2:
        return None
    blocks: dict[int, list] = {}
    at = 0
    for m in _LINE.finditer(data, banners[0][0]):
        while at + 1 < len(banners) and banners[at + 1][0] < m.start():
            at += 1
        blocks.setdefault(at, []).append(m)
    out: list[tuple[int, Record]] = []
    for at, found in blocks.items():
        if all(m.group(1) == b"Learning rate" for m in found):
            continue  # a launch that stopped before its first epoch ended: no run of one learning rate
        epoch = banners[at][1]
        for m in found:
            name = _NAMES[m.group(1)] + ("_nobg" if m.group(2) else "")
            out.append((m.start(), Record("pn2semseg", ((name, float(m.group(3))),), step=epoch, epoch=float(epoch),
                                          kind="eval" if name.startswith("val_") else "train", own_step=True)))
    return out if sum(r.values[0][0] == "loss" for _, r in out) >= 2 else None
