"""An evaluation's own step, printed on the phase header above its lines (used by ``readers/joblog.py``).

A U-Net trainer (public howdrox/MRI-Analysis ``report/1-train_7_epochs.md``, forty-fourth labeller's set) prints
``epoch 1, phase train, step 200, loss_train, 0.540`` every 10 steps, then ``epoch 1, phase valid, total step 208``
and the evaluation's lines ``epoch 1 | val_loss: 0.7647`` / ``epoch 1 | val_dsc: 0.7147``. The header holds no value,
so it was no progress line and the evaluation took the step of the line before, the last printed training step (200,
410, 620...) instead of the step the file gives (208, 416, 624...). An evaluation line with no step of its own (kind eval, or every value named by a validation split: ``epoch 1 |
val_loss``, whose epoch is no step), under
a header ``phase <val|valid|validation|eval|test|dev>, [total|global] step N`` printed after the last training line
before it, is placed at N.
"""
from __future__ import annotations

import re

_NEEDLE = b"phase"
_SPLIT = re.compile(r"(?i)(?:^|[_/\s])(?:val|valid|validation|eval|evaluation|test|dev)(?:$|[_/\s])")
_HEADER = re.compile(rb"\bphase[ \t:=]+(?:val|valid|validation|eval|evaluation|test|dev)\b[ \t,;|]+"
                     rb"(?:(?:total|global)[ \t_]+)?steps?[ \t:=]+(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def header_steps(data, hits: list) -> None:
    """Each evaluation hit without a printed step, under a validation phase header (module docstring), placed at the
    header's step (``hits`` steps resolved; changed in place)."""
    if data.find(_NEEDLE) < 0:
        return
    last_train = 0
    for h in hits:
        r = h.record
        evaluation = r.kind == "eval" or (r.values and all(_SPLIT.search(tag) for tag, _ in r.values))
        if not evaluation:
            if r.kind == "train":
                last_train = h.offset
            continue
        if r.own_step:  # its own 'step N' printed
            continue
        found = None
        for found in _HEADER.finditer(data, last_train, h.offset):
            pass
        if found is not None:
            h.step = int(found.group(1))


# 'Display training progress at (epoch 10, total_steps 2560)' / 'Display validation results at (epoch 50,
# total_steps 12800)' (public rhgao/Deep-MIML-Network train.py, deepmiml68 train.log): the step on a header of its own
_DISPLAY = re.compile(rb"(?m)^[^\n]{0,80}?\(epoch:?[ \t]*(\d+),[ \t]*(?:total_steps|total steps|iters|iterations)"
                      rb":?[ \t]*(\d+)\)[ \t:]*\r?$")
_DISPLAY_NEEDLE = b"(epoch"


def display_steps(data, hits: list) -> None:
    """Each hit printing no step of its own under a ``... at (epoch N, total_steps M)`` header line (with nothing
    but step-less lines between) placed at M, its epoch N: the lines a display block prints below its header (the
    loss, then 'validation loss is: ..') took their ordinals for steps (1..154 instead of 2560..). Changed in place."""
    if data.find(_DISPLAY_NEEDLE) < 0:
        return
    _place_under([(m.start(), int(m.group(2))) for m in _DISPLAY.finditer(data)], hits)


def _place_under(heads: list[tuple[int, int]], hits: list) -> None:
    """Each hit with no step of its own after a header (offset, step) of ``heads`` placed at that header's step, up
    to the next header or a hit printing its own step (the header's block is over). Needs two or more headers."""
    if len(heads) < 2:
        return
    k, current = 0, None
    for h in hits:
        while k < len(heads) and heads[k][0] < h.offset:
            current, k = heads[k], k + 1
        r = h.record
        if r.own_step or r.step is not None:
            current = None
            continue
        if current is not None:
            h.step = current[1]


# 'Step  8201 | Time: 3:45:59' alone on a line between rules, the step's values on the lines below it ('Current
# Loss:    0.1256', 'EMA Loss: ..', 'Learning Rate: ..'): public s12decoder107 training_logs.txt, whose 350 blocks
# read at steps 1..349 (their ordinals) instead of 8201..8548
_BANNER = re.compile(rb"(?m)^[ \t]*(?:global[ \t_]+)?step[ \t:]*(\d+)[ \t]*(?:\|[^\n]*)?\r?$", re.IGNORECASE)
_BANNER_NEEDLE = re.compile(rb"(?i)step")


def banner_steps(data, hits: list) -> None:
    """Each hit printing no step of its own below a ``Step N`` banner line (``Step N | Time: ..``; nothing else on
    it but what follows a bar) placed at N, up to the next banner. Needs two or more banners. Changed in place."""
    if _BANNER_NEEDLE.search(data[:65536]) is None:
        return
    _place_under([(m.start(), int(m.group(1))) for m in _BANNER.finditer(data)], hits)
