"""An evaluation banner naming the step it evaluates (used by ``readers/joblog.py``).

A language-model loop prints ``----- eval @ step 64 -----`` and then the evaluation's line, ``valid | lm_loss 0.3823 |
ppl 1.466``, which prints no step of its own: it was placed at the last training line's step (60, 120, 190, ..: the
training printed every 10 steps), not at the step the banner names (64, 128, 192, ..; a newcomer breaker's log). A
step-less evaluation line whose nearest non-blank line before it (within ``_LOOK_BACK`` lines, its logging prefix
removed) is such a banner -- a split word, then ``@`` or ``at``, then ``step``/``iter``/``iteration`` and a number,
and nothing that reads as a value -- stands at that step.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress import clean

_BANNER = re.compile(r"[\W_]*(?:eval|evaluation|evaluating|validation|validating|valid|val|test|testing)\w*\s*"
                     r"(?:@|at)\s*(?:global\s+)?(?:step|iter|iteration)\s*[:#]?\s*(\d{1,12})[\W_]*", re.IGNORECASE)
_LOOK_BACK = 3
_BRACKETS = re.compile(r"^(?:\[[^\]]{0,40}\]\s*)+")


def _banner_step(data, start: int) -> int | None:
    end = start - 1
    for _ in range(_LOOK_BACK):
        if end <= 0:
            return None
        begin = data.rfind(b"\n", 0, end) + 1
        line = bytes(data[begin:end]).strip()
        if line:
            m = _BANNER.fullmatch(_BRACKETS.sub("", clean(line)[0]))  # ('[11/30 22:01:00] ----- eval @ ..')
            return int(m.group(1)) if m is not None else None
        end = begin - 1
    return None


def eval_at_banners(data, hits: list) -> list:
    """``hits`` with each step-less evaluation under such a banner at the banner's step (module docstring)."""
    if not any(h.record.kind == "eval" and h.record.step is None for h in hits) or data.find(b"@") < 0 \
            and data.find(b" at ") < 0:
        return hits
    out = []
    for h in hits:
        r = h.record
        if r.kind == "eval" and r.step is None and r.epoch is None:
            start = data.rfind(b"\n", 0, h.offset) + 1
            step = _banner_step(data, start)
            if step is not None:
                h = replace(h, record=replace(r, step=step, own_step=True))
        out.append(h)
    return out
