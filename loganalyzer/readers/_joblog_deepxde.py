"""DeepXDE's printed training table (``joblog``): ``Step  Train loss  Test loss  Test metric``, then a row per display.

DeepXDE (deepxde/display.py ``TrainingDisplay``) prints, for each ``model.train()``, a header of those four names
and every ``display_every`` iterations a row: the step, then the training loss terms, the test loss terms and the
metrics each as a bracketed list (``list_to_str``: ``[1.18e-02, 1.29e-02, 5.61e-01]``, ``[]`` without metrics),
left-aligned in columns. After the table it prints ``Best model at step N:`` with ``train loss: x``, ``test loss: y``
(the sums of the best row's terms) and ``test metric: [..]``. No row holds a loss word, so only that summary was read:
one point a session (public pinnburgers66 output log.txt, a Burgers PINN: 16 Adam rows, then an L-BFGS
``model.train()`` of 15,000 rows from step 15000, read as two runs of one point each).

Each row is read at its step: ``train_loss`` and ``test_loss`` the sums of the terms (as DeepXDE's own summary
gives them), the metrics ``test_metric`` (``test_metric_k`` for several). The ``Best model`` summary lines, which
repeat a row, are left out (``summary_offsets``), and so is the first row of a later ``model.train()`` (an L-BFGS
stage after Adam), which prints the step the one before ended at again: one run, its steps going on.
"""
from __future__ import annotations

import re

from ._progress import Record

_START = re.compile(rb"(?m)^Step {2,}Train loss {2,}Test loss {2,}Test metric *\r?$")
_ROW = re.compile(r"(\d+) +\[([^\]]*)\] +\[([^\]]*)\] +\[([^\]]*)\] *")
_SUMMARY = re.compile(rb"(?m)^Best model at step \d+:\r?\n(?:  (?:train loss|test loss|test metric):[^\n]*\n){1,3}")
_MAX_TABLES = 1000


def _terms(text: str) -> list[float] | None:
    try:
        return [float(t) for t in text.split(",")] if text.strip() else []
    except ValueError:
        return None


def deepxde_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every DeepXDE table in ``data``."""
    out: list[tuple[int, Record]] = []
    for tables, m in enumerate(_START.finditer(data)):
        if tables == _MAX_TABLES:
            break
        at = m.end() + 1
        while at < size:
            end = data.find(b"\n", at)
            end = size if end < 0 else end
            row = _ROW.fullmatch(bytes(data[at:end]).decode("utf-8", "replace").rstrip("\r"))
            if row is None:
                break
            train, test, metric = (_terms(row.group(k)) for k in (2, 3, 4))
            if train is None or test is None or metric is None or not train:
                break
            values = [("train_loss", sum(train))] + ([("test_loss", sum(test))] if test else [])
            names = ["test_metric"] if len(metric) == 1 else [f"test_metric_{k}" for k in range(len(metric))]
            values += list(zip(names, metric))
            step = int(row.group(1))
            if not (out and out[-1][1].step == step):  # a later train() prints its first step again
                out.append((at, Record("deepxde", tuple(values), step=step, own_step=True)))
            at = end + 1
    return out


def summary_offsets(data) -> list[tuple[int, int]]:
    """(start, end) of each ``Best model at step N:`` block after a DeepXDE table (none when no table)."""
    if _START.search(data) is None:
        return []
    return [(m.start(), m.end()) for m in _SUMMARY.finditer(data)]
