"""An iteration printed twice at a line's start, ``[51][51/2000]`` (used by ``readers/joblog.py``).

Public ddrous/LEADS ``nohup.log`` prints each iteration as::

    [50][50/2000][1/1] | loss: 1.420e+00 | loss_train: 3.140e-01 | loss_e0: 5.660e-01 | ...
    Print loss test
    [50][50/2000][1/1] | loss_test_mean: 3.520e+00 | loss_test_std: 1.496e+00
    [51][51/2000][1/1] | loss: 1.784e+00 | loss_train: 2.958e-01 | loss_e0: 1.258e+00 | ...

(the iteration, the iteration of the planned ones, the batch of the epoch). The leading ``[50]`` is taken for a rank
prefix, dropped as an epoch tag once it counts up (``joblog._epoch_tags``); the line named no step, so its points sat
at their ordinals and the first test line, ahead of iteration 51, was read as a new launch (``_joblog_banners``: the
test data's ``generating i,j`` lines were printed before the first iteration too): 1..50, then 2..1570.
``iteration_prefixes(data, hits)`` puts a step-less line opening with ``[n][n/N]`` (the same n twice) at step n; a
line whose every series names a test/validation split stays an evaluation, the others are training lines.

The PyTorch DCGAN tutorial (printed by many users' copies) prints every 50 iterations::

    [0/5][50/1583]	Loss_D: 0.4223	Loss_G: 3.9582	D(x): 0.8217	D(G(z)): 0.1551 / 0.0301

(the epoch of the planned ones, the iteration of the epoch's). ``epoch_iter_prefixes(data, hits, make)`` puts a
step-less line opening with ``[e/E][i/N]`` (e < E or 1-based e <= E, i <= N, the same N on every such line) at step
e*N + i (e counted from 0), a training line; nothing said. ``[e][i/N]`` (no planned epoch count: a GAN script's
``[0][100/500] loss_G: ..``, a zero-padded ``[001][0050/0200] loss=..``) is the same when the first number counts
up as the epoch, the second going back where it does (``_epoch_prefixes``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._linestart import newline_start

_TWICE = re.compile(rb"[ \t]*\[(\d{1,12})\]\[\s*(\d{1,12})\s*/\s*(\d{1,12})\s*\]")
MIN_LINES = 3
_TESTED = re.compile(r"(?i)(?:^|_)(?:test|val|valid|eval)(?:_|$)")


def iteration_prefixes(data, hits: list, make) -> list:
    """``hits`` with each step-less ``[n][n/N]`` line at step n (module docstring); ``make(hit, record)`` builds a
    hit. Unchanged unless every such line's prefix repeats its own number (``[0][5/100]``: a rank, then a
    counter), on ``MIN_LINES`` lines or more."""
    found = {}
    for k, m in _stepless_matches(data, hits, _TWICE, counted=True):
        found[k] = m
    if len(found) < MIN_LINES:
        return hits
    if any(m.group(1) != m.group(2) for m in found.values()):
        return _epoch_prefixes(hits, found, make)
    out = list(hits)
    for k, m in found.items():
        r = hits[k].record
        kind = "eval" if all(_TESTED.search(tag) for tag, _ in r.values) else "train"
        out[k] = make(hits[k], replace(r, step=int(m.group(1)), kind=kind, total=int(m.group(3)) or None,
                                       own_step=True, rank=None))
    return out


def _epoch_prefixes(hits: list, found: dict, make) -> list:
    """``hits`` with each ``[e][i/N]`` line at step e*N + i (e counted from 0) when ``e`` is an epoch: it never goes
    down, takes two values or more, and ``i`` goes back exactly where ``e`` goes up, N the same on every line
    (``[0][100/500] loss_G: ..``, ``[001][0050/0200] loss=..``: read before as one value per epoch, or a step going
    back every epoch). Unchanged otherwise: ``[0][5/100]`` on every line is rank 0's counter."""
    rows = [(k, int(m.group(1)), int(m.group(2)), int(m.group(3))) for k, m in sorted(found.items())]
    if len({n for *_, n in rows}) != 1 or rows[0][3] == 0 or len({e for _, e, _, _ in rows}) < 2:
        return hits
    for (_, e0, i0, _), (_, e1, i1, _) in zip(rows, rows[1:]):
        if e1 < e0 or (e1 > e0) != (i1 <= i0) or i1 > rows[0][3]:
            return hits
    base = 0 if any(e == 0 for _, e, _, _ in rows) else 1
    if max(e for _, e, _, _ in rows) * rows[0][3] >= 1 << 62:
        return hits  # (no int64 step: a garbled line's numbers)
    out = list(hits)
    for k, e, i, n in rows:
        out[k] = make(hits[k], replace(hits[k].record, step=(e - base) * n + i, epoch=None, kind="train",
                                       own_step=True, rank=None))
    return out


# '[0/5][50/1583]' (DCGAN), or one bracket '[1/30,   251/938]' (public capdith221's captioning trainer: 'avg train
# loss: 5.106 avg val loss: 4.332 lr: 0.0001' 4 times an epoch, read at line numbers, its sample captions between
# the lines then taken for start-up blocks: 5-8 runs of one training)
_EPOCH_ITER = re.compile(rb"[ \t]*\[(\d{1,6})/(\d{1,6})(?:\]\[|[ \t]*,[ \t]*)\s*(\d{1,9})\s*/\s*(\d{1,9})\s*\]")


def epoch_iter_prefixes(data, hits: list, make) -> list:
    """``hits`` with each step-less ``[e/E][i/N]`` line at step e*N + i (module docstring). Unchanged unless
    ``MIN_LINES`` such lines or more, all of one N, each e <= E and i <= N."""
    if data.find(b"][") < 0 and data.find(b"/") < 0:
        return hits
    found, totals = {}, set()
    for k, m in _stepless_matches(data, hits, _EPOCH_ITER):
        e, ee, i, n = (int(g) for g in m.groups())
        if e > ee or i > n or n == 0:
            return hits
        found[k] = (e, i, n)
        totals.add(n)
    if len(found) < MIN_LINES or len(totals) != 1:
        return hits
    base = 0 if any(e == 0 for e, _, _ in found.values()) else 1
    out = list(hits)
    for k, (e, i, n) in found.items():
        out[k] = make(hits[k], replace(hits[k].record, step=(e - base) * n + i, kind="train", own_step=True,
                                       rank=None))
    return out


def _stepless_matches(data, hits: list, pattern, counted: bool = False):
    """(index, match) of each hit with no step or epoch of its own whose line starts with ``pattern``; with
    ``counted``, a hit whose step is the prefix's ``i/N`` count too (the parser read ``[100/500]`` as the step)."""
    for k, h in enumerate(hits):
        r = h.record
        if r.epoch is None and r.values and (r.step is None or counted):
            start = newline_start(data, h.offset)
            m = pattern.match(bytes(data[start:start + 64]))
            if m is not None and (r.step is None or r.step == int(m.group(2))):
                yield k, m
