"""LibFewShot's trainer lines (for ``readers/_progress.py`` and ``readers/joblog.py``).

LibFewShot (RL-VIG/LibFewShot ``core/trainer.py``) logs each pass under a banner, ``============ Train on the train
set ============``, ``============ Validation on the val set ============`` or ``============ Testing on the test set
============``, then every ``log_interval`` episodes (and at the pass's last) a line of ``AverageMeter``s printed
``name value (average)``::

    Epoch-(0): [100/100]\\tTime 0.239 (0.261)\\tCalc 0.236 (0.253)\\tData 0.001 (0.005)\\tLoss 0.845 (1.109)\\tAcc@1 84.000 (68.933)

then `` * Acc@1 68.933 `` (after a validation or test pass `` * Acc@1 74.400 Best acc -inf``): the pass's average
accuracy again. The value before the brackets is the last batch's (public libfsaudio197: ``Loss 1.432 (1.039)``);
the bracketed running average over the pass is the series. ``Time``/``Calc``/``Data`` are clocks, no series.

``libfs(text)`` reads such a line as a ``libfs`` record (the averages, at the pass's epoch; the episode counter
gives the step within it). ``libfs_passes(hits, data)`` names each by the banner above it: a training pass's lines
stay training points; of a validation (test) pass only the last line is kept, its names ``val_`` (``test_``), at
the step of the training before (as ``_progress_meterpass`` does for ImageNet's ``Test:`` passes). The `` * Acc@1``
summary lines of a log holding ``libfs`` records repeat a pass's last average and are dropped (the one after a
training pass was read as ``val_Acc@1``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import NUMBER, Record

_LINE = re.compile(r"Epoch-\((\d+)\):\s*\[\s*(\d+)/(\d+)\]\s")
_PAIR = re.compile(r"([A-Za-z][\w@]*)\s+" + NUMBER + r"\s+\(\s*(" + NUMBER + r")\s*\)")
_CLOCKS = ("Time", "Calc", "Data")
_BANNER = re.compile(rb"=+ (Train|Validation|Testing|Test) on the (\w+) set =+")


def libfs(text: str) -> Record | None:
    """A LibFewShot meter line (module docstring) as a ``libfs`` record, or None."""
    m = _LINE.match(text)
    if m is None:
        return None
    pairs = tuple((k, float(avg)) for k, avg in _PAIR.findall(text, m.end()) if k not in _CLOCKS)
    if not pairs:
        return None
    epoch, batch, batches = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return Record("libfs", pairs, step=epoch * batches + batch, epoch=float(epoch), per_epoch=batches or None)


def _banner(data, offset: int) -> bytes | None:
    """The pass word (``Train``, ``Validation``, ``Testing``) of the last banner before ``offset``, or None."""
    start = data.rfind(b"============ ", 0, offset)
    if start < 0:
        return None
    m = _BANNER.match(bytes(data[start:start + 120]))
    return m.group(1) if m else None


def libfs_passes(hits: list, data) -> list:
    """``hits`` (``joblog._Hit``) with LibFewShot's passes named and reduced (module docstring)."""
    if data is None or not any(h.record.shape == "libfs" for h in hits):
        return hits
    out = []
    for i, h in enumerate(hits):
        r = h.record
        if r.shape == "meter" and r.step is None and all(t.startswith("val_Acc@") for t, _ in r.values):
            continue  # ' * Acc@1 68.933': the pass's last average again
        if r.shape != "libfs":
            out.append(h)
            continue
        word = _banner(data, h.offset)
        if word in (None, b"Train"):
            h.record = replace(r, shape="meter")
            out.append(h)
            continue
        nxt = hits[i + 1].record if i + 1 < len(hits) else None
        if nxt is not None and nxt.shape == "libfs" and _banner(data, hits[i + 1].offset) == word \
                and nxt.epoch == r.epoch and (nxt.step or 0) > (r.step or 0):
            continue  # not the pass's last line: a running average over part of the set
        prefix = "val_" if word == b"Validation" else "test_"
        h.record = replace(r, shape="libfs_eval", values=tuple((prefix + t, v) for t, v in r.values),
                           step=None, epoch=None, per_epoch=None, kind="eval")
        out.append(h)
    return out
