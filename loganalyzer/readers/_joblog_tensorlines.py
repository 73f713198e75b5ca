"""A debug printout of a loss printed as a bare tensor under its name (used by ``readers/_joblog_whole.py``; the
sniff is ``looks``), read whole.

A training loop debugged with ``print("LOSS"); print(loss)`` leaves, once per batch, the name on a line of its own
and PyTorch's tensor repr on the next::

    LOSS
    tensor(4.6932, device='cuda:0', grad_fn=<DivBackward0>)

among other name/tensor pairs it prints (``MEAN``, ``lstm output mean``...). Public umxloss211 ``bug.txt`` (Open-Unmix
with an SNRPSA loss: 674 ``LOSS`` pairs, 4.69 at the first batch, 0.04-1.29 over batches 28-38, then
``tensor(nan, ..)`` at batch 39 and at every batch after) was not discovered: no line holds a loss beside a value,
and the upper-case name matched no sniff.

Read here: each pair whose name is loss-like (``LOSS``, ``train loss``, ``val_loss``: ``plain_csv.is_loss_like``) as
one point of that name (lower-cased, spaces as ``_``), the n-th pair of a name at step n (one a batch: nothing else
counts them); a ``nan``/``inf`` tensor as that value. The other pairs (activations' means) are no series. Needs
``MIN_PAIRS`` loss pairs (one printed loss is no curve).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser: imported by the reading functions, not at discovery
    from ._progress import Record


_NUM = rb"(-?(?:\d+\.?\d*(?:e[-+]?\d+)?|nan|inf))"
_PAIR = re.compile(rb"(?m)^[ \t]*([A-Za-z][\w /.-]{0,40}?)[ \t]*:?[ \t]*\r?\n[ \t]*tensor\(\[?" + _NUM + rb"\]?[,)]")
_LOSSY = re.compile(rb"(?im)^[ \t]*[\w /.-]{0,30}loss[\w /.-]{0,10}[ \t]*:?[ \t]*\r?\n[ \t]*tensor\(")
MIN_PAIRS = 3


def looks(head: bytes) -> bool:
    """Whether ``head`` holds ``MIN_PAIRS`` loss-named lines each followed by a tensor repr (the sniff)."""
    return b"tensor(" in head and len(_LOSSY.findall(head, 0, 1 << 16)) >= MIN_PAIRS


def tensor_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every loss-named tensor print (module docstring), or None for any other log."""
    from ._progress import Record  # the parser, imported when such a log is read, not by discovery

    from .plain_csv import is_loss_like

    data = bytes(data)
    if data.find(b"tensor(") < 0 or not looks(data[:1 << 16]):
        return None
    counts: dict[str, int] = {}
    out: list[tuple[int, Record]] = []
    for m in _PAIR.finditer(data):
        name = re.sub(r"[ /.-]+", "_", m.group(1).decode("ascii", "replace").strip()).strip("_").lower()
        if not is_loss_like(name):
            continue
        counts[name] = counts.get(name, 0) + 1
        out.append((m.start(), Record("tensorlines", ((name, float(m.group(2))),), step=counts[name],
                                      own_step=True)))
    return out if out and max(counts.values()) >= MIN_PAIRS else None
