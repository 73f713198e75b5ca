"""Epoch lines whose objective is a squared distance named ``D^2`` (used by ``readers/joblog.py`` when no line names
a loss).

An OT-GAN trained on the energy distance (public otgan74 ``run_energy8.log``, config ``loss: energy_distance``)
prints per epoch::

    epoch   1 | D^2=+0.0242 | cross=0.8874 rr=0.2090 ff=0.2226 | 1605.1s | FID=279.58 KIDx1e3=377.63 IS=1.99

the squared distance between real and generated batches (``D^2``, the generator's objective), its cross/real-real/
fake-fake terms, the epoch's time and, every few epochs, the sample scores. No line holds the word ``loss``, so the
file was found but nothing read. A value named by a distance's symbol squared (``D^2``, ``MMD^2``, ``ED^2``,
``W^2``; never ``R^2``, a regression score) on a line that starts with its epoch counter is read as the loss (the other values keep their names; the line is read as the
``kv`` shape reads it). At least ``MIN_LINES`` such lines, or nothing is read. One note says what was read as the
loss. ``D^2`` is also sklearn's D^2 score (``d2_pinball_score``, ``d2_absolute_error_score``: higher is better), printed
as ``epoch   3 | D^2=+0.3100 | MAE=0.4100 | RMSE=0.6100 | 3.1s`` by a quantile regression: the lines are read only
in a distance-trained generative model's log (a word of one in the file: ``FID``, ``KID``, ``MMD``, ``GAN``,
``generator``/``discriminator``, ``D_loss``/``G_loss``, ``energy``, ``Wasserstein``, ``Sinkhorn``, ``OT``), or when the
value falls over the run and no regression score (``MAE``, ``RMSE``, ``MSE``, ``R^2``, ``pinball``) sits beside it.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, parse

MIN_LINES = 2
_NEEDLE = b"^2"
_SQUARED = re.compile(rb"(?<![\w^])(D|MMD|ED|W)\^2(\s*[:=]\s*" + NUMBER.encode() + rb")")
_EPOCH_FIRST = re.compile(rb"\s*epoch\b", re.IGNORECASE)
_CONTEXT = re.compile(rb"(?i)\b(?:FID|KID|MMD|[DG]_loss|loss_[DG]|(?:OT|W|WGAN|DC|Style)?-?GAN|generator|"
                      rb"discriminator|energy|wasserstein|sinkhorn|OT)\b")
_SCORES = re.compile(rb"(?i)\b(?:MAE|RMSE|MSE|R\^?2|pinball)\b")
NOTE = ("no line names a loss; the epoch lines' squared distance ('D^2', the objective a distance-trained GAN "
        "minimises) is read as the loss")


def squared_distance_line(segment):
    """The record of one ``epoch N | D^2=x | ...`` line (module docstring), or None."""
    segment = bytes(segment)
    if _EPOCH_FIRST.match(segment) is None or len(_SQUARED.findall(segment)) != 1:
        return None
    record = parse(_SQUARED.sub(rb"loss\2", segment))
    if record is None or record.kind != "train" or record.epoch is None:
        return None
    return record


def squared_distance_only(data, size: int, notes: list) -> list:
    """The hits of a log of ``D^2``-named epoch lines (in file order), or [] when fewer than ``MIN_LINES``; ``notes``
    gets ``NOTE`` when they are read. (The job-log reader's needle search skips lines holding ``oss``: the terms'
    ``cross`` is such a word.)"""
    from ._joblog_scan import _Hit, _segment_bounds
    hits, pos = [], 0
    while (p := data.find(_NEEDLE, pos)) >= 0:
        start, end, transient = _segment_bounds(data, p, size)
        pos = end + 1
        if not transient:
            record = squared_distance_line(data[start:end])
            if record is not None:
                hits.append(_Hit(start, record, False))
    if len(hits) < MIN_LINES:
        return []
    if _CONTEXT.search(data) is None:  # no generative model's word: sklearn's D^2 score unless it falls
        losses = [v for h in hits for k, v in h.record.values if k == "loss"]
        if not losses or losses[-1] >= losses[0] \
                or any(_SCORES.search(bytes(data[h.offset:h.offset + 400]).split(b"\n")[0]) for h in hits):
            return []
    notes.append(NOTE)
    return hits
