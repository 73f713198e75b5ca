"""A ProgressMeter's epoch averages where its per-batch values are noise (used by ``readers/joblog.py``).

pytorch/examples' ``ProgressMeter`` prints ``name value (running average)``; a crowd-counting trainer draws it as a
tqdm description redrawn with ``\\r`` every batch (public crowdcount68 ``train_alt_1.out``, batch size 1)::

    Epoch [0][1199/1200] Time/b 0.67 (1.21) Loss 42.9886 (241.515) :  100%|█████████▉| 1199/1200 [24:15<00:01, ..]

The per-batch MSE of one image swings from 20 to 800 within every epoch (thousands of points, no visible trend):
what the user reads is the running average, 241.5 at the end of epoch 0, 200.3 at the end of epoch 5.
``epoch_averages(data, hits)`` replaces the training meter lines with one point per epoch -- the running averages
of the epoch's last printed line, at that line's step -- when the log holds ``MIN_EPOCHS`` or more epochs and the per-batch
loss is noise: its batch-to-batch jumps within an epoch (median over epochs of median |v[i] - v[i-1]| / median v)
are at least ``NOISY`` of its level. A meter whose batch values follow a curve, however steep (ImageNet's loss of
256-image batches jumps a few percent), keeps every batch.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import replace

from ._progress import NUMBER

NOISY = 0.3
MIN_EPOCHS = 5  # fewer epochs keep their batches: 2 averages would hide a whole curve (a breaker's 2 x 5,000 batches)
_PAIR = re.compile(r"([A-Za-z][\w@/]*(?: [A-Za-z][\w@]*)*)\s+(" + NUMBER + r")\s+\(\s*(" + NUMBER + r")\s*\)")


def _text(data, offset: int) -> str:
    end = len(data)
    for stop in (b"\r", b"\n"):
        at = data.find(stop, offset, offset + 4096)
        if at >= 0:
            end = min(end, at)
    return bytes(data[offset:min(end, offset + 4096)]).decode("utf-8", "replace")


def _roughness(values: list[float]) -> float | None:
    """The batch-to-batch jump of ``values`` against their level: median |v[i] - v[i-1]| / median |v| (a curve
    falling steeply but smoothly jumps little; one image's loss after another's jumps by about its own size)."""
    if len(values) < 5:
        return None
    level = statistics.median(abs(v) for v in values)
    return statistics.median(abs(b - a) for a, b in zip(values, values[1:])) / level if level else None


def epoch_averages(data, hits: list) -> list:
    """``hits`` with the meter's per-batch training lines replaced by its epoch averages (module docstring)."""
    meter = [h for h in hits if h.record.shape == "meter" and h.record.kind == "train" and h.record.epoch is not None]
    if len(meter) < 10:
        return hits
    epochs: dict = {}
    for h in meter:
        epochs.setdefault(h.record.epoch, []).append(h)
    if len(epochs) < MIN_EPOCHS:
        return hits
    loss = next((t for t, _ in meter[0].record.values if "loss" in t.lower()), None)
    if loss is None:
        return hits
    spreads = [s for group in epochs.values()
               if (s := _roughness([v for h in group for t, v in h.record.values if t == loss])) is not None]
    if not spreads or statistics.median(spreads) < NOISY:
        return hits
    lasts = {}
    for group in epochs.values():
        last = group[-1]
        names = {t for t, _ in last.record.values}
        averages = tuple((k, float(avg)) for k, _, avg in _PAIR.findall(_text(data, last.offset)) if k in names)
        if not any(t == loss for t, _ in averages):
            return hits  # no running average printed: nothing to prefer
        lasts[id(last)] = averages
    drop = {id(h) for h in meter} - set(lasts)
    out = []
    for h in hits:
        if id(h) in drop:
            continue
        if id(h) in lasts:
            h.record = replace(h.record, values=lasts[id(h)])
        out.append(h)
    return out
