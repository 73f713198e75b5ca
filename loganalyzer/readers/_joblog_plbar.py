"""A Lightning 1.x main progress bar that counts the validation batches too, for ``joblog``.

Lightning before 2.0 drew one bar per epoch whose total is the training batches PLUS the validation batches
(``Epoch 0:  85%|..| 34/40 [.., loss=215, v_num=0]``: 32 training + 8 validation batches), its counter running on
through the validation. NeMo's ASR examples print it, with ``ModelCheckpoint``'s ``Epoch 0, global step 32: 'val_wer'
reached 0.75625 ...`` after each epoch. Read as a bar, the counter was the step: training at 1..400 for 320 steps,
the frames drawn while validating (the training loss unchanged) 80 more training points at made-up steps (a newcomer
breaker's NeMo log).

``val_frames(hits, notes)``: where the checkpoint lines' global steps say K training steps an epoch (global step
(e + 1) x K at epoch e, the same K every epoch) and the bar's total is more than K, a frame past K is a validation
frame: only its validation values (the postfix's ``val_*``, drawn at the end of the validation) are kept, at the
epoch's last training step; training frames are at e x K + n. Said once.
"""
from __future__ import annotations

import re
from dataclasses import replace

_CKPT = re.compile(rb"(?m)^Epoch (\d+), global step (\d+): ")  # ModelCheckpoint's verbose line
_VAL = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test)(?:_|$)")


def _per_epoch(data) -> int | None:
    """The training steps an epoch the checkpoint lines' global steps give (None when they give none or differ)."""
    if data.find(b", global step ") < 0:
        return None
    seen = {int(m.group(1)): int(m.group(2)) for m in _CKPT.finditer(data)}
    per = {step / (epoch + 1) for epoch, step in seen.items()}
    if len(per) != 1:
        return None
    k = per.pop()
    return int(k) if k == int(k) and k > 0 else None


def val_frames(data, hits: list, notes: list, make) -> list:
    """``hits`` with a Lightning 1.x bar's validation frames reduced to their validation values (module docstring);
    ``make(hit, record)`` a hit with another record."""
    k = _per_epoch(data)
    if k is None:
        return hits
    bars = [h for h in hits if h.record.shape == "tqdm" and h.record.kind == "train" and h.record.epoch is not None
            and h.record.total and h.record.step is not None]
    totals = {h.record.total for h in bars}
    if len(totals) != 1 or (total := totals.pop()) <= k or not any(
            h.record.step - int(h.record.epoch) * total > k for h in bars):
        return hits
    ids = {id(h) for h in bars}
    out, frames = [], 0
    for h in hits:
        if id(h) not in ids:
            out.append(h)
            continue
        r, epoch = h.record, int(h.record.epoch)
        n = r.step - epoch * total
        if n <= k:
            out.append(make(h, replace(r, step=epoch * k + n, total=k, per_epoch=k)))
            continue
        frames += 1
        values = tuple((t, v) for t, v in r.values if _VAL.search(t))
        if values:
            out.append(make(h, replace(r, values=values, step=epoch * k + k, total=k, per_epoch=k)))
    if frames:
        notes.append(f"a Lightning bar of {total} batches an epoch counts {total - k} validation batches after the "
                     f"{k} training steps its checkpoint lines' global steps give: {frames} frames drawn while "
                     f"validating are no training points (their validation values at the epoch's last step)")
    return out
