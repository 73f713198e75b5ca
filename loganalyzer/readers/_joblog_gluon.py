"""MXNet / GluonCV training logs (used by ``readers/joblog.py``): what ``mx.callback.Speedometer`` and the GluonCV
training scripts print, read whole (like ``_joblog_pointnet``) when a file holds such lines::

    INFO:root:Epoch[0] Batch [350]	Speed: 695.97 samples/sec	Train-accuracy=0.471719     (Module / FeedForward)
    INFO:root:Epoch[0] Train-accuracy=0.52                                                (the epoch's training value)
    INFO:root:Epoch[0] Time cost=72.598
    INFO:root:Epoch[0] Validation-accuracy=0.502670
    Epoch[0] Batch [499]	Speed: 1826.49 samples/sec	loss=0.001134	lr=0.001	heatmap_accuracy=0.130  (Gluon)
    Epoch[0]		Speed: 1552 samples/sec over 96 secs	loss=0.001106
    [Epoch 0] training: accuracy=0.735806
    [Epoch 0] speed: 1789 samples/sec	time cost: 717.1
    [Epoch 0] validation: err-top1=0.949418 err-top5=0.852539                  (or acc-top1=, acc-top5=)
    [Epoch 0][Batch 99], LR: 1.28E-04, Speed: 108.251 samples/sec, ObjLoss=415.712, BoxCenterLoss=7.332, ...
    [Epoch 0][Batch 50], Speed: 6.896 samples/sec, CrossEntropy=8.60e-01, SmoothL1=3.74e-03, val_AP=0.168  (SSD)
    [Epoch 0] Training cost: 602.907, ObjLoss=170.200, BoxCenterLoss=6.865, ...
    [Epoch 0] Validation:
    aeroplane=0.0914
    ...
    mAP=0.0763

Steps: ``epoch x batches-per-epoch + batch``, the batches per epoch learnt from the log: the largest batch index
printed in it, plus one (a lower bound: batches after an epoch's last print are not seen; the step only needs to
grow). An epoch's closing lines (its training summary, validation) sit at ``(epoch + 1) x batches-per-epoch``, the
epoch's end. A log with no batch line (only epoch lines) steps by epoch.

Names: the batch lines' names as printed (``accuracy``, ``loss``, ``lr``, ``ObjLoss``, ``CrossEntropy``...;
``LR: 1.28E-04`` is ``lr``; MXNet's ``Train-`` prefix -> ``train_``); an epoch's training summary (``training:``,
``Training cost: ..., ObjLoss=``, ``Epoch[0]<tab><tab>Speed ... loss=``, ``Epoch[0] Train-accuracy=``) is
``<name>_epoch`` (the epoch's mean, beside the running per-batch values), validation values ``val_<name>``
(``Validation-accuracy`` -> ``val_accuracy``, ``err-top1`` -> ``val_err_top1``). Of a detector's multi-line
``Validation:`` block only ``mAP`` is read (``val_mAP``): the per-class APs (one VOC class is named ``train``) are
left out on purpose. ``Speed``, ``samples/sec``, ``over 96 secs``, ``Time cost``, ``Training cost`` and ``time cost``
are throughput and seconds: never series. A resumed job (MXNet's ``retrain=True, model_load_epoch=98``: the epochs
start again at 98) goes back in step: the reader's resumed-session rule (``joblog._rows``) continues the one curve.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import _LEVEL, NUMBER, Record, clean, to_float
from ._progress_logsource import without_source
from ._progress_text import _SOURCE_PREFIX

_MAX_SIZE = 1 << 28
# a file is read this way only when it holds MXNet's/Gluon's own lines (a batch line, or Module's 'Train-'/
# 'Validation-' epoch lines): a '[Epoch 3] validation: ...' line alone is too common a shape to claim the whole file
_SNIFF = re.compile(rb"Epoch\[\d+\] (?:Batch \[|Train-|Validation-)|\[Epoch \d+\]\[Batch \d+\]")
_BATCH = re.compile(r"^(?:Epoch\[(\d+)\] Batch \[\s*(\d+)\]|\[Epoch (\d+)\]\[Batch (\d+)\],?)\s")
_EPOCH = re.compile(r"^(?:Epoch\[(\d+)\]|\[Epoch (\d+)\])\s*")
_PAIR = re.compile(r"([A-Za-z][\w./-]*)\s*(?:=|:\s)\s*(" + NUMBER + r")(?![\w.])")
_SKIP = frozenset({"speed", "time cost", "training cost", "samples/sec"})
_BLOCK_LINE = re.compile(r"^([A-Za-z][\w .()/-]*)=(" + NUMBER + r")\s*$")


def _name(key: str) -> str:
    key = key.strip()
    if key.startswith("Train-"):
        return "train_" + key[6:]
    return re.sub(r"[-\s]+", "_", "lr" if key == "LR" else key)


def _pairs(text: str) -> list[tuple[str, float]]:
    out = []
    for key, raw in _PAIR.findall(text):
        value = to_float(raw)
        if value is None or key.lower() in _SKIP or key.lower().endswith(("cost", "speed")):
            continue
        out.append((key, value))
    return out


def _lines(data, start: int):
    """(offset, cleaned text, rank) of each line from ``start`` on, a logging source location before the message
    dropped (``train_net.py[line:177] - INFO: [Epoch 0][Batch 50], ...``: the whole log was 0 rows)."""
    at = start
    for raw in bytes(data[start:]).split(b"\n"):
        here, at = at, at + len(raw) + 1
        text, rank, _ = clean(raw)
        if "[line:" in text:
            text = _SOURCE_PREFIX.sub("", text, count=1)
        if ".py" in text[:400]:  # 'train_net.py:177 - INFO - [Epoch 0]...': the level after it too
            text = without_source(text)
            if (m := _LEVEL.match(text)) is not None and m.end():
                text = text[m.end():]
        yield here, text, rank


def gluon_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every progress line of an MXNet/GluonCV log, or None when ``data`` is no such log."""
    if size > _MAX_SIZE:
        return None
    first = _SNIFF.search(data)
    if first is None:
        return None
    start = data.rfind(b"\n", 0, first.start()) + 1
    parsed = []  # (offset, kind, epoch, batch, values, rank)
    per = 0
    block = None  # (epoch, rank) of an open 'Validation:' block
    for offset, text, rank in _lines(data, start):
        if block is not None:
            m = _BLOCK_LINE.match(text)
            if m is not None:
                if m.group(1) == "mAP" and (value := to_float(m.group(2))) is not None:
                    parsed.append((offset, "eval", block[0], None, [("val_mAP", value)], block[1]))
                continue
            block = None
        m = _BATCH.match(text)
        if m is not None:
            epoch, batch = int(m.group(1) or m.group(3)), int(m.group(2) or m.group(4))
            values = [(_name(k), v) for k, v in _pairs(text[m.end():])]
            if values:
                per = max(per, batch + 1)
                parsed.append((offset, "train", epoch, batch, values, rank))
            continue
        m = _EPOCH.match(text)
        if m is None:
            continue
        epoch, rest = int(m.group(1) or m.group(2)), text[m.end():]
        if rest.rstrip() == "Validation:":
            block = (epoch, rank)
            continue
        low = rest.lower()
        if low.startswith("validation"):  # 'Validation-accuracy=0.50', 'validation: err-top1=0.94 ...'
            body = rest[len("validation"):].lstrip(":- \t")
            if rest.startswith("Validation-"):
                body = rest[len("Validation-"):]
            values = [("val_" + _name(k), v) for k, v in _pairs(body)]
            if values:
                parsed.append((offset, "eval", epoch, None, values, rank))
            continue
        if low.startswith(("training:", "training cost", "train-")) or low.startswith("speed") and " over " in low:
            body = rest.split(":", 1)[1] if low.startswith("training:") else rest
            values = [(_name(k) + "_epoch", v) for k, v in _pairs(body)]
            if values:
                parsed.append((offset, "summary", epoch, None, values, rank))
    if not parsed:
        return None
    per = per or 1
    out = []
    for offset, kind, epoch, batch, values, rank in parsed:
        step = epoch * per + batch if batch is not None else (epoch + 1) * per if per > 1 else epoch
        out.append((offset, Record("gluon", tuple(values), step=step, epoch=float(epoch),
                                   kind="eval" if kind == "eval" else "train", rank=rank, own_step=True)))
    return out


# GluonCV's CIFAR scripts (train_cifar10.py / train_mixup_cifar10.py): ``logger.info('[Epoch %d] train=%f val=%f
# loss=%f time: %f' % (epoch, acc, val_acc, train_loss, ...))``: ``train``/``val`` are the epoch's training and
# validation accuracies (``train_metric``/``test`` accuracy), named so only on such a line with both in [0, 1]
_CIFAR = re.compile(r"^\[Epoch \d+\] train=\S+ val=\S+ loss=")
_CIFAR_NAMES = {"train": "train_accuracy", "val": "val_accuracy"}


def cifar_accuracies(record: Record | None, text: str) -> Record | None:
    """``record`` with GluonCV CIFAR's ``train``/``val`` accuracies named as accuracies (see ``_CIFAR``)."""
    if record is None or not _CIFAR.match(text):
        return record
    pairs = dict(record.values)
    if not all(k in pairs and 0.0 <= pairs[k] <= 1.0 for k in _CIFAR_NAMES):
        return record
    return replace(record, values=tuple((_CIFAR_NAMES.get(k, k), v) for k, v in record.values))
