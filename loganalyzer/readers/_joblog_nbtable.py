"""HF Trainer's notebook table copied into a text file (``joblog``, through ``_joblog_table.table_hits``).

In Jupyter/Colab the Trainer's ``NotebookProgressCallback`` (transformers/utils/notebook.py) draws an HTML table
instead of printing log dicts: a first column ``Step`` (``Epoch`` when evaluating per epoch), ``Training Loss``
(``No log`` before the first logging step), ``Validation Loss``, then each metric as ``" ".join(part.capitalize()
for part in name.split("_")[1:])`` (``eval_accuracy`` -> ``Accuracy``). Copied out of the notebook (the Unsloth
notebooks' saved output, a newcomer breaker's ``unsloth_colab_output.txt``) it is tab-separated text under the
``[60/60 06:52, Epoch 0/1]`` bar::

    Step	Training Loss
    1	1.786141
    2	1.843105

No row holds ``loss``: the log gave no point ("no scalar series at all"). Read here: each row at its step (or epoch),
``Training Loss`` as ``loss``, ``Validation Loss`` as ``eval_loss``, a metric as ``eval_<name>`` (the dict names
the Trainer logs elsewhere); ``No log`` cells give no point.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

# the header at a line's start: 'Step<TAB>Training Loss', 'Epoch  Training Loss  Validation Loss  Accuracy'
_START = re.compile(rb"(?m)^(?:Step|Epoch)(?:\t| {2,})Training Loss[ \t]*(?:(?:\t| {2,})[^\t\r\n]+?)*[ \t]*\r?$")
_SEP = re.compile(r"\t| {2,}")
_MAX_TABLES = 100


def _name(column: str) -> str:
    if column == "Training Loss":
        return "loss"
    if column == "Validation Loss":
        return "eval_loss"
    return "eval_" + "_".join(column.lower().split())


def notebook_table_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every notebook table in ``data`` (module docstring)."""
    out: list[tuple[int, Record]] = []
    for tables, m in enumerate(_START.finditer(data)):
        if tables == _MAX_TABLES:
            break
        header = bytes(m.group(0)).decode("utf-8", "replace").strip()
        columns = [c.strip() for c in _SEP.split(header) if c.strip()]
        names = [_name(c) for c in columns[1:]]
        by_epoch = columns[0] == "Epoch"
        at = m.end() + 1
        while at < size:
            end = data.find(b"\n", at)
            end = size if end < 0 else end
            cells = [c.strip() for c in _SEP.split(bytes(data[at:end]).decode("utf-8", "replace").strip())]
            if len(cells) != len(columns) or not cells[0].isdigit() or len(cells[0]) > 18:
                break
            values = tuple((n, v) for n, c in zip(names, cells[1:]) if (v := to_float(c)) is not None)
            if values:
                step = int(cells[0])
                out.append((at, Record("nbtable", values, step=step, epoch=float(step) if by_epoch else None,
                                       own_step=not by_epoch)))
            at = end + 1
    return out
