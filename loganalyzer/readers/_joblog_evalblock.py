"""An evaluation header line and the indented values printed under it (used by ``readers/joblog.py``).

A face-recognition training (ShuffleFaceNet/MobileFaceNet on CASIA-WebFace, LFW as its test set) prints per epoch
``Train Epoch: 5/70 ...`` / ``    total_loss: 15.9964 time: 10m 17s`` and, every few epochs, ``Test Epoch: 5 ...`` /
``    ave: 87.3500`` (the mean 10-fold LFW accuracy). The value under the test header holds no loss, so the reader's
loss scan never met it: the test metric was dropped. Each ``name: value`` line indented under a ``Test``/``Val``/
``Validation``/``Eval`` epoch header (up to the next line that is not one) is the series ``test_<name>`` (``val_``
for the others), at the header's epoch (``_joblog_headers.header_steps`` reads ``Test Epoch: 5 ...`` as the epoch 5
header), or at the training step before it where the training lines print their own steps.

A header naming no epoch is one too when it is a line of its own saying an evaluation starts: ``Start testing`` then
``    Accuracy: 79.93`` / ``    Mean IU: 22.43`` (an FCN-on-VOC script after each epoch's MNIST-style lines, public
fcnvoc96: the segmentation scores were dropped), ``Testing...``, ``Evaluating``, ``Running validation:``; its values
are at the training step before it.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

_HEADER = re.compile(r"[ \t]*(Test|Testing|Val|Valid|Validation|Eval|Evaluation)\s+Epoch\s*[:#]?\s*\d+"
                     r"(?:\s*/\s*\d+)?[\s.:\-=*]*")
_NEEDLES = (b"est Epoch", b"al Epoch", b"ion Epoch", b"id Epoch",  # Test/Val/Eval/Validation/Evaluation/Valid
            b"esting", b"ESTING", b"valuating", b"alidating", b"tart test", b"tart valid", b"tart eval")
_PLAIN = re.compile(r"[ \t]*(?:(?:start|starting|begin|beginning|running|run)\s+)?"
                    r"(testing|test|evaluating|evaluation|eval|validating|validation|valid|val)"
                    r"(?:\s+(?:on|of)\s+(?:the\s+)?[\w-]+(?:\s+(?:set|split|data))?)?[\s.:\-=*]*", re.IGNORECASE)
_VALUE = re.compile(r"[ \t]+([A-Za-z][\w ]*?)\s*:\s*(" + NUMBER + r")\s*")
_SETTING = re.compile(r"size|num|number|classes|count|epochs|workers|seed|samples|images|steps|lr\b", re.IGNORECASE)
_PARTS = {"test": "test", "testing": "test"}  # (any other evaluation word: "val")
_MAX_HEADERS = 100_000
_MAX_LINES = 16  # value lines read under one header


def _headers(data, size: int) -> list[tuple[int, int]]:
    """(start, end) of the lines holding a needle, in file order, each once."""
    lines = set()
    for needle in _NEEDLES:
        pos = 0
        while len(lines) < _MAX_HEADERS and (p := data.find(needle, pos)) >= 0:
            start = data.rfind(b"\n", 0, p) + 1
            end = data.find(b"\n", p)
            end = size if end < 0 else end
            lines.add((start, end))
            pos = end + 1
    return sorted(lines)


def eval_block_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every indented value line under an evaluation epoch header (module docstring)."""
    out: list[tuple[int, Record]] = []
    for start, end in _headers(data, size):
        text = bytes(data[start:end]).rstrip(b"\r").decode("utf-8", "replace")
        m = _HEADER.fullmatch(text) or _PLAIN.fullmatch(text)
        if m is None:
            continue
        part = _PARTS.get(m.group(1).lower(), "val")
        at = end + 1
        for _ in range(_MAX_LINES):
            end = data.find(b"\n", at)
            if end < 0:
                break
            line = bytes(data[at:end]).rstrip(b"\r")
            if b"oss" in line:
                break  # a loss line: the loss scan reads it
            v = _VALUE.fullmatch(line.decode("utf-8", "replace"))
            if v is None:
                break
            value = to_float(v.group(2))
            if value is not None and not _SETTING.search(v.group(1)):  # ('Batch size: 32': a setting)
                tag = f"{part}_" + re.sub(r"\s+", "_", v.group(1).strip())
                out.append((at, Record("evalblock", ((tag, value),), kind="eval")))
            at = end + 1
    return out
