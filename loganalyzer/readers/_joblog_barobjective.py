"""A tqdm bar whose postfix is the log's only record of the objective, named by an abbreviation (used by
``_joblog_costnamed.ce_named_only``, a fallback of ``readers/joblog.py`` for logs with no line naming a loss).

dome272/Diffusion-Models-pytorch's ``train()`` (a much-forked DDPM tutorial) draws one bar per epoch,
``pbar.set_postfix(MSE=loss.item())``, and prints no loss line: public ddpmcond228 ``ddpm_train-41547093.out``, a
SLURM stdout of 211 KB, is 15 lines, the bar's 1,563 redraws on one 199,184-byte line (``\\r`` between them,
``Epoch 1/1:  42%|.. | 650/1563 [01:39<02:11, 6.93it/s, MSE=0.0395]``), then the sampler's bars. The fallback read
newline-ended lines only (an epoch's summary line, CE's ``Train - CE: 0.1454``) and found the bar's one closing draw:
no series (`unknown`). Here every segment holding a needle is parsed, redraws too -- sampled evenly to at most
``MAX_FRAMES`` (``_joblog_scan.MAX_TRANSIENTS``, the main pass's bound) -- and only bar records (tqdm, Rich) kept:
the joblog reader then treats them as it treats any bar's redraws (the last value at a step).
"""
from __future__ import annotations

from ._joblog_scan import MAX_TRANSIENTS, _Hit, _segment_bounds

MAX_FRAMES = MAX_TRANSIENTS
_BARS = ("tqdm", "rich")


def bar_frames(data, size: int, needles: tuple, parse) -> list:
    """The hits of the bar draws holding any of ``needles`` that ``parse`` reads (``Record`` or None), in file
    order; redraws sampled evenly to about ``MAX_FRAMES``, newline-ended draws all kept."""
    found = sum(data.count(n) for n in needles) if hasattr(data, "count") else 0
    stride = max(1, -(-found // MAX_FRAMES))
    jump = (size // found) * (stride - 1) if found else 0  # bytes skipped after a kept redraw
    hits: dict[int, _Hit] = {}
    for needle in needles:
        pos = 0
        while (p := data.find(needle, pos)) >= 0:
            start, end, transient = _segment_bounds(data, p, size)
            pos = end + 1
            if start in hits:
                continue
            record = parse(data[start:end])
            if record is not None and record.shape in _BARS:
                hits[start] = _Hit(start, record, transient)
                if transient:
                    pos += jump
    return [hits[o] for o in sorted(hits)]
