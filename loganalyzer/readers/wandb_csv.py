"""W&B panel CSV exports: what a chart's "Export panel data -> CSV" in the W&B web UI downloads.

Layout (checked against exports people reported and committed, e.g. github.com/wandb/wandb/issues/5349 and
/issues/6474, and scripts that read them: ``df['Grouped runs - test_loss__MAX']``, ``df['Step']``): a comma
separated table, every header field quoted. The first column is the chart's x-axis (``Step`` by default). Then
for every run in the chart, and every metric it plots, three columns: ``<run name> - <metric>`` (the value),
``<run name> - <metric>__MIN`` and ``<run name> - <metric>__MAX`` (the smallest and largest value in the step
bucket the chart sampled; equal to the value when nothing was merged). A cell is empty where that run logged
nothing at that step. A grouped chart exports ``<group name> - <metric>`` (e.g. ``Grouped runs``).

Reading: each run name is one run (``segment`` = its index in column order, 0-based); its points are the value
columns, tag = the metric name. ``__MIN``/``__MAX`` columns are not series of their own and are not read. The run
name is split from the metric at a `` - ``; when names hold `` - `` themselves, the split (at the first or the
last `` - ``) giving fewer distinct metric names wins, as a chart usually plots one metric for many runs. Two
runs with the same display name (W&B allows that) become ``name`` and ``name (2)``. NaN and ±Inf cells are values.
An x-axis that is not whole numbers (a relative-time axis) gives up on steps: the row number is the step, said in
a Problem. The export has no wall-clock times.
"""
from __future__ import annotations

import numpy as np

from ..runs import Problem
from . import ReadResult, UnreadableFile, empty_frame
from ._text import (
    Numbers, Problems, cell_text, first_line, head_line, integral_steps, long_frame, numbers, read_rows, split_header,
    clean_text,
)

SEP = " - "
BUCKET_SUFFIXES = ("__MIN", "__MAX")
_MISSING = ("",)


def _is_bucket(column: str, names: set[str]) -> bool:
    return column.endswith(BUCKET_SUFFIXES) and column[:-5] in names


def sniff(name: str, head: bytes) -> bool:
    """The first column is no ``run - metric`` column, and some ``<run> - <metric>`` column has its ``__MIN`` or
    ``__MAX`` companion (the header may be cut at the end of ``head``)."""
    line = head_line(head)
    if line is None or "__M" not in line:  # no companion column: no header parse
        return False
    columns = split_header(line, ",")
    if len(columns) < 2 or SEP in columns[0]:
        return False
    names = set(columns)
    return any(_is_bucket(c, names) and SEP in c[:-5] for c in columns[1:])


def _split(columns: list[str]) -> list[tuple[str, str]]:
    """(run name, metric) of each value column (all hold SEP)."""
    first = [tuple(c.split(SEP, 1)) for c in columns]
    last = [tuple(c.rsplit(SEP, 1)) for c in columns]
    return last if len({m for _, m in last}) < len({m for _, m in first}) else first


class _Layout:
    """The header: x-axis column, value columns by run, unusable columns."""

    def __init__(self, columns: list[str], path: str, line: int):
        self.columns = columns
        names = set(columns)
        value_cols = [i for i, c in enumerate(columns) if i > 0 and SEP in c and not _is_bucket(c, names)]
        self.unused = [i for i, c in enumerate(columns)
                       if i > 0 and i not in value_cols and not _is_bucket(c, names)]
        self.runs: list[str] = []  # display names, made unique
        self.run_cols: list[list[tuple[int, str]]] = []  # per run: (column, metric)
        metrics: list[set] = []
        by_name: dict[str, list[int]] = {}  # display name -> its runs (several when two runs share the name)
        for col, (run, metric) in zip(value_cols, _split([columns[i] for i in value_cols])):
            same = by_name.setdefault(run, [])
            k = next((k for k in same if metric not in metrics[k]), None)
            if k is None:
                k = len(self.runs)
                self.runs.append(run if not same else f"{run} ({len(same) + 1})")
                self.run_cols.append([])
                metrics.append(set())
                same.append(k)
            metrics[k].add(metric)
            self.run_cols[k].append((col, metric))
        if not self.runs:
            raise UnreadableFile(Problem(path, "no '<run> - <metric>' column: not a W&B panel export", line=line))


def _parse(data, path: str) -> tuple[_Layout, bytes, int, int, list]:
    raw, damage = clean_text(data, path)
    line_no, offset, header = first_line(raw)
    return _Layout(split_header(header, ","), path, line_no), raw, line_no, offset, damage


def run_names(data, path: str) -> list[str]:
    """The W&B runs in the export, in column order (unique: a repeated display name gets `` (2)``...)."""
    return _parse(data, path)[0].runs


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one W&B run (``segment``, 0-based, in column order) with the metric as tag; with None, every
    run's points, tagged ``<run> - <metric>`` when the file holds several runs."""
    layout, raw, line_no, offset, damage = _parse(data, path)
    count = len(layout.runs)
    if segment is not None and not 0 <= segment < count:
        raise UnreadableFile(Problem(path, f"run #{segment} asked for, but the export holds {count} run(s)"))
    table, problems = read_rows(raw, offset, path, sep=",", missing=_MISSING, line_no=line_no, damage=damage)
    if not len(table.cells):
        return ReadResult(empty_frame(), problems.result(), hparams=_hparams(layout, segment))

    x_name = layout.columns[0]
    x = numbers(table.cells[0], _MISSING)
    steps, valid = integral_steps(x)
    if (x.present & ~valid).any():
        problems.add(f"x-axis column {x_name!r} is not whole numbers (a time axis?); the row number is the step")
        steps, valid = np.arange(len(table.cells), dtype="int64"), np.ones(len(table.cells), dtype=bool)

    wanted = range(count) if segment is None else [segment]
    tags, columns = [], []
    for k in wanted:
        for col, metric in layout.run_cols[k]:
            nums: Numbers = numbers(table.cells[col], _MISSING)
            _bad_cells(problems, table, col, nums.bad)
            tags.append(metric if segment is not None or count == 1 else layout.columns[col])
            columns.append(nums)
    if segment in (None, 0):
        for col in layout.unused:
            nums = numbers(table.cells[col], _MISSING)
            if nums.any:
                problems.add(f"column {layout.columns[col]!r} is no '<run> - <metric>' column; skipped", line=line_no)
    has_values = np.zeros(len(valid), dtype=bool)
    for nums in columns:
        has_values |= nums.present
    orphans = np.flatnonzero(has_values & ~valid)
    if len(orphans):
        problems.add_rows(orphans, table.lines,
                          lambda row: f"row has values but no whole-number {x_name!r}; row skipped")
    return ReadResult(long_frame(tags, columns, steps, valid), problems.result(), hparams=_hparams(layout, segment))


def _bad_cells(problems: Problems, table, col: int, bad: np.ndarray) -> None:
    name = table.columns[col]
    problems.add_rows(np.flatnonzero(bad), table.lines,
                      lambda row: f"column {name!r}: {cell_text(table, col, row)!r} is not a number; cell skipped")


def _hparams(layout: _Layout, segment: int | None) -> dict:
    if segment is None and len(layout.runs) > 1:
        return {}
    return {"wandb.name": layout.runs[segment or 0]}
