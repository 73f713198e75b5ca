"""An epoch's block of lone ``Name: value`` lines under its loss line (used by ``readers/_joblog_evalprints.py``).

A handwriting recogniser's loop (public OscarJauffret/Handwritten-Text-Recognition ``models/10_log.txt``, set 217's
htrosc217, three runs) prints per epoch::

    Epoch 1/∞
    Training Loss: 3.4093
    Validation CER: 0.7463
    Learning Rate: 0.001000
    ============================================================

The scan finds lines by their loss word, so only ``Training Loss`` was read: the validation character error rate
(0.746 -> 0.130, what the early stopping watched) and the learning rate (1e-3 -> 3.1e-5 by ReduceLROnPlateau) were
lost. Read here: the lines right after a read line that is itself one ``Name: value`` alone on its line,
while each is one ``Name: value`` alone (a name of up to four words, a number, an optional ``%``), up to
``MAX_LINES``; a blank or any other line ends the block, and so does a line read already, which starts its own
(public OCR loops print ``Train loss`` / ``Validation loss`` / ``Validation CER`` / ``Validation WER`` / ``Learning
rate``: the last three join the validation loss's record; a GPT loop's ``Current Loss`` / ``EMA Loss`` / ``Learning
Rate`` under a ``Step N`` banner: the rate joins ``EMA Loss``'s, one point per step). Each joins that line's
record, at its step (the epoch header's), under its own name: a name starting with a split word (``Validation
CER``) is the validation's by that name, as on any line. Names as the reader writes them (words joined by
``_``: ``Validation_CER``, ``Learning_Rate``). A name must come in at least ``MIN_BLOCKS`` blocks, or it is left
unread (a one-off summary).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import NUMBER, SKIPPED_KEYS

MAX_LINES = 8
MIN_BLOCKS = 2
_LONE = re.compile(rb"[ \t]*([A-Za-z][A-Za-z0-9@\-]*(?:[ \t][A-Za-z0-9@\-]+){0,3})[ \t]*:[ \t]*(" + NUMBER.encode()
                   + rb")[ \t]*%?[ \t]*\r?")
_SPLIT = re.compile(r"(?i)(?:validation|valid|val|test|eval|evaluation|dev)\b")


def _line(data, start: int, size: int) -> tuple[int, bytes]:
    end = data.find(b"\n", start)
    end = size if end < 0 else end
    return end, bytes(data[start:end])


def block_pairs(data, hits: list, make) -> list:
    """``hits`` with the block lines (module docstring) read; unchanged when no training line stands alone."""
    size = len(data)
    taken = {h.offset for h in hits}
    found = []  # (hit index, [(offset, name, value)])
    for i, h in enumerate(hits):
        if len(h.record.values) != 1:
            continue
        end, text = _line(data, h.offset, size)
        if not _LONE.fullmatch(text):
            continue
        block = []
        for _ in range(MAX_LINES):
            start = end + 1
            if start >= size:
                break
            end, text = _line(data, start, size)
            m = _LONE.fullmatch(text)
            if m is None or start in taken:  # a line read already starts its own block
                break
            if m.group(1).decode().strip().lower() in SKIPPED_KEYS:  # 'epoch time: 28.80': seconds, no series
                continue
            block.append((start, re.sub(r"[ \t]+", "_", m.group(1).decode()), float(m.group(2))))
        if block:
            found.append((i, block))
    counts: dict = {}
    for _, block in found:
        for _, name, _ in block:
            counts[name] = counts.get(name, 0) + 1
    if not any(n >= MIN_BLOCKS for n in counts.values()):
        return hits
    out = list(hits)
    for i, block in found:
        h = hits[i]
        extra = tuple((name, value) for _, name, value in block if counts[name] >= MIN_BLOCKS)
        if extra:
            out[i] = make(h.offset, replace(h.record, values=h.record.values + extra))
    return out
