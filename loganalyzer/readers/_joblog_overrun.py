"""A tqdm bar redrawn past its total (used by ``readers/_joblog_steps.resolve_steps``).

tqdm draws a bar whose ``n`` went past its ``total`` without the total: ``{desc}: {n}it [{elapsed}, {rate}{postfix}]``.
A loop over a dataloader longer than the ``total=`` it gave the bar (public hyunjun06/MusicStruct
``train_MuSBoD.out``: ``Epoch 1: 100%|...| 14/14 [..., loss=88]`` then ``Epoch 1: 19it [05:01, 16.40s/it,
loss=86.7]``) prints such a redraw last in each epoch. Read alone it is a line naming only its epoch; beside the
bar's per-step redraws the job-log reader took it for the epoch's summary, a series ``loss_epoch`` of the last
batch's postfix values (86.7 .. 98.6, not the epoch means ``Epoch N Loss: X`` prints). They are the same bar's
redraws at iterations 15..19, past the total its axis is counted in (epoch 2 starts at 15): they have no step on it,
and are left out with a line saying so (the bar's points up to its total and the printed epoch means stay).
"""
from __future__ import annotations

import re

_COUNT_BAR = re.compile(rb"(?:^|[\r\n])[^\r\n]*?:?\s*\d+it \[\d[\d:]*(?:,|\])")


NOTE = ("{n} redraw(s) of a tqdm bar past its total ('{line}': the loop ran longer than the bar's total=) have no "
        "step on the bar's axis; left out (not an epoch summary)")


def overrun_redraws(data, hits: list, notes: list | None = None) -> None:
    """Total-less redraws of a bar that had a total, in a log of such bars, left out (module docstring); in place."""
    bar_epochs = {h.record.epoch for h in hits if h.record.shape == "tqdm" and h.record.total} - {None}
    if not bar_epochs:
        return
    out, first = set(), None
    for h in hits:
        r = h.record
        if r.shape != "kv" or r.epoch is None or r.epoch not in bar_epochs or r.own_step or r.step != int(r.epoch):
            continue
        end = data.find(b"\n", h.offset, h.offset + 4096)
        cut = data.find(b"\r", h.offset, end if end >= 0 else h.offset + 4096)
        line = bytes(data[max(0, h.offset - 1):(cut if cut >= 0 else end if end >= 0 else h.offset + 4096)])
        if _COUNT_BAR.match(line) is not None:
            out.add(id(h))
            first = first or line.strip().decode("utf-8", "replace")[:80]
    if out:
        hits[:] = [h for h in hits if id(h) not in out]
        if notes is not None:
            notes.append(NOTE.format(n=len(out), line=first))
