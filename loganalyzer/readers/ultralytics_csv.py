"""Ultralytics / YOLO ``results.csv`` (any name; the trainer writes ``runs/<task>/<name>/results.csv``).

One row per epoch, written by the trainer's ``save_metrics``: ``epoch`` (counted from 1), ``time`` (seconds since the
training started; Ultralytics 8.1 and later), the training loss components (``train/box_loss``, ``train/cls_loss``,
``train/dfl_loss``; segmentation adds ``train/seg_loss``, pose ``train/pose_loss`` and ``train/kobj_loss``,
classification logs one ``train/loss``), the validation metrics (``metrics/precision(B)``, ``metrics/mAP50-95(B)``,
...), the validation loss components (``val/...``) and the learning rate of each parameter group (``lr/pg0``,
``lr/pg1``, ``lr/pg2``). Values are written ``%.6g``. Ultralytics 8.0 padded names and values to 23 characters;
YOLOv5 pads to 20, counts epochs from 0, logs ``train/obj_loss`` and names the learning rates ``x/lr0``..``x/lr2``.
YOLOv10 (THU-MIG yolov10, Ultralytics 8.1-based, no ``time``) trains two heads and logs each one's terms without
the word ``loss``: ``train/box_om``, ``train/cls_om``, ``train/dfl_om`` (one-to-many), ``train/box_oo``,
``train/cls_oo``, ``train/dfl_oo`` (one-to-one), the same under ``val/``; its objective (``v10DetectLoss``) is
the sum of both heads' terms (``curves_names.words`` names them as loss terms).

The header is written only into a new file, so ``resume=True`` appends rows whose epoch goes on: the same run. A new
training into the same directory (``exist_ok=True``) appends epochs from the start again: a new run, ``#2`` (the
rules of ``_blocks``, as for Keras). Every column but ``epoch`` is a tag, names stripped of their padding; ``time``
stays a tag (elapsed seconds, not a time of day: ``wall_time`` is NaN). That the training loss is the sum of the
components is decided in ``curves``. A row equal to the one before but for ``time`` (the same epoch written twice,
eval/public-style DalilaDt TFG classify run: every epoch twice, ``time`` one epoch apart) is one row, not a second
run: read once with a line saying so.

A run trained with validation off (``val=False``) never runs the validator but on the final epoch (or an early
stop), and ``BaseTrainer._setup_train`` starts ``self.metrics`` as ``dict(zip(metric_keys, [0] * len(...)))``, which
``save_metrics`` writes on every epoch: rows whose every ``metrics/`` and ``val/`` cell is exactly 0 are those
placeholders (a real validation never measures a loss of exactly 0), read as missing, with a warning. YOLOv5's
``train.py --noval`` does the same (``results = (0, 0, 0, 0, 0, 0, 0)`` written until the final epoch's
``val.run``), in its ``results.csv`` and in the ``results.txt`` that ``yolov5_txt`` reads through this module.
"""
from __future__ import annotations

import dataclasses
import functools
import re

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from ._blocks import Runs, epoch_runs
from ._text import clean_text, first_line, head_line, split_header
from ._text_clean import cut_last_cell

_MISSING = ("",)
# YOLOv10 (THU-MIG yolov10's YOLOv10DetectionTrainer.loss_names): each loss term of its two heads, no word "loss",
# ``train/box_om``, ``train/cls_om``, ``train/dfl_om`` (one-to-many head), ``train/box_oo``, ... (one-to-one head)
_HEAD_TERM = re.compile(r"(box|cls|dfl)_o[mo]")


def _columns(line: str) -> list[str]:
    return split_header(line, ",")


def sniff(name: str, head: bytes) -> bool:
    """First header column ``epoch`` (padded or not), a ``train/...loss...`` column (or YOLOv10's ``train/box_om``)
    and a ``metrics/...`` one."""
    line = head_line(head)
    return line is not None and sniff_line(line)


@functools.lru_cache(maxsize=256)  # the header alone decides; a tree's logs repeat a few headers
def sniff_line(line: str) -> bool:
    """``sniff`` of a file whose first non-blank line is ``line``."""
    columns = _columns(line)
    return (
        len(columns) >= 3 and columns[0] == "epoch"
        and any(c.startswith("train/") and ("loss" in c or _HEAD_TERM.fullmatch(c[6:])) for c in columns)
        and any(c.startswith("metrics/") for c in columns)
    )


def _parse(data, path: str) -> Runs:
    raw, damage = clean_text(data, path)
    line_no, offset, header = first_line(raw)
    columns = _columns(header)
    if columns[:1] != ["epoch"]:
        raise UnreadableFile(
            Problem(path, f"first column is not 'epoch', not an Ultralytics results.csv: {header[:80]!r}",
                    line=line_no)
        )
    raw, cut = cut_last_cell(raw, path, ",", len(columns))  # a job killed inside its last number
    if cut is not None:
        damage = [*damage, cut]
    runs = epoch_runs(raw, path, sep=",", missing=_MISSING, line_no=line_no, offset=offset, damage=damage,
                      clock="time")
    _unvalidated_rows(runs)
    return runs


def _unvalidated_rows(runs: Runs) -> None:
    """The validation columns of rows whose every ``metrics/`` and ``val/`` cell is 0 (``val=False``'s
    placeholders, see the module docstring) made missing, with a warning naming the epochs."""
    r = runs.rows
    picked = [i for i, tag in enumerate(r.tags) if tag.startswith(("metrics/", "val/"))]
    if not picked or not any(tag.startswith("val/") for tag in r.tags):
        return
    zero = np.ones(len(r.steps), dtype=bool)
    for i in picked:
        col = r.columns[i]
        zero &= col.present & (col.values == 0)
    if not zero.any():
        return
    for i in picked:
        col = r.columns[i]
        r.columns[i] = dataclasses.replace(col, present=col.present & ~zero)
    epochs = r.steps[zero]
    runs.problems.add(
        f"{int(zero.sum())} epoch(s) ({int(epochs.min())}-{int(epochs.max())}) write 0 for every validation loss and "
        "metric: no validation ran there (val=False writes its zero placeholders), read as missing, not as 0")


def count_segments(data, path: str) -> int:
    """How many runs the file holds (trainings appended to one results.csv); at least 1 for a readable file."""
    return _parse(data, path).count


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every distinct row; x-axis = epoch."""
    return _parse(data, path).read(path, segment)


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    return _parse(data, path).read_columns(path, segment)
