"""Keras ``CSVLogger`` files (any name; often ``training.log`` or ``*.csv``).

One row per epoch: ``epoch`` (0-based) then the sorted metric keys, separated by CSVLogger's ``separator``
(default ``,``). A missing value is written ``NA`` (no point); ``nan``/``inf`` are real values. With
``append=True`` later runs are appended to the same file, usually without a new header (Keras writes the header
only into an empty file), so a run boundary shows as the epoch counter going back.

Segments (runs): a new one starts wherever the epoch goes back to, or below, the first epoch of the current segment
(a new ``fit`` from scratch), unless the values go on from where the segment ended: ``fit()`` called again on the
same model without ``initial_epoch`` is the same run, continued in the resolved view (``_continued``, the rule
``counter_reset_continued`` of event files), with a warning. An epoch that goes back but stays above that start is a resume from a checkpoint
(``fit(initial_epoch=k)``) of the same run: it stays in the segment and its rows, later in the file, win on the
repeated epochs. A header line written again (logs of successive jobs concatenated, a logger that found the file
empty) starts a block read with its own columns, not a run: if the epoch goes on, it is the same run. Every row
is kept, identical ones too: a seeded ``fit`` appended twice is two runs. See ``_blocks``. A fractional epoch
(a hand-made log writing ``epoch`` 0.1, 0.2...) is no step: every row is kept at its row number, ``epoch`` kept as a
series, and a warning says so.

fastai's ``CSVLogger`` (``history.csv``: ``epoch,train_loss,valid_loss,<metrics>,time``) is read here too, its
metrics named ``valid_<name>`` and its ``mm:ss`` durations read as seconds (``_fastai``).
"""
from __future__ import annotations

import functools
import re

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from . import (  # sniff's, per file: no import there
    _fastai, _header_gaps, _index_columns, _loss_shapes, _phase_split, _placeholder_rows, _stale_header, _wider_rows,
)
from ._blocks import Runs, epoch_runs
from ._blocks_onerun import one_run
from ._decimal_comma import NOTE as DECIMAL_COMMA_NOTE, decimal_commas
from ._text import clean_text, first_line, head_line, head_rows, split_header
from ._text_clean import cut_last_cell

_MISSING = ("", "NA", "N/A", "n/a")
_LEADING_NUMBER = re.compile(r"\s*[-+]?\.?\d")  # a 'column name' that is the epoch's printed value  # "N/A": a hand-made history's empty cell (plain_csv's too)


def _separator(header: str) -> str | None:
    """CSVLogger's separator is whatever follows ``epoch`` in the header; None when it is not a Keras header."""
    if not header.startswith("epoch"):
        return None
    if len(header) == len("epoch"):
        return ","
    sep = header[len("epoch")]
    if sep == " " and _ALIGNED.search(header):
        return r"\s+"  # 'epoch  test_loss    filename': columns aligned with runs of spaces (below)
    return None if sep.isalnum() or sep in "_\"'" else sep


# A table whose names are aligned by runs of spaces (``print(f"{'epoch':<7}{'test_loss':<13}filename")`` over rows
# ``f"{e:<7}{loss:<13}{name}"``: public usipkp137 log2.txt, USIP's checkpoints listed with their test losses) is split
# on whitespace: split on each single space, its header was 13 columns, most of them '' (a series named '' and
# the losses under 'filename'), and every row of another width was refused.
# A tab-separated header (``CSVLogger(separator="\t")``, ``DataFrame.to_csv(sep="\t")``) keeps "\t": an empty cell
# (a NaN, a validation skipped) is two tabs in a row and a text cell may hold spaces ('2024-01-05 10:00:00'); split on
# runs of whitespace, the cells after them moved into other columns.
_ALIGNED = re.compile(r"\S {2,}\S")


