"""Keras ``CSVLogger`` files (any name; often ``training.log`` or ``*.csv``).

One row per epoch: ``epoch`` (0-based) then the sorted metric keys, separated by CSVLogger's ``separator``
(default ``,``). A missing value is written ``NA`` (no point); ``nan``/``inf`` are real values. With
``append=True`` later runs are appended to the same file, usually without a new header (Keras writes the header
only into an empty file), so a run boundary shows as the epoch counter going back.

Segments (runs): a new one starts at every header line and wherever the epoch goes back to, or below, the first
epoch of the current segment (a new ``fit`` from scratch). An epoch that goes back but stays above that start is a
resume from a checkpoint (``fit(initial_epoch=k)``) of the same run: it stays in the segment and its rows, later
in the file, win on the repeated epochs.
"""
from __future__ import annotations

import re

import numpy as np

from ..runs import Problem
from . import ReadResult, UnreadableFile, empty_frame
from ._text import (
    Problems, Table, Wide, concat_frames, first_line, head_line, long_frame, read_table, read_wide, split_header,
    text_bytes,
)

_MISSING = ("", "NA")


def _separator(header: str) -> str | None:
    """CSVLogger's separator is whatever follows ``epoch`` in the header; None when it is not a Keras header."""
    if not header.startswith("epoch"):
        return None
    if len(header) == len("epoch"):
        return ","
    sep = header[len("epoch")]
    return None if sep.isalnum() or sep in "_\"'" else sep


def sniff(name: str, head: bytes) -> bool:
    """First header column is ``epoch`` and no column is ``step``."""
    line = head_line(head)
    if line is None:
        return False
    sep = _separator(line.lstrip())
    if sep is None:
        return False
    columns = split_header(line, sep)
    return len(columns) >= 2 and columns[0] == "epoch" and "step" not in columns


class _Parsed:
    """The file split into header blocks, each block's rows read, and each usable row's segment."""

    def __init__(self, data, path: str):
        raw = text_bytes(data, path)
        line_no, offset, header = first_line(raw)
        sep = _separator(header.lstrip())
        if sep is None:
            raise UnreadableFile(
                Problem(path, f"first column is not 'epoch', not a Keras CSVLogger file: {header[:80]!r}", line=line_no)
            )
        self.problems = Problems(path)
        self.blocks: list[tuple[Table, Wide]] = []
        header_at = re.compile(rb"(?m)^[ \t]*epoch(?:" + re.escape(sep.encode()) + rb"|\r?$)")
        starts = sorted({offset, *(m.start() for m in header_at.finditer(raw, offset))})
        for start, end in zip(starts, starts[1:] + [len(raw)]):
            block_line = raw.count(b"\n", 0, start) + 1
            table = read_table(raw[start:end], path, sep=sep, missing=_MISSING, first_line_no=block_line)
            self.problems.extend(table.problems)
            wide = read_wide(table, 0, list(range(1, len(table.columns))), _MISSING, self.problems,
                             report_text_columns=True)
            self.blocks.append((table, wide))
        if not any(len(table.cells) for table, _ in self.blocks):
            self.problems.add("no data rows (header only)", line=line_no)
        self.segments = self._segment_rows()
        self.count = max(1, max((int(s.max()) + 1 for s in self.segments if len(s)), default=0))

    def segment_of_line(self, line: int) -> int:
        """The run a file line belongs to: the last one starting at or before it (the first run for lines before)."""
        starts = [
            int(table.lines[seg == k][0])
            for (table, _), seg in zip(self.blocks, self.segments)
            for k in np.unique(seg[seg >= 0])
        ]
        return max(0, int(np.searchsorted(starts, line, side="right")) - 1)

    def _segment_rows(self) -> list[np.ndarray]:
        """Per block, the segment of each row (-1 for a row without a usable epoch)."""
        result, segment = [], -1
        for _, wide in self.blocks:
            seg = np.full(len(wide.steps), -1, dtype=np.int64)
            rows = np.flatnonzero(wide.valid)
            if len(rows):
                epochs = wide.steps[rows]
                # Only where the epoch fails to increase can a run end; few rows, so a loop over them is cheap.
                starts = [0]
                first_epoch = epochs[0]
                for i in np.flatnonzero(epochs[1:] <= epochs[:-1]) + 1:
                    if epochs[i] <= first_epoch:
                        starts.append(int(i))
                        first_epoch = epochs[i]
                marks = np.zeros(len(rows), dtype=np.int64)
                marks[starts] = 1
                seg[rows] = segment + np.cumsum(marks)
                segment = int(seg[rows[-1]])
            result.append(seg)
        return result


def count_segments(data, path: str) -> int:
    """How many runs the file holds (at least 1 for a readable file, even one with only a header)."""
    return _Parsed(data, path).count


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every row as written; x-axis = epoch."""
    parsed = _Parsed(data, path)
    if segment is not None and not 0 <= segment < parsed.count:
        raise UnreadableFile(Problem(path, f"run #{segment} asked for, but the file holds {parsed.count} run(s)"))
    frames = []
    for (table, wide), seg in zip(parsed.blocks, parsed.segments):
        rows = wide.valid if segment is None else seg == segment
        if segment is None or rows.any():
            frames.append(long_frame(wide.tags, wide.columns, wide.steps, rows))
    scalars = concat_frames(frames) if frames else empty_frame()
    problems = parsed.problems.result()
    if segment is not None:
        problems = tuple(p for p in problems if p.line is None or parsed.segment_of_line(p.line) == segment)
    return ReadResult(scalars, problems)
