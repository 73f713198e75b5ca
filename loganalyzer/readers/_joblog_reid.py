"""Re-identification evaluation blocks (used by ``readers/_joblog_scan.py``): the logger of reid-strong-baseline,
TransReID and CLIP-ReID (``do_inference``/``do_train``) prints after each evaluation::

    2024-06-02 08:56:33,503 transreid.train INFO: Validation Results - Epoch: 20
    2024-06-02 08:56:33,504 transreid.train INFO: mAP: 94.0%
    2024-06-02 08:56:33,504 transreid.train INFO: CMC curve, Rank-1  :93.0%
    2024-06-02 08:56:33,504 transreid.train INFO: CMC curve, Rank-5  :98.5%

(public occluded-person-reid CLIP-ReID ``train_log.txt``, forty-eighth labeller's set). No line holds a step or a
loss and ``Rank-1  :93.0%`` is no ``key: value`` pair the other shapes read, so the validation was lost and only the
training loss judged. Each block is one evaluation: ``val_mAP``, ``val_rank1``, ``val_rank5``... (percent as
printed), placed at the step of the training line before it (the epoch its header names closes there).
"""
from __future__ import annotations

import re

_HEAD = b"Validation Results"
_MAP = re.compile(rb"\bmAP\s*:\s*([-+]?\d+(?:\.\d+)?)\s*%?")
_RANK = re.compile(rb"\bRank-(\d+)\s*:\s*([-+]?\d+(?:\.\d+)?)\s*%?")
_LINES = 8  # lines read after a header


def reid_hits(data, size: int) -> list:
    """(offset, record) of each evaluation block (module docstring), [] when the log prints none."""
    pos = data.find(_HEAD)
    if pos < 0:
        return []
    from ._progress import Record

    out = []
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        end, values = data.find(b"\n", pos), []
        for _ in range(_LINES):
            if end < 0:
                break
            nxt = data.find(b"\n", end + 1)
            line = bytes(data[end + 1:nxt if nxt >= 0 else size])
            m = _MAP.search(line)
            r = _RANK.search(line) if m is None else None
            if m is not None and not any(t == "val_mAP" for t, _ in values):
                values.append(("val_mAP", float(m.group(1))))
            elif r is not None:
                values.append((f"val_rank{r.group(1).decode()}", float(r.group(2))))
            else:
                break
            end = nxt
        if values:
            out.append((start, Record("reid", tuple(values), None, None, "eval")))
        pos = data.find(_HEAD, pos + len(_HEAD))
    return out
