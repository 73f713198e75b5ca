"""Epoch blocks of the skeleton-action trainers' ``print_log`` (used by ``readers/joblog.py``).

ST-GCN (github.com/yysijie/st-gcn, ``torchlight/io.py`` ``IO.print_log`` and ``processor/recognition.py``) prints,
each line after a ``[%m.%d.%y|%X] `` time prefix::

    Training epoch: 0
    \tIter 0 Done. | loss: 1.4824 | lr: 0.010000      (every ``log_interval`` iterations, a global counter)
    \tmean_loss: 0.93
    Time consumption:
    Done.
    Eval epoch: 4
    \tmean_loss: 5.99
    \tTop1: 0.00%
    \tTop5: 0.00%

Its lineage (2s-AGCN, MS-G3D, CTR-GCN: ``[ Wed Mar  1 10:00:00 2023 ] `` prefix) prints ``Training epoch: 1`` /
``\tMean training loss: 1.2345.  Mean training acc: 63.21%.`` / ``Eval epoch: 1`` / ``\tMean test loss of 796
batches: 1.0542.`` / ``\tTop1: 69.39%``. The values name no step: the loss scan met the ``mean_loss`` lines, saw the
stepped ``Iter`` lines beside them and left them out as bare prints, so a 62-launch log was read as 11 runs of the
few ``Iter`` points. Here each tab-indented ``name: value`` under a header is at the header's epoch, ``train_<name>``
under ``Training epoch`` and ``val_<name>`` under ``Eval epoch`` (names already naming a split keep theirs); ``nan``
and ``inf`` are kept. The ``Iter`` lines, single-batch samples on another (iteration) axis, are left out with a note. Up to
three lines of another kind inside a block are passed over: the epoch's tqdm bar and the eval's bare print (public
tegcn125 ``训练日志.txt``, TE-GCN: ``Training epoch: 1`` / `` 0%|  | 0/513 [...]`` / ``\tMean training loss:
4.6548.``, and ``Accuracy:  0.037 Best 0.037 ep 0  model:  runs/2102`` before ``\tMean test loss of 63 batches``:
the blocks were read as nothing, the time prefix as a series ``Fri_Oct``).
"""
from __future__ import annotations

import bisect
import re

from ._lazy import lazy_re
from ._joblog_ending import _count_lines
from ._progress import NUMBER, Record, to_float

_PREFIX = r"(?:\[[^\]\n]{1,40}\]\s?)?"
_HEADER = lazy_re(rb"(?m)^" + _PREFIX.encode() + rb"(Training|Eval) epoch: (\d+)\r?$")
_VALUE_LINE = lazy_re(_PREFIX + r"\t+(.*?)\s*")
_PAIR = lazy_re(r"([A-Za-z][A-Za-z0-9_ ]*?)(?: of \d+ batches)?\s*:\s*(" + NUMBER + r"|[-+]?(?:nan|inf))%?"
                   r"(?=[.\s|,]|$)", re.IGNORECASE)
_ITER = lazy_re(r"Iter \d+ Done\.")
_SPLIT = lazy_re(r"(?i)\b(?:train|training|val|test|eval)")
_MAX_LINES = 8  # value lines read under one header
# a line inside a block that is neither a value line nor prefixed by the time: the epoch's tqdm bar, the eval's own
# print ('Accuracy:  0.037 Best 0.037 ep 0  model:  runs/2102'); a header or a prefixed line ends the block
_ASIDE = lazy_re(r"\s*(?!\[)(?!(?:Training|Eval) epoch: )\S")
_MAX_SKIPPED = 3
_MAX_HEADERS = 200_000


def _tag(part: str, name: str) -> str:
    name = re.sub(r"\s+", "_", name.strip())
    return name if _SPLIT().search(name.replace("_", " ")) else f"{part}_{name}"


def epoch_blocks(data) -> tuple[list[tuple[int, int, Record]], list[tuple[int, int]]]:
    """((offset, epoch, record) of each value line, (start, end) byte span of each block) of a log printing the
    blocks of the module docstring; ([], []) when fewer than two ``Training epoch`` headers hold a value."""
    if data.find(b"Training epoch: ") < 0:
        return [], []
    out, spans, trained = [], [], 0
    for m in _HEADER().finditer(data):
        if len(spans) >= _MAX_HEADERS:
            break
        part = "train" if m.group(1) == b"Training" else "val"
        epoch = int(m.group(2))
        at, end_block, skipped = m.end() + 1, m.end(), 0
        for _ in range(_MAX_LINES + _MAX_SKIPPED):
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            line = bytes(data[at:end]).rstrip(b"\r").decode("utf-8", "replace")
            v = _VALUE_LINE().fullmatch(line)
            if v is None:
                if skipped < _MAX_SKIPPED and _ASIDE().match(line) and at < len(data):
                    skipped += 1  # a tqdm bar or a bare print inside the block (module docstring)
                    at = end + 1
                    continue
                break
            body = v.group(1)
            if _ITER().match(body):
                out.append((at, epoch, None))  # a per-iteration sample: left out (module docstring)
            else:
                pairs = [(_tag(part, n), to_float(x)) for n, x in _PAIR().findall(body)]
                pairs = tuple((t, x) for t, x in pairs if x is not None)
                if pairs:
                    out.append((at, epoch, Record("torchlight", pairs, step=epoch, epoch=float(epoch),
                                                  kind="train" if part == "train" else "eval")))
                    trained += part == "train"
            end_block = end
            at = end + 1
            if at >= len(data):
                break
        spans.append((m.start(), end_block))
    if trained < 2:
        return [], []
    return out, spans


def place_blocks(data, hits: list, notes: list, make) -> list:
    """``hits`` with the lines inside the epoch blocks replaced by the blocks' values at their epochs (``make(offset,
    record, step)`` builds a hit); a note counts the ``Iter`` lines left out. Unchanged for other logs."""
    found, spans = epoch_blocks(data)
    if not found:
        return hits
    starts = [s for s, _ in spans]


    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset <= spans[i][1]

    kept = [h for h in hits if not inside(h.offset)]
    iters = [o for o, _, r in found if r is None]
    placed = [make(o, r, e) for o, e, r in found if r is not None]
    if iters:
        line = _count_lines(data, 0, iters[0]) + 1
        notes.append(f"{len(iters)} per-iteration 'Iter N Done.' lines (the first at line {line}) left out: the "
                     f"epoch blocks' values are read at their epochs")
    return sorted(kept + placed, key=lambda h: h.offset)
