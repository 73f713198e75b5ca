"""Running losses printed under an ``Epoch: N  Batch: B`` counter line of their own (used by ``readers/joblog.py``).
FrereAlidor/TP2_Sliding_Window ``train_log.txt`` (a French course TP)::

    Epoch: 1	Batch: 50
    Running Loss: 0.6866
    Epoch: 1	Batch: 100
    Running Loss: 0.6210
    Epoch 1 Train Loss: 0.6226
    Epoch 1 Valid Loss: 0.3561

The ``Running Loss`` line prints no step, so it took the step of the line before: epoch N's three values sat at step
N-1 (the last epoch's ``Train Loss``), averaged there under a warning about processes printing without a rank
prefix. Here, where the log's other lines are at their epochs, each epoch's running losses are one point at that
epoch, their mean, said in one line (a line per batch, no ranks).
"""
from __future__ import annotations

import re
from dataclasses import replace

_COUNTER = re.compile(rb"[ \t]*epoch[ \t]*[:=#]?[ \t]*(\d+)[ \t]*[,|;\t ][ \t]*(?:batch|iter|iteration|step)[ \t]*[:=#]?"
                      rb"[ \t]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t]*\r?", re.IGNORECASE)


def _epoch_above(data, offset: int) -> int | None:
    """The epoch of an ``Epoch: N  Batch: B`` line right above the line at ``offset``, or None."""
    end = data.rfind(b"\n", 0, offset)
    if end <= 0:
        return None
    start = data.rfind(b"\n", 0, end) + 1
    m = _COUNTER.fullmatch(bytes(data[start:end]))
    return int(m.group(1)) if m else None


def batch_lines(data, hits: list, notes: list, make_hit) -> list:
    """``hits`` with each epoch's lines under batch counter lines made one point at that epoch (module docstring);
    ``make_hit(hit, record, step)`` builds the kept hit. Unchanged unless the log's other lines sit at epochs."""
    under = {}
    for i, h in enumerate(hits):
        r = h.record
        if r.step is None and r.epoch is None and r.kind in ("train", "eval") \
                and b"poch" in bytes(data[max(0, h.offset - 200):h.offset]):
            epoch = _epoch_above(data, h.offset)
            if epoch is not None:
                under[i] = epoch
    if len(under) < 2:
        return hits
    others = [h for i, h in enumerate(hits) if i not in under and h.record.kind == "train"]
    if not others or not all(h.record.epoch is not None and h.step == int(h.record.epoch) for h in others):
        return hits  # the other lines are at steps, not epochs: left as they were
    groups: dict = {}  # (epoch, tags) -> [indices]
    for i, epoch in under.items():
        groups.setdefault((epoch, tuple(t for t, _ in hits[i].record.values)), []).append(i)
    out, drop = list(hits), set()
    per = max(len(g) for g in groups.values())
    for (epoch, tags), idx in groups.items():
        means = tuple((t, sum(hits[i].record.values[k][1] for i in idx) / len(idx)) for k, t in enumerate(tags))
        last = idx[-1]
        record = replace(hits[last].record, values=means, step=epoch, epoch=float(epoch), kind="train")
        out[last] = make_hit(hits[last], record, epoch)
        drop.update(idx[:-1])
    names = sorted({t for _, tags in groups for t in tags})
    if per > 1:
        notes.append(f"{', '.join(repr(n) for n in names)}: printed under 'Epoch: N  Batch: B' lines, up to {per} an "
                     "epoch: each epoch's mean, at that epoch (as the log's other lines)")
    return [h for i, h in enumerate(out) if i not in drop]
