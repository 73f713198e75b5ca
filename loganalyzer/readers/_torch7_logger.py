"""Torch7's ``optim.Logger`` files (for ``plain_csv.sniff`` and ``discover_splitpair``).

torch/optim ``Logger.lua`` (public eladhoffer/optim 6e196ba, ``Logger.lua``) writes a header of the symbols' names,
each followed by a TAB (``self.file:write(k .. '\\t')``), then one row per ``add``, each number as
``string.format('%11.4e', val) .. '\\t'``::

    % top1 accuracy (train set)\tavg loss (train set)\t
     1.0312e+01\t 4.6171e+00\t

(soumith/imagenet-multiGPU.torch's ``train.log`` and ``test.log``: ``trainLogger:add{['% top1 accuracy (train
set)'] = top1_epoch, ['avg loss (train set)'] = loss_epoch}``, ``testLogger:add{['% top1 accuracy (test set)'] =
top1}``, one row per epoch; ``logger:setNames{'training error', 'test error'}`` in other scripts). A table of
accuracies or errors names no loss and no step, so the file was not read (``test.log``), nor paired with its
training's file. That exact shape (every header name and every value closed by a TAB, every value ``%11.4e``) is
the logger's: such a file is a table of one row per ``add`` (the row number is the step).
"""
from __future__ import annotations

import re

_VALUE = rb"[ \t]*(?:[-+]?\d\.\d{4}e[-+]\d{2,3}|-?nan|-?inf)\t"
_ROW = re.compile(rb"(?:" + _VALUE + rb")+\r?")


def is_logger_table(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is an ``optim.Logger`` file: a header of names each closed by a TAB,
    then rows of as many ``%11.4e`` values, each closed by a TAB (at least one whole row)."""
    lines = bytes(head).split(b"\n")
    if len(lines) < 3:  # a header, one whole row and what follows its newline
        return False
    header = lines[0].rstrip(b"\r")
    if not header.endswith(b"\t") or b"\t\t" in header:
        return False
    names = header[:-1].split(b"\t")
    if any(not n.strip() or _ROW.fullmatch(n + b"\t") for n in names):
        return False
    rows = [r for r in lines[1:-1] if r.strip()]
    return bool(rows) and all(_ROW.fullmatch(r) and r.count(b"\t") == len(names) for r in rows)
