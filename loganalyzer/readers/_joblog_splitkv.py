"""An evaluation's line that names its split before the training lines' counter and holds no loss (``joblog``).

A GAN steganography script (public mtgan logs) logs per epoch::

    2025-02-24 18:18:06,639 - INFO - Epoch [1/20], Loss_D: 0.9577, Loss_G: 11.1170, StegAcc: 0.7864, ...
    2025-02-24 18:18:35,401 - INFO - Validation Epoch [1/20], PSNR: 32.4023, SSIM: 0.9922, ..., Steganalysis Accuracy: 0.6000

The reader's loss scan meets only the first line: the validation's PSNR, SSIM and accuracy were dropped without a
word. Here, once ``key: value`` training lines (shape ``kv``) start with a counter word (``Epoch``, ``Iter``,
``Step``), every line that starts with a split word and that counter word (``Validation Epoch``, ``Val Epoch``,
``Test Epoch``, ``Eval Step``) is read the same way (``_progress._kv``, no loss needed) at its own counter, its names
prefixed with the split (``val_PSNR``, ``test_acc``), as a training line's ``Validation loss:`` would be. A line
already read by another shape is left to it.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace

from ._linestart import line_start
from ._progress import EPOCH_KEYS, STEP_KEYS, _kv, clean, rewrite

_SPLITS = {"validation": "val", "validating": "val", "valid": "val", "val": "val", "evaluation": "val",
           "eval": "val", "dev": "val", "test": "test", "testing": "test"}
# (the split may be bracketed: '[Valid] epoch:1, MSE: 0.36' under '[Train] epoch:1, lr: .., total: ..', public pinntft)
_HEAD = re.compile(r"(?i)\[?(validation|validating|valid|val|evaluation|eval|dev|test|testing)\]?[ _-]+([A-Za-z]+)\b")
_COUNTER = re.compile(r"(?:\[\w+\]\s*)?([A-Za-z]+)\b")
_MAX_LINES = 100_000
_LOOKED = 64  # kv hits looked at for the counter word


def _counter_words(data, hits) -> set[str]:
    """The counter words (``Epoch``) the read ``kv`` lines start with, as printed."""
    words = set()
    for hit in [h for h in hits if h.record.shape == "kv"][:_LOOKED]:
        start = line_start(data, hit.offset)
        end = data.find(b"\n", hit.offset)
        text = rewrite(clean(bytes(data[start:end if end >= 0 else len(data)]))[0])
        m = _COUNTER.match(text)
        if m and (m.group(1).lower() in EPOCH_KEYS or m.group(1).lower() in STEP_KEYS):
            words.add(m.group(1))
    return words


def split_kv_hits(data, size: int, hits, extra) -> list:
    """(offset, record) of each split-named evaluation line beside ``hits`` (module docstring); a line read as one of
    ``hits`` or ``extra`` is left to it."""
    words = _counter_words(data, hits)
    out, seen = [], None
    for word in sorted(words):
        for m in _needles(word).finditer(data):
            if len(out) >= _MAX_LINES:
                break
            if seen is None:
                seen = {line_start(data, h.offset) for h in hits} | {line_start(data, h.offset) for h in extra}
            start = line_start(data, m.start())
            if start not in seen:
                seen.add(start)
                if (record := _record(data, start, size, word)) is not None:
                    out.append((start, record))
    out.sort(key=lambda o: o[0])
    return out


@functools.lru_cache(maxsize=16)
def _needles(word: str):
    """One pass for every split word as printed (lower, Capitalised, UPPER case), bracketed or not, then a space and
    ``word`` (``Validation Epoch``, ``[Valid] epoch``): a log's 60 ``bytes.find`` scans, ~185 us on a 9 KB log, were
    one regex's, ~40 us."""
    variants = sorted({v for s in _SPLITS for v in (s, s.capitalize(), s.upper())}, key=len, reverse=True)
    alternatives = b"|".join(re.escape(v.encode()) for v in variants)
    return re.compile(b"(?:" + alternatives + rb")\]? " + re.escape(word.encode()))


def _record(data, start: int, size: int, word: str):
    end = data.find(b"\n", start)
    text, _, stamp = clean(bytes(data[start:size if end < 0 else end]))
    text = rewrite(text)
    m = _HEAD.match(text)
    if m is None or m.group(2) != word:
        return None
    record = _kv(text[m.end(1):].lstrip("] _-"), needs=None)
    if record is None or not record.values or (record.step is None and record.epoch is None):
        return None
    if any(k.lower() in _SPLITS or k.lower() in ("train", "training") for k, _ in record.values):
        return None  # '[eval] iter 60: train 2.1': numbers named by splits are _joblog_splitvalues' to read
    prefix = _SPLITS[m.group(1).lower()] + "_"
    values = tuple((k if k.lower().startswith(prefix) else prefix + k, v) for k, v in record.values)
    return replace(record, values=values, time=stamp)
