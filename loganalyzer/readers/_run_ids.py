"""Names of the runs a CSV holds when it records several experiments with an id column (for ``discover``).

A results table written by an experiment loop, one row per epoch with the experiment's id on every row
(Balint46/advanced-deep-learning-comparison ``results/metrics.csv``: ``experiment_id,dataset,model_name,epoch,...``,
29 experiments of ~20 epochs, csv.writer; twenty-fifth labeller's item 4), is split where the epoch goes back
(``_blocks.segment_rows``); the runs were ``#1..#N`` and the id, a text column, was dropped. When every run of the
file holds exactly one value of an id column, the runs are named ``#<value>`` (a value repeated by a later run --
one experiment trained twice -- gets `` (2)``, as ``wandb_csv.run_names`` names a W&B export's repeated runs).
With no such column, a text column holding one value in each run and another in every run names them too (public
bigg ``validation_history.csv``: ``mode`` ``off`` then ``legacy``, ``_text_rows``): ``#off``, ``#legacy``.
"""
from __future__ import annotations

import csv

from ._text import is_number as _number


# the id columns, the most specific first (names as experiment loops write them; compared lower-cased)
ID_COLUMNS = ("experiment_id", "exp_id", "experiment", "experiment_name", "exp_name", "run_id", "run_name",
              "trial_id", "trial", "model_name")
_SEPARATORS = (",", "\t", ";")
_MAX_NAME = 80


def count(reader, data, path: str):
    """``reader.count_segments``, or the tuple of the runs' id values when an id column names each run."""
    n = reader.count_segments(data, path)
    if n <= 1 or not hasattr(reader, "_parse"):
        return n
    try:
        names = _names(reader._parse(data, path), bytes(data), n)
    except (ValueError, IndexError, UnicodeDecodeError, csv.Error):  # no id column to trust: numbered runs
        return n
    return names or n


def _names(runs, raw: bytes, n: int) -> tuple | None:
    text = raw.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    if not text:
        return None
    header_at = next((i for i, line in enumerate(text) if line.strip()), None)
    if header_at is None:
        return None
    header_line = text[header_at]
    sep = max(_SEPARATORS, key=header_line.count)
    header = [c.strip().strip('"').lower() for c in next(csv.reader([header_line], delimiter=sep))]
    col = next((header.index(name) for name in ID_COLUMNS if name in header), None)
    if col is not None:
        return _named_by(runs, text, sep, col, n)
    for col in range(len(header)):  # a text column of one value a run, each run's its own: 'mode' off / legacy
        if header[col] not in runs.rows.tags and (names := _named_by(runs, text, sep, col, n, text_only=True)):
            return names
    return None


def _named_by(runs, text: list[str], sep: str, col: int, n: int, text_only: bool = False) -> tuple | None:
    """The runs' names from column ``col`` (module docstring), or None; ``text_only``: only a column of text values
    (no number), each run's value its own."""
    lines, segments = runs.rows.lines[runs.keep], runs.segments[runs.keep]
    values: list[set] = [set() for _ in range(n)]
    for line, segment in zip(lines.tolist(), segments.tolist()):  # lines are 1-based file lines
        if not 0 <= segment < n or not 0 < line <= len(text):
            return None
        cells = next(csv.reader([text[line - 1]], delimiter=sep), [])
        value = cells[col].strip() if col < len(cells) else ""
        if value:
            values[segment].add(value)
    if any(len(v) != 1 for v in values):
        return None  # a run without an id, or one id column value changing inside a run: not an id of runs
    if text_only and (len({v for (v,) in values}) < n or any(_number(v) for (v,) in values)):
        return None
    names, seen = [], {}
    for (value,) in values:
        value = value.replace("/", "_").replace("\\", "_").replace("#", "_")[:_MAX_NAME]
        seen[value] = seen.get(value, 0) + 1
        names.append(value if seen[value] == 1 else f"{value} ({seen[value]})")
    return tuple(names) if len(set(names)) == len(names) else None



