"""A Rich progress bar whose metrics wrapped onto the lines below it (used by ``readers/joblog.py``).

Lightning's ``RichProgressBar`` (and ``rich.progress``) writes to a file only its final state, and a console narrower
than the bar's columns wraps the metrics column onto indented lines of their own::

    Epoch 7/7  ━━━━━━━━━━━━━━━━━━ 8/8 0:00:01 • 0:00:00 7.26it/s train_loss_step:
                                                                 0.052 val_loss:
                                                                 0.582 val_acc:
                                                                 0.781
                                                                 train_loss_epoch:
                                                                 0.060

The bar line alone holds no ``name: value`` pair, so the run was a run of no point and no word said why (a
newcomer breaker's real Lightning fit). ``unwrapped_rich(data, hits)`` joins, for a Rich bar read without values,
the indented lines below it (indented at least as far as the bar's metrics start) and reads the joined text again.
"""
from __future__ import annotations

from ._progress import parse

_MAX_LINES = 64


def unwrapped_rich(data, hits: list, make) -> list:
    """``hits`` with each value-less Rich bar read together with its wrapped lines (module docstring); ``make(hit,
    record)`` builds the new hit."""
    if not any(h.record.shape == "rich" and not h.record.values for h in hits):
        return hits
    out = []
    for h in hits:
        if h.record.shape != "rich" or h.record.values:
            out.append(h)
            continue
        end = data.find(b"\n", h.offset)
        if end < 0:
            out.append(h)
            continue
        parts = [bytes(data[h.offset:end]).rstrip()]
        pos = end + 1
        for _ in range(_MAX_LINES):
            nxt = data.find(b"\n", pos)
            line = bytes(data[pos:nxt if nxt >= 0 else len(data)]).rstrip(b"\r")
            if not line.startswith(b"          ") or not line.strip():
                break
            parts.append(line.strip())
            if nxt < 0:
                break
            pos = nxt + 1
        record = parse(b" ".join(parts)) if len(parts) > 1 else None
        out.append(make(h, record) if record is not None and record.values else h)
    return out
