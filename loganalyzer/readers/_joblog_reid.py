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

Older torchreid (KaiyangZhou/deep-person-reid 0.x, its ``test()``) prints the same block under ``Results ----------``
with the CMC ranks under a ``CMC curve`` line of their own::

    Results ----------
    mAP: 47.75%
    CMC curve
    Rank-1  : 71.88%
    Rank-5  : 85.99%

(public tanjina164/STCANet-PersonReID ``log_train.txt``: its ``mAP`` was read alone, the four ranks lost). That
block's record sits at its ``mAP`` line (the bare ``mAP:`` reader, ``_joblog_vocmap``, then leaves the line to it).
"""
from __future__ import annotations

import re

_HEAD = b"Validation Results"
_TORCHREID = b"Results ----------"  # deep-person-reid 0.x ('print("Results ----------")')
_CMC = re.compile(rb"^\s*CMC curve\s*$")
_MAP = re.compile(rb"\bmAP\s*:\s*([-+]?\d+(?:\.\d+)?)\s*%?")
_RANK = re.compile(rb"\bRank-(\d+)\s*:\s*([-+]?\d+(?:\.\d+)?)\s*%?")
_LINES = 8  # lines read after a header


def reid_hits(data, size: int) -> list:
    """(offset, record) of each evaluation block (module docstring), [] when the log prints none."""
    pos = data.find(_HEAD)
    if pos < 0:
        return _torchreid(data, size)
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


def _torchreid(data, size: int) -> list:
    """The ``Results ----------`` blocks (module docstring), each at its ``mAP`` line; [] when none is printed."""
    from ._progress import Record

    out, pos = [], data.find(_TORCHREID)
    while pos >= 0:
        end, values, at = data.find(b"\n", pos), [], None
        for _ in range(_LINES):
            if end < 0:
                break
            nxt = data.find(b"\n", end + 1)
            line = bytes(data[end + 1:nxt if nxt >= 0 else size])
            m = _MAP.match(line.strip())
            r = _RANK.match(line.strip()) if m is None else None
            if m is not None and at is None:
                at = end + 1
                values.append(("val_mAP", float(m.group(1))))
            elif r is not None and at is not None:
                values.append((f"val_rank{r.group(1).decode()}", float(r.group(2))))
            elif _CMC.match(line) is None:
                break
            end = nxt
        if at is not None:
            out.append((at, Record("reid", tuple(values), None, None, "eval")))
        pos = data.find(_TORCHREID, pos + len(_TORCHREID))
    return out
