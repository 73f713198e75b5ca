"""OpenNMT-py's training log (``joblog``): ``onmt_train ... -log_file train.log`` or its stderr.

OpenNMT-py (``onmt/utils/statistics.py`` ``Statistics.output``) logs, every ``-report_every`` steps,
``[2024-05-07 23:06:36,100 INFO] Step 50/100000; acc:  14.16; ppl: 24.15; xent: 3.18; lr: 1.00000; 12984/10149
tok/s;      3 sec`` (3.x adds ``sents:``/``bsz:`` fields and prints ``acc: 14.2``), and at every validation
(``onmt/utils/report_manager.py`` ``_report_step``) ``Validation perplexity: 7.31577`` and ``Validation accuracy:
44.5993`` on lines of their own (3.x also ``Train perplexity:``/``Train accuracy:``, the averages since the last report:
not read, the ``Step`` lines hold them). No line names a loss, and the log opens with the model's repr, so the file
was "not read".

Read here: the ``Step`` counter is the step (its ``/N`` the total); ``acc``, ``ppl``, ``xent`` (the token-level
cross-entropy: the training loss) and ``lr`` are series under their printed names; the validation lines are
``val_ppl``/``val_acc`` at the step of the ``Step`` line before them (OpenNMT validates right after that report).
"""
from __future__ import annotations

import re

from ._progress import Record, clean
from ._linestart import line_start

NEEDLE = b"Step "
VAL_NEEDLE = b"Validation "
_STEP = re.compile(r"\bStep\s+(\d+)\s*/\s*(\d+);(?P<rest>.*)")
_PAIR = re.compile(r"(?:^|;)\s*(acc|ppl|xent|lr):\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))(?=;|\s*$)")
_VALID = re.compile(r"\bValidation (perplexity|accuracy):\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))\s*$")
_VAL_TAGS = {"perplexity": "val_ppl", "accuracy": "val_acc"}
_MAX = 1_000_000


def _lines(data, needle: bytes):
    """(start, end) of every newline-ended line of ``data`` holding ``needle``."""
    pos = 0
    while (p := data.find(needle, pos)) >= 0:
        start = line_start(data, p)
        end = data.find(b"\n", p)
        if end < 0:  # the file ends inside this line: cut, no point
            return
        pos = end + 1
        yield start, end


def onmt_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every OpenNMT-py ``Step N/M; acc: ..; ppl: ..; xent: ..`` line and of its
    ``Validation perplexity/accuracy`` lines, in file order; [] when no ``Step`` line has that shape (any other log:
    its ``Validation`` lines are left to the other readers)."""
    train: list = []
    for start, end in _lines(data, NEEDLE):
        if len(train) >= _MAX:
            break
        text, rank, stamp = clean(bytes(data[start:end]).rstrip(b"\r"))
        m = _STEP.search(text)
        if m is None:
            continue
        values = tuple((key, float(raw)) for key, raw in _PAIR.findall(";" + m.group("rest")))
        if not any(key in ("ppl", "xent") for key, _ in values):
            continue
        train.append((start, Record("onmt", values, step=int(m.group(1)), kind="train", rank=rank,
                                    total=int(m.group(2)), time=stamp, own_step=True)))
    if not train:
        return []
    evals: list = []
    for start, end in _lines(data, VAL_NEEDLE):
        text, rank, stamp = clean(bytes(data[start:end]).rstrip(b"\r"))
        m = _VALID.search(text)
        if m is None:
            continue
        before = [record for offset, record in train if offset < start]
        if not before:  # a validation before any training report (-valid_steps 0?): no step to put it at
            continue
        evals.append((start, Record("onmt", ((_VAL_TAGS[m.group(1)], float(m.group(2))),), step=before[-1].step,
                                    kind="eval", rank=rank, time=stamp, own_step=True)))
    return sorted(train + evals, key=lambda hit: hit[0])
