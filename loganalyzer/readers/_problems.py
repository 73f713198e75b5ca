"""A file's problems, one message per kind of fault.

A file with a million bad rows must give neither a million objects nor an unreadable report, and a file with 500
cells of text in a number column is one fault seen 500 times: every kind of fault becomes one ``Problem`` at its first
line, its message saying how many times it occurs and over which lines
(``p.csv:2: column 'loss': 'bad' is not a number; cell skipped (500 times in this file, at lines 2-501)``): the
first occurrence, with the count.

A fault's kind is what the reader names it (``kind=``), else its message with the quoted cell text and the numbers
left out (``6 fields, the header has 4`` and ``7 fields, the header has 4`` are one kind).
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from ..runs import Problem

# Past this many kinds of fault in one file the rest are counted, not listed.
MAX_LISTED_PROBLEMS = 20

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")
_NO_LINE = -1


def kind_of(message: str) -> str:
    """The default kind of a fault: its message without quoted text and numbers."""
    return _NUMBER.sub("#", _QUOTED.sub("'…'", message))


class Problems:
    """Collects a file's problems by kind; ``result()`` gives one Problem per kind, in file order."""

    def __init__(self, path: str):
        self.path = path
        # kind -> parts; a part is (file lines, -1 where none; make(i) -> the Problem of the part's i-th occurrence)
        self._kinds: dict[object, list[tuple[np.ndarray, Callable[[int], Problem]]]] = {}

    @property
    def listed(self) -> tuple[Problem, ...]:
        """The problems so far (one per kind), as ``result()`` gives them."""
        return self.result()

    def _part(self, kind, lines: np.ndarray, make: Callable[[int], Problem]) -> None:
        self._kinds.setdefault(kind, []).append((np.asarray(lines, dtype=np.int64), make))

    def forget(self, kind) -> int:
        """Drops the faults of ``kind`` (a column found to be no series after all); how many there were."""
        return sum(len(lines) for lines, _make in self._kinds.pop(kind, []))

    def add(self, message: str, line: int | None = None, kind=None) -> None:
        problem = Problem(self.path, message, line=line)
        self._part(kind_of(message) if kind is None else kind, np.array([_NO_LINE if line is None else line]),
                   lambda _i: problem)

    def extend(self, problems) -> None:
        for p in problems:
            self._part(kind_of(p.message), np.array([_NO_LINE if p.line is None else p.line]), lambda _i, p=p: p)

    def add_rows(self, rows: np.ndarray, lines: np.ndarray, message: Callable[[int], str], kind=None) -> None:
        """A fault at each row index in ``rows`` (``lines`` maps rows to file lines); ``message(row)`` words it.

        With ``kind`` every row is that one kind; without, each row's kind comes from its message."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        row_lines = np.asarray(lines, dtype=np.int64)[rows]

        def make(rows_here: np.ndarray, lines_here: np.ndarray) -> Callable[[int], Problem]:
            return lambda i: Problem(self.path, message(int(rows_here[i])), line=int(lines_here[i]))

        if kind is not None:
            self._part(kind, row_lines, make(rows, row_lines))
            return
        by_kind: dict[str, list[int]] = {}
        for i, row in enumerate(rows.tolist()):
            by_kind.setdefault(kind_of(message(row)), []).append(i)
        for k, picked in by_kind.items():
            sel = np.array(picked, dtype=np.int64)
            self._part(k, row_lines[sel], make(rows[sel], row_lines[sel]))

    def result(self, where: Callable[[np.ndarray], np.ndarray] | None = None) -> tuple[Problem, ...]:
        """One Problem per kind, in file order (those without a line last), then a count of kinds not listed.

        ``where(lines)`` (a mask over file lines) keeps only the faults at those lines; faults without a line are
        always kept."""
        out: list[Problem] = []
        for parts in self._kinds.values():
            lines = np.concatenate([p[0] for p in parts])
            owner = np.concatenate([np.full(len(p[0]), j, dtype=np.int64) for j, p in enumerate(parts)])
            index = np.concatenate([np.arange(len(p[0]), dtype=np.int64) for p in parts])
            if where is not None:
                keep = (lines == _NO_LINE) | np.asarray(where(np.maximum(lines, 0)), dtype=bool)
                lines, owner, index = lines[keep], owner[keep], index[keep]
            if not len(lines):
                continue
            with_line = np.flatnonzero(lines != _NO_LINE)
            first = int(with_line[np.argmin(lines[with_line])]) if len(with_line) else 0
            problem = parts[int(owner[first])][1](int(index[first]))
            if len(lines) > 1:
                span = ""
                if len(with_line):
                    lo, hi = int(lines[with_line].min()), int(lines[with_line].max())
                    span = f", at lines {lo}-{hi}" if hi > lo else f", at line {lo}"
                # no ';' in the count: readers cut a message's '; row skipped' tail with rsplit(';')
                problem = Problem(problem.path, f"{problem.message} ({len(lines)} times in this file{span})",
                                  offset=problem.offset, line=problem.line)
            out.append(problem)
        out.sort(key=lambda p: (p.line is None, p.line or 0))
        if len(out) <= MAX_LISTED_PROBLEMS:
            return tuple(out)
        more = len(out) - MAX_LISTED_PROBLEMS
        return tuple(out[:MAX_LISTED_PROBLEMS]) + (
            Problem(self.path, f"{more} more kinds of problems not listed"),
        )
