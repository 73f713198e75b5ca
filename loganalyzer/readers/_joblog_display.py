"""The lines of ``Display ... at (epoch N, total_steps M)`` blocks, named by the block (used by ``readers/joblog.py``).

Deep-MIML-Network's ``train.py`` (public deepmiml68 ``train.log``) prints, every display_freq epochs and every
validation_freq epochs::

    Display training progress at (epoch 50, total_steps 12800)
    loss: 0.8111866593360901
    mAP: 0.19111111111111118
    end of display

    Display validation results at (epoch 50, total_steps 12800)
    validation mAP is: 0.3333333333333333
    validation loss is: 0.6703134775161743
    end of display

Only the lines naming a loss were read (the scan looks for ``oss``): the mAP of both blocks was lost, and the
validation loss came out as ``validation_loss_is``. ``display_blocks(data, hits)`` reads every ``name: value`` /
``name is: value`` line of such a block (a header saying ``Display``/``progress``/``results``; up to its ``end of display`` line, a blank line or the next header), named
as the block says: a validation block's names without their ``validation`` word and with ``val_`` (``val_loss``,
``val_mAP``), a training block's as printed (``loss``, ``mAP``). ``_joblog_phasestep.display_steps`` then places each at
the header's M. Nothing changes unless two or more such headers are printed.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record
from ._joblog_phasestep import _DISPLAY, _DISPLAY_NEEDLE

_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z0-9@_ ]{0,40}?)(?:[ \t]+is)?[ \t]*:[ \t]*(" + NUMBER + r")[ \t]*$")
_END = re.compile(rb"^[ \t]*end of display\b", re.IGNORECASE)
_EVAL_HEAD = re.compile(rb"\b(?:validation|valid|val|eval|evaluation|test)\b", re.IGNORECASE)
_SPLIT_WORD = re.compile(r"^(?:validation|valid|val|eval|evaluation)[ _]+", re.IGNORECASE)
_TIMING = re.compile(r"(?i)\btime\b")  # 'average forward time: 0.186' (--measure_time): no series
_SHOWN = re.compile(rb"(?i)\b(?:display(?:ing)?|progress|results?)\b")  # a header showing values below it
_MAX_LINES = 12


def _name(key: str, evaluation: bool) -> str:
    key = key.strip()
    if evaluation:
        key = "val_" + _SPLIT_WORD.sub("", key)
    return re.sub(r"\s+", "_", key)


def display_blocks(data, hits: list, make) -> list:
    """``hits`` with each display block's lines read as the module's docstring says; ``make(offset, record)`` builds
    a hit."""
    if data.find(_DISPLAY_NEEDLE) < 0:
        return hits
    heads = list(_DISPLAY.finditer(data))
    if len(heads) < 2:
        return hits
    found: dict[int, Record] = {}  # line offset -> record
    size = len(data)
    for m in heads:
        if _SHOWN.search(data, m.start(), m.start(1)) is None:
            continue  # 'saving the latest model (epoch 300, total_steps 96000)': no block below it
        evaluation = _EVAL_HEAD.search(data, m.start(), m.start(1)) is not None
        pos = data.find(b"\n", m.end())
        for _ in range(_MAX_LINES):
            if pos < 0 or pos + 1 >= size:
                break
            start = pos + 1
            end = data.find(b"\n", start)
            end = size if end < 0 else end
            line = bytes(data[start:end]).rstrip(b"\r")
            if not line.strip() or _END.match(line) or _DISPLAY.match(line):
                break
            lm = _LINE.match(line.decode("utf-8", "replace"))
            if lm is not None and not _TIMING.search(lm.group(1)):
                found[start] = Record("kv", ((_name(lm.group(1), evaluation), float(lm.group(2))),),
                                      step=int(m.group(2)), epoch=float(m.group(1)),
                                      kind="eval" if evaluation else "train", own_step=True)
            pos = end
    if not found:
        return hits
    kept = []
    for h in hits:
        start = data.rfind(b"\n", 0, h.offset) + 1
        if start in found:
            continue  # read again below, named by its block
        kept.append(h)
    kept.extend(make(offset, record, record.step) for offset, record in found.items())
    kept.sort(key=lambda h: h.offset)
    return kept
