"""A cross-validation's histories in one CSV, a row per fold: each fold a run (``#fold<k>``).

A k-fold script keeps each fold's per-epoch losses in a list and saves the lot with pandas or ``csv.writer``
(``pd.DataFrame({"Fold": folds, "Train Loss": losses}).to_csv(index=False)``: a Python list in a cell is written as
its ``str``, ``"[2.85, 2.02, ...]"``), public egcn134 ``train_losses.csv``::

    Fold,Train Loss
    1,"[2.851183386969725, 2.0203806111659284, 1.5974012362190466, ...]"
    2,"[2.966..., ...]"

The first column names the fold (``Fold``, ``fold``, ``cv_fold``, ``fold_idx``...) and holds the fold numbers
(``0``..``k-1`` or ``1``..``k``, in order); every other column holding a list is one series of each fold, the list's
position (from 0) its step, as ``_json_folds`` reads the same histories saved as JSON (``{"0": {"loss": [..]}}``).
A column holding one number per fold (``Best Val Acc``) is the fold's summary: no series, said in a line. Before,
the file was "a table of per-configuration histories ... not read" (``_history_table``): the folds' losses lost.
A sweep table keyed by anything else (learning rates, model names) stays that line: its rows are no folds.

What the same scripts also write (a breaker's brk_tab C1-C6, each refused or misread before):
- ``df.to_csv(path)`` with pandas' default index: ``,Fold,Train Loss`` over ``0,1,"[..]"``; the index is left out.
- an appended summary row after the numbered folds (``mean``, ``std``, ``avg``: ``df.loc["mean"] = ..``): left out,
  said in a line, not the whole file refused;
- lists of numpy 2 scalars (``str([np.float64(2.91), ..])`` prints ``[np.float64(2.91), ..]``) or of torch
  scalars (``[tensor(2.9131), ..]``, a ``device=``/``grad_fn=`` inside too): each wrapped number read.
"""
from __future__ import annotations

import csv
import io
import re

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, point_columns
from ._history_table import is_list_cell
from ._text import no_rows

FORMAT = "csv_folds"
_FOLD_NAME = re.compile(r"(?i)\s*(?:cv[ _-]?)?folds?(?:[ _-]?(?:idx|index|id|no|num|number|nr))?\s*")
_NUMBER_SPLIT = re.compile(r"[,;\s]+")
MAX_FOLDS = 100
_SUMMARY_ROWS = frozenset({"mean", "avg", "average", "std", "sd", "stdev", "median", "min", "max", "total", "overall",
                           "mean±std"})
_INDEX_NAMES = ("", "unnamed: 0")
# one number wrapped as a numpy 2 scalar's repr ('np.float64(2.91)') or a torch tensor's ('tensor(2.91,
# device='cuda:0')', 'tensor(2.91, grad_fn=<AddBackward0>)'): the number
_WRAPPED = re.compile(r"(?:np\.(?:float|int|uint)\d*|tensor)\(\s*([-+]?[\w.]+)[^()]*\)")


def _rows(text: str) -> list[list[str]]:
    csv.field_size_limit(1 << 30)  # a cell holds a whole history (300 epochs: ~6 KB; csv's default limit is 128 KB)
    try:
        return [r for r in csv.reader(io.StringIO(text)) if r]
    except csv.Error:
        return []


def _no_index(rows: list[list[str]]) -> list[list[str]]:
    """``rows`` less pandas' default index column before the fold's (``,Fold,Train Loss``), as they are otherwise."""
    if rows and len(rows[0]) >= 3 and rows[0][0].strip().lower() in _INDEX_NAMES and _FOLD_NAME.fullmatch(rows[0][1]) \
            and all(r[0].strip().isdigit() for r in rows[1:] if r):
        return [r[1:] for r in rows]
    return rows


