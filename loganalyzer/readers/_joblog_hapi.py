"""PaddlePaddle hapi ``Model.fit`` evaluation blocks (used by ``readers/joblog.py``).

``paddle.Model.fit(train_data, eval_data, ...)`` prints through its ``ProgBarLogger`` callback
(``python/paddle/hapi/callbacks.py``, bars by ``python/paddle/hapi/progressbar.py``, PaddlePaddle/Paddle 2.x):
``Epoch 3/10``, then every ``log_freq`` training batches ``step  10/614 - loss: 0.1637 - acc: 0.5273 - 3s/step``
(verbose=2; verbose=1 draws ``step 51/51 [=====] - loss: ...`` bars), then for the evaluation pass ``Eval begin...``,
its own ``step 10/88 - loss: ... - acc: ...`` lines counted from 1 again, and ``Eval samples: 11219``. The
evaluation lines print the very words of the training's, so the reader took them as training points: the
public chexnet log (AI Studio CheXNet on PaddlePaddle) kept 90 evaluation batches in its training ``loss``, each
overwriting a training point at the same step, and the line right under ``Eval begin...`` (an evaluation header
for ``_joblog_phaseline``) was the epoch's ``val_loss``: its first batch.

hapi's metrics are running means over the pass (``Metric.accumulate``) and ``Model.evaluate`` returns the pass's
last logs, so the block's LAST line is what hapi itself reports for that evaluation (its ``loss`` is the last
batch's, as hapi's own result and its ``EarlyStopping``/``ModelCheckpoint`` monitors take it). Read here: every
progress line between an ``Eval begin...`` line and the end of its block (``Eval samples: N``, the next
``Epoch N/M`` or ``Eval begin...`` line, or the end of the file) belongs to the evaluation; only the last is kept,
its names given ``val_`` (names already holding a split word are kept), at the step of the last training line
before the block (the epoch's end: one validation point per epoch, as Keras eval bars are placed). A block
before any training line (``Model.evaluate`` alone) keeps its own step.
"""
from __future__ import annotations

import re
from dataclasses import replace

_HEADER = re.compile(rb"^[ \t]*Eval begin\.\.\.[ \t]*\r?$", re.MULTILINE)
_END = re.compile(rb"^[ \t]*(?:Eval samples: *\d+|Eval begin\.\.\.|Predict begin\.\.\.|Epoch \d+/\d+)[ \t]*\r?$",
                  re.MULTILINE)
_SPLIT = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test|dev)(?:_|$)", re.IGNORECASE)


def _blocks(data) -> list[tuple[int, int]]:
    """(first byte after the header line, end) of every ``Eval begin...`` block, in file order."""
    out = []
    for m in _HEADER.finditer(data):
        start = m.end()
        end = _END.search(data, start)
        out.append((start, end.start() if end is not None else len(data)))
    return out


def hapi_evals(data, hits: list) -> list:
    """``hits`` (``_Hit`` of ``joblog``, file order) with each hapi evaluation block made one validation point
    (module docstring). Unchanged when the log has no ``Eval begin...`` line."""
    if not hits or data.find(b"Eval begin...") < 0:  # (``find``: ``in`` walks an mmap byte by byte)
        return hits
    blocks = _blocks(bytes(data))
    if not blocks:
        return hits
    out: list = []
    b, last_train = 0, None
    pending = None  # the last hit of the block being read
    for hit in hits:
        while b < len(blocks) and hit.offset >= blocks[b][1]:
            if pending is not None:
                out.append(_as_eval(pending, last_train))
                pending = None
            b += 1
        if b < len(blocks) and blocks[b][0] <= hit.offset < blocks[b][1]:
            pending = hit
            continue
        out.append(hit)
        if hit.record.kind == "train" and hit.record.step is not None:
            last_train = hit
    if pending is not None:
        out.append(_as_eval(pending, last_train))
    return out


def _as_eval(hit, last_train):
    """The block's last line as the evaluation's point at the last training line's step."""
    record = hit.record
    values = tuple((name if _SPLIT.search(str(name)) else f"val_{name}", value) for name, value in record.values)
    if last_train is None:
        return replace(hit, record=replace(record, values=values, kind="eval"))
    at = last_train.record
    return replace(hit, record=replace(record, values=values, kind="eval", step=at.step, epoch=at.epoch,
                                       total=at.total, own_step=at.own_step, per_epoch=at.per_epoch),
                   step=last_train.step)
