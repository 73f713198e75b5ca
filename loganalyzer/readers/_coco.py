"""COCO evaluation results logged as one list: DETR's ``log.txt`` (facebookresearch/detr ``main.py``:
``log_stats = {**{f'test_{k}': v ...}}`` with ``test_stats['coco_eval_bbox'] = coco_evaluator.coco_eval['bbox']
.stats.tolist()``; Deformable-DETR, Conditional-DETR, DAB-DETR, DINO the same), a JSON line whose
``test_coco_eval_bbox`` (and ``test_coco_eval_masks``) is pycocotools' 12 ``COCOeval.stats`` in their fixed order.

Such a list is the run's validation metric; it is read as 12 series ``<key>/AP`` (mAP@[.5:.95]), ``<key>/AP50``...
"""
from __future__ import annotations

# pycocotools COCOeval.summarize() order (iouType bbox/segm)
COCO_STATS = ("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl")


def coco_stats(key: str, value) -> list[tuple[str, float]] | None:
    """``[(key/AP, v0), (key/AP50, v1), ...]`` when ``value`` is a COCO stats list under a ``coco_eval`` key (12
    numbers), else None. A value pycocotools could not compute (-1) is kept as logged."""
    if not isinstance(value, list) or len(value) != len(COCO_STATS) or "coco_eval" not in key:
        return None
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return None
    return [(f"{key}/{name}", float(v)) for name, v in zip(COCO_STATS, value)]
