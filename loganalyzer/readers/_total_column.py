"""A ``total`` column beside bare-named loss terms and no column named like a loss: the training loss (for
``_index_columns.tidy``, so plain and Keras-like CSVs alike).

A detector's or a composite objective's loop that logs its loss terms under their own short names and their
weighted sum as ``total`` (public iapr ``train_metrics.csv``: ``fold,epoch,cls,box,total,avg_batch_iou,val_f1``)
named no loss: the run had no training loss at all (verdict unknown). ``total`` is read as ``total_loss``, said in
one line; the terms stay as they are. Only with two or more term columns (``LOSS_TERMS``) and no column named like a
loss (then the loss is known, and a ``total`` may count images or seconds).
"""
from __future__ import annotations

from ._plain_columns import _normal, is_loss_like

LOSS_TERMS = frozenset({"cls", "box", "obj", "dfl", "giou", "l1", "l2", "bbox", "conf", "objectness", "rpn", "reg",
                        "mask", "kl", "kld", "recon", "rec", "ctc", "focal", "smooth_l1", "kd", "distill", "aux",
                        "hm", "wh", "offset", "landmark", "ce", "bce", "dice", "seg"})
_TOTALS = ("total", "sum", "overall")


def total_loss(columns: list[str]) -> dict[str, str]:
    """{the ``total`` column: ``total_loss``} for such columns (module docstring), else empty."""
    if any(is_loss_like(c) for c in columns) or sum(_normal(c) in LOSS_TERMS for c in columns) < 2:
        return {}
    total = next((c for c in columns if _normal(c) in _TOTALS), None)
    return {} if total is None else {total: "total_loss"}


def rename(runs) -> None:
    """Renames ``runs.rows``' total column (a ``_blocks.Runs``), with its line in ``runs.problems``."""
    tags = runs.rows.tags
    found = total_loss(tags)
    if not found:
        return
    runs.rows.tags = [found.get(t, t) for t in tags]
    terms = ", ".join(repr(t) for t in tags if _normal(t) in LOSS_TERMS)
    runs.problems.add(f"no column is named like a loss, but {', '.join(repr(t) for t in found)} sums loss terms "
                      f"beside it ({terms}): read as 'total_loss', the training loss")
