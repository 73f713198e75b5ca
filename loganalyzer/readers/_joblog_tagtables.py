"""Tab-separated tables whose every line opens with a one-letter tag naming its table, interleaved in one log.

A trainer printing two tables at two rates (public aewavenet214 ``vq/vq.log``, hrbigelow's WaveNet autoencoder:
``print('M\\tStep\\tLoss\\tAvProbTrg\\tPeakDist\\tAvgMax')`` and ``print('S\\trec\\tl2\\tcom\\tmin_ze\\t...')`` once,
then an ``S`` row every step -- reconstruction cross-entropy ``rec`` 5.57 -> 2.9, VQ terms ``l2``/``com`` 3.4e6 ->
~0 -- and an ``M`` row every 10 steps, ``M\\t0\\t6899050.5\\t...``, total ``Loss`` 6.9e6 -> 3.0 at step 2730) was "no
training progress in its 3,028 lines: no line holds a loss": no ``loss:``/``loss=`` anywhere, the names only in the
two header lines.

Read here: a header line is ``<letter>\\t<name>\\t<name>...`` (two or more names, none a number); its rows are the
later lines opening with the same letter and a tab, their cells read by the header's names in order (cells that are
no number, e.g. a printed ``tensor([..])``, are skipped). A table whose header has a step column (``Step``, ``step``,
``iter``, ``iteration``, ``epoch``) is placed at it. A table without one is placed at its row index (0, 1, ...) only
when its row count matches the stepped table's last step (within one stride: one row a step, as ``S`` above); else
it is left out with a note. Only when some header names a loss (``loss`` in a name, any case); names shared by two
tables get the tag as prefix (``S/loss``). None for any other log.
"""
from __future__ import annotations

import re

from ._progress import Record

_HEADER = re.compile(rb"^([A-Z])\t([A-Za-z_][A-Za-z0-9_./%-]*(?:\t[A-Za-z_][A-Za-z0-9_./%-]*)+)[ \t]*\r?$", re.M)
_STEP_NAMES = ("step", "iter", "iteration", "epoch")
MIN_ROWS = 3
_NUM = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|-?inf", re.I)


def _rows(data: bytes, tag: bytes, after: int):
    """(offset, cells) of every line after ``after`` opening with ``tag`` and a tab."""
    pattern = re.compile(rb"^" + re.escape(tag) + rb"\t([^\r\n]*)", re.M)
    for m in pattern.finditer(data, after):
        yield m.start(), m.group(1).decode("utf-8", "replace").split("\t")


def tagged_hits(data, size: int, notes: list) -> list[tuple[int, Record]] | None:
    """(offset, record) of every row of the log's tag-prefixed tables (module docstring), or None."""
    data = bytes(data)
    headers = {}
    for m in _HEADER.finditer(data):
        names = m.group(2).decode("ascii", "replace").split("\t")
        if m.group(1) not in headers and not all(_NUM.fullmatch(n) for n in names):
            headers[m.group(1)] = (m.end(), names)
    if len(headers) < 1 or not any("loss" in n.lower() for _, names in headers.values() for n in names):
        return None
    counts: dict[str, int] = {}
    for _, names in headers.values():
        for n in names:
            counts[n] = counts.get(n, 0) + 1
    tables = {}
    for tag, (end, names) in headers.items():
        step_col = next((i for i, n in enumerate(names) if n.lower() in _STEP_NAMES), None)
        rows = []
        for offset, cells in _rows(data, tag, end):
            values = []
            for i, name in enumerate(names):
                if i == step_col or i >= len(cells) or not _NUM.fullmatch(cells[i].strip()):
                    continue
                values.append((f"{tag.decode()}/{name}" if counts[name] > 1 else name, float(cells[i])))
            step = None
            if step_col is not None:
                if step_col >= len(cells) or not re.fullmatch(r"\d+", cells[step_col].strip()):
                    continue
                step = int(cells[step_col])
            if values:
                rows.append((offset, step, tuple(values)))
        if len(rows) >= MIN_ROWS:
            tables[tag] = (step_col is not None, rows)
    stepped = [rows for has, rows in tables.values() if has]
    if not any(any("loss" in v[0].lower() for _, _, vals in rows for v in vals) for _, rows in tables.values()):
        return None
    last = max((rows[-1][1] for rows in stepped), default=None)
    stride = max((rows[1][1] - rows[0][1] for rows in stepped if len(rows) > 1), default=1) or 1
    out: list[tuple[int, Record]] = []
    for tag, (has, rows) in tables.items():
        if not has:
            if last is None or abs(len(rows) - 1 - last) > stride:
                notes.append(f"the {tag.decode()!r} table's {len(rows)} rows have no step column and do not count "
                             "one a step; not read")
                continue
            rows = [(offset, i, vals) for i, (offset, _, vals) in enumerate(rows)]
        out.extend((offset, Record("tagtables", vals, step=step, own_step=True)) for offset, step, vals in rows)
    if not out:
        return None
    out.sort(key=lambda t: t[0])
    notes.append(f"tab-separated tables tagged {', '.join(repr(t.decode()) for t in tables)} (a header line each, "
                 "then rows opening with the tag): read by their headers' names")
    return out
