"""VITS-family training logs (used by ``readers/_joblog_scan.py``): an unnamed Python list of losses after a header.

jaywalnut310/vits ``train.py`` and the projects built on it (svc-develop-team/so-vits-svc 3.x/4.x, MB-iSTFT-VITS,
Bert-VITS2, RVC...) log every ``log_interval`` steps::

    logger.info('Train Epoch: {} [{:.0f}%]'.format(epoch, 100. * batch_idx / len(train_loader)))
    logger.info([x.item() for x in losses] + [global_step, lr])

so a line ``Train Epoch: 12 [56%]`` is followed by ``[2.33, 2.69, 15.84, 28.66, 2.46, 240, 9.99e-05]``: the losses,
unnamed, then the global step and the learning rate. The losses are named as the source names its list:
``losses = [loss_disc, loss_gen, loss_fm, loss_mel, loss_dur, loss_kl]`` in VITS (6), the same without ``loss_dur``
in so-vits-svc (5: no duration predictor), with ``loss_subband`` after them in MB-iSTFT-VITS (7); a list of any
other length keeps its order as ``loss_0``, ``loss_1``... (one value: ``loss``). Nothing was read: no line names a
loss, and the head (a config dict, then these lines) was no progress to discovery (public svc-cat147, svc-dodo147,
svc-wsy147 ``train.log``). A resumed training prints a step at or below one already printed (its checkpoint's):
those points are the new session's, as the reader's rule for a step that goes back has it. Discovery knows such a
head by the header followed by a list ending in a whole step and a rate (``_joblog_names``).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_HEADER = re.compile(rb"Train Epoch: (\d+) \[(\d+)%\]")
_LIST = re.compile(r"\[\s*(" + NUMBER + r"(?:\s*,\s*" + NUMBER + r")*)\s*\]\s*$")
_NAMES = {
    5: ("loss_disc", "loss_gen_adv", "loss_fm", "loss_mel", "loss_kl"),
    6: ("loss_disc", "loss_gen_adv", "loss_fm", "loss_mel", "loss_dur", "loss_kl"),
    7: ("loss_disc", "loss_gen_adv", "loss_fm", "loss_mel", "loss_dur", "loss_kl", "loss_subband"),
}


def _names(count: int) -> tuple[str, ...]:
    return _NAMES.get(count) or (("loss",) if count == 1 else tuple(f"loss_{i}" for i in range(count)))


def vits_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every loss list printed after a ``Train Epoch: N [P%]`` header, or None when ``data``
    holds no such pair (module docstring)."""
    if data.find(b"Train Epoch: ") < 0:
        return None
    out: list[tuple[int, Record]] = []
    for m in _HEADER.finditer(data):
        start = data.find(b"\n", m.end())
        if start < 0:
            break
        end = data.find(b"\n", start + 1)
        line = bytes(data[start + 1:size if end < 0 else end]).decode("utf-8", "replace").rstrip("\r")
        found = _LIST.search(line)
        if found is None:
            continue
        values = [float(v) for v in found.group(1).split(",")]
        if len(values) < 3 or not values[-2].is_integer() or values[-2] < 0:
            continue
        pairs = tuple(zip(_names(len(values) - 2), values[:-2])) + (("lr", values[-1]),)
        out.append((start + 1, Record("vits", pairs, step=int(values[-2]), epoch=float(m.group(1)), own_step=True)))
    return out or None
