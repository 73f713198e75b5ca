"""Counting header lines of an inner loop, for ``_joblog_banners``: where such a header opens a training.

A step-less log's banner (a line printed before the run's first point and again between its later points) opens a
training at each print. A banner that counts ``k/N`` and whose count goes back is a loop's header, not a training's:
public 11snigdha11/gafseg_classification ``run.log`` (federated learning) prints ``========== Round [1/100]
==========``, then `` Client 1/10`` ... `` Client 10/10``, each over ten step-less ``loss = 4.74`` lines, for each of
100 rounds of each of 4 experiments; the client header split the 4 trainings into 4,000 runs of 10 points. Its count
goes back (``Client 10/10`` then ``Client 1/10``) where the loop around it went on -- and that loop's own header
(``Round [2/100]``, counting up) is printed there too. So a ``k/N`` header whose count goes back opens a training only
where its count goes back and no other ``k/N`` header printed since the last point counts up from its previous print
(every loop around it started over too, or there is none): the four experiments, each opening at ``Round [1/100]``,
``Client 1/10``. A ``k/N`` header that never goes back (``Run 2/5``: trainings of a sweep, numbered) still opens a
training at every print. Epoch headers keep their own rule (``_joblog_banners._going_back``: a training opens where
the epoch goes back, whatever counts around it).
"""
from __future__ import annotations

import re

_COUNT_KEY = re.compile(rb"#\s*/\s*#")  # a banner key (digits made '#') counting k/N
_COUNT = re.compile(rb"(\d+)\s*/\s*\d+")
_LINE_COUNT = re.compile(rb"(?m)^([^\n]*?\D)?(\d+)\s*/\s*\d+[^\n]*$")
_DIGITS = re.compile(rb"\d+(?:\.\d+)?")
_SPACE = re.compile(rb"\s+")
_BAR = re.compile(rb"%\||(?:it/s|s/it|it)\]")


def counts(key: bytes) -> bool:
    """Whether a banner key (``_joblog_banners._lines``' form) counts ``k/N``."""
    return _COUNT_KEY.search(key) is not None


def _counters(data, lo: int, hi: int) -> list[tuple[bytes, int]]:
    """(key, k) of each line counting ``k/N`` in ``data[lo:hi]`` (its last 64 KiB), in order; bars left out."""
    out = []
    lo = max(lo, hi - (1 << 16))
    for m in _LINE_COUNT.finditer(bytes(data[lo:hi])):
        line = m.group(0)
        key = _SPACE.sub(b" ", _DIGITS.sub(b"#", line)).strip()
        if _BAR.search(key) or not any(c.isalpha() for c in key.decode("utf-8", "replace")):
            continue
        found = _COUNT.search(line)
        out.append((key, int(found.group(1))))
    return out


def inner_starts(data, hits: list, a: int, b: int, key: bytes, starts: list[int], end_of_line) -> list[int]:
    """``starts`` (hit indexes after each print of the counting banner ``key``, ``hits[a]`` first) kept where a
    training opens (module docstring): all of them when the count never goes back."""
    last: dict = {}  # counter key -> its last count printed
    opens = []  # per gap (the text before hits[i], i in a+1..b-1): (key's count went back, another counted up)
    for i in range(a, b):
        lo = end_of_line(data, hits[i - 1].offset) if i else 0
        back, up = False, False
        for k, n in _counters(data, lo, hits[i].offset):
            before = last.get(k)
            if before is not None:
                if k == key and n <= before:
                    back = True
                elif k != key and n > before:
                    up = True
            last[k] = n
        opens.append((back, up))
    if not any(back for back, _ in opens):
        return starts
    return [starts[0]] + [i for i in starts[1:] if opens[i - a][0] and not opens[i - a][1]]
