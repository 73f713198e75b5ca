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

The split is the one a heading line above it names (a line with no digits, up to 40 lines back, not past the
previous bare ``mAP`` line): ``****Validate****`` or none is ``val_mAP``; ``==== Final evaluation on TEST set
====`` is ``test_mAP``; a multi-label classifier's ``Train:`` block (``Train:`` / ``loss: 1.0`` / ``mAP: 0.55``, then
``Val:`` / ``loss: 1.2`` / ``mAP: 0.44``) prints its training mAP, not read (one validation point an epoch).
"""
from __future__ import annotations

import re

from ._progress import Record

_SPLIT_WORD = re.compile(rb"(?i)(?<![a-z])(test|testing|train|training|val|valid|validate|validation|eval|"
                         rb"evaluate|evaluation|evaluating|dev)(?![a-z])")

_BARE_MAP = re.compile(rb"(?m)^[ \t]*mAP[ \t]*[:=][ \t]*([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)[ \t]*%?[ \t]*\r?$")


def bare_map_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, ``val_mAP`` record) of each line that is only ``mAP: <number>``; [] in a log of ReID blocks."""
    if data.find(b"mAP") < 0 or data.find(b"Validation Results") >= 0:
        return []
    out = []
    for m in _BARE_MAP.finditer(data):
        split = _split_above(data, m.start())
        if split != "train":
            out.append((m.start(), Record("kv", ((f"{split}_mAP", float(m.group(1))),), kind="eval")))
    return out


def _split_above(data, start: int) -> str:
    """``train``/``val``/``test``: the split named by the digit-free heading line above ``start`` (``val`` if none)."""
    end = start
    for _ in range(40):
        if end <= 0:
            break
        begin = data.rfind(b"\n", 0, end - 1) + 1
        line = bytes(data[begin:end]).strip()
        end = begin
        if _BARE_MAP.match(line):
            break
        if any(48 <= c <= 57 for c in line):
            continue
        words = {w.lower()[:3] for w in _SPLIT_WORD.findall(line)}  # 'evaluation on TEST set': test
        if words:
            return "test" if b"tes" in words else "val" if words - {b"tra"} else "train"
    return "val"
