"""The MONAI research-contributions Swin-UNETR / UNETR trainers' printed logs (``SwinUNETR/BRATS21/trainer.py``,
``SwinUNETR/BTCV/trainer.py``, ``UNETR/BTCV/trainer.py``; used by ``readers/_joblog_whole.py``), read whole.

Their ``train_epoch`` / ``val_epoch`` / ``run_training`` print (source: the trainers' ``print`` calls)::

    Epoch 0/10 0/1000 loss: 0.9644 time 22.70s            # run_loss.avg: the epoch's running mean, reset each epoch
    Final training  0/9 loss: 0.8187 time 3598.12s         # the epoch's mean loss
    Val 0/10 0/250 , dice_tc: 0.70 , dice_wt: 0.64 , dice_et: 0.0 , time 40.96s   # run_acc.avg, one per case
    Final validation stats 0/9 , dice_tc: 0.36 , dice_wt: 0.61 , dice_et: 0.0 , Dice_Avg: 0.32 , time 6851.07s
    Final validation  0/4999 acc 0.52 time 12.1s            # BTCV: the mean Dice over the validation cases
    new best (0.000000 --> 0.363342).

Read line by line, the counters before ``loss:`` became series (``Final_training`` = 0, 1, 2 ..), the per-case
``Val`` lines piled up to 250 values at one step and the per-iteration running means became the curve (public
swinspark173 x3). Read here: the step is the printed epoch (0-based, as printed); ``Final training`` gives ``loss``,
``Final validation stats`` its values as ``val_<name>`` (``Dice_Avg`` as ``val_dice_avg``), BTCV's ``Final
validation .. acc`` ``val_acc``. The per-iteration and per-case lines (running means within one epoch) are no points:
said in a note. A log without a ``Final training`` line (cut inside its first epoch) is left to the line reader.
"""
from __future__ import annotations

import re

from ._progress import Record

_TRAIN = re.compile(rb"^Final training +(\d+)/(\d+),? +loss: *([-+0-9.eEnaif]+)", re.MULTILINE)
_VAL = re.compile(rb"^Final validation(?: stats)? +(\d+)/(\d+) *(.*?)\r?$", re.MULTILINE)
_PAIR = re.compile(r",?\s*([A-Za-z_][A-Za-z0-9_]*):?\s+([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))\b")
_ITER = re.compile(rb"^(?:Epoch|Val) \d+/\d+ \d+/\d+ ", re.MULTILINE)
_NOT_SERIES = frozenset({"time"})


def _val_values(rest: str) -> tuple:
    out = []
    for name, value in _PAIR.findall(rest):
        if name.lower() in _NOT_SERIES:
            continue
        out.append((f"val_{name.lower()}", float(value)))
    return tuple(out)


def swinunetr_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every epoch line of a Swin-UNETR / UNETR trainer log (module docstring), or None when
    ``data`` holds no ``Final training  E/M loss: X`` line."""
    if data.find(b"Final training ") < 0:
        return None
    out: list[tuple[int, Record]] = []
    for m in _TRAIN.finditer(data):
        try:
            value = float(m.group(3))
        except ValueError:
            continue
        out.append((m.start(), Record("swinunetr", (("loss", value),), step=int(m.group(1)),
                                      epoch=float(m.group(1)), own_step=True, kind="train")))
    if not out:
        return None
    for m in _VAL.finditer(data):
        values = _val_values(m.group(3).decode("utf-8", "replace"))
        if values:
            out.append((m.start(), Record("swinunetr", values, step=int(m.group(1)), epoch=float(m.group(1)),
                                          own_step=True, kind="eval")))
    out.sort(key=lambda hit: hit[0])
    skipped = sum(1 for _ in _ITER.finditer(data))
    if skipped and notes is not None:
        notes.append(f"Swin-UNETR trainer: {skipped} per-iteration / per-case lines (running means within an epoch) "
                     "are no points; each epoch's 'Final training' / 'Final validation' line is")
    return out
