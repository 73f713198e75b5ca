"""ESPnet2's trainer log (``espnet2/train/trainer.py`` + ``reporter.py``), read whole, for ``joblog``.

Every ``log_interval`` batches the trainer logs (``reporter.log_message(-log_interval)``)::

    [host] 2023-05-02 14:00:49,091 (trainer:753) INFO: 1epoch:train:1-8batch: iter_time=1.3e-04, loss=68.062, ...

and once per epoch (``reporter.log_message()``) one line of every sub-reporter's epoch averages::

    ... (trainer:338) INFO: 1epoch results: [train] ..., loss=61.225, ..., time=17.02 seconds, total_count=32, ...,
        [valid] loss_ctc=67.170, acc=0.711, cer=0.231, wer=0.549, loss=51.669, ..., total_count=8, ..., [att_plot] ...

Read here: the batch lines' values at the training step (the batches before this epoch + the range's last batch:
``total_count`` of an epoch's ``[train]`` section counts the iterations of all epochs so far; without a results line
the batches counted in the epoch's own lines), and the ``[valid]`` section as ``valid_<key>`` validation series at
the epoch's last step. The ``[train]`` section is the epoch's mean of the batch lines: read only in a log whose
``log_interval`` printed no batch line. The bookkeeping keys (``time``, ``total_count``, ``gpu_max_cached_mem_GB``)
and other sections (``[att_plot]``) give no series. Without this reader the batch range ``train:1-8batch`` was a
series ``train`` and ``(trainer:753)`` a series ``trainer`` (a newcomer breaker's ESPnet ASR log), the valid
section was dropped and the steps were line counts.
"""
from __future__ import annotations

import re

from ._joblog_caffe import _Offsets
from ._progress import NUMBER, Record, to_float

NEEDLE = b"epoch:train:"
_BATCH = re.compile(r"(?m)^(?P<pre>.*?)\b(?P<ep>\d+)epoch:train:(?P<a>\d+)-(?P<b>\d+)batch: (?P<kv>.*?)\r?$")
_RESULTS = re.compile(r"(?m)^(?P<pre>.*?)\b(?P<ep>\d+)epoch results: (?P<body>\[.*?)\r?$")
_SECTION = re.compile(r"\[(\w+)\] ")
_KV = re.compile(r"(\w+)=(" + NUMBER + r")(?=,|\s*$| seconds)")
_BOOKKEEPING = frozenset({"time", "total_count", "gpu_max_cached_mem_GB"})
_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d+)?")


def _values(text: str) -> tuple:
    out = []
    for key, raw in _KV.findall(text):
        value = to_float(raw)
        if value is not None and key not in _BOOKKEEPING:
            out.append((key, value))
    return tuple(out)


def _sections(body: str) -> dict:
    marks = list(_SECTION.finditer(body))
    return {m.group(1): body[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(body)]
            for i, m in enumerate(marks)}


def _stamp(pre: str) -> str | None:
    m = _STAMP.search(pre)
    return m.group(0) if m else None


def espnet_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every ESPnet2 batch line and epoch-results line, or None when ``data`` holds no
    ``Nepoch:train:a-bbatch:`` or ``Nepoch results: [train]`` line."""
    if data.find(NEEDLE) < 0 and data.find(b"epoch results: [train] ") < 0:
        return None
    text = bytes(data).decode("utf-8", "replace")
    events = sorted([(m.start(), "b", m) for m in _BATCH.finditer(text)]
                    + [(m.start(), "r", m) for m in _RESULTS.finditer(text)], key=lambda e: e[0])
    out: list[tuple[int, Record]] = []
    at = _Offsets(text, 0).at  # byte offsets of the (increasing) character positions
    done = 0  # the iterations of the epochs before the current one
    epoch = None
    seen = 0  # the current epoch's last batch
    batch_lines = False
    for offset, kind, m in events:
        ep = int(m.group("ep"))
        if epoch is not None and ep != epoch and kind == "b":  # a new epoch with no results line between
            done, seen = done + seen, 0
        epoch = ep
        if kind == "b":
            seen = max(seen, int(m.group("b")))
            values = _values(m.group("kv"))
            if values:
                batch_lines = True
                out.append((at(offset), Record("espnet", values, step=done + int(m.group("b")), epoch=ep - 1,
                                           time=_stamp(m.group("pre")), own_step=True)))
            continue
        sections = _sections(m.group("body"))
        train = sections.get("train", "")
        total = re.search(r"\btotal_count=(\d+)", train)
        end = int(total.group(1)) if total else done + seen
        stamp = _stamp(m.group("pre"))
        if train and not batch_lines and (values := _values(train)):
            out.append((at(offset), Record("espnet", values, step=end, epoch=ep - 1, time=stamp, own_step=True)))
        if (valid := _values(sections.get("valid", ""))):
            out.append((at(offset), Record("espnet", tuple(("valid_" + k, v) for k, v in valid), step=end, epoch=ep - 1,
                                       kind="eval", time=stamp, own_step=True)))
        done, seen, epoch = end, 0, None
    return out or None
