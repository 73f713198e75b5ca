"""A segmentation score printed as one list of per-class values (for ``_progress_task.task_line``).

nnU-Net prints its validation Dice per foreground class, every epoch: v2 ``Pseudo dice [np.float32(0.8475),
np.float32(0.8075)]`` (``[np.round(i, decimals=4) for i in global_dc_per_class]``: the numpy 2 repr; ``[0.8475,
0.8075]`` under numpy 1), v1 ``Average global foreground Dice: [0.86, 0.79, 0.69]``. The pair rule read the first
number after the name: the first class only, the others dropped with no word (a newcomer breaker's nnU-Net logs).
Read here: the classes' mean under the name (what nnU-Net's own EMA pseudo Dice and its checkpoint choice follow:
``np.nanmean`` of the classes), and each class as ``<name>_class<k>`` (k from 1: the foreground labels).
"""
from __future__ import annotations

import math
import re

from ._progress import NUMBER, to_float

_LIST = re.compile(r"((?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)\s*[:=]?\s*\[\s*(" + NUMBER + r"(?:\s*,\s*" + NUMBER
                   + r")+)\s*,?\s*\]")


def class_lists(text: str, wanted) -> tuple[str, list[tuple[str, str]]]:
    """(``text`` less its per-class lists whose name ``wanted`` matches, the (name, value) pairs they give)."""
    pairs: list[tuple[str, str]] = []
    for m in reversed(list(_LIST.finditer(text))):
        name = m.group(1).strip()
        if wanted.search(name) is None:
            continue
        cells = [to_float(c) for c in m.group(2).split(",")]
        if any(c is None for c in cells):
            continue
        finite = [c for c in cells if math.isfinite(c)]
        mean = sum(finite) / len(finite) if finite else float("nan")
        pairs[:0] = [(name, repr(mean))] + [(f"{name}_class{k}", repr(c)) for k, c in enumerate(cells, 1)]
        text = text[:m.start()] + text[m.end():]
    return text, pairs
