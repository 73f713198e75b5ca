"""torchvision references' ``MetricLogger`` lines, and the tqdm bars printed beside them (used by
``readers/_progress.py`` and ``readers/joblog.py``).

``references/detection/utils.py`` (and classification/segmentation/video) print, every ``print_freq`` batches,
``Epoch: [0]  [   10/19545]  eta: 4:58:47  lr: 0.000060  loss: 5.8837 (5.9292)  loss_classifier: 4.4073 (4.4072)
loss_box_reg: ...  time: 0.9177  data: 0.0664  max mem: 10131`` -- each meter ``name: <window median> (<global
average>)``, the learning rate ``lr: <value>``. The ImageNet ``ProgressMeter`` shape (``Loss 2.3 (2.1)``, no colon)
read none of it: the detection components (``loss_classifier``, ``loss_box_reg``, ``loss_mask``, ``loss_objectness``,
``loss_rpn_box_reg``) were lost (public HSFLJH/bupt_summer ``train_*.log``, its MetricLogger line glued after a tqdm
bar). ``metric_logger(text, m)`` reads the pairs: the median is the value (the global average for ``Test:``
lines, as the ProgressMeter's); timings, ETA and memory are no series.

A script drawing its own tqdm bar (``loss=..., lr=...`` postfix) around the reference's ``train_one_epoch`` prints
``loss``/``lr`` twice: the bar's value at the bar's counter, the MetricLogger's window median at its batch index.
``bar_duplicates(hits)`` keeps the bar's (every batch) and the MetricLogger's other series (the components).

A bar whose counter is garbled (``0%|      sum_hansf/19545 [00:13<3:07:23, 1.74it/s, loss=5.2010]``: bytes of
another write over the counter) is no point: ``garbled_bar(text)``; its step, read as the epoch ``0`` of
``Epoch: [0]``, had sent the run back to step 0 (a false restart) and made a series ``sum_hansf/19545``.
"""
from __future__ import annotations

import re

from ._progress import Record

_PAIR = re.compile(r"(?<![\w@/])([A-Za-z][\w@/]*(?: mem)?):\s+([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))"
                   r"(?:\s+\(\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))\s*\))?(?![\w.])")
_SKIPPED = frozenset({"eta", "time", "data", "max mem", "mem", "img/s", "max_mem"})
_GARBLED = re.compile(r"\d{1,3}%\|[^|\[\n]{0,200}?[|\s](?![\d?]+/)[^\s\[|]*[A-Za-z_][^\s\[|]*/(?:\d+|\?)\s*"
                      r"\[[^\]\n]*(?:it/s|s/it|\?)")


def metric_logger(text: str, m: re.Match):
    """The record of a MetricLogger line whose ``Epoch: [e]  [i/N]`` / ``Test: [i/N]`` head is ``m`` (``_progress
    ._METER``; module docstring), or None when it holds no value."""
    evaluating = bool(m.group(4))
    values = []
    for key, value, avg in _PAIR.findall(text, m.end()):
        low = key.lower()
        if low in _SKIPPED or low.endswith("time"):
            continue
        values.append((key, float(avg) if evaluating and avg else float(value)))
    if not values:
        return None
    if evaluating:
        return Record("metriclogger", tuple(("val_" + k, v) for k, v in values), kind="eval")
    epoch, batch, batches = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return Record("metriclogger", tuple(values), step=epoch * batches + batch, epoch=float(epoch))


GARBLED = Record("garbled", (), kind="cont")  # a garbled bar's record: no point, said once per log (``bar_duplicates``)


def garbled_bar(text: str) -> bool:
    """Whether ``text`` is a tqdm bar whose ``n/total`` counter is not a number (module docstring)."""
    return "%|" in text and _GARBLED.search(text) is not None


def bar_duplicates(hits: list, data=None, notes: list | None = None) -> list:
    """``hits`` with the MetricLogger lines' series that tqdm bars of the same log print left out of them, and
    without garbled bars (one note in ``notes`` says how many and where the first is)."""
    garbled = [h for h in hits if h.record.shape == "garbled"]
    if garbled:
        hits = [h for h in hits if h.record.shape != "garbled"]
        if notes is not None and data is not None:
            from ._joblog_ending import _count_lines
            line = _count_lines(data, 0, garbled[0].offset) + 1
            notes.append(f"{len(garbled):,} tqdm bar redraw(s) with a garbled n/total counter (first at line {line:,}) "
                         "read as no point")
    if not any(h.record.shape == "metriclogger" for h in hits) or not any(h.record.shape == "tqdm" for h in hits):
        return hits
    from dataclasses import replace
    barred = {t for h in hits if h.record.shape == "tqdm" for t, _ in h.record.values}
    for h in hits:
        if h.record.shape == "metriclogger" and h.record.kind == "train" and any(t in barred for t, _ in h.record.values):
            h.record = replace(h.record, values=tuple((t, v) for t, v in h.record.values if t not in barred))
    return hits