def _fold_numbers(cells: list[str]) -> bool:
    """Whether ``cells`` are fold numbers: 0..k-1 or 1..k in order."""
    if not cells or not all(c.strip().isdigit() for c in cells):
        return False
    numbers = [int(c) for c in cells]
    return numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def sniff(name: str, head: bytes) -> bool:
    """A CSV whose header's first column names the fold, whose first row's first cell is a fold number and whose
    first row holds a list of numbers in another column (only the file's first bytes: a row may run past them)."""
    if not name.lower().endswith(".csv"):
        return False
    text = bytes(head).decode("utf-8", "replace").lstrip("\ufeff")
    rows = _no_index(_rows(text))
    if len(rows) < 2 or len(rows[0]) < 2 or not _FOLD_NAME.fullmatch(rows[0][0]):
        return False
    first = rows[1]
    return first[0].strip() in ("0", "1") and any(c.lstrip().startswith(("[", "(")) for c in first[1:])


def _table(data, path: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, the folds' rows, the names of the summary rows after them, left out)."""
    try:
        text = bytes(data).decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as e:
        raise UnreadableFile(Problem(path, f"not UTF-8 text (byte {e.start}): not read as a CSV of folds")) from None
    rows = _no_index(_rows(text))
    if len(rows) < 2:
        raise UnreadableFile(Problem(path, "a CSV of folds with no fold's row: nothing to read"))
    header, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    summary = []
    while len(body) > 1 and body[-1][0].strip().lower() in _SUMMARY_ROWS:
        summary.insert(0, body.pop()[0].strip())
    if not _fold_numbers([r[0] for r in body]) or len(body) > MAX_FOLDS:
        raise UnreadableFile(Problem(path, f"column {header[0]!r} does not number the folds 0..k-1 or 1..k in "
                                           "order: not read as a CSV of folds"))
    return header, body, summary


def labels(data, path: str = "") -> tuple[str, ...] | int:
    """The folds' names (``('fold1', 'fold2', ...)``, discover's ``#fold<k>`` runs), 1 for a file of one fold."""
    try:
        _header, body, _summary = _table(data, path)
    except UnreadableFile:
        return 1
    return tuple(f"fold{r[0].strip()}" for r in body) if len(body) > 1 else 1


def _values(cell: str) -> np.ndarray | None:
    """A printed list's numbers (``nan``/``inf`` as written), None when the cell is no list of numbers."""
    cell = _WRAPPED.sub(r"\1", cell.strip())
    if not is_list_cell(cell):
        return None
    parts = [p for p in _NUMBER_SPLIT.split(cell.strip("[]()")) if p]
    try:
        return np.array([float(p) for p in parts], dtype=np.float64)
    except ValueError:
        return None


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """One fold's series (``segment``, 0-based; None: the first fold), the step each value's place in its list."""
    header, body, summary_rows = _table(data, path)
    index = segment or 0
    if not 0 <= index < len(body):
        raise UnreadableFile(Problem(path, f"no fold #{index + 1} in this file (it holds {len(body)})"))
    row, problems = body[index], []
    tags, steps, values = [], [], []
    summary = []
    for name, cell in zip(header[1:], row[1:]):
        listed = _values(cell)
        if listed is None:
            if cell.strip():
                summary.append(name)
            continue
        tags += [name] * len(listed)
        steps.append(np.arange(len(listed)))
        values.append(listed)
    if summary:
        problems.append(Problem(path, f"column(s) {', '.join(map(repr, summary[:4]))} hold one value per fold (the "
                                      "fold's summary): no series"))
    if summary_rows:
        problems.append(Problem(path, f"row(s) {', '.join(map(repr, summary_rows))} after the numbered folds: the "
                                      "folds' summary, left out"))
    if not tags:
        raise UnreadableFile(Problem(path, f"fold {row[0].strip()}: no cell holds a list of numbers"))
    problems.append(Problem(path, f"a CSV of cross-validation folds (column {header[0]!r}): fold {row[0].strip()}'s "
                                  "lists read, each value's place in its list (from 0) the step"))
    columns = point_columns(tags, np.concatenate(steps), np.concatenate(values))
    return columns, ReadResult(no_rows(), tuple(problems))


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """``read_columns`` as the contract's table."""
    from . import scalar_frame

    columns, result = read_columns(data, path, segment)
    tags = [columns.tags[c] for c in columns.tag_codes]
    return ReadResult(scalar_frame(tags, columns.steps, columns.values), result.problems)
