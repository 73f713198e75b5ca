"""A training log discovery could not read (``discover_unread``): reading it again says why, as one error line.

The loader itself says "permission denied" (the open fails) and "empty file" (0 bytes) before this reader is
called; what is left is a file whose bytes are there but not in an encoding the table readers take: a CSV log's
header in Latin-1/cp1252 (``_text_clean.foreign_header``) or a table saved as UTF-16 (PowerShell's ``>``).

A CSV named as a training history whose rows are numbers under names of which none is a step, epoch or loss
(public clipdebias ``training_history.csv``: ``clip,bias,consistency,pca,total,avg_bias,top1,top5,score`` and 3
rows; a bare ``total`` is no loss here, ``curves_names.total_losses``) is a run too, whose line says why nothing was
judged (``unnamed_history``), where it was one warning line and no run.
"""
from __future__ import annotations

import re

from ..runs import Problem
from . import ReadResult, UnreadableFile
from ._text import guess_separator, is_number, split_header
from ._text_clean import foreign_header, header_not_utf8

_HISTORY_NAME = re.compile(r"histor|(?:train|training|fit)[_ -]?(?:log|stats|metrics)")
_MIN_ROWS = 2

from ._discovery_names import UTF16_TABLE  # noqa: E402,F401 (discovery's words for such a file: from there)


def read(data, path: str) -> ReadResult:
    """Never a point: raises ``UnreadableFile`` with why the file is not read (its encoding; a file that reads as
    UTF-8 now, changed since discovery: "changed while scanning", scan again)."""
    head = bytes(data[:8192])
    foreign = foreign_header(head)
    if foreign:
        raise UnreadableFile(Problem(path, foreign))
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableFile(Problem(path, UTF16_TABLE))
    foreign = header_not_utf8(head)  # a header the CSV readers take once decoded as cp1252 (discover_sniff)
    if foreign:
        raise UnreadableFile(Problem(path, foreign))
    unnamed = unnamed_history(path, head)
    if unnamed:
        raise UnreadableFile(Problem(path, unnamed))
    raise UnreadableFile(Problem(path, "not read at discovery (changed while scanning?): scan it again"))


def unnamed_history(path: str, head: bytes) -> str | None:
    """Why a CSV named like a training history (``training_history.csv``, ``history.csv``, ``train_log.csv``) is not
    judged when its first line is names and the next (at least two) rows hold numbers only: no column is a step,
    epoch or loss this tool knows (discovery asks only after every CSV reader declined it). None for another file."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not name.endswith((".csv", ".tsv")) or _HISTORY_NAME.search(name) is None:
        return None
    lines = bytes(head).decode("utf-8", "replace").splitlines()
    if len(head) >= 8192:
        lines = lines[:-1]  # the last line may be cut short
    lines = [line for line in lines if line.strip()]
    if len(lines) < 1 + _MIN_ROWS:
        return None
    sep = guess_separator(lines[0])
    names = [n.strip() for n in split_header(lines[0], sep)]
    if len(names) < 2 or any(not n or is_number(n) for n in names):
        return None
    rows = [line.split(sep) for line in lines[1:]]
    if any(len(r) != len(names) or not all(is_number(c.strip()) for c in r) for r in rows):
        return None
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return (f"named like a training history, {len(rows):,}{'+' if len(head) >= 8192 else ''} rows of numbers under "
            f"columns {shown}, but none is named like a step, epoch or loss: nothing judged (a bare 'total' or "
            "'score' is not taken for the loss; name the loss column e.g. total_loss, or add an epoch column)")
