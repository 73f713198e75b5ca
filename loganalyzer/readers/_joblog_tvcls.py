"""torchvision's classification reference's evaluations (``references/classification/train.py``), for ``joblog``.

``evaluate(model, criterion, data_loader, device, print_freq, log_suffix="")`` prints, with ``header = f"Test:
{log_suffix}"``, MetricLogger lines over the pass (``Test:   [ 0/8]  eta: ..  loss: 0.90 (0.90)  acc1: 71.09 (71.09)
..``: each meter's window median, then its global average so far), ``Test:  Total time: ..`` and the pass's result::

    Test:  Acc@1 94.336 Acc@5 100.000

With ``--model-ema`` every epoch evaluates the EMA weights too, ``log_suffix="EMA"``: the same block under ``Test: EMA``.

Read here: each result line as one validation record, ``val_acc1``/``val_acc5`` and ``val_loss`` (the global average of
the last MetricLogger line of its pass: the pass's mean loss), at the training step before it; under another header
the names hold the suffix (``val_ema_acc1``, ``val_ema_loss``): the EMA weights' own series. The pass's MetricLogger
lines give no other point. Before, the model's ``Test:`` lines were claimed as timm's partial running means, the
EMA's were read as ``Test_loss``/``Test_acc1`` with a junk ``Test_EMA`` = 0 (the ``EMA`` word read as a key) and
overwrote nothing but were the only validation: the model's accuracy was lost (a newcomer breaker's log).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

NEEDLE = b" Acc@1 "
_RESULT = re.compile(r"^Test:\s*(\w*)\s+Acc@1 (" + NUMBER + r") Acc@5 (" + NUMBER + r")\s*$")
_PASS = re.compile(r"^Test:\s*(\w*)\s+\[\s*\d+/\d+\]\s")
_LOSS = re.compile(r"\bloss:\s+" + NUMBER + r"\s+\(\s*(" + NUMBER + r")\s*\)")


def _line(data, start: int) -> str:
    end = data.find(b"\n", start)
    return clean(bytes(data[start:end if end >= 0 else len(data)]).rstrip(b"\r"))[0]


def tv_evals(data, hits: list, make) -> list:
    """``hits`` with each torchvision classification result line as a validation record (``make(offset, record)``)
    and its pass's MetricLogger lines dropped (module docstring); ``hits`` as given in a log holding none."""
    if data.find(NEEDLE) < 0 or not hits:
        return hits
    found, pos = [], 0
    while (p := data.find(NEEDLE, pos)) >= 0:
        pos = p + len(NEEDLE)
        start = data.rfind(b"\n", 0, p) + 1
        m = _RESULT.match(_line(data, start))
        if m is not None:
            found.append((start, m))
    if not found:
        return hits
    passes = {}  # offset of a hit on a 'Test: <suffix> [i/N]' line -> its suffix
    for h in hits:
        if h.record.kind == "eval" or h.record.shape == "kv":
            m = _PASS.match(_line(data, h.offset))
            if m is not None:
                passes[h.offset] = m.group(1)
    out = [h for h in hits if h.offset not in passes]
    lo = 0
    for start, m in found:
        suffix = m.group(1)
        name = "val_" + (suffix.lower() + "_" if suffix else "")
        values = [(name + "acc1", to_float(m.group(2))), (name + "acc5", to_float(m.group(3)))]
        loss = _pass_loss(data, lo, start, suffix)
        if loss is not None:
            values.insert(0, (name + "loss", loss))
        out.append(make(start, Record("tvcls", tuple((k, v) for k, v in values if v is not None), kind="eval")))
        lo = start
    return sorted(out, key=lambda h: h.offset)


def _pass_loss(data, lo: int, hi: int, suffix: str) -> float | None:
    """The global-average loss of the last ``Test: <suffix> [i/N]`` line between ``lo`` and ``hi``."""
    block = bytes(data[lo:hi]).decode("utf-8", "replace")
    loss = None
    for raw in block.splitlines():
        text = clean(raw.encode())[0]
        m = _PASS.match(text)
        if m is not None and m.group(1) == suffix and (v := _LOSS.search(text, m.end())) is not None:
            loss = to_float(v.group(1))
    return loss
