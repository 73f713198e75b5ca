"""pycocotools' printed evaluation summary in a job log (used by ``readers/joblog.py``).

``COCOeval.summarize()`` prints twelve lines per evaluated type, the same in every detection codebase that uses it
(GluonCV, torchvision's references, detectron2, mmdet)::

    Evaluate annotation type *bbox*                 (or '~~~~ Summary bbox metrics ~~~~', 'IoU metric: bbox')
     Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.05848
     Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.14070
     ...
     Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.35055

No line holds a loss word, so the loss scan never met them: the run's mAP was dropped. Read here as validation series
``val_<type>/AP``, ``val_<type>/AP50``, ... (``_coco.COCO_STATS``'s names; ``<type>`` bbox, segm or keypoints, from
the line naming it within the few lines above the block, else ``coco``), at the training step before the block (as
other eval lines). pycocotools' ``-1.000`` (no object of that area in the set: ``APs`` of a set without small
objects) is no score and gives no point. A rank prefix (``[1,0]<stderr>:``) is kept, so only the chosen rank's blocks count.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

# pycocotools pads the title to 18 ('Average Precision  (AP)'); a copy whose runs of blanks were squeezed, or a
# fork's own padding ('Average Precision (AP)', a newcomer breaker's torchvision detection log) has one: the needle
# is the part after it, the line's title checked by ``_LINE``
NEEDLE = b"(AP) @[ IoU="
_LINE = re.compile(r"=?\s*Average (Precision|Recall)\s+\((?:AP|AR)\) @\[ IoU=([\d.:]+)\s*\| area=\s*(\w+)\s*\| "
                   r"maxDets=\s*(\d+) \] = (" + NUMBER + r")")
_TYPE = re.compile(rb"\bbbox\b|\bsegm\b|\bkeypoints\b")
_AREA = {"small": "s", "medium": "m", "large": "l"}
_MAX = 100_000  # blocks read
_LOOK_BACK = 600  # bytes above a block searched for the type it evaluates


def _stat(kind: str, iou: str, area: str, dets: str) -> str | None:
    """The ``_coco.COCO_STATS`` name of one summary line (None for a line outside pycocotools' twelve)."""
    if kind == "Precision":
        if area != "all":
            return "AP" + _AREA[area] if iou == "0.50:0.95" and area in _AREA else None
        return {"0.50:0.95": "AP", "0.50": "AP50", "0.75": "AP75"}.get(iou)
    if iou != "0.50:0.95":
        return None
    return "AR" + (dets if area == "all" else _AREA.get(area, "?"))


def coco_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every pycocotools summary line of ``data`` (eval records without a step)."""
    out: list = []
    pos = blocks = 0
    while blocks < _MAX and (p := data.find(NEEDLE, pos)) >= 0:
        blocks += 1
        start = data.rfind(b"\n", 0, p) + 1
        above = bytes(data[max(0, start - _LOOK_BACK):start])
        types = _TYPE.findall(above[above.rfind(b"Average ") + 1:] if b"Average " in above else above)
        name = types[-1].decode() if types else "coco"
        line_start = start
        for _ in range(12):
            end = data.find(b"\n", line_start)
            if end < 0:
                end = size
            text, rank, stamp = clean(bytes(data[line_start:end]).rstrip(b"\r"))
            m = _LINE.search(text)
            if m is None:
                break
            stat, value = _stat(*m.group(1, 2, 3, 4)), to_float(m.group(5))
            if stat is not None and value is not None and value != -1.0:  # -1: no ground truth of that area
                out.append((line_start, Record("coco", ((f"val_{name}/{stat}", value),), kind="eval", rank=rank,
                                               time=stamp)))
            line_start = end + 1
            if line_start >= size:
                break
        pos = max(line_start, p + len(NEEDLE))
    return out
