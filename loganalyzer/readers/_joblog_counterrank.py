"""A line's leading ``N:`` that is an iteration counter, not a process rank (used by ``joblog.parse``).

``_progress.clean`` takes a bare ``0: `` before a line for the rank label ``srun --label`` prints (``0: epoch 1
loss ..``, ``1: ..``), and ``joblog`` keeps rank 0's lines. A CycleGAN-VC2 script prints its iteration the same way
(public kkulesz/Voice_conversion_with_CycleGAN-VC2 ``storage/2021.11.13/log_file.txt``, set 225: ``    0:
\\tG_loss: 27.3550\\tD_loss: 0.5155\\tCycle_loss: 17.8522\\t..``, then ``  100: ..``, ``  200: ..`` up to 37200, three
launches under ``NEXT RUN`` banners): every iteration became its own "rank", rank 0 was kept, and the run was the
three ``0:`` lines of its launches (3 points of 399; its sibling ``2021.11.11`` read at its record numbers).

Such labels are a counter when there are many of them (``MIN_VALUES`` distinct), next lines almost never share one
(``MAX_SAME`` of the neighbouring pairs: a rank's lines flushed together share it), most lines have a label of their
own (``MIN_SHARE``: ranks printing every step in rank order repeat theirs each step), and where they change they
grow (``MIN_GROWING`` of the changes: interleaved ranks go up and down alike; a relaunch from 0 is the exception).
Then each such line's number is its step (``own_step``) and it has no rank.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._linestart import line_start

MIN_VALUES = 20  # distinct labels: srun jobs of fewer tasks than this are the usual case, and a per-class table
# printed "0: .." .. "9: .." (public mnistmateusz223 mnist.log) is no counter
MAX_SAME = 0.2
MIN_SHARE = 0.5  # distinct labels per labelled line: a counter prints each value once a launch; R ranks each print
# every step (R distinct labels over R x steps lines), even in rank order 0, 1, .., R-1, 0, 1, ..
MIN_GROWING = 0.9
_BARE = re.compile(rb"[ \t]*(\d{1,7}):[ \t]")


def rank_counter_steps(data, hits: list, make) -> list:
    """``hits`` with their bare ``N:`` labels read as steps when they are a counter (module docstring); ``make(hit,
    record)`` builds a hit. ``data``: the file's bytes (or None: nothing changed)."""
    if data is None:
        return hits
    labelled = []
    for i, h in enumerate(hits):
        if h.record.rank is None:
            continue
        m = _BARE.match(data, line_start(data, h.offset))
        if m is None or int(m.group(1)) != h.record.rank:
            return hits  # another rank form ('[rank1]:'): real ranks
        labelled.append(i)
    ranks = [hits[i].record.rank for i in labelled]
    if len(set(ranks)) < MIN_VALUES or len(set(ranks)) < MIN_SHARE * len(ranks):
        return hits
    pairs = list(zip(ranks, ranks[1:]))
    changes = [b > a for a, b in pairs if a != b]
    if sum(a == b for a, b in pairs) > MAX_SAME * len(pairs) or sum(changes) < MIN_GROWING * len(changes):
        return hits
    out = list(hits)
    for i in labelled:
        r = hits[i].record
        out[i] = make(hits[i], replace(r, rank=None, step=r.rank, own_step=True))
    return out
