"""scikit-learn's SGD estimators printed with ``verbose`` (used by ``readers/joblog.py``).

``SGDClassifier(verbose=1)`` / ``SGDRegressor`` (sklearn/linear_model/_sgd_fast.pyx ``_plain_sgd``) print, for each
epoch::

    -- Epoch 1
    Norm: 154.98, NNZs: 20, Bias: 2.628374, T: 600, Avg. loss: 6.238871, Objective: 7.294976
    Total training time: 0.00 seconds.

(``Objective`` since scikit-learn 1.6). The ``Norm``/``NNZs``/``Bias``/``T`` values are the weights' norm, their
non-zero count, the intercept and the samples seen -- diagnostics, no curves -- and the line prints no step: the
epoch is the header's. A newcomer breaker's real output: the diagnostics were four series and the loss sat at the
line numbers beside warnings. Each such line is read as ``loss`` (the average loss, ``Avg. loss``) and ``objective``
at the epoch of the ``-- Epoch N`` line above it. A one-vs-rest classifier starts ``-- Epoch 1`` again for each class:
each binary problem is then a run of its own (the steps go back).
"""
from __future__ import annotations

import re
from dataclasses import replace

_EPOCH = re.compile(rb"(?m)^-- Epoch (\d+)\r?$")
_KEEP = {"Avg._loss": "loss", "Avg_loss": "loss", "Objective": "objective"}


def sgd_epochs(data, hits: list) -> list:
    """``hits`` with each SGD verbose line (module docstring) at its epoch, holding its loss and objective only."""
    if data.find(b"NNZs: ") < 0 or data.find(b"-- Epoch ") < 0:
        return hits
    heads = [(m.start(), int(m.group(1))) for m in _EPOCH.finditer(data)]
    out, i = [], -1
    for h in hits:
        while i + 1 < len(heads) and heads[i + 1][0] < h.offset:
            i += 1
        start = data.rfind(b"\n", 0, h.offset) + 1
        if i < 0 or not bytes(data[start:start + 6]) == b"Norm: " or data.find(b"NNZs: ", start, start + 80) < 0:
            out.append(h)
            continue
        values = tuple((_KEEP[k], v) for k, v in h.record.values if k in _KEEP)
        epoch = heads[i][1]
        record = replace(h.record, values=values, step=epoch, epoch=float(epoch), own_step=True, kind="train")
        out.append(replace(h, record=record, step=epoch))
    return out
