"""The training line of facebookresearch/XLM's ``Trainer.print_stats`` and its descendants (used by
``readers/_joblog_scan.py``).

XLM logs every few iterations ``s_iter + s_speed + s_stat + s_lr`` through its own logger (``INFO - <date> -
<elapsed> - `` first)::

    INFO - 03/11/25 14:44:34 - 0:00:46 -     200 -  267.19 equations/s -  4771.04 words/s - ARITHMETIC:  0.6156 - LR: 1.0000e-04
    INFO - 05/02/19 10:01:02 - 0:10:11 -    1250 -  850.12 sent/s - 26001.33 words/s - MLM-en:  7.0412 || MLM-fr:  6.9801 -  - model LR: 1.0000e-04

``"%7i - " % n_total_iter``, then ``"{:7.2f} sent/s - {:8.2f} words/s - "`` (``equations/s`` in
facebookresearch/SymbolicMathematics and F. Charton's Int2Int/GCD trainers, public gcdrepro137), then each task's
mean training loss since the last print as ``NAME: value`` joined by `` || `` (XLM: ``MLM-en``, ``MT-en-fr``;
SymbolicMathematics: the task upper-cased, ``PRIM-FWD``, ``ARITHMETIC``), then each optimizer's learning rate. No
``loss`` on the line: the job log's scan never met it and only the ``__log__:{..}`` evaluation JSON was read. Each
task's value is the series ``train_<task>_loss`` (lower-cased, ``-`` as ``_``), the learning rate ``lr``, at step
``n_total_iter``.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

NEEDLE = b" words/s - "
_LINE = re.compile(r"(?:^|\s-\s)\s*(?P<step>\d{1,12})\s+-\s+" + NUMBER + r"\s+(?:sent|sentences|equations|examples)/s"
                   r"\s+-\s+" + NUMBER + r"\s+words/s\s+-\s(?P<rest>.*)$")
_STAT = re.compile(r"\s*(?P<name>[A-Za-z][\w.-]*)\s*:\s*(?P<value>" + NUMBER + r")\s*")
_LR = re.compile(r"\bLR\s*[:=]\s*(" + NUMBER + r")")


def xlm_line(raw: bytes) -> Record | None:
    """The record of one ``print_stats`` line (module docstring), or None."""
    text, rank, _ = clean(raw)
    m = _LINE.search(text)
    if m is None:
        return None
    rest = m.group("rest")
    stats, _, lrs = rest.partition(" - ")
    values = []
    for part in stats.split("||"):
        s = _STAT.fullmatch(part)
        if s is None or (value := to_float(s.group("value"))) is None:
            continue
        values.append((f"train_{s.group('name').lower().replace('-', '_')}_loss", value))
    if not values:
        return None
    if (lr := _LR.search(lrs)) is not None and (v := to_float(lr.group(1))) is not None:
        values.append(("lr", v))
    return Record("kv", tuple(values), step=int(m.group("step")), kind="train", rank=rank, own_step=True)
