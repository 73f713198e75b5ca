"""Per-batch ``Train Epoch N: i/M Loss: x`` lines beside the trainer's ``Train Epoch N: averaged Loss: x`` summary (for
``readers/joblog.py``).

AGCRN's ``BasicTrainer`` (LeiBAI/AGCRN ``model/BasicTrainer.py``, copied by many traffic-forecasting repositories)
logs every ``log_step`` batches ``'Train Epoch {}: {}/{} Loss: {:.6f}'`` (the batch's loss), then the epoch's
``'**********Train Epoch {}: averaged Loss: {:.6f}, tf_ratio: {:.6f}'`` and ``'**********Val Epoch {}: average
Loss: {:.6f}'``::

    2022-01-04 05:53: Train Epoch 51: 160/167 Loss: 15.626955
    2022-01-04 05:54: **********Train Epoch 51: averaged Loss: 17.583133, tf_ratio: 1.000000
    2022-01-04 05:54: **********Val Epoch 51: average Loss: 17.223683

(public agcrn-jccc220 / agcrn-joris220 ``run.log``: the batch lines were averaged into a series ``Loss`` at each
epoch's step, judged as the training loss beside the epoch's own ``averaged_Loss``: two training curves of one
quantity). Where a log prints such averaged summaries for a phase, that phase's batch lines are dropped: the
summaries are its curve (as ``_joblog_passes`` does for Demucs and PaddleVideo), also those of an epoch cut before
its summary (agcrn-jccc220 ``20211202134939``: three batch lines of epoch 25 made a series ``Loss`` of 3 points at
one step).
"""
from __future__ import annotations

import re

from ._joblog_passes import hit_line

_SUMMARY = re.compile(rb"\b([A-Z][a-z]+) Epoch \d+: average[d]? [A-Za-z]")
_BATCH = re.compile(rb"\b([A-Z][a-z]+) Epoch \d+: \d+/\d+ [A-Za-z_ ]+: ")


def averaged_epochs(data, hits: list) -> list:
    """``hits`` without the batch lines of a phase whose averaged epoch summaries the log prints (module
    docstring)."""
    if data.find(b" Epoch ") < 0 or (data.find(b": averaged ") < 0 and data.find(b": average ") < 0):
        return hits
    summarised = {m.group(1) for m in _SUMMARY.finditer(data)}
    if not summarised:
        return hits
    out = []
    for h in hits:
        m = _BATCH.search(hit_line(data, h.offset))
        if m is not None and m.group(1) in summarised:
            continue
        out.append(h)
    return out
