"""Evaluations printed after torchvision's reference MetricLogger training lines that name no loss (``joblog``).

torchvision's segmentation reference (``references/segmentation/train.py``, ``utils.ConfusionMatrix.__str__``)
prints after each epoch's ``Epoch: [e]  [i/N]  ..  loss: ..`` lines and its ``Test:  [i/N]`` pass::

    global correct: 93.3
    average row correct: ['96.8', '89.8', ...]
    IoU: ['93.2', '84.9', ...]
    mean IoU: 70.2

(public asefcn125 ``运行结果.txt``, an FCN fine-tuned on VOC). Scripts built on the same utilities print their own
summary line after the pass: the U-2-Net reproduction of WZMIAOMIAO/deep-learning-for-image-processing prints
``print(f"[epoch: {epoch}] val_MAE: {mae:.3f} val_maxF1: {f1:.3f}")`` (public u2netrepro125 ``训练日志.txt``). None
of these lines names a loss or an accuracy: the validation was lost. Read here, once the log's training lines are
MetricLogger's: ``global correct`` as ``val_pixel_acc`` (the share of pixels classed right, in percent),
``mean IoU`` as ``val_mIoU`` (percent; the per-class lists are left out), and the ``[epoch: e]`` line's
``val_<name>`` pairs under their names, each at the training step before it.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

_GLOBAL = re.compile(rb"(?m)^global correct: (" + NUMBER.encode() + rb")\r?\n(?:average row correct: [^\n]*\n)?"
                     rb"(?:IoU: [^\n]*\n)?mean IoU: (" + NUMBER.encode() + rb")\r?$")
_EPOCH_LINE = re.compile(rb"(?m)^\[epoch: (\d+)\]((?:\s+val_\w+: " + NUMBER.encode() + rb")+)\s*\r?$")
_PAIR = re.compile(r"(val_\w+): (" + NUMBER + r")")
_MAX = 100_000


def tv_seg_evals(data, hits: list, make) -> list:
    """``hits`` with the evaluation blocks and lines of the module docstring as validation records (``make(offset,
    record)`` a hit); unchanged unless the log's training lines are MetricLogger's."""
    if not hits or not any(h.record.shape == "metriclogger" for h in hits[-16:]):
        return hits
    found = []
    if data.find(b"global correct: ") >= 0:
        for m in _GLOBAL.finditer(data):
            if len(found) >= _MAX:
                break
            values = (("val_pixel_acc", to_float(m.group(1).decode())), ("val_mIoU", to_float(m.group(2).decode())))
            found.append((m.start(), Record("tvseg", tuple((k, v) for k, v in values if v is not None),
                                            kind="eval")))
    if data.find(b"[epoch: ") >= 0:
        for m in _EPOCH_LINE.finditer(data):
            if len(found) >= _MAX:
                break
            pairs = tuple((k, x) for k, v in _PAIR.findall(m.group(2).decode()) if (x := to_float(v)) is not None)
            if pairs:
                found.append((m.start(), Record("tvseg", pairs, kind="eval")))
    if not found:
        return hits
    taken = {h.offset for h in hits}
    return sorted(hits + [make(o, r) for o, r in found if o not in taken], key=lambda h: h.offset)
