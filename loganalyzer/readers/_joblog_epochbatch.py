"""The 2018-2019 ``Epoch  Batch  <loss terms>  total  nTargets  time`` table of ultralytics/yolov3 and of the trainers
forked from it (``joblog``), a row per print interval.

ultralytics/yolov3's early ``train.py`` printed ``('%8s%12s' + '%10s' * 7) % ('Epoch', 'Batch', 'xy', 'wh', 'conf',
'cls', 'total', 'nTargets', 'time')`` at each epoch's start, then every few batches ``('%8s%12s' + '%10.3g' * 7) %
('%g/%g' % (epoch, epochs - 1), '%g/%g' % (i, len(dataloader) - 1), *running means, nT, time)``. JDE
(Zhongdao/Towards-Realtime-MOT ``train.py``) prints the same through ``logger.info`` (``2021-01-28 11:58:08 [INFO]:``
before each line) with its own terms ``box conf id total nTargets time`` (public jde68 log_train.txt, 30 epochs; its
test blocks ``Image Total P R mAP`` between the epochs). No row holds a loss word and the whitespace-separated header
made the file pass for a CSV: the date, the clock and ``[INFO]:`` became columns and rows were read at their line
numbers.

Read here: each row at step ``epoch x batches + batch`` (``batches`` = the printed last batch index + 1), its epoch
``epoch + batch / batches``; ``total`` is ``total_loss``, each other term ``<name>_loss``, ``nTargets`` is
``targets``; ``time`` (seconds a batch) is left out. The header must be the line's first cells after an optional
logging prefix, and a row holds exactly one cell per name: other text is not read.
"""
from __future__ import annotations

import re

from ._progress import Record

_START = re.compile(rb"(?m)^[^\n]{0,80}?[ \t]Epoch[ \t]+Batch[ \t]+[A-Za-z][^\n]*?[ \t]total[ \t]+nTargets[ \t]+time[ \t]*\r?$")
_HEADER = re.compile(r"^(.{0,80}?)[ \t]+Epoch[ \t]+Batch[ \t]+((?:[A-Za-z]\w*[ \t]+)+)total[ \t]+nTargets[ \t]+time\s*$")
_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)"
_MAX_TABLES = 10_000


def _row_pattern(terms: int) -> re.Pattern:
    cells = r"[ \t]+".join([_NUM] * (terms + 3))
    return re.compile(rf"^(.{{0,80}}?)[ \t]+(\d+)/(\d+)[ \t]+(\d+)/(\d+)[ \t]+({cells})[ \t]*$")


def epochbatch_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row under every ``Epoch Batch .. total nTargets time`` header in ``data``."""
    out: list[tuple[int, Record]] = []
    pos = 0
    for tables, m in enumerate(_START.finditer(data)):
        if tables == _MAX_TABLES:
            break
        if m.start() < pos:
            continue
        header = _HEADER.match(bytes(data[m.start():m.end()]).decode("utf-8", "replace"))
        if header is None:
            continue
        names = [f"{t}_loss" for t in header.group(2).split()] + ["total_loss", "targets"]
        row_re, at = _row_pattern(len(names) - 2), m.end() + 1
        while at < size:
            end = data.find(b"\n", at)
            end = size if end < 0 else end
            row = row_re.match(bytes(data[at:end]).decode("utf-8", "replace").rstrip("\r"))
            if row is None:
                if _START.match(data, at):  # the next epoch's header
                    break
                at = end + 1  # a test block, a warning between two rows
                continue
            epoch, batch, batches = int(row.group(2)), int(row.group(4)), int(row.group(5)) + 1
            values = tuple(zip(names, (float(v) for v in row.group(6).split()[:-1])))
            out.append((at, Record("epochbatch", values, step=epoch * batches + batch, epoch=epoch + batch / batches,
                                   own_step=True, total=(int(row.group(3)) + 1) * batches)))
            at = end + 1
        pos = at
    return out
