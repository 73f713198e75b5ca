"""A block of the best result so far under a symbol-framed banner (used by ``readers/joblog.py``): no point.

A change-detection trainer (public rscd181, a LEVIR-CD baseline logging with loguru) prints after each validation
that improved::

    2025-04-07 19:52:27.603 | INFO | trainer.BaseTransformerTrainer:update_best_result:60 - >>>>>>>>>>>>>BEST RESULT<<<<<<<<<<<<<<
    2025-04-07 19:52:27.604 | INFO | trainer.BaseTransformerTrainer:update_best_result:65 - acc: 0.7757, miou: 0.4597, mf1: 0.5667
    2025-04-07 19:52:27.604 | INFO | trainer.BaseTransformerTrainer:update_best_result:66 - iou_0: 0.7662, F1_0: 0.8676, F1_1: 0.2658

and, on the later epochs, the same block again with the best epoch's values while the validation got worse. Its
lines name no step and no split, so they were read at the epoch's step with the training's names: the training's
``acc``/``miou``/``iou_0`` became the mean of the training's value and the best validation's. Step-less lines right
under a banner (a line of a phrase between runs of one symbol: ``>``/``<``/``=``/``*``/``#``/``~``/``-``) naming
``best`` -- the consecutive lines from the banner on, banners and such lines only -- are a restated best: left out,
with one line saying so.

A plain header naming the best epoch is such a banner too: STAEformer's ``train.py`` prints after early stopping
``Best at epoch 48:`` then ``Train Loss = 12.21681``, ``Train RMSE = .., MAE = ..``, ``Val Loss = 13.22100``
(public staeformer-josh220 x3: read at the last epoch's step, a second point of ``Train_Loss``/``Val_Loss`` there,
the best epoch's values beside the last's). A line that is only ``Best (at) epoch N:`` (``_BEST_HEAD``) opens the
block the same way; a value line no point was read from (``Train RMSE = 22.13, MAE = 12.48, ..``) does not end it.
"""
from __future__ import annotations

import re

from ._linespans import Lines
from ._progress import clean

_BANNER = re.compile(r"[<>=*#~-]{3,}[^<>=*#~\d]*[<>=*#~-]{3,}")
_BEST = re.compile(r"(?i)\bbest\b")
_BEST_HEAD = re.compile(r"(?i)best (?:at |in )?epoch(?: is)?[ :=]*\d+ *:?")
_VALUE_LINE = re.compile(r"[A-Za-z][\w ]{0,40}[=:] *[-+]?\d[\d.eE+-]*(?:, *[A-Za-z][\w ]{0,40}[=:] *[-+]?\d[\d.eE+-]*)*")
_LOOK_BACK = 12
_MAX_BANNER = 1000  # bytes: a banner line (its logging prefix too) is short


def drop(data, hits: list, notes: list) -> list:
    """``hits`` (``joblog._Hit``) less the step-less lines of a best-result block (module docstring). Each line is
    found and decoded once (``_linespans.Lines``), its verdict kept: linear in the file, however many hits a line
    holds (a tqdm bar's redraws)."""
    if not hits or data.find(b"BEST") < 0 and data.find(b"Best") < 0 and data.find(b"best") < 0:
        return hits
    lines = Lines(data)
    starts = {lines.span(h.offset)[0] for h in hits}
    out, dropped, under, banners = [], 0, {}, {}
    for h in hits:
        if h.record.step is None and h.record.epoch is None:
            start = lines.span(h.offset)[0]
            if start not in under:
                under[start] = _under_best(lines, start, starts, banners)
            if under[start]:
                dropped += 1
                continue
        out.append(h)
    if dropped:
        notes.append(f"{dropped} line(s) under a best-result banner ('>>>BEST RESULT<<<', 'Best at epoch N:') restate an earlier "
                     "evaluation's values: no points")
    return out


def _under_best(lines: Lines, start: int, starts: set, banners: dict) -> bool:
    """Whether the line at ``start`` follows, line by line through banners and value lines only, a banner naming
    ``best``. ``banners``: line start -> None (no banner), False (a banner), True (a banner naming best or a best
    header), "value" (a value line, read or not), kept."""
    for _ in range(_LOOK_BACK):
        if start <= 0:
            return False
        begin, end = lines.span(start - 1)
        if begin not in banners:  # a line longer than _MAX_BANNER is no banner (never decoded)
            text = "" if end - begin > _MAX_BANNER else clean(bytes(lines.data[begin:end]).strip())[0].strip()
            banners[begin] = (_BEST.search(text) is not None) if _BANNER.fullmatch(text) else \
                (True if _BEST_HEAD.fullmatch(text) else "value" if _VALUE_LINE.fullmatch(text) else None)
        kind = banners[begin]
        if kind is True:
            return True
        if kind is None and begin not in starts:
            return False
        start = begin
    return False
