"""Keys printed in capitals on a loss line (for ``readers/joblog.parse``).

A script printing its metrics' names in capitals, ``| LOSS: 0.449 | F1: 0.265 | ACC: 0.987 | PRECISION: 0.340 |``
(public dgadomain76 train.txt: ``Train Epoch:  0  (learing rate : 0.0001 )| LOSS: 0.449 | F1: 0.265 | ACC: 0.987``
and ``Valid Epoch:  0 | LOSS: 0.344 | F1: 0.634 | ...``), was read as nothing: the scan looks for ``oss``
(``loss``/``Loss``), and the capital keys would name series ``LOSS``/``ACC`` that no role knows. On a line where
``LOSS`` is a key (followed by ``:``/``=`` and a number), every all-capitals key is written in small letters, byte for
byte in place (the offsets stay), so the line is read as ``loss: 0.449 | f1: 0.265 | acc: 0.987``. A capital word
that is no key (``INFO``, ``Train EPOCH 3``) is left as printed.
"""
from __future__ import annotations

import re

_LOSS_KEY = re.compile(rb"(?<![A-Za-z])LOSS[ \t]*[:=][ \t]*[-+]?(?:\d|\.\d|nan|inf)")
# an all-capitals key (letters, digits, '_', '@') before ':'/'=' and a number
_CAPS_KEY = re.compile(rb"(?<![\w@])([A-Z][A-Z0-9_@]*)(?=[ \t]*[:=][ \t]*[-+]?(?:\d|\.\d|nan|inf|NAN|INF))")


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
        new = _CAPS_KEY.sub(lambda k: k.group(1).lower(), line)
        if new != line:
            if out is None:
                out = bytearray(data)
            out[start:end] = new
    return data if out is None else bytes(out)
