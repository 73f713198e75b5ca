"""TorchDrug's printed training log (``core.Engine`` with ``core.Meter``; used by ``readers/_joblog_whole.py``), read
whole.

The writer (DeepGraphLearning/torchdrug ``core/engine.py``, ``core/meter.py``) logs through ``logging``::

    >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>            ('>' * 30, before each Meter record)
    Epoch 0 begin
    >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>
    mean squared error: 0.348545              (every log_interval batches: the batch's training metric dict)
    ...
    Evaluate on valid                         (engine.evaluate("valid"))
    ------------------------------
    mean absolute error [alpha]: 0.014947     (model.evaluate: one line per metric and task)
    ...
    Epoch 0 end
    duration: 41.52 secs
    ------------------------------
    average mean squared error: 0.343001      (the epoch's mean of each training metric)

The training metric is named by the task's criterion (``tasks._get_criterion_name``: ``mse`` -> ``mean squared
error``, ``bce`` -> ``binary cross entropy``, ``ce`` -> ``cross entropy``), no loss word: open gcnqm9cmu187's three
``*.out`` (GAT / GCN / MPNN on QM9, 100 epochs) were read as no progress at all. Read here, at the epoch of the
``Epoch N begin`` before each line: the criterion's epoch mean ``average <criterion>`` as ``loss`` (other
``average`` names as themselves), and each ``Evaluate on valid`` block's ``<metric> [<task>]`` lines as
``val_<metric>``, the mean over its tasks (one number per metric, said in one line: targets of a multi-task model
are judged together). ``Evaluate on train`` / ``test`` blocks and an evaluation after the last epoch's end (the
final model's) are no series; the per-batch records are not read (their epoch means are). Needs two ``Epoch N
begin`` banners, the ``>`` rule and an ``average`` criterion line; None for any other log.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_N = NUMBER.encode()
_RULE = b">" * 30
_BEGIN = re.compile(rb"(?m)\bEpoch (\d+) begin[ \t]*\r?$")
_END = re.compile(rb"(?m)\bEpoch (\d+) end[ \t]*\r?$")
_EVAL = re.compile(rb"(?m)\bEvaluate on (\w+)[ \t]*\r?$")
_AVERAGE = re.compile(rb"(?m)(?:^|[ \t])average ([a-z][a-z ]*[a-z]): (" + _N + rb"|nan)[ \t]*\r?$")
_TASK = re.compile(rb"(?m)(?:^|[ \t])(?:average )?([a-z][a-z ]*[a-z]) \[[^\]\n]+\]: (" + _N + rb"|nan)[ \t]*\r?$")
CRITERIA = frozenset({b"mean squared error", b"binary cross entropy", b"cross entropy", b"mean absolute error"})
NOTE = ("TorchDrug log: each 'Evaluate on valid' block's per-task metrics read as one series per metric, the mean "
        "over its tasks; the training criterion's epoch mean ('average <criterion>') read as loss")


def torchdrug_hits(data, size: int, problems: list) -> list[tuple[int, Record]] | None:
    """(offset, record) of each epoch's training mean and validation metrics of a TorchDrug log (module docstring),
    or None."""
    if data.find(_RULE) < 0 or data.find(b" begin") < 0 or data.find(b"average ") < 0:
        return None
    begins = [(m.start(), int(m.group(1))) for m in _BEGIN.finditer(data)]
    if len(begins) < 2:
        return None
    last_end = max((m.end() for m in _END.finditer(data)), default=-1)
    marks = sorted(begins + [(m.start(), m.group(1)) for m in _EVAL.finditer(data)])
    out: list[tuple[int, Record]] = []
    epoch, split, block, block_at = None, None, {}, 0

    def flush():
        if split == b"valid" and block and epoch is not None and block_at < last_end:
            values = tuple((f"val_{name.decode().replace(' ', '_')}", sum(v) / len(v)) for name, v in block.items())
            out.append((block_at, Record("torchdrug", values, step=epoch, epoch=float(epoch), kind="eval",
                                         own_step=True)))

    k = 0
    lines = sorted([(m.start(), "avg", m) for m in _AVERAGE.finditer(data, begins[0][0])]
                   + [(m.start(), "task", m) for m in _TASK.finditer(data, begins[0][0])], key=lambda t: t[0])
    for at, kind, m in lines:
        while k < len(marks) and marks[k][0] < at:
            flush()
            block = {}
            if isinstance(marks[k][1], int):
                epoch, split = marks[k][1], None
            else:
                split, block_at = marks[k][1], marks[k][0]
            k += 1
        if kind == "task":
            if split == b"valid":
                block.setdefault(m.group(1), []).append(float(m.group(2)))
            continue
        name = m.group(1)
        if epoch is None:
            continue
        flush()  # the epoch's summary ends an evaluation block
        split, block = None, {}
        tag = "loss" if name in CRITERIA else name.decode().replace(" ", "_")
        out.append((at, Record("torchdrug", ((tag, float(m.group(2))),), step=epoch, epoch=float(epoch),
                               own_step=True)))
    flush()
    if sum(r.values[0][0] == "loss" for _, r in out if r.kind == "train") < 2:
        return None
    if any(r.kind == "eval" for _, r in out):
        problems.append(NOTE)
    return out
