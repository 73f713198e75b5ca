"""Whole lines of a job log that hold a marker, for the line-shape readers that find their lines by a fixed needle
(``_joblog_cyclegan``, ``_joblog_marian``)."""
from __future__ import annotations

from collections.abc import Iterator

from ._progress import clean
from ._linestart import line_start


def needle_lines(data, needle: bytes) -> Iterator[tuple[int, str, int | None, float | None]]:
    """(offset of the line's start, its text, rank, time stamp) -- the text cleaned of a logger's prefix by
    ``_progress.clean`` -- of each line of ``data`` (bytes or mmap) holding ``needle``, in file order. A line starts
    after the last newline or carriage return before the needle (a progress bar redrawn with ``\\r``); the file's
    last line when it ends without a newline is cut mid-write and not given."""
    pos = 0
    while (p := data.find(needle, pos)) >= 0:
        start = line_start(data, p)
        end = data.find(b"\n", p)
        if end < 0:
            return
        pos = end + 1
        text, rank, stamp = clean(bytes(data[start:end]).rstrip(b"\r"))
        yield start, text, rank, stamp
