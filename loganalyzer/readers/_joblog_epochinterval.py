"""Epoch-only lines printed every ``print_interval`` iterations (used by ``readers/_joblog_steps.resolve_steps``).

A loop that logs ``[Epoch    1] Loss: 2.307 Acc: 24.000%`` every ``print_interval`` iterations and never prints the
iteration (public ketsuzhou/NIPS_ZSL ``log/train.log``: 20 such lines per epoch, ``'batch_size': 25,
'print_interval': 100`` in the settings dict logged first: CIFAR-10's 50,000 images are 2,000 iterations an epoch)
had all of an epoch's points at one step (20 points at step 1). ``_joblog_epochrepeat`` places such lines only when
other lines print their batch; here the log's own settings say how far apart they are: where a settings dump or
argument list in the log's first 64 KiB gives one print interval (``print_interval``, ``print_freq``,
``log_interval``, ``log_freq``, ``print_every``, ``log_every``, ``display_interval``, ``disp_interval``: ``'k': N``,
``"k": N``, ``k=N``, ``--k N``), a line naming only its epoch repeated at least ``MIN_REPEATS`` times within an epoch
(the same names), epochs never going back and no line printing its batch, the k-th (0-based) such line of epoch e is
iteration ``(e - first) x L + (k + 1) x interval``, ``L`` the most lines any epoch printed times the interval (a
lower bound of the epoch's length: iterations after its last print are not seen), ``first`` 1 when the epochs
count from 1, else 0.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ._joblog_epochrepeat import MIN_REPEATS, _epoch_only

_HEAD = 1 << 16
_INTERVAL = re.compile(rb"""(?:['"]|\b|--)(?:print_interval|print_freq|print_every|log_interval|log_freq|log_every|"""
                       rb"""display_interval|disp_interval)['"]?\s*(?:[:=]\s*|\s+)(\d{1,7})\b""")


def print_interval(data) -> int | None:
    """The one print interval the log's first 64 KiB state (module docstring), or None."""
    found = {int(m.group(1)) for m in _INTERVAL.finditer(bytes(data[:_HEAD]))}
    return found.pop() if len(found) == 1 and min(found) > 0 else None


def interval_epoch_lines(data, hits: list) -> None:
    """Steps for epoch-only lines printed every ``print_interval`` iterations (module docstring); in place."""
    repeats = Counter((h.record.epoch, tuple(t for t, _ in h.record.values)) for h in hits if _epoch_only(h.record))
    if not repeats or max(repeats.values()) < MIN_REPEATS:
        return
    epochs = [h.record.epoch for h in hits if _epoch_only(h.record)]
    if any(b < a for a, b in zip(epochs, epochs[1:])):
        return  # trainings in a row: each epoch's lines its own
    if any(h.record.shape == "kv" and h.record.own_step and not _epoch_only(h.record) for h in hits):
        return  # lines printing their batch: _joblog_epochrepeat's case
    interval = print_interval(data)
    if interval is None:
        return
    length = max(repeats.values()) * interval
    first = 1 if min(epochs) >= 1 else 0
    seen: Counter = Counter()
    for h in hits:
        r = h.record
        if _epoch_only(r):
            key = (r.epoch, tuple(t for t, _ in r.values))
            h.step = int(r.epoch - first) * length + (seen[key] + 1) * interval
            seen[key] += 1
            h.record = replace(r, step=h.step, own_step=True)
