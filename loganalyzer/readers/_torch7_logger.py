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
# a value the logger got as a string: ``tostring`` of a Lua number ('1.0044284703854'), written as it is
_PLAIN = rb"[ \t]*[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?\t"
_MIXED = re.compile(rb"(?:" + _VALUE + rb"|" + _PLAIN + rb")+\r?")


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
    return bool(rows) and all((_ROW.fullmatch(r) or _MIXED.fullmatch(r) and re.search(_VALUE, r))
                              and r.count(b"\t") == len(names) for r in rows)


# ``logger:add{fSumTest, fMinTest, ['epoch: % fSumTest: % fMinTest: %'] = epoch}`` (public luatorch_cost
# ``results/test.log``, audit 41q): the logger names a table's positional entries by their index (``1``, ``2``)
# and the keyed one by its key, here a format string naming every value in turn::
#
#     1\t2\tepoch: % fSumTest: % fMinTest: %\t
#     1.0044284703854\t1.0044284703854\t 2.0000e+00\t
_FORMAT_NAME = re.compile(r"([A-Za-z_][\w ]*?)\s*:\s*%")


def format_named(data) -> tuple[bytes, str] | None:
    """(the file with its header named, a note) for such a logger file: the numbered columns ``1``..``k`` then one
    key naming ``k + 1`` values ``name: %``; the column of whole numbers counting up by one is the one the format
    names ``epoch`` (or ``iteration``/``step``), the others take the format's other names in order. None otherwise."""
    head = bytes(data[:8192])
    if not is_logger_table(head):
        return None
    end = head.find(b"\n")
    names = head[:end].rstrip(b"\r")[:-1].decode("utf-8", "replace").split("\t")
    k = len(names) - 1
    if k < 1 or names[:k] != [str(i + 1) for i in range(k)]:
        return None
    said = [n.strip() for n in _FORMAT_NAME.findall(names[k])]
    counters = [n for n in said if n.lower() in ("epoch", "iteration", "iter", "step")]
    if len(said) != k + 1 or len(counters) != 1 or len(set(said)) != len(said):
        return None
    rows = [r.split(b"\t")[:-1] for r in bytes(data).split(b"\n")[1:] if r.strip()]
    try:
        table = [[float(v) for v in r] for r in rows]
    except ValueError:
        return None
    counting = [j for j in range(k + 1) if all(r[j] == int(r[j]) for r in table)
                and all(b[j] - a[j] == 1 for a, b in zip(table, table[1:]))]
    if len(counting) != 1 or len(table) < 2:
        return None
    others = iter(n for n in said if n != counters[0])
    header = [counters[0] if j == counting[0] else next(others) for j in range(k + 1)]
    note = (f"optim.Logger columns named by position ({', '.join(names[:k])}) and a format string "
            f"({names[k].strip()!r}): named {', '.join(header)} (the counting column is the {counters[0]})")
    return ("\t".join(header) + "\t").encode() + bytes(data[end:]), note
