"""spaCy v3's ``spacy train`` table printed to a job log (``joblog``): fixed-width columns under a rule of dashes.

``spacy/training/loggers.py`` (``console_logger``) prints a header and a rule, then a row at every evaluation
(``eval_frequency`` steps)::

    E    #       LOSS TOK2VEC  LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE
    ---  ------  ------------  --------  ------  ------  ------  ------
      0       0          0.00     41.17    0.00    0.00    0.00    0.00
      0     200         81.61   1052.99   51.25   53.81   48.69    0.51

``E`` is the epoch, ``#`` the step; ``LOSS <COMPONENT>`` the training loss each pipe summed since the last row; the
other columns the scores on the dev set (``ENTS_F`` in percent, ``SCORE`` the weighted total, 0..1). Names hold
spaces, so the rule's dashes give each column's span. Read as ``loss_<component>`` (training) and ``val_<score>`` at
the step. A loss is the sum over the updates since the row before (the first row, at step 0, holds one update's):
read as that sum over those updates, the mean loss an update, so the rows compare (the raw sums had made a falling
NER loss look diverged: 41 at step 0, 1,053 over the next 200 updates). The spaCy-2 ``Losses {'ner': ..}`` form is ``_progress_linefix``'s. Before, such a log was no run (a
newcomer breaker's NER and textcat tables).
"""
from __future__ import annotations

import re

from ._progress import Record

_HEADER = re.compile(rb"(?m)^E {2,}# {2,}LOSS \S[^\n]*\r?\n(-{2,}(?: {2}-+)+)[ \t]*\r?$")
MIN_ROWS = 2


def _spans(rule: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def _name(text: str) -> str:
    words = text.strip().lower().split()
    if words[:1] == ["loss"]:
        return "loss_" + "_".join(words[1:]) if len(words) > 1 else "loss"
    return "val_" + "_".join(words)


def spacy3_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every spaCy v3 training table in ``data`` (module docstring)."""
    if data.find(b"E    #") < 0:
        return []
    out: list[tuple[int, Record]] = []
    for m in _HEADER.finditer(data):
        header_start = m.start()
        header = bytes(data[header_start:m.start(1)]).decode("utf-8", "replace").rstrip("\r\n")
        spans = _spans(m.group(1).decode())
        if len(spans) < 3:
            continue
        starts = [a for a, _ in spans] + [None]
        names = [_name(header[starts[i]:starts[i + 1]]) for i in range(2, len(spans))]
        rows, at, previous = [], data.find(b"\n", m.end(1)) + 1, None
        while 0 < at < size:
            end = data.find(b"\n", at)
            end = size if end < 0 else end
            cells = bytes(data[at:end]).decode("utf-8", "replace").split()
            if len(cells) != len(spans) or not (cells[0].isdigit() and cells[1].isdigit()):
                break
            try:
                numbers = [float(c) for c in cells[2:]]
            except ValueError:
                break
            step = int(cells[1])
            updates = max(1, step - previous) if previous is not None else max(1, step)
            previous = step
            values = tuple((n, v / updates if n.startswith("loss") else v) for n, v in zip(names, numbers))
            rows.append((at, Record("spacy3", values, step=step, epoch=float(cells[0]), own_step=True)))
            at = end + 1
        if len(rows) >= MIN_ROWS:
            out += rows
    return out
