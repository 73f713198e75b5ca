"""tqdm bars whose last postfix an epoch result line prints again (used by ``readers/joblog.py``).

A script that draws a tqdm bar per pass (``set_postfix(loss=.., iou=..)``) and then prints the epoch's result as
one line, under an ``Epoch [k/N]`` header (public polyp-segmentation ``trainlog.txt``)::

    Epoch [47/300]
    100%|████| 30/30 [09:59<00:00, 19.99s/it, loss=0.2, iou=0.368]
    100%|████| 8/8 [00:38<00:00,  4.82s/it, loss=0.262, iou=0.0779]
    loss 0.2002 - iou 0.3682 - val_loss 0.2619 - val_iou 0.0779

read the training bar's counter (30, 60, 90...) and the validation bar's (8, 38, 68...) as two interleaved
'training' curves beside the result lines' epochs, and their step jumps as a resumed session at every epoch. The
result line restates the bars' last values: the training bar's ``loss`` as ``loss``, the validation bar's ``loss``
as ``val_loss`` (at 4 decimals where the bar printed 3 significant digits). ``summarised_bars(hits)`` drops the
bars (every redraw) whose series such result lines hold, when the bars before most result lines end on the
line's values: the result lines are then the series, at their epochs. A result line printed before the first
``Epoch [k/N]`` header (the epoch the run resumed after) takes the epoch k - 1.
"""
from __future__ import annotations

from dataclasses import replace

from ._joblog_barepochs import restated_epoch_bars
from ._joblog_epochheader import _headers

_BARS = ("tqdm", "rich")
_VAL_PREFIXES = ("val_", "valid_", "validation_", "test_", "eval_")


def _same(a: float, b: float) -> bool:
    """``a`` and ``b`` the same value, one of them rounded to 3 significant digits or 4 decimals."""
    return abs(a - b) <= max(0.006 * max(abs(a), abs(b)), 6e-5)


def _base(tag: str) -> str:
    for p in _VAL_PREFIXES:
        if tag.startswith(p):
            return tag[len(p):]
    return tag


def _restated(bars: list, summary: dict) -> bool:
    """Every bar of the pass block ends on values the result line holds (under its own or a split's name)."""
    if not bars:
        return False
    for h in bars:
        vals = h.record.values
        if not any(all(p + t in summary and _same(v, summary[p + t]) for t, v in vals) for p in ("",) + _VAL_PREFIXES):
            return False
    return True


def summarised_bars(hits: list, data=None) -> list:
    """``hits`` without the bars that epoch result lines restate (see the module's docstring; the summaries with
    their own step: ``_joblog_barepochs``)."""
    if not any(h.record.shape in _BARS for h in hits):
        return hits
    hits = restated_epoch_bars(hits)
    summaries = [i for i, h in enumerate(hits) if h.record.shape not in _BARS and h.record.step is None
                 and any(t != _base(t) for t, _ in h.record.values) and any(t == _base(t) for t, _ in h.record.values)]
    if len(summaries) < 3:
        return hits
    matched, previous = 0, -1
    tags: set = set()
    for i in summaries:
        summary = dict(hits[i].record.values)
        block = [h for h in hits[previous + 1:i] if h.record.shape in _BARS and not h.transient]
        last = {}
        for h in block:  # each bar's last line (a newline-ended bar drawn once per pass)
            last[h.record.total] = h
        if _restated(list(last.values()), summary):
            matched += 1
        tags.update(_base(t) for t in summary)
        previous = i
    if matched < max(3, 0.8 * len(summaries)):
        return hits
    kept = [h for h in hits if not (h.record.shape in _BARS and all(_base(t) in tags for t, _ in h.record.values))]
    headers = _headers(data) if data is not None else []
    if headers:  # result lines before the first 'Epoch [k/N]' header: the epoch before it (a resumed run's last)
        before = [h for h in kept if h.offset < headers[0][0] and h.record.shape not in _BARS and h.record.step is None]
        if len(before) == 1 and headers[0][1] > 0:
            before[0].record = replace(before[0].record, step=headers[0][1] - 1)
    return kept
