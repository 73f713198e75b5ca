"""COCOeval's printed summary beside OpenMMLab's own validation line holding the same numbers (used by
``joblog.parse``).

MMDetection 2.x (``mmdet/datasets/coco.py`` ``CocoDataset.evaluate``) prints pycocotools' 12-line summary
(`` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.011``, read by ``_joblog_coco`` as
``val_bbox/AP``...) for each ``Evaluating bbox...``/``Evaluating segm...``, then the runner's line
``Epoch(val) [1][764]  bbox_mAP: 0.0110, bbox_mAP_50: ..., bbox_mAP_copypaste: 0.011 0.017 ...`` (read by
``_progress_mm`` as ``val/bbox_mAP``...): every metric twice, under two names (public
yvr1037/fenghuo-project-of-mmdet ``mm.md``). The runner's line is the log's own record of the epoch: a COCO summary
followed by such a line (before the next training line) is left out. A summary with no ``Epoch(val)`` line after it
(a standalone ``tools/test.py`` run, GluonCV) stays. ``*_copypaste`` (six numbers in one string, for pasting into a
table) is no series (``_progress_mm``).
"""
from __future__ import annotations


def without_coco_copies(hits: list) -> list:
    """``hits`` without the COCOeval summary lines that an OpenMMLab validation line after them repeats."""
    if not any(h.record.shape == "coco" for h in hits) or not any(
            h.record.shape == "mm" and h.record.kind == "eval" for h in hits):
        return hits
    drop, pending = set(), []
    for h in hits:
        if h.record.shape == "coco":
            pending.append(id(h))
        elif h.record.shape == "mm" and h.record.kind == "eval":
            drop.update(pending)
            pending = []
        elif h.record.kind == "train":
            pending = []
    return [h for h in hits if id(h) not in drop] if drop else hits
