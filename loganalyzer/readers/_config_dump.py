"""The config a training script logs before step 1, for ``joblog``: no point of any curve.

OpenMMLab's runners log the whole config as one logger record whose message spans hundreds of lines: mmengine's
``Runner`` (``self.logger.info(f'Config:\\n{self.cfg.pretty_text}')``, mmengine/runner/runner.py) and mmcv 1.x's
``tools/train.py`` (``logger.info(f'Config:\\n{cfg.pretty_text}')``), each line of the dump without the logger's
prefix, e.g. ``loss_decode=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=0.4)``. Such a
hyper-parameter is no logged value: the region from a logger line ending in ``Config:`` up to the next line that
starts with a timestamp (the logger's next record) is no progress, whatever it holds.
"""
from __future__ import annotations

import re

# a logger record opening the dump: ``2023/06/14 06:55:04 - mmengine - INFO - Config:`` (mmengine's MMFormatter),
# ``2023-02-05 16:40:51,207 - mmcls - INFO - Config:`` (mmcv's get_logger), the console's ``06/14 06:55:04 - ...``
_OPENS = re.compile(rb"(?m)^[^\n]{0,60}\d\d:\d\d:\d\d[^\n]{0,40} - INFO - Config:[ \t]*\r?$")
# the next record: a line starting with a date or a time, as the logger's prefix does
_RECORD = re.compile(rb"(?m)^(?:\d{4}[/-]\d\d[/-]\d\d|\d\d/\d\d)[ T]\d\d:\d\d:\d\d")


def regions(data) -> list[tuple[int, int]]:
    """(start, end) byte offsets of each logged config dump in ``data``: the lines after its ``Config:`` record
    line, up to the next logger record; none without a next record (a log whose progress is printed without the
    logger's prefix: where the dump ends is not known, and no line is dropped)."""
    out = []
    for m in _OPENS.finditer(data):
        start = m.end()
        nxt = _RECORD.search(data, start)
        if nxt is not None:
            out.append((start, nxt.start()))
    return out


def outside(offsets: list[int], spans: list[tuple[int, int]]) -> list[bool]:
    """Per offset, whether it lies outside every span."""
    return [not any(a <= o < b for a, b in spans) for o in offsets]
