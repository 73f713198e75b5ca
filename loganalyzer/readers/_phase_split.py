"""A text column naming each row's split in a wide CSV: ``phase``/``split``/``mode``/``stage``/``subset`` holding
``train``/``val``/``test`` (a script writing ``[epoch, step, "train", loss, acc, ...]`` at its logging steps and
``[epoch, step, "val", loss, acc, ...]`` after each evaluation under one header; public biosbert
``training_metrics.csv``). Its numeric columns are read per split, ``train_<name>``/``val_<name>``/``test_<name>``
(the split word as written, as ``_longcsv`` names ``epoch,split,metric,value`` tables), with one line saying so.
Before, the text column was skipped and the validation rows' numbers joined the training series (``loss`` zig-zagging
between the two).

Counters (step-like columns), clocks and the learning rate belong to the run, not to a split, and a column named
with a split word already (``train_loss``) says its split itself: they keep their name.
A column holding other words (``mode`` = ``fast``) is no split column and is left as it was.

The CSVLoggers (Keras, Lightning) write numbers only, so ``keras_csv``/``lightning_csv`` leave such a file to the
plain CSV reader (``in_head``), which splits each block's columns here (``split_wide``).
"""
from __future__ import annotations

import functools
import re

import numpy as np

from ._shared_split import split_of
from ._text import Numbers, Table, head_rows, split_header
from ._text_clean import normal_name

PHASE_COLUMNS = frozenset({"phase", "split", "mode", "stage", "subset", "type", "kind", "level", "granularity"})
_PREFERRED = ("phase", "split", "subset")  # over 'mode'/'stage' when a header has several
SPLIT_WORDS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "test", "dev"})
# a row kind naming how much the row sums, not a split ('type' = batch / epoch: a logger writing each batch's loss and
# each epoch's mean under one header, a newcomer breaker's log: both in one 'loss', two values at each epoch's last
# batch): its values are '<name>_step' / '<name>_epoch', Lightning's names for the two
GRANULARITY = {"batch": "step", "step": "step", "iter": "step", "iteration": "step", "epoch": "epoch"}
_ROW_WORDS = SPLIT_WORDS | frozenset(GRANULARITY)
# the run's own columns: counters, clocks, optimiser settings (matched on the normalised name)
RUN_COLUMNS = re.compile(
    r"^(?:_?step|global_step|steps|iter(?:ation)?s?|n_iter|it|batch(?:es)?|epochs?|ep|lr(?:_\w+)?|learning_rate\w*"
    r"|momentum|wall\w*|_?timestamp|time|datetime|\w*_time(?:_\w+)?|elapsed\w*)$"
)


def _phase_index(columns: list[str]) -> int | None:
    return _phase_at(tuple(columns))


@functools.lru_cache(maxsize=1024)  # a tree's files repeat a few headers
def _phase_at(columns: tuple) -> int | None:
    found = {normal_name(c): i for i, c in enumerate(columns) if normal_name(c) in PHASE_COLUMNS}
    if len(found) == 1:
        return next(iter(found.values()))
    # 'stage,epoch,phase,loss,..' (public realgen train_log.csv, fifty-first labeller's set: 'stage1'/'stage2'
    # trainings, 'train'/'val' rows): the more specific name is the split's
    return next((found[name] for name in _PREFERRED if name in found), None)


def _labels(cells) -> list[str]:
    return ["" if not isinstance(c, str) else c.strip().lower() for c in cells]


def in_head(columns: list[str], head: bytes, sep: str) -> bool:
    """The header names one split column and the first rows hold only split words there (at least one)."""
    at = _phase_index(columns)
    if at is None:
        return False
    words = []
    for row in head_rows(head, 10):
        if not row.strip():
            continue
        fields = split_header(row, sep)
        if len(fields) > at:
            words.append(fields[at].strip().lower())
    words = [w for w in words if w]
    return bool(words) and all(w in _ROW_WORDS for w in words)


def split_wide(wide, table: Table) -> str | None:
    """Split ``wide``'s value columns (in place) by ``table``'s split column: ``<split>_<name>`` per split word in
    the order first met, a row without a split word keeping the plain name; the line saying so, or None when
    the table has no split column holding split words only."""
    at = _phase_index(table.columns)
    if at is None or not len(table.cells) or isinstance(table.cells[at], Numbers):
        return None
    labels = np.array(_labels(table.cells[at].tolist()), dtype=object)
    named = labels != ""
    words = list(dict.fromkeys(labels[named].tolist()))
    if not words or any(w not in _ROW_WORDS for w in words):
        return None
    taken = set(wide.tags)
    tags, columns, done = [], [], []
    for tag, column in zip(wide.tags, wide.columns):
        names = [f"{tag.strip()}_{GRANULARITY[w]}" if w in GRANULARITY else f"{w}_{tag.strip()}" for w in words]
        if RUN_COLUMNS.match(normal_name(tag)) or split_of(normal_name(tag)) or taken & set(names):
            tags.append(tag)
            columns.append(column)
            continue
        done.append(tag)
        for word, name in zip(words, names):
            rows = labels == word
            if (column.present & rows).any() or (column.bad & rows).any():
                tags.append(name)
                columns.append(Numbers(column.values, column.present & rows, column.bad & rows))
        if (~named & (column.present | column.bad)).any():  # rows naming no split: the plain name
            tags.append(tag)
            columns.append(Numbers(column.values, column.present & ~named, column.bad & ~named))
    if not done:
        return None
    wide.tags[:], wide.columns[:] = tags, columns
    examples = ", ".join(f"{done[0].strip()}_{GRANULARITY[w]}" if w in GRANULARITY else f"{w}_{done[0].strip()}"
                         for w in words)
    what = "split" if all(w in SPLIT_WORDS for w in words) else "kind"
    return (f"column {table.columns[at].strip()!r} names each row's {what} ({', '.join(words)}): the other columns "
            f"are read per split ({examples}, ...); counters, clocks and the learning rate keep their names")
