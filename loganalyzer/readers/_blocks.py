"""Header blocks, repeated rows and appended runs in one CSV file: what the Keras, plain-CSV and Ultralytics readers
share.

A logger that is restarted, or that rewrites its whole file at each save, writes its header line again; one that
logs new metrics later (evaluation results) writes a header with more columns. Such a file is a sequence of blocks,
each a header line and the rows below it, read with that header's columns. The rows of all blocks are then taken
in file order, on the union of the columns:

- with ``drop_copies`` (plain CSV: loggers that re-write their buffered rows at each save), a row identical to an
  earlier one (same step, same value in every column, same wall time; an empty cell and a column the block lacks
  are alike) counts once. Keras and Ultralytics never re-write rows: there every row is kept, so a seeded training
  appended twice stays two runs;
- runs: a new run starts where the step/epoch counter goes back to, or below, the first step of the current run —
  a training from scratch appended to the file (Keras ``CSVLogger(append=True)``, a restarted script). A counter
  that goes back but stays above the run's start is a resume from a checkpoint: same run, its rows (later in the
  file) win on the steps written again (``Runs.sessions`` marks where each later session starts, so the resolved
  view applies ``later_session_replaces`` with its warning). A header line by itself starts nothing: a resumed job that wrote its
  header again while its counter went on is the same run.

Whether a file holds one run can often be told without parsing it: ``_blocks_onerun.one_run``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas only where a DataFrame is built: a scan's bare-columns path never imports it
    import pandas as pd

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from ._text_clean import quote_json_cells
from ._constant_epoch import constant as constant_epoch, note as constant_note, steps as constant_steps
from . import _batch_epoch
from ._pre_eval import drop_pre_evaluations
from ._row_copies import first_copies
from ._text import (
    Numbers, Problems, Table, Wide, long_columns, long_frame, no_rows, numbers, read_table, read_wide, split_header,
)


def split_blocks(
    raw: bytes, path: str, *, sep: str, missing, line_no: int, offset: int,
    is_header: Callable[[list[str], list[list[str]]], bool],
) -> list[tuple[int, Table]]:
    """(header line number, table) of each block. The first header is at ``offset`` (line ``line_no``); a later line
    is a header when it starts with the same first cell and ``is_header(its fields, the headers so far)``. An unquoted
    JSON cell (``json.dumps`` written between commas) is one cell (``quote_json_cells``)."""
    raw = quote_json_cells(raw, sep)
    header_end = raw.find(b"\n", offset)
    first = split_header(raw[offset: len(raw) if header_end < 0 else header_end].decode("utf-8").split("\r")[0], sep)
    known = [first]
    starts = [(offset, line_no)]
    if header_end >= 0 and first and (first[0] or len(first) > 1):  # '' first: pandas' unnamed index
        cell = re.escape(first[0].encode())
        after = rb"[ \t]" if sep == r"\s+" else re.escape(sep.encode())
        pattern = re.compile(rb'\n[ \t]*"?' + cell + rb'"?[ \t]*(?=' + after + rb"|\r?\n|\r?$)")
        line, counted_to = line_no, offset
        for m in pattern.finditer(raw, header_end):
            start = m.start() + 1
            end = raw.find(b"\n", start)
            text = raw[start: len(raw) if end < 0 else end].decode("utf-8").split("\r")[0]
            fields = split_header(text, sep)
            if not is_header(fields, known):
                continue
            line += raw.count(b"\n", counted_to, start)
            counted_to = start
            known.append(fields)
            starts.append((start, line))
    bounds = [s for s, _ in starts[1:]] + [len(raw)]
    return [
        (first_line, read_table(raw[start:end], path, sep=sep, missing=missing, first_line_no=first_line))
        for (start, first_line), end in zip(starts, bounds)
    ]


@dataclass
class Rows:
    """The rows of every block in file order, on the union of their value columns."""

    tags: list[str]
    columns: list[Numbers]
    steps: np.ndarray  # int64
    valid: np.ndarray  # the row has a usable step
    lines: np.ndarray  # file line of each row
    counter: np.ndarray  # float64: what tells runs apart (the step, or the raw epoch when steps are row numbers)
    wall_time: np.ndarray | None = None
    row_numbers: bool = False  # steps are row numbers: rows are compared on the counter alone
    labels: np.ndarray | None = None  # int64 per row: a code of its text cells (``_text_rows``), compared for copies


def merge(
    wides: list[Wide], tables: list[Table], walls: list[np.ndarray | None] | None = None,
    counters: list[np.ndarray] | None = None,
) -> Rows:
    """One ``Rows`` from each block's ``Wide`` (and its table's line numbers, wall times, counters)."""
    walls = walls or [None] * len(wides)
    counters = counters or [w.steps.astype(np.float64) for w in wides]
    wall = None
    if any(w is not None for w in walls):
        wall = np.concatenate([w if w is not None else np.full(len(x.steps), np.nan) for w, x in zip(walls, wides)])
    if len(wides) == 1:
        w = wides[0]
        return Rows(list(w.tags), list(w.columns), w.steps, w.valid, tables[0].lines, counters[0], wall)
    # a name written twice in one header is two columns: key them by (name, how many times seen before)
    keys: dict[tuple[str, int], int] = {}
    block_keys = []
    for w in wides:
        seen: dict[str, int] = {}
        ks = []
        for tag in w.tags:
            k = (tag, seen.get(tag, 0))
            seen[tag] = k[1] + 1
            keys.setdefault(k, len(keys))
            ks.append(k)
        block_keys.append(ks)
    columns = []
    for key in keys:
        values, present, bad = [], [], []
        for w, ks in zip(wides, block_keys):
            if key in ks:
                nums = w.columns[ks.index(key)]
                values.append(nums.values), present.append(nums.present), bad.append(nums.bad)
            else:
                n = len(w.steps)
                values.append(np.full(n, np.nan)), present.append(np.zeros(n, bool)), bad.append(np.zeros(n, bool))
        columns.append(Numbers(np.concatenate(values), np.concatenate(present), np.concatenate(bad)))
    return Rows(
        [k[0] for k in keys], columns,
        np.concatenate([w.steps for w in wides]), np.concatenate([w.valid for w in wides]),
        np.concatenate([t.lines for t in tables]), np.concatenate(counters), wall,
    )


def other_halves(rows, keep: np.ndarray) -> np.ndarray:
    """Per row: whether it is the second half of the kept row before it, the same counter and no column filled in
    both (a script writing an epoch's training row, then its validation row: ``3,0.539,0.76,,`` then
    ``3,,,0.743,0.708``). Such a tie is no new run and no resume, even where one row an epoch makes ties restart:
    the training points of every evaluated epoch were dropped as an abandoned session (a newcomer breaker's log)."""
    out = np.zeros(len(rows.counter), dtype=bool)
    idx = np.flatnonzero(keep)
    if len(idx) < 2 or not rows.columns:
        return out
    present = np.stack([col.present for col in rows.columns], axis=1)[idx]
    c = rows.counter[idx]
    out[idx[1:][(c[1:] == c[:-1]) & ~(present[1:] & present[:-1]).any(axis=1)]] = True
    return out


def segment_rows(counter: np.ndarray, keep: np.ndarray, *, ties_restart: bool, halves=None) -> np.ndarray:
    """The run of each kept row (0-based; -1 for the others): a run starts where the counter goes back to, or below,
    the current run's first value. ``ties_restart``: a counter equal to the one before also goes back (one row per
    epoch, as Keras writes), unless the row is the other half of the row before (``halves``, ``other_halves``);
    otherwise only a smaller one does (loggers writing train and eval rows at one step)."""
    seg = np.full(len(counter), -1, dtype=np.int64)
    rows = np.flatnonzero(keep)
    if not len(rows):
        return seg
    c = counter[rows]
    with np.errstate(invalid="ignore"):
        back = c[1:] <= c[:-1] if ties_restart else c[1:] < c[:-1]
    if ties_restart and halves is not None:
        back &= ~halves[rows[1:]]
    starts, first = [0], c[0]
    for i in np.flatnonzero(back) + 1:  # only where the counter goes back can a run end: few rows, a cheap loop
        if c[i] <= first:
            starts.append(int(i))
            first = c[i]
    marks = np.zeros(len(rows), dtype=np.int64)
    marks[starts] = 1
    seg[rows] = np.cumsum(marks) - 1
    return seg


class Runs:
    """A parsed file's rows with each kept row's run; frames and problems of one run or of all."""

    def __init__(self, rows: Rows, problems, *, ties_restart: bool, drop_copies: bool, continued: bool = False):
        self.rows = rows
        self.problems = problems
        self.ties_restart = ties_restart
        self.keep = first_copies(rows) if drop_copies else rows.valid.copy()
        self.copies = int(rows.valid.sum() - self.keep.sum())
        if ties_restart:  # '0,N/A,1.198' then '0,1.200,1.199': an evaluation before training, then its epoch
            drop_pre_evaluations(rows, self.keep, problems)
        from ._aborted_first import drop_aborted_first

        # '1,48.7' '1,0.44' '2,..': a launch stopped after its first epoch, relaunched
        drop_aborted_first(rows.counter, rows.lines, self.keep, problems, rows.columns)
        from ._eval_interlude import drop_interludes

        drop_interludes(rows.counter, rows.lines, self.keep, problems)  # 'iteration' 1 rows between 86001 and 86001
        self.halves = other_halves(rows, self.keep) if ties_restart else None
        self.segments = segment_rows(rows.counter, self.keep, ties_restart=ties_restart, halves=self.halves)
        if continued and self.segments.max(initial=-1) > 0:  # a second fit() of the same model: the same run
            self._join_continued()
        self.set_segments(self.segments)

    def set_segments(self, segments: np.ndarray) -> None:
        """Each kept row's run (0-based, in file order), and what follows from it."""
        self.segments = segments
        self.count = max(1, int(segments.max(initial=-1)) + 1)
        firsts = np.flatnonzero(np.diff(segments[self.keep], prepend=-1) > 0)
        lines = self.rows.lines
        self._start_lines = lines[np.flatnonzero(self.keep)[firsts]] if self.keep.any() else lines[:0]

    def _join_continued(self) -> None:
        from ._continued import join_continued

        r = self.rows
        self.segments, joined = join_continued(r.tags, r.columns, r.counter, self.keep, self.segments)
        for row, reached, name in joined:
            self.problems.add(
                f"epoch went back to {r.counter[row]:g} after epoch {reached:g} while {name!r} went on from where it "
                "was (not back near its start): the same model trained on (a second fit() without initial_epoch), "
                "one run; its epochs are continued in the resolved view (counter_reset_continued)",
                line=int(r.lines[row]))

    def segment_of_lines(self, lines: np.ndarray) -> np.ndarray:
        """The run each file line belongs to: the last one starting at or before it (the first for lines before)."""
        return np.maximum(np.searchsorted(self._start_lines, lines, side="right") - 1, 0)

    def frame(self, segment: int | None) -> pd.DataFrame:
        """Points of run ``segment`` (0-based), or of every kept row with None, in written order."""
        r = self.rows
        chosen = self.keep if segment is None else self.segments == segment
        frame = long_frame(r.tags, r.columns, r.steps, chosen, r.wall_time)
        if segment is not None:
            frame["tag"] = frame["tag"].cat.remove_unused_categories()
        return frame

    def columns(self, segment: int | None) -> ScalarColumns:
        """``frame`` as bare columns (the loader's fast path)."""
        r = self.rows
        chosen = self.keep if segment is None else self.segments == segment
        return long_columns(r.tags, r.columns, r.steps, chosen, r.wall_time, drop_unused=segment is not None)

    def problems_of(self, segment: int | None) -> tuple:
        """The problems at lines of run ``segment`` (and those without a line); all of them with None."""
        if segment is None or self.count == 1:
            return self.problems.result()
        return self.problems.result(where=lambda lines: self.segment_of_lines(lines) == segment)

    def read(self, path: str, segment: int | None) -> ReadResult:
        """A reader's result for run ``segment`` (0-based), or for every kept row with None."""
        if segment is not None and not 0 <= segment < self.count:
            raise UnreadableFile(Problem(path, f"run #{segment} asked for, but the file holds {self.count} run(s)"))
        return ReadResult(self.frame(segment), self.problems_of(segment), sessions=self.sessions(segment))

    def read_columns(self, path: str, segment: int | None) -> tuple[ScalarColumns, ReadResult]:
        """``read`` with the points as bare columns; the ReadResult carries the problems and an empty table."""
        if segment is not None and not 0 <= segment < self.count:
            raise UnreadableFile(Problem(path, f"run #{segment} asked for, but the file holds {self.count} run(s)"))
        return self.columns(segment), ReadResult(no_rows(), self.problems_of(segment), sessions=self.sessions(segment))

    def sessions(self, segment: int | None) -> tuple[int, ...]:
        """Points (in ``columns``' order) where a later session of the same run starts: the counter went back (or,
        one row an epoch, repeated the epoch before: ``11`` then ``11``, a job resumed at its last epoch) but
        stayed above the run's start (a job resumed from a checkpoint into the same file), so that the resolved
        view takes the steps it writes again from it (``later_session_replaces``), as for any resumed log."""
        r = self.rows
        chosen = np.flatnonzero(self.keep if segment is None else self.segments == segment)
        if len(chosen) < 2:
            return ()
        c, seg = r.counter[chosen], self.segments[chosen]
        with np.errstate(invalid="ignore"):
            went_back = c[1:] <= c[:-1] if self.ties_restart else c[1:] < c[:-1]  # one row an epoch: a tie resumes
            if self.halves is not None:  # (not a tie with the other half of the row before)
                went_back &= ~self.halves[chosen[1:]]
            back = np.flatnonzero(went_back & (seg[1:] == seg[:-1])) + 1
        if not len(back):
            return ()
        points = np.zeros(len(chosen), dtype=np.int64)
        for col in r.columns:
            points += col.present[chosen]
        before = np.concatenate([[0], np.cumsum(points)])
        return tuple(int(before[i]) for i in back if 0 < before[i] < before[-1])


def epoch_runs(raw: bytes, path: str, *, sep: str, missing, line_no: int, offset: int, damage=(),
               continued: bool = False, clock: str | None = None) -> Runs:
    """A file of one row per epoch whose every header starts with ``epoch`` (Keras CSVLogger, Ultralytics): every
    other column is a value; a line starting with ``epoch`` is a header. These loggers never re-write rows, so
    identical rows are kept: a seeded run appended twice is two runs. ``damage``: warnings from reading the bytes
    (NUL padding cut off). ``continued``: an epoch back at the start whose values go on is the same run
    (``_continued``: Keras' second ``fit()`` of one model). ``clock``: an elapsed-time column; a row equal to the
    one before but for it is that epoch written twice (``_written_twice``)."""
    problems = Problems(path)
    problems.extend(damage)
    blocks = split_blocks(raw, path, sep=sep, missing=missing, line_no=line_no, offset=offset,
                          is_header=lambda fields, _known: fields[:1] == ["epoch"])
    tables = [table for _, table in blocks]
    for table in tables:
        problems.extend(table.problems)
    if not any(len(table.cells) for table in tables):
        problems.add("no data rows (header only)", line=line_no)
    epochs = [numbers(table.cells[0], missing) for table in tables]
    with np.errstate(invalid="ignore"):
        fractional = any((e.present & np.isfinite(e.values) & (np.floor(e.values) != e.values)).any() for e in epochs)
    if fractional:  # 0.1, 0.2...: no step. Every row is kept at its row number; the epoch is kept as a series
        problems.add("column 'epoch' has fractional values; the row number is the step, 'epoch' is kept as a tag")
    stuck = None if fractional else constant_epoch(epochs, tables, missing)  # fit(epochs=1) looped: epoch 0 always
    if stuck is not None:
        problems.add(constant_note(stuck, sum(len(table.cells) for table in tables)), line=line_no)
    batches = None
    if not fractional and stuck is None and _batch_epoch.per_batch(epochs):  # an epoch written on every batch row
        batches = _batch_epoch.axis(epochs)
        problems.add(_batch_epoch.note(sum(len(e.values) for e in epochs),
                                       len(np.unique(np.concatenate([e.values for e in epochs])))), line=line_no)
    wides, counters, row = [], [], 0
    for k, (table, epoch) in enumerate(zip(tables, epochs)):
        x, value_cols = 0, list(range(1, len(table.columns)))
        if stuck is not None:  # the step: the epoch plus the row number; the constant epoch no series
            x, row = constant_steps(table, row, stuck)
        if batches is not None:  # the step: the row's place in its run; the epoch a series (``_batch_epoch``)
            table.cells = table.cells.copy()
            table.cells[len(table.columns)] = batches[0][k]
            table.columns = table.columns + ["row"]
            x, value_cols = len(table.columns) - 1, [0] + value_cols
            counters.append(batches[1][k])
        if fractional:
            n = len(table.cells)
            table.cells = table.cells.copy()
            table.cells[len(table.columns)] = np.arange(row, row + n)
            table.columns = table.columns + ["row"]
            x, value_cols, row = len(table.columns) - 1, [0] + value_cols, row + n
            counters.append(np.where(epoch.present, epoch.values, np.nan))  # runs: the epoch going back
        wides.append(read_wide(table, x, value_cols, missing, problems, report_text_columns=True))
    rows = merge(wides, tables, None, counters or None)
    rows.row_numbers = fractional
    if clock is not None and not fractional:
        _written_twice(rows, clock, problems)
    return Runs(rows, problems, ties_restart=batches is None, drop_copies=False, continued=continued)


def _written_twice(rows: Rows, clock: str, problems) -> None:
    """Rows repeating the row just before -- same epoch, the same value in every column but the elapsed-time
    column ``clock`` -- are one epoch written twice, not a new run (a repeated epoch starts one under
    ``ties_restart``): the first copy is kept, the others left out with one line. A training appended from epoch 1
    again goes back after more than one epoch, or differs in its values."""
    at = np.flatnonzero(rows.valid)
    if len(at) < 2:
        return
    a, b = at[:-1], at[1:]
    same = rows.counter[a] == rows.counter[b]
    if not same.any():
        return
    for tag, c in zip(rows.tags, rows.columns):
        if tag != clock:
            same &= (c.present[a] == c.present[b]) & ((c.values[a] == c.values[b]) | ~c.present[a]
                                                      | (np.isnan(c.values[a]) & np.isnan(c.values[b])))
    copies = b[same]
    if not len(copies):
        return
    rows.valid = rows.valid.copy()
    rows.valid[copies] = False
    lines = rows.lines[copies]
    problems.add(f"{len(copies)} row(s) repeat the row before them (same epoch, same values; only {clock!r} "
                 f"differs, at lines {int(lines[0])}-{int(lines[-1])}): each such epoch was written twice; read "
                 "once (the first copy), one run", line=int(lines[0]))
