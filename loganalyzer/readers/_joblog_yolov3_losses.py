"""eriklindernoren/PyTorch-YOLOv3's old training print (used by ``readers/_joblog_scan.py``), one line a batch::

    [Epoch 0/30, Batch 5/7329] [Losses: x 0.268891, y 0.251412, w 3.315198, h 2.863768, conf 3.750556, cls 0.809541, total 11.259367, recall: 0.05828, precision: 0.00112]

(public aunnnn/PyTorch-YOLOv3 ``log_train.txt``, fiftieth labeller's set): the loss terms are named with no sign
between name and number and no line holds the word ``loss``, so nothing was read. Read as ``loss`` (``total``), the
terms as ``loss_x`` .. ``loss_cls`` and ``recall``/``precision``, at step ``epoch x batches + batch``.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_LINE = re.compile(rb"\[Epoch (\d+)/(\d+), Batch (\d+)/(\d+)\] \[Losses: ([^\]\n]*)\]")
_PAIR = re.compile(r"([A-Za-z]\w*):? (" + NUMBER + r")")


def yolov3_loss_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every ``[Epoch e/E, Batch b/B] [Losses: ..]`` line, or None when there is none."""
    if data.find(b"] [Losses: ") < 0:
        return None
    out = []
    for m in _LINE.finditer(data):
        epoch, batch, batches = int(m.group(1)), int(m.group(3)), int(m.group(4))
        values = []
        for name, value in _PAIR.findall(m.group(5).decode("utf-8", "replace")):
            tag = "loss" if name == "total" else name if name in ("recall", "precision") else f"loss_{name}"
            values.append((tag, float(value)))
        if any(t == "loss" for t, _ in values):
            out.append((m.start(), Record("yolov3", tuple(values), step=epoch * batches + batch, epoch=float(epoch),
                                          own_step=True, total=batches)))
    return out or None
