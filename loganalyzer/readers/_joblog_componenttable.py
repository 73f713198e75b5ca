"""Keras' ACGAN example's per-epoch component table (used by ``readers/joblog.py`` when no line names a loss).

``keras/examples/mnist_acgan.py`` prints after each epoch (or iteration)::

    print('{0:<22s} | {1:4s} | {2:15s} | {3:5s}'.format('component', *discriminator.metrics_names))
    print('-' * 65)
    ROW_FMT = '{0:<22s} | {1:<4.2f} | {2:<15.4f} | {3:<5.4f}'
    print(ROW_FMT.format('generator (train)', *train_history['generator'][-1]))
    print(ROW_FMT.format('generator (test)', *test_history['generator'][-1]))
    print(ROW_FMT.format('discriminator (train)', ...))

Public adlxmlds127 ``src.out``/``t.out`` (an anime-face ACGAN built on it) print ``component | loss |
generation_loss | aux_eyes_loss | aux_hair_loss`` and the ``generator (train)`` / ``discriminator (train)`` rows
each iteration, then ``Iters N``: no line held a loss the reader's ``name: value`` rules know, nothing was read.
Read here: each row as ``<component>/<name>`` (``generator/loss``, ``discriminator/aux_eyes_loss``), a ``(test)`` row
as ``val_<component>/<name>``, at the table's number in the log (1, 2, ...): the count of tables printed, since the
``Iters``/``Epoch`` line around it is printed after it by some scripts and before it by others. At least
``MIN_TABLES`` tables, or nothing is read.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

NEEDLE = b"component "
# (a progress bar's redraws closed by '\r' may stand before the header on its line)
_HEADER = re.compile(rb"(?m)^(?:[^\n\r]*\r)*component\s*\|([^\n]*?)\r?\n-{10,}\r?\n")
_ROW = re.compile(r"^([A-Za-z][\w ]*?)\s*\((train|test)\)\s*((?:\|\s*" + NUMBER + r"\s*)+)$")
MIN_TABLES = 2
_MAX_TABLES = 1_000_000
_MAX_ROWS = 8


def component_table_hits(data) -> list[tuple[int, Record]]:
    """(offset, record) of each row of each table (module docstring); [] for a log of another kind."""
    if data.find(NEEDLE) < 0:
        return []
    out, tables = [], 0
    for m in _HEADER.finditer(data):
        if tables >= _MAX_TABLES:
            break
        names = [n.strip() for n in m.group(1).decode("utf-8", "replace").split("|")]
        if not names or not all(re.fullmatch(r"[A-Za-z][\w@./-]*", n) for n in names):
            continue
        tables += 1
        at = m.end()
        for _ in range(_MAX_ROWS):
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            row = _ROW.match(bytes(data[at:end]).decode("utf-8", "replace").rstrip())
            if row is None:
                break
            cells = [c.strip() for c in row.group(3).split("|")[1:]]
            if len(cells) == len(names):
                prefix = ("val_" if row.group(2) == "test" else "") + row.group(1).strip().replace(" ", "_") + "/"
                values = tuple((prefix + n, x) for n, c in zip(names, cells) if (x := to_float(c)) is not None)
                if values:
                    out.append((at, Record("componenttable", values, step=tables,
                                           kind="eval" if row.group(2) == "test" else "train")))
            at = end + 1
            if at >= len(data):
                break
    return out if tables >= MIN_TABLES else []
