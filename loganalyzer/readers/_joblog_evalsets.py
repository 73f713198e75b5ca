"""Two evaluation sets printed under the same header with the same names (for ``_joblog_phaseline``).

A watermarking course project (public bambrah-tk/SPEML_EX2 ``log/log_train.txt``) prints each epoch's test set and its
trigger set alike::

    Epoch: 0
    Loss: 2.088 | Acc: 30.537% (15574/51000)
    Test results:
    Loss: 1.638 | Acc: 39.450% (3945/10000)
    Test results:
    Loss: 3.067 | Acc: 15.000% (15/100)

Both went to one ``test_Loss``/``test_Acc`` series, zig-zagging between the sets. Only the count after the accuracy
(``(correct/total)``) tells them apart: where the header's lines print two or three totals, each at least twice, the
largest set keeps the header's names and each other one is named by its size (``test_n100_Loss``). A total growing
line by line (a running count) gives more totals and is left alone; so are totals that do not alternate (one test
set on a 1,000-item subset for ten epochs, then in full: a breaker's shape, stop 40).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

_COUNT = re.compile(rb"\(\s*\d+\s*/\s*(\d+)\s*\)")
MAX_SETS = 3


def by_set_size(data, hits: list, renamed: dict) -> list:
    """``hits`` with the header-named records of ``renamed`` (index -> (part, the line's original names)) of a
    smaller set renamed ``<part>_n<total>_<name>`` (module docstring); unchanged when the totals do not say so."""
    totals = {}
    for i in renamed:
        start = hits[i].offset
        end = data.find(b"\n", start)
        found = _COUNT.findall(bytes(data[start:end if end >= 0 else len(data)]))
        if found:
            totals[i] = int(found[-1])
    counts = Counter(totals.values())
    if not 2 <= len(counts) <= MAX_SETS or min(counts.values()) < 2 or len(totals) != len(renamed):
        return hits
    order = [totals[i] for i in sorted(totals)]
    if sum(a != b for a, b in zip(order, order[1:])) < len(order) // 2:
        return hits  # the sets must alternate: one set evaluated on a subset first, in full later, is one series
    largest = max(counts)
    out = list(hits)
    for i, total in totals.items():
        if total == largest:
            continue
        part, names = renamed[i]
        record = hits[i].record
        values = tuple((f"{part}_n{total}_{name}", value) for name, (_, value) in zip(names, record.values))
        out[i] = replace(hits[i], record=replace(record, values=values))
    return out
