"""Whole histories printed as Python lists at a training's end (``joblog``): ``Train Loss: [0.61, 0.24, ...]``.

A script that keeps its per-epoch values in lists and prints them when the training is done (public ViT/HBA MNIST
experiments: a ``Namespace(...)`` line, a timing table, then ``Train Loss: [..10 values..]``, ``Test Loss: [..]``,
``Train Acc: [..]``, ``Test Acc: [..]`` for each of 5 models in one file) leaves one line per series. Each line was
read as one point (its first value) at line ordinals, the 5 models glued into one curve of 5 points.

Here, when every progress line the log holds is such a line (a name, ``:`` or ``=``, and a bracketed list of >= 3
numbers), each line is a series over its list's index: point ``i`` at step ``i`` (0-based, as ``json_history`` reads
the same lists dumped to JSON), named as the line's name is otherwise (``Train_Loss``). Lines follow one another as
one training's history until a name comes again: that starts the next training (a run ``#n`` of its own, by the
reader's rule that a step going back to the first one starts a new run). A log with per-epoch lines beside its lists
is left as it is (a per-class ``IOU: [0.91, 0.88]`` printed each epoch keeps its first class's value,
``_progress_linefix``). A word after the name saying it is a list (``print(f"Model loss list: {history.history['loss']}")``,
public tfocr141 ``model_history.txt``: four such lines, no other) is no part of the name, and such lines are read
where no progress line was read at all when one of them names a loss (the line was no progress: the file unread).
"""
from __future__ import annotations

import re

from ._linestart import line_start
from ._progress import Record, clean, tag_name

_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|NaN|inf|Inf)"
# 'Model loss list: [..]': a trailing word saying the value is a list is no part of the name (``Model_loss``)
_LINE = re.compile(r"([A-Za-z][\w ./-]{0,40}?)(?:\s+(?:list|history|values|array))?\s*[:=]\s*\[\s*(" + _NUM
                   + r"(?:\s*,\s*" + _NUM + r"){2,})\s*,?\s*\]", re.IGNORECASE)
_MAX_LISTS = 10_000


def _parsed(data, start: int, size: int):
    """(name, values) of the list line starting at ``start``, or None."""
    end = data.find(b"\n", start)
    text = clean(bytes(data[start:size if end < 0 else end]).rstrip(b"\r"))[0].strip()
    m = _LINE.fullmatch(text)
    if m is None:
        return None
    return tag_name(m.group(1)), [float(v) for v in m.group(2).split(",")]


def _loss_lists(data, size: int) -> list[int]:
    """The starts of the list lines naming a loss (``Model loss list: [..]``), in a log where no other line was read."""
    out, pos = [], data.find(b"[")
    while pos >= 0 and len(out) < _MAX_LISTS:
        start = line_start(data, pos)
        if (parsed := _parsed(data, start, size)) is not None and "loss" in parsed[0].lower():
            out.append(start)
        nxt = data.find(b"\n", pos)
        pos = -1 if nxt < 0 else data.find(b"[", nxt)
    return out


def list_histories(data, size: int, offsets: list[int]) -> list[tuple[int, Record]] | None:
    """(offset, record) of every point of every printed list, or None when a progress line at ``offsets`` (the
    lines the scan read) is no list line (module docstring)."""
    starts: set[int] = set()
    if not offsets:  # no progress line read at all: the list lines alone, when one names a loss
        offsets = _loss_lists(data, size)
    for offset in offsets:  # the first line that is no list ends it (a log's first hit, as a rule): no whole pass
        start = line_start(data, offset)
        if start not in starts:
            if _parsed(data, start, size) is None:
                return None
            starts.add(start)
    if not starts:
        return None
    lines = []
    pos = data.find(b"[")
    while pos >= 0 and len(lines) < _MAX_LISTS:
        start = line_start(data, pos)
        if (parsed := _parsed(data, start, size)) is not None:
            lines.append((start, *parsed))
        nxt = data.find(b"\n", pos)
        pos = -1 if nxt < 0 else data.find(b"[", nxt)
    blocks: list[list] = []
    for start, name, values in lines:
        if not blocks or any(name == n for _, n, _ in blocks[-1]):
            blocks.append([])
        blocks[-1].append((start, name, values))
    out = []
    for block in blocks:
        at, longest = block[0][0], max(len(v) for _, _, v in block)
        for i in range(longest):
            values = tuple((name, v[i]) for _, name, v in block if i < len(v))
            out.append((at + i, Record("printedlist", values, step=i, epoch=float(i), own_step=True)))
    return out
