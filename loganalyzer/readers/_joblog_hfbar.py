"""The bar step of an HF Trainer log dict printed in a tqdm stream (for ``_joblog_steps.resolve_steps``).

The Trainer moves its bar to the step (``ProgressCallback.on_step_end``), then logs (``on_log``): the dict belongs
to the bar's count drawn just before it. Printed with ``tqdm.write`` (the Trainer's own ``ProgressCallback``) the
bar is cleared first (``\\r<spaces>\\r``) and redrawn after the dict at the same count, so the bar drawn right after
the dict is its step (the bar before may be a draw or two stale). Printed by another writer between two draws
(LLaMA-Factory / trl scripts whose dicts reach the file after a bar line ended by a newline:
``| 10/300 [00:10<04:50,  1.02s/it]\\n{'loss': 1.8255, ..., 'epoch': 0.1}\\n\\r  3%| | 11/300 ..``) nothing is redrawn:
the bar after is the next step (loss read at 11, 21, ...; an evaluation, after its own 25/25 bar, at 101 instead of
100: a newcomer breaker's ``llamafactory_sft``). There the last draw of the same bar (its total) before the dict is
the step, where the bar after is one step on; where the next draw is a fresh bar's ``0/N`` (the evaluation
started right after the dict), the bar drawn before the dict.

The redraw after a ``tqdm.write`` draws every open bar, and an evaluation's dict has two: the evaluation's own
bar (``prediction_loop``'s, nested one line below, so its draw ends with the cursor-up ``ESC[A``), finished at
``N/N``, and the Trainer's training bar. tqdm draws them in either order; where the inner one comes first, its count
(the evaluation's batches) is no step of the run. ux67 F5: stdout of a second Trainer launch appended to a first
(transformers 5.x, 8 evaluation batches, 16 steps an epoch): ``...\r{'eval_loss': '14.38', ..., 'epoch': '1'}\n\n
\r100%|..| 8/8 [00:00<00:00,  8.48it/s]ESC[A\r  7%|..| 16/240 [...]`` put all five evaluations at "step 8"
(``lowest 3.035 at step 8, last logged 9.901 at step 8``) where they belong at 16, 32, 48, 64, 80. ``_outer``: the
first bar of the redraw's line not ended by ``ESC[A`` is the step; a line holding only inner bars keeps the first.
"""
from __future__ import annotations

import re

from ._progress_position import _BAR_N, bar_position

_CLEARED = re.compile(rb"\r[ \t]*(?:\x1b\[A)?[ \t]*(?:\r[ \t]*(?:\x1b\[A)?)*$")  # tqdm.write's clear before the dict
_BACK = 1 << 16  # how far back the training bar's last draw is looked for (an evaluation's bar drawn between)


def dict_bar(data, offset: int, end: int) -> tuple[int, int] | None:
    """(n, total) of the bar step of the dict at ``offset`` whose line ends at ``end`` (module docstring)."""
    after = bar_position(data[end:end + 600], first=True) if end >= 0 else None
    if after is None:
        return bar_position(data[max(0, offset - 600):offset])
    line = data.rfind(b"\n", max(0, offset - 4096), offset) + 1
    if _CLEARED.search(bytes(data[line:offset])) is not None:
        return _outer(data, end) or after  # tqdm.write: the redraw (the training bar, not the evaluation's)
    before = None
    for m in _BAR_N.finditer(data, max(0, offset - _BACK), offset):
        if int(m.group(2)) == after[1]:
            before = (int(m.group(1)), after[1])
    if before is not None and 0 <= after[0] - before[0] <= 1:
        return before
    if after[0] == 0:  # a fresh bar opened right after the dict (the evaluation's): the bar drawn before it
        return bar_position(data[max(0, offset - 600):offset]) or after
    return after


_DRAW = re.compile(rb"\|\s*(\d+)/(\d+)\s*\[[^\]\r\n]{0,120}\](\x1b\[A)?")


def _outer(data, end: int) -> tuple[int, int] | None:
    """(n, total) of the first bar drawn on the redraw's line after ``end`` (blank lines skipped) that is not a
    nested bar (its draw not ended by ``ESC[A``); None when the line draws no bar or only nested ones."""
    text = bytes(data[end:end + 600]).lstrip(b"\r\n")
    stop = text.find(b"\n")
    for m in _DRAW.finditer(text if stop < 0 else text[:stop]):
        if m.group(3) is None:
            return int(m.group(1)), int(m.group(2))
    return None