def sniff(name: str, head: bytes) -> bool:
    """First header column is ``epoch``, no column is a finer counter (``step``, ``batch``, ``iteration``...: a
    hand-rolled log, read by the plain CSV reader, which knows a batch counted within each epoch), and it is no
    Ultralytics ``results.csv``."""
    line = head_line(head)
    if line is None:
        return False
    header = _header(line)
    if header is None or _loss_shapes.indexed_line(line):
        return False  # 'epoch 0:1655.59': a line of data, no header (``_loss_shapes``)
    sep, columns, may_pair, ultralytics = header
    if _phase_split.in_head(list(columns), head, sep):
        return False  # a text column of train/val words: no CSVLogger's (the plain CSV reader splits by it)
    if may_pair and _placeholder_rows.in_head(list(columns), head, sep, 0):
        return False  # train and val rows at each epoch, 0 in the other's columns: the plain CSV reader's
    rows = head_rows(head)
    if not _counted(rows, sep) and any(not _whole(_first_field(row, sep)) for row in rows if row.strip()):
        return False  # epoch 0.1, 0.2...: no CSVLogger wrote it; the plain CSV reader numbers the rows
    if _epochs_repeated(rows, sep):
        return False  # each epoch on k consecutive rows: the plain CSV reader's (rows within an epoch)
    return not ultralytics


def _epochs_repeated(rows: list[str], sep: str) -> bool:
    """Whether every epoch of the head's whole rows stands on the same number (2 or more) of consecutive rows with
    other values (``epoch,ppl`` then ``1,651.88`` / ``1,273.50`` / ``2,194.66`` / ``2,149.85``: a hand-made log
    written twice per epoch, public mt3 course LSTM LMs). Keras' CSVLogger writes one row per epoch: read as its
    file, each second row had begun a new run (``#1``/``#2``). The plain CSV reader reads the rows within each epoch
    at their places."""
    whole = [row for row in rows[:-1] if row.strip()]  # (the head's last row may be cut)
    if len(whole) < 4 or _first_field(whole[0], sep) != _first_field(whole[1], sep):
        return False  # (a first epoch on one row: no size of 2 or more shared by every epoch)
    groups: list[list[str]] = []
    for row in whole:
        if groups and _first_field(groups[-1][0], sep) == _first_field(row, sep):
            groups[-1].append(row)
        else:
            groups.append([row])
    sizes = {len(g) for g in groups[:-1]}  # (the last epoch may be cut by the head's end)
    return len(groups) >= 2 and len(sizes) == 1 and sizes.pop() >= 2 and len(groups[-1]) <= len(groups[0]) \
        and all(len(set(g)) == len(g) for g in groups)


@functools.lru_cache(maxsize=256)  # a tree's logs repeat a few headers: its checks made once a header (~20 us a file)
def _header(line: str) -> tuple | None:
    """What ``sniff`` learns from the header line alone: None when it refuses the file on the header, else
    (separator, column names, whether the names could pair train and val rows (``_placeholder_rows.could_pair``),
    whether it is an Ultralytics header (``ultralytics_csv.sniff``: the header alone decides))."""
    sep = _separator(line.lstrip())
    if sep is None:
        return None
    columns = split_header(line, sep)
    if len(columns) < 2 or columns[0] != "epoch":
        return None
    from . import _pair_rows
    from ._kv_rows import kv_row

    if kv_row(line, sep):
        return None  # 'epoch:1\tAccuracy:71.0\t...': a printed log's line, no header
    if sep == " " and "|" in columns:
        return None  # 'epoch | tr_loss | val_loss | time' over a dashed rule: a printed table's (``_joblog_csvblock``)
    if sep in (":", "=", " ", r"\s+") and _LEADING_NUMBER.match(columns[1]):
        # 'epoch: 1, 1/125 0.8%, 0.71s per iter, lr: 0.0001': a printed record's line (StyIns' logger);
        # 'epoch 3/50 train 0.512 val 0.634 lr 0.001': a printed epoch line (a print() per epoch), no header --
        # CSVLogger writes metric names after 'epoch', never the epoch's value (a comma or tab header may name
        # columns 0, 1, 2: a DataFrame's integer columns, left to the checks below)
        return None
    if sep == "," and len(columns) >= 4 and _pair_rows._pairs(line) is not None:
        return None  # 'epoch,1,loss,0.5000,val_loss,0.5500': a row naming its own values (``_pair_rows``)
    from . import _longcsv, _placeholder_rows, plain_csv, ultralytics_csv  # an Ultralytics results.csv also starts with 'epoch': its own reader

    finer = set(plain_csv.STEP_COLUMNS) - set(plain_csv.EPOCH_COLUMNS)
    if any(plain_csv.axis_name(c) in finer for c in columns[1:]):  # ('Current Iteration' too)
        return None
    if _longcsv.long_layout(columns, 0) is not None:
        return None  # epoch,split,metric,value: a long table, no CSVLogger's (the plain CSV reader widens it)
    return sep, tuple(columns), _placeholder_rows.could_pair(columns, 0), ultralytics_csv.sniff_line(line)


