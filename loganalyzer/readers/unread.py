"""A training log discovery could not read (``discover_unread``): reading it again says why, as one error line.

The loader itself says "permission denied" (the open fails) and "empty file" (0 bytes) before this reader is
called; what is left is a file whose bytes are there but not in an encoding the table readers take: a CSV log's
header in Latin-1/cp1252 (``_text_clean.foreign_header``) or a table saved as UTF-16 (PowerShell's ``>``).
"""
from __future__ import annotations

from ..runs import Problem
from . import ReadResult, UnreadableFile
from ._text_clean import foreign_header

UTF16_TABLE = "a table saved as UTF-16 text: not read (only job logs are read in UTF-16; save it as UTF-8)"


def read(data, path: str) -> ReadResult:
    """Never a point: raises ``UnreadableFile`` with why the file is not read (its encoding; a file that reads as
    UTF-8 now, changed since discovery: "changed while scanning", scan again)."""
    head = bytes(data[:8192])
    foreign = foreign_header(head)
    if foreign:
        raise UnreadableFile(Problem(path, foreign))
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableFile(Problem(path, UTF16_TABLE))
    raise UnreadableFile(Problem(path, "not read at discovery (changed while scanning?): scan it again"))
