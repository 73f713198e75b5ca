"""A periodic evaluation printed as a bare bits-per-character line between the epoch lines (used by
``readers/_joblog_fallbacks.py`` when lines named a loss).

A Keras character-RNN (yxtay/char-rnn-text-generation's ``keras_model.py train --test-path ...``; public
kerascharrnn224 ``shakespeare.log``, ``tinyshakespeare.log``, ``phra_aphai.log``) logs each epoch as
``2018-06-04 17:35:11,546 - __main__ - INFO - epoch: 1, duration: 360s, loss: 2.42259.`` and, every 10 epochs, the
held-out text's bits per character as ``... - INFO - bpc = 2.159814`` followed by ``best bpc = 3.873572`` (the best
before this one) and ``test duration: 1193s``. No evaluation line names a loss, so only the training loss was read:
three overfitting runs (shakespeare: bpc best 2.005 at epoch 70, 2.186 at epoch 990, while the training loss fell
3.13 -> 1.08 nats) were `healthy` 0.60-0.66 on the training loss alone.

A line that is, after its logging prefix, only ``bpc = X``, ``bpd = X`` or ``bits per char(acter) = X`` (``:`` or
``=``) is read as ``eval_bpc`` (``eval_bpd``) at the step of the line before it (the epoch it followed); ``best
bpc``, a running best, is not read. At least ``MIN_LINES`` such lines, or none. ``eval``: the evaluation during
training (the validation role); the values stay as logged, in bits (the training loss beside them is in nats:
``curves_errors.PERPLEXITY_WORDS`` takes bits per character as an information measure, lower is better).

``bpc_hits(data, size, needle_hits, hits)``: ``hits`` plus those lines' hits (a new list, in file order), or
``hits`` when fewer are found. Never raises.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

MIN_LINES = 2
_NEEDLES = (b"bpc", b"bpd", b"bits per char")
_LINE = re.compile(r"(bpc|bpd|bits per char(?:acter)?)\s*[:=]\s*(" + NUMBER + r")\.?", re.IGNORECASE)


def bpc_line(segment) -> Record | None:
    """The record of one ``bpc = X`` line (module docstring), or None."""
    text, _, _ = clean(bytes(segment))
    m = _LINE.fullmatch(text.strip())
    if m is None or (x := to_float(m.group(2))) is None:
        return None
    unit = "bpd" if m.group(1).lower() == "bpd" else "bpc"
    return Record("bpcline", ((f"eval_{unit}", x),), step=None, kind="eval")


def bpc_hits(data, size: int, needle_hits, hits: list) -> list:
    """``hits`` and the bare bits-per-character lines between them (module docstring)."""
    if not hits:
        return hits
    found: list = []
    for needle in _NEEDLES:
        if data.find(needle) >= 0:
            found += needle_hits(data, size, needle, parse=bpc_line)
    seen = {h.offset for h in hits}
    found = list({h.offset: h for h in found if h.offset not in seen}.values())
    if len(found) < MIN_LINES:
        return hits
    return sorted(hits + found, key=lambda h: h.offset)
