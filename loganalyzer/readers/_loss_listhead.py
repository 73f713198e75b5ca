"""A loss file holding one printed list longer than the sniffed head (for ``plain_csv``'s sniff).

``_loss_shapes._printed_list`` reads ``f.write(str(losses))`` -- one ``[a, b, ...]`` in a file named as one loss
series -- once it has the whole file; the sniff sees only the first 8 KiB, and a 500-value list runs past it (public
chemgcn167 ``GCN_fold1_trainLoss.txt``/``GCN_fold1_testLoss.txt``, ~10 KB each: found as no file at all).
"""
from __future__ import annotations

from ._loss_shapes import _MIN_LISTED, LONG_ROW, _one_series


def printed_list_head(head: bytes, name: str) -> bool:
    """A sniffed head cut inside a list ``_printed_list`` reads: ``[`` then ``LONG_ROW`` or more numbers before
    the cut, in a file named as one loss series. The reader checks the whole list (a 500-value ``str(list)`` is ~10
    KB: its ``]`` lies past the head, so the sniff, which asked for the closing bracket, never saw one)."""
    text = bytes(head).decode("utf-8", "replace").lstrip("\ufeff").strip()
    if not text.startswith("[") or "]" in text or "[" in text[1:]:
        return False
    body = text[1:].replace(",", " ").split()[:-1]  # the last number may be cut short
    return len(body) >= LONG_ROW and _one_series(body[:LONG_ROW], name, _MIN_LISTED, _MIN_LISTED) is not None
