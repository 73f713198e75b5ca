"""fastai's progress table printed to a job log (``joblog``): a header of names, then one row per epoch.

fastai's ``ProgressCallback`` (fastai/callback/progress.py) hands each epoch's ``Recorder`` log to fastprogress,
whose console bar (fastprogress/fastprogress.py ``ConsoleMasterBar.write(line, table=True)``) prints the names once,
``'  '.join(name + ' ' * (8 - len(name)) if len(name) < 8 else name)``, then each row's cells left-aligned under
them: ``epoch     train_loss  valid_loss  accuracy  time``, ``0         0.650840    0.600905    0.718750  00:01``
(losses and metrics ``f'{v:.6f}'``, a missing one ``str(None)`` or ``#na#``: no point; the duration ``format_time``'s ``[h:]mm:ss``). A row holds no ``loss``, so the
reader's loss scan never met one: such a log gave no point at all. Every fit prints its own header (``fine_tune``:
two, the frozen epoch(s) then the unfrozen ones, each counting from 0): a table whose epochs start over goes on from
the last epoch of the table before it (one model trained on; both tables' first epochs had shared step 0). Names as ``_fastai`` gives them for the CSV (metrics after ``valid_loss`` are ``valid_<name>``); the
duration, in seconds, is ``time``; step = the epoch.
"""
from __future__ import annotations

import re

from ._fastai import renamed
from ._joblog_nbtable import notebook_table_hits
from ._progress import Record

_START = re.compile(rb"epoch {2,}train_loss")  # a header (at a line's start): one regex pass over the log
_HEADER = re.compile(r"epoch {2,}train_loss(?: {2,}\S+)* {2,}time *")
_TIME = re.compile(r"(?:(\d+):)?(\d+):(\d\d)")
_MAX_TABLES = 1000


def _line(data, start: int, size: int) -> tuple[str, int]:
    """The text of the line at ``start`` after its last ``\\r`` (a bar redrawn on the same line), and the next line's
    start."""
    end = data.find(b"\n", start)
    end = size if end < 0 else end
    raw = bytes(data[start:end])
    return raw[raw.rfind(b"\r") + 1:].decode("utf-8", "replace").rstrip(), end + 1


def _cell(text: str) -> float | None:
    m = _TIME.fullmatch(text)
    if m is not None:
        return int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    try:
        return float(text)
    except ValueError:
        return None


def table_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every fastai table in ``data``, and of HF Trainer's notebook tables
    (``_joblog_nbtable``)."""
    out: list[tuple[int, Record]] = []
    pos, base, last = 0, 0, -1
    for tables, m in enumerate(_START.finditer(data)):
        if tables == _MAX_TABLES:
            break
        if m.start() < pos or (m.start() > 0 and data[m.start() - 1] not in b"\r\n"):
            continue
        header, at = _line(data, m.start(), size)
        if _HEADER.fullmatch(header) is None:
            continue
        names = renamed(header.split())
        first = True
        while at < size:
            row, after = _line(data, at, size)
            cells = row.split()
            if len(cells) != len(names) or not cells[0].isdigit() or len(cells[0]) > 18:
                break  # (an epoch of 19+ digits is no epoch: the int64 step column could not hold it)
            values = [(n, _cell(c)) for n, c in zip(names[1:], cells[1:])]
            values = tuple((n, v) for n, v in values if v is not None)
            if first and base + int(cells[0]) <= last:  # another fit of the same learner (fine_tune's second)
                base = last + 1 - int(cells[0])
            first, epoch = False, base + int(cells[0])
            last = epoch
            out.append((at, Record("fastai", values, step=epoch, epoch=float(epoch))))
            at = after
        pos = at
    return out + notebook_table_hits(data, size)
