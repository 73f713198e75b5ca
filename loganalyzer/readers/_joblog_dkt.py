"""A split's score printed alone after each epoch's loss lines, with no loss word: DKT's ``Test AUC: 0.81``, for
``joblog``.

Deep Knowledge Tracing scripts (chsong513/DeepKnowledgeTracing-DKT-Pytorch and its ports) print per epoch::

    Start Training: Epoch 3
    Training steps: 60 Loss: 0.41234
    ...
    Test AUC: 0.8123

(``print('Test AUC: {}'.format(auc))`` after the epoch's training loop). The scan finds lines by their loss word,
so only ``Loss`` was read: the run's only held-out curve was lost (a stop-61 reader helper's DKT output). Read here,
where lines with a loss were found: each ``<Split> <METRIC>: <number>`` line alone (split test/valid/val/dev/eval,
metric AUC/ACC/accuracy/F1/RMSE/MAE) a validation record ``<split>_<metric>`` (lower case) at the step of the
training line before it; none before it: not read. A name printed once (a final test after the training,
public thgnn80's ``  Test AUC : 0.6472``) is no series here.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_LINE = re.compile(rb"(?mi)^[ \t]*(test|valid|validation|val|dev|eval)[ \t]+(auc|acc|accuracy|f1|rmse|mae)[ \t]*:[ \t]*("
                   + NUMBER.encode() + rb")[ \t]*\r?$")


def split_scores(data, hits: list, make) -> list:
    """``hits`` with those lines as validation records (``make(offset, record)``)."""
    if not hits or not any(h.record.kind == "train" for h in hits):
        return hits
    head = bytes(data[:1 << 22])
    found = list(_LINE.finditer(head))
    names = [(m.group(1).lower(), m.group(2).lower()) for m in found]
    found = [m for m, n in zip(found, names) if names.count(n) >= 2]  # after each epoch: a final test's line is not
    if not found:
        return hits
    taken = {h.offset for h in hits}
    trained = sorted((h.offset, h.record.step) for h in hits if h.record.kind == "train" and h.record.step is not None)
    out = list(hits)
    for m in found:
        if m.start() in taken:
            continue
        before = [s for o, s in trained if o < m.start()]
        if not before:
            continue
        name = f"{m.group(1).decode().lower()}_{m.group(2).decode().lower()}"
        out.append(make(m.start(), Record("dkt", ((name, float(m.group(3))),), step=before[-1], kind="eval",
                                          own_step=True)))
    return sorted(out, key=lambda h: h.offset)
