"""``Iteration N:`` lines of ``name:value`` pairs with no space after the colon, naming no loss (used by
``readers/joblog.py`` when no line names a loss).

CyCADA's adversarial adaptation (judyhoffman/cycada_release ``scripts/train_fcn_adda.py``) logs every 10 iterations
``info_str = 'Iteration {}: '.format(iteration)`` then ``'  domacc:{:0.1f}  D:{:.3f}'``, ``'  G:{:.3f}'``,
``'  clsS:{:.2f}'``, ``'  clsT:{:.2f}'`` and ``'  acc:{:0.2f}  mIoU:{:0.2f}'`` (the discriminator's domain
accuracy, its loss ``D``, the generator's ``G``, the source and target classification losses, the target batch's
accuracy and mean IoU), through a logger that colours its level name (public cycada166 ``job.out``: ``[2022-11-14
10:12:55,507] \\x1b[32mINFO    \\x1b[0m Iteration 20:  domacc:55.5  D:0.855 G:1.544 clsS:1.95 ...``; a line without
``G``/``clsS`` where that iteration's generator step did not run). No pair is named ``loss`` and none has a space
after its colon, so the 202 lines were read as nothing. Read here: each such line (at least ``MIN_PAIRS`` pairs,
``MIN_LINES`` lines) as a training record at step N, the names as printed; a line's colour codes are passed over.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._iterpairs_head import _ANSI, _LINE, MIN_LINES
from ._number import NUMBER

if TYPE_CHECKING:  # the parser only where a log is read: discovery imports ``looks`` from ``_iterpairs_head``
    from ._progress import Record

_PAIR = re.compile(rb"([A-Za-z][\w@]{0,30}):(" + NUMBER.encode() + rb")")


def iteration_pairs_only(data, hit) -> list:
    """The hits (``hit(offset, record)``) of a log of such lines (module docstring), or []."""
    if data.find(b"Iteration ") < 0:
        return []
    from ._progress import Record

    text = bytes(data)
    colour = b"\x1b[" in text
    lines = [(m.start(), _ANSI.sub(b"", m.group(0)) if colour else m.group(0))  # (offset, line without colours)
             for m in re.finditer(rb"(?m)^[^\n]*Iteration [^\n]*$", text)]
    out = []
    for offset, line in lines:
        m = _LINE.match(line)
        if m is None or b"oss" in m.group(2):
            continue
        values = tuple((k.decode(), float(v)) for k, v in _PAIR.findall(m.group(2)))
        out.append(hit(offset, Record("kv", values, step=int(m.group(1)), own_step=True)))
    return out if len(out) >= MIN_LINES else []
