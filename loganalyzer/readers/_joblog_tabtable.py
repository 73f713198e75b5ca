"""A tab-separated epoch table whose rows name their split in a ``split`` cell (used by ``readers/_joblog_fallbacks``).

Public wrnadv201's WideResNet adversarial-training logs (``adv_train_wrn_log.txt``, ``std_train_wrn_log.txt``)
prefix every line with a ``MM-DD HH:MM:SS`` stamp and a tab, then print one header and one row per epoch, cells
tab-separated, a ``|`` cell between the training and the test half::

    04-15 18:41:36	ep	split	adv_loss	adv_acc	|	split	adv_loss	adv_acc
    04-15 18:48:59	001	train	2.2661	0.1128	|	test	1.9181	0.0982

No line holds ``loss`` with a value beside it (the names are in the header only), so the log was read as nothing
("no line holds a loss"). Read here: a header is a line of tab cells -- any leading stamp cells (digits with ``-``,
``:`` or ``/``: ``04-15 18:41:36``, ``2024-01-02 10:00:00``) passed over -- whose first named cell is
``ep``/``epoch``/``iter``/``step``, holding at least one ``split`` cell and a name with ``loss`` in it; each row
below has the same cells, an integer in the counter cell and a word in each ``split`` cell (``train``/``training``
-> ``train_``, ``val``/``valid``/ ``validation`` -> ``val_``, ``test`` -> ``test_``): every number after a ``split``
cell up to the next ``|`` or ``split`` is read under that split's prefix (``train_adv_loss``, ``test_adv_acc``). A
split word of no such kind, or a row whose cells do not fit, ends the table. Step = the counter (``001`` -> 1). At
least ``MIN_ROWS`` rows in all, or nothing is read.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

NEEDLE = b"\tsplit\t"
_COUNTERS = {"ep", "epoch", "iter", "step"}
_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test"}
_STAMP = re.compile(r"[\d\[]?[\d\- :/.,T\]]*[-:/][\d\- :/.,T\]]*")  # 04-15 18:41:36, [2024/01/02 10:00:00]
_NAME = re.compile(r"[A-Za-z][\w@./-]*")
MIN_ROWS = 2
_MAX_TABLES = 1000


def _cells(text: str) -> list[str]:
    """The line's tab cells after its leading stamp cells."""
    cells = [c.strip() for c in text.rstrip("\r").split("\t")]
    while cells and _STAMP.fullmatch(cells[0]):
        cells.pop(0)
    return cells


def _header(cells: list[str]) -> bool:
    return (len(cells) >= 4 and cells[0].lower() in _COUNTERS and "split" in cells
            and all(c == "|" or _NAME.fullmatch(c) for c in cells)
            and any("loss" in c.lower() for c in cells if c != "split"))


def _row(names: list[str], cells: list[str]):
    """(step, values) of a row under ``names``, or None when it is no row of the table."""
    if len(cells) != len(names) or not cells[0].isdigit() or len(cells[0]) > 18:
        return None
    values, prefix = [], None
    for name, cell in zip(names[1:], cells[1:]):
        if name == "|":
            if cell != "|":
                return None
            prefix = None
        elif name == "split":
            prefix = _SPLITS.get(cell.lower())
            if prefix is None:
                return None
        elif (value := to_float(cell)) is None:
            return None
        else:
            values.append((f"{prefix}_{name}" if prefix else name, value))
    return int(cells[0]), tuple(values)


def tab_table_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every such table in ``data`` (module docstring); [] for a log of another
    kind."""
    if data.find(NEEDLE) < 0:
        return []
    out: list[tuple[int, Record]] = []
    at, names, tables = 0, None, 0
    while at < size and tables <= _MAX_TABLES:
        end = data.find(b"\n", at)
        end = size if end < 0 else end
        line = bytes(data[at:end])
        if b"\t" in line:
            cells = _cells(line.decode("utf-8", "replace"))
            row = _row(names, cells) if names else None
            if row is not None:
                out.append((at, Record("tabtable", row[1], step=row[0], epoch=float(row[0]))))
            elif _header(cells):
                names, tables = cells, tables + 1
            else:
                names = None
        at = end + 1
    return out if len(out) >= MIN_ROWS else []
