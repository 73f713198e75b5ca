"""MetricLogger's ``Averaged stats:`` line after an epoch's iteration lines (used by ``readers/joblog.py``)::

    Epoch: [0/100]  [1561/1562]  eta: 0:00:00  loss: 7.230438 (9.531198)  lr: 0.000012 (0.000006)  wd: 0.040088 (0.040030)  time: 0.514709  data: 0.000200  max mem: 11482
    Epoch: [0/100] Total time: 0:13:11 (0.506737 s / it)
    Averaged stats: loss: 7.230438 (9.531198)  lr: 0.000012 (0.000006)  wd: 0.040088 (0.040030)

(public SongxiYoung/dino-main ``train.out``; DINO/DeiT/MAE's ``train_one_epoch`` ends with
``metric_logger.synchronize_between_processes(); print("Averaged stats:", metric_logger)``). The line is
``str(metric_logger)``, the same meters the epoch's last iteration line printed (MetricLogger always prints the last
iteration), so it has no step of its own and was read as a second point at that line's step, a duplicate of every
series once an epoch. The per-iteration point is kept (the curve's own resolution) and the ``Averaged stats:`` line,
when every value it names equals that line's, is dropped; one whose values differ is left to the other rules.
"""
from __future__ import annotations

from ._linestart import line_start

_HEAD = b"Averaged stats:"


def drop_averaged_stats(data, hits: list, notes: list) -> list:
    """``hits`` less each step-less ``Averaged stats:`` line restating the last stepped line's values."""
    if data.find(_HEAD) < 0:
        return hits
    out, last, dropped = [], None, 0
    for h in hits:
        r = h.record
        if r.step is not None:
            last = dict(r.values)
        elif last is not None and r.values and r.epoch is None:
            start = line_start(data, h.offset, max(0, h.offset - 4096))
            if data.find(_HEAD, start, h.offset + len(_HEAD)) >= 0 and all(last.get(t) == v for t, v in r.values):
                dropped += 1
                continue
        out.append(h)
    if dropped:
        notes.append(f"{dropped} MetricLogger 'Averaged stats:' line(s) restating the epoch's last iteration line: "
                     "that line's point kept, no second point at its step")
    return out