_COUNTED: dict[str, re.Pattern] = {}


def _counted(rows: list[str], sep: str) -> bool:
    """Every row's first field is digits alone (each then ``_whole``): one regex over the rows, no loop."""
    pattern = _COUNTED.get(sep)
    if pattern is None:
        pattern = _COUNTED[sep] = re.compile(r"(?:[0-9]+(?:" + re.escape(sep) + r"[^\n]*)?\n)*")
    return pattern.fullmatch("\n".join(rows) + "\n") is not None if rows else True


def _first_field(row: str, sep: str) -> str:
    """``split_header(row, sep)[0]``: without a quote, the text before the first separator (no csv.reader)."""
    if '"' in row:
        return split_header(row, sep)[0]
    return row.split(sep, 1)[0].strip()


def _whole(cell: str) -> bool:
    """A cell that is no fractional number (a whole number, or no number at all: the reader reports those)."""
    try:
        value = float(cell)
    except ValueError:
        return True
    return not (value == value and abs(value) != float("inf") and value != int(value))


def _parse(data, path: str) -> Runs:
    """The file's header blocks read, identical repeated rows counted once, each kept row given its run."""
    raw, damage = clean_text(data, path)
    line_no, offset, header = first_line(raw)
    sep = _separator(header.lstrip())
    if sep is None:
        raise UnreadableFile(
            Problem(path, f"first column is not 'epoch', not a Keras CSVLogger file: {header[:80]!r}", line=line_no)
        )
    if (gaps := _header_gaps.closed(raw, offset, header, sep)) is not None:  # 'epoch\tloss\t\tval_loss'
        raw, damage, header = gaps[0], [*damage, Problem(path, gaps[1], line=line_no)], first_line(gaps[0])[2]
    if (names := _fastai.header(header)) is not None:  # fastai's CSVLogger: validation metrics, mm:ss durations
        raw = _fastai.rewrite(raw, names)
    if (comma := decimal_commas(raw, offset, sep)) is not None:  # CSVLogger(separator=';') in a comma locale
        raw, damage = comma, [*damage, Problem(path, DECIMAL_COMMA_NOTE, line=line_no)]
    raw, cut = cut_last_cell(raw, path, sep, len(split_header(header, sep)))  # a job stopped mid-write
    if cut is not None:
        damage = [*damage, cut]
    if (wider := _wider_rows.widen(raw, offset, sep, split_header(header, sep), sorted_keys=True)) is not None:  # fits with
        raw, damage = wider[0], [*damage, Problem(path, wider[1], line=line_no)]  # other metrics appended
    runs = epoch_runs(raw, path, sep=sep, missing=_MISSING, line_no=line_no, offset=offset, damage=damage,
                      continued=True)
    _stale_header.unname(runs)  # a later fit() appended under the first one's names: its columns by position
    _index_columns.tidy(runs, keras=True)  # a wall-time column, run ids, projections, rows with no value
    from .plain_csv import rename_splits, split_losses  # (plain_csv imports this module)

    rename_splits(runs.rows, split_losses(path, split_header(header, sep)), runs.problems, line_no)
    return runs


def count_segments(data, path: str) -> int:
    """How many runs the file holds (at least 1 for a readable file, even one with only a header)."""
    raw, _damage = clean_text(data, path)
    _line_no, offset, header = first_line(raw)
    sep = _separator(header.lstrip())
    if sep is not None and one_run(raw, offset, sep):  # the common file: no parse
        return 1
    return _parse(data, path).count


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every distinct row as written; x-axis = epoch."""
    return _parse(data, path).read(path, segment)


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    return _parse(data, path).read_columns(path, segment)
