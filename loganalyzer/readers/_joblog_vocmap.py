"""A detector's evaluation result printed alone on its line (used by ``_joblog_scan._scan``)::

    Epoch:[ 5 | 19 ]    Batch:[ 2000 | 2068 ]    loss_giou: 3.7166    loss_conf: 4.5610    loss: 12.6817    lr: 0.0001
    ********************Validate********************
    aeroplane --> mAP : 0.6153449742834498
    ...
    tvmonitor --> mAP : 0.6370156631359863
    mAP:0.534991
    best mAP : 0.534991

(public CV-YYDS/YOLOV3 ``nohup.log``: a YOLOv3 trainer's VOC evaluation after each epoch, ``print('mAP:%g' %
mAP)``). The line holds no loss word and no step, so the epoch's only validation result was lost. A line that is
nothing but ``mAP: <number>`` (``mAP:0.53``, ``mAP = 53.4%``) is read as ``val_mAP`` at the step of the training line
before it (the epoch's end). The per-class lines (``<class> --> mAP : x``) and the best-so-far line (``best mAP :
x``) name more than ``mAP`` and are not read; a ReID ``Validation Results`` block is ``_joblog_reid``'s.
"""
from __future__ import annotations

import re

from ._progress import Record

_BARE_MAP = re.compile(rb"(?m)^[ \t]*mAP[ \t]*[:=][ \t]*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)[ \t]*%?[ \t]*\r?$")


def bare_map_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, ``val_mAP`` record) of each line that is only ``mAP: <number>``; [] in a log of ReID blocks."""
    if data.find(b"mAP") < 0 or data.find(b"Validation Results") >= 0:
        return []
    out = []
    for m in _BARE_MAP.finditer(data):
        out.append((m.start(), Record("kv", (("val_mAP", float(m.group(1))),), kind="eval")))
    return out
