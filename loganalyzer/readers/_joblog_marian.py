"""Marian NMT's training log (``joblog``): ``marian --log train.log`` or its stderr.

Marian (``src/training/scheduler.h``) prints, every ``--disp-freq`` updates,
``[2018-12-08 18:25:13] Ep. 32 : Up. 51000 : Sen. 391,818 : Cost 1.89849293 : Time 3973.15s : 11345.70 words/s :
L.r. 1.6803e-04`` (newer versions: ``Cost 2.48 * 1,234,567 @ 4,321 after 9,876,543``), and at every validation one
line per ``--valid-metrics`` entry, ``[valid] Ep. 42 : Up. 55000 : cross-entropy : 50.2476 : new best`` (or ``:
stalled 3 times (last best: 49.8)``). No line holds a ``loss`` word, and the log opens with ~150 ``[config]`` lines,
so it was "not read".

Read here: ``Up.`` (updates) is the step, ``Ep.`` the epoch; ``Cost`` the training loss (``cost``), ``L.r.`` the
learning rate (``learning_rate``); each ``[valid]`` metric a validation series ``val_<metric>`` (``val_cross_entropy``,
``val_perplexity``, ``val_translation`` -- the score of ``--valid-script-path``, BLEU in most setups).
"""
from __future__ import annotations

import re

from ._needle import needle_lines
from ._progress import Record

NEEDLE = b"Up. "
_TRAIN = re.compile(r"\bEp\. (\d+) :? ?Up\. (\d+) : Sen\. [\d,]+ : Cost ([-+\w.]+)(?P<rest>.*)")
_LR = re.compile(r": L\.r\. ([-+\w.]+)")
_VALID = re.compile(r"\[valid\] Ep\. (\d+) :? ?Up\. (\d+) : ([\w-]+) : ([-+\w.]+)")
_MAX = 1_000_000


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def marian_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every Marian training (``Ep. : Up. : Cost``) and ``[valid]`` line in ``data``."""
    out: list = []
    for start, text, rank, stamp in needle_lines(data, NEEDLE):  # a cut last line gives no point
        if len(out) >= _MAX:
            break
        if (m := _VALID.search(text)) is not None:
            value = _number(m.group(4))
            if value is not None:
                tag = "val_" + m.group(3).replace("-", "_")
                step = int(m.group(2))
                out.append((start, Record("marian", ((tag, value),), step=step, epoch=float(m.group(1)),
                                          kind="eval", rank=rank, time=stamp, own_step=True)))
        elif (m := _TRAIN.search(text)) is not None:
            cost = _number(m.group(3))
            if cost is None:
                continue
            values = [("cost", cost)]
            lr = _LR.search(m.group("rest"))
            if lr is not None and (rate := _number(lr.group(1))) is not None:
                values.append(("learning_rate", rate))
            out.append((start, Record("marian", tuple(values), step=int(m.group(2)), epoch=float(m.group(1)),
                                      rank=rank, time=stamp, own_step=True)))
    return out
