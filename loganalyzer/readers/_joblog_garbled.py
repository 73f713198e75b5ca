"""Lines garbled by another writer (used by ``readers/joblog.py``).

Two processes writing one log without a lock (a DataLoader worker, a second rank, ``nohup`` output and a logger on
one file) cut each other's lines: ``2017-06-21 10:00:12 global_Iter: 120, trai2017-06-21 10:00:13 global_Iter: 130,
training_loss: 1.78`` then ``ning_loss: 1.79, lr: 0.001`` on the next line. Each cut made a key of its own
(``aining_loss``, ``bal_Iter``, ``r``, ``training_loss2017``): ~30 junk series of one or two points beside the log's
real ones. A key is a fragment when it is cut mid-word out of a key printed on at least ``MIN_LINES`` lines and at
least ``RATIO`` times as often (its tail: ``aining_loss`` of ``training_loss``, the character before the cut a
letter or digit, so ``loss`` beside ``train_loss`` is no fragment unless the file shows a cut (a date glued to
the text before it), and the key starting its line, where a cut line's tail starts; or its head: ``trai``) on at most 2 lines (or 1 in 50 of the key's), or a real key glued to a
date or number (``training_loss2017``). A line holding such a key is skipped whole (its values may be cut too), and
so is, in such a file, a line holding a date glued to the text before it (``global_Iter: 102017-06-21 ..``: the step
cut and glued); one line says how many were skipped and names a few of the fragments.
"""
from __future__ import annotations

import re
from collections import Counter

from ._lazy import lazy_re
from ._progress import STEP_KEYS

MIN_LINES = 10  # a real key is printed on many lines; a cut makes a key once or twice
RATIO = 3
# a date glued to the text before it: a line another writer cut (then a key cut at a word boundary, 'loss' of
# 'training_loss', starting a line is a fragment too)
_GLUED_DATE = lazy_re(rb"[^\s\[(]\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
_GLUED = re.compile(r"^(?P<key>.*?[A-Za-z_])\d{3,}[-\d:]*$")


def _fragment(tag: str, counts: Counter, heads: dict, glued_dates: bool) -> bool:
    n = counts[tag]
    glued = _GLUED.match(tag)
    if glued and counts.get(glued.group("key"), 0) >= max(MIN_LINES, RATIO * n):
        return True
    low = tag.lower()
    for other, m in counts.items():
        other = other.lower()
        if other == low or m < max(MIN_LINES, RATIO * n) or len(other) <= len(tag):
            continue
        if n > max(2, m // 50):  # a cut makes its key once or twice; a real key is printed again and again
            continue
        if other.endswith(low) and heads.get(tag) and (other[-len(low) - 1].isalnum() or glued_dates):
            return True
        if other.startswith(low) and other[len(low)].isalnum() and low[-1].isalnum():
            return True
    return False


def drop_garbled(data, hits: list, notes: list) -> list:
    """``hits`` without the lines holding a fragment key (module docstring); a note when any was skipped. The step
    key is no value: a line carrying its own step counts once for each step key (``global_iter``...), so ``bal_Iter``
    is told as a cut of ``global_Iter``."""
    counts = Counter(t for h in hits for t, _ in h.record.values)
    stepped = sum(1 for h in hits if h.record.own_step)
    if stepped >= MIN_LINES:
        for key in STEP_KEYS:
            if "_" in key or " " not in key and len(key) >= 4:
                counts[key] += stepped
    if len(counts) < 2 or max(counts.values()) < MIN_LINES:
        return hits
    top = max(counts.values())
    rare = {t for t, n in counts.items() if n * RATIO <= top and n <= max(2, top // 50) and t not in STEP_KEYS}
    glued = _GLUED_DATE().search(data) is not None
    if not rare and not glued:
        return hits
    heads: dict = {}  # tag -> every line holding it starts with it (a cut line's tail starts a line)
    for h in hits:
        if not any(t in rare for t, _ in h.record.values):
            continue
        start = data.rfind(b"\n", 0, h.offset + 1) + 1
        head = bytes(data[start:start + 200]).decode("utf-8", "replace").lstrip()
        for t, _ in h.record.values:
            heads[t] = heads.get(t, True) and head.startswith(t)
    junk = {t for t in rare if _fragment(t, counts, heads, glued)}
    if not junk:
        return hits

    def cut(h) -> bool:  # a line holding a date glued to what another writer left of its line ('Iter: 102017-06-21')
        start = data.rfind(b"\n", 0, h.offset + 1) + 1
        end = data.find(b"\n", h.offset)
        return _GLUED_DATE().search(data, start, end if end >= 0 else len(data)) is not None

    kept = [h for h in hits if not any(t in junk for t, _ in h.record.values) and not cut(h)]
    names = ", ".join(repr(t) for t in sorted(junk)[:4]) + (", ..." if len(junk) > 4 else "")
    notes.append(f"{len(hits) - len(kept)} lines garbled by another writer's interleaved output skipped: they hold "
                 f"{len(junk)} keys cut out of the log's own ({names})")
    return kept
