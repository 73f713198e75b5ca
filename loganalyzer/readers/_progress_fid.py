"""A GAN's ``Epoch 1: FID = 125.00`` line (moved out of ``_joblog_scan``, unchanged): ``FID`` at that epoch."""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean

_FID = re.compile(r"(?i)^\W*(?:epoch\s*[:#]?\s*(\d+)(?:\s*/\s*\d+)?\W+)?(fid)\s*[:=]?\s*(" + NUMBER + r")\s*$")


def fid_line(raw: bytes) -> Record | None:
    """``Epoch 1: FID = 125.00`` (a GAN's sample quality after each epoch, lower is better): ``FID`` at that epoch,
    an evaluation (a newcomer breaker's DCGAN log: dropped in silence beside the ``Loss_D``/``Loss_G`` lines)."""
    m = _FID.match(clean(raw)[0])
    if m is None:
        return None
    epoch = float(m.group(1)) if m.group(1) else None
    return Record("kv", (("FID", float(m.group(3))),), epoch=epoch, kind="eval")
