"""Small helpers of ``discover``'s walk, kept apart to hold discover.py near 400 lines: a symbolic link leading back
into the scanned tree, and a printed job log saved under a ``.csv``/``.tsv`` name."""
from __future__ import annotations

import os

from .discover_sniff import SNIFF_BYTES


def _link_inside(link: str, top: str, real_top: dict) -> bool:
    """The symbolic link ``link`` (a directory) leads into ``top``'s tree, to ``top`` itself or to a parent of it:
    real paths compared (``real_top`` keeps ``top``'s, worked out once). A link that cannot be resolved: False."""
    try:
        if "top" not in real_top:
            real_top["top"] = os.path.realpath(top)
        real, base = os.path.realpath(link), real_top["top"]
    except (OSError, ValueError):
        return False
    inside = real.startswith(base.rstrip(os.sep) + os.sep)
    return real == base or inside or base.startswith(real.rstrip(os.sep) + os.sep)


def _head_or_none(fs, path: str) -> bytes | None:
    try:
        return fs.read_head(path, SNIFF_BYTES)
    except OSError:
        return None


def _printed_csv(name: str, head: bytes | None) -> bool:
    """A job's printed output saved under a ``.csv``/``.tsv`` name (public convlstmhar ``train_log.csv``: ``Epoch:
    [1/100], training loss: 1.646285, ...`` lines written by ``print(..., file=f)``): sniffed as a printed log."""
    from .discover_sniff import _printed_log

    return head is not None and name.lower().endswith((".csv", ".tsv")) and _printed_log(head)
