"""Keys printed in capitals on a loss line (for ``readers/joblog.parse``).

A script printing its metrics' names in capitals, ``| LOSS: 0.449 | F1: 0.265 | ACC: 0.987 | PRECISION: 0.340 |``
(public dgadomain76 train.txt: ``Train Epoch:  0  (learing rate : 0.0001 )| LOSS: 0.449 | F1: 0.265 | ACC: 0.987``
and ``Valid Epoch:  0 | LOSS: 0.344 | F1: 0.634 | ...``), was read as nothing: the scan looks for ``oss``
(``loss``/``Loss``), and the capital keys would name series ``LOSS``/``ACC`` that no role knows. On a line where
``LOSS`` is a key (followed by ``:``/``=`` and a number), every all-capitals key is written in small letters, byte for
byte in place (the offsets stay), so the line is read as ``loss: 0.449 | f1: 0.265 | acc: 0.987``. A capital word
that is no key (``INFO``, ``Train EPOCH 3``) is left as printed; a capital word before a key goes with it (``TRAIN
LOSS: 1.0 | VAL ACC: 0.45`` -> ``train loss``/``val acc``: ``train_loss``, ``val_acc``); ``NaN``/``Inf`` values are
numbers (``LOSS: NaN``: the blow-up kept). A line that already prints a readable ``loss:``/``Loss:`` (``loss: 0.95 |
BEST LOSS: 0.94 | PSNR: 21.0``) was read before and keeps its printed names; a bracketed device tag (``[GPU: 0]
EPOCH: 1 | LOSS: ..``) is no key. A Chinese split word before the keys (``训练 EPOCH: 1 | LOSS: 1.0`` /
``验证 EPOCH: 1 | LOSS: 1.2``: train / validation) is written in English in its 6 bytes (``Train ``, ``Valid ``,
``Test  ``), so the validation loss is no second training loss.
"""
from __future__ import annotations

import re

_NUM = rb"[ \t]*[:=][ \t]*[-+]?(?:\d|\.\d|[Nn][Aa][Nn]|[Ii][Nn][Ff])"
_LOSS_KEY = re.compile(rb"(?<![A-Za-z])LOSS" + _NUM)
# an all-capitals key (letters, digits, '_', '@') before ':'/'=' and a number, with a capital word before it
# ('TRAIN LOSS: ..' -> 'train loss', read as train_loss); never a bracketed device tag ('[GPU: 0]', '[RANK: 1]')
_CAPS_KEY = re.compile(rb"(?<![\w@\[])((?:[A-Z][A-Z0-9]* )?[A-Z][A-Z0-9_@]*)(?=" + _NUM + rb")")
# a loss key already readable on the line ('loss: 0.95 | BEST LOSS: 0.94'): the line is left as printed
_READABLE = re.compile(rb"(?<![A-Za-z])(?:loss|Loss)[ \t]*[:=]")
# a Chinese split word before the capital keys ('验证 EPOCH: 1 | LOSS: 1.2'): the same bytes in English
_CJK_SPLITS = {"训练".encode(): b"Train ", "验证".encode(): b"Valid ", "测试".encode(): b"Test  "}
_CJK_SPLIT = re.compile(b"(" + b"|".join(_CJK_SPLITS) + rb")(?=[ \t]+[A-Z])")
_DEVICE = re.compile(rb"\[(?:GPU|CPU|RANK|LOCAL_RANK|CUDA|DEVICE|NODE|WORKER|PID)[ \t]*(:)[ \t]*\d+\]")


def lowered(data):
    """``data`` with the capital keys of its ``LOSS:`` lines in small letters (the same length), or ``data``."""
    if data.find(b"LOSS") < 0:
        return data
    out = None
    for m in _LOSS_KEY.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        end = data.find(b"\n", m.end())
        end = len(data) if end < 0 else end
        line = bytes(data[start:end])
        if _READABLE.search(line):
            continue
        line_keys = _DEVICE.sub(lambda d: d.group(0).replace(b":", b"#"), line)  # '[GPU# 0]': no series
        line_keys = _CJK_SPLIT.sub(lambda c: _CJK_SPLITS[c.group(1)], line_keys)  # '验证 EPOCH': 'Valid  EPOCH'
        new = _CAPS_KEY.sub(lambda k: k.group(1).lower(), line_keys)
        if new != line:
            if out is None:
                out = bytearray(data)
            out[start:end] = new
    return data if out is None else bytes(out)
