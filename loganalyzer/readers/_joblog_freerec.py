"""FreeRec's printed training log (MTandHJ/freerec, ``freerec/launcher.py``'s ``Coach``; used by
``readers/_joblog_whole.py``), read whole.

After each epoch the coach prints one line per mode, the meters' averages joined by ``||``::

    2023-10-06 12:03:12,024:	[Coach] >>> TRAIN @Epoch: 1    >>>  || LOSS Avg: 0.08799
    2023-10-06 12:03:12,024:	[Coach] >>> VALID @Epoch: 1    >>>
    2023-10-06 12:06:49,817:	[Coach] >>> VALID @Epoch: 5    >>>  || RECALL@10 Avg: 0.0607 || NDCG@10 Avg: 0.0357 ..
    2023-10-06 12:02:22,186:	[Coach] >>> TEST  @Epoch: 0    >>>

The validation meters are filled only every ``EVAL_FREQ`` epochs (5: the line is empty in between), from epoch 0
(before training); ``TEST`` only when ``EVAL_TEST`` is on, and once after the last epoch. At the end ``Coach.summary``
prints a pandas table of the best values (``Prefix Metric Best @Epoch``) and ``[Coach] >>> Load best model @Epoch
95`` re-evaluates the best checkpoint: TRAIN/VALID/TEST lines at the best epoch again, after the last one.

Public stablegcn215 (StableGCN on AmazonBooks, ``log.txt``: ``LOSS Avg`` 0.0880 @ 1 -> 0.0147 @ 100, VALID
``NDCG@10`` 0.0029 @ 0 -> 0.0357 @ 5 -> 0.0438 @ 95, every 5 epochs) was read as the loss and, for validation,
one point from the summary table at the last step; sevo215 (SEvo: BERT4Rec / SASRec / MF-BPR, ``HITRATE@k``,
``NDCG@k``, ``MRR@k``) was not discovered at all (no lower-case ``loss`` in its head: ``looks`` is the sniff's).

Read here: each TRAIN meter as ``train_loss`` (``LOSS``) or ``train_<name>``, each VALID meter as ``val_<name>``
(``val_NDCG@10``) at its epoch, TEST meters as ``test_<name>`` while training runs; nothing from the summary table
or the best checkpoint's re-evaluation after ``Load best model`` (said in a note).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser: imported by the reading functions, not at discovery
    from ._progress import Record

from ._number import NUMBER  # not ._progress: discovery imports this module for its sniff (test_readers29)

_LINE = re.compile(rb"\[Coach\] >>> (TRAIN|VALID|TEST) *@Epoch: *(\d+) *>>>([^\r\n]*)")
_BEST = re.compile(rb"\[Coach\] >>> Load best model @Epoch *(\d+)")
_PAIR = re.compile(r"\|\|\s*([^|:\r\n]+?) Avg: (" + NUMBER + r")")
_HEAD = re.compile(rb"\[Coach\] >>> (?:TRAIN|VALID|TEST) *@Epoch: *\d+ *>>> +\|\| [^|:\r\n]+ Avg: [-+\d.naif]")
_PREFIX = {b"TRAIN": "train", b"VALID": "val", b"TEST": "test"}


def looks(head: bytes) -> bool:
    """Whether ``head`` holds a FreeRec coach line with a meter (the discovery sniff)."""
    return b"[Coach] >>> " in head and _HEAD.search(head) is not None


def _name(prefix: str, meter: str) -> str:
    meter = meter.strip()
    return "train_loss" if prefix == "train" and meter.lower() == "loss" else f"{prefix}_{meter}"


def freerec_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every FreeRec epoch line with a meter (module docstring), or None when ``data`` is no
    FreeRec log (no ``[Coach] >>> TRAIN @Epoch: N >>> || X Avg: v`` line)."""
    from ._progress import Record  # the parser, imported when such a log is read, not by discovery

    data = bytes(data)
    if data.find(b"[Coach] >>> TRAIN") < 0:
        return None
    best = _BEST.search(data)
    end = best.start() if best is not None else len(data)
    out: list[tuple[int, Record]] = []
    for m in _LINE.finditer(data, 0, end):
        mode, epoch, rest = m.groups()
        pairs = _PAIR.findall(rest.decode("utf-8", "replace"))
        if not pairs:
            continue
        prefix, step = _PREFIX[mode], int(epoch)
        out.append((m.start(), Record("freerec", tuple((_name(prefix, k), float(v)) for k, v in pairs), step=step,
                                      epoch=float(step), kind="train" if prefix == "train" else "eval",
                                      own_step=True)))
    if not any(r.kind == "train" for _, r in out):
        return None
    if best is not None and notes is not None:
        notes.append(f"FreeRec: the best checkpoint's re-evaluation after 'Load best model @Epoch {int(best.group(1))}'"
                     " and the summary table are no points of the curve")
    return out
