"""Epoch header lines each above bare ``value, batch`` rows (used by ``readers/joblog.py`` and the sniff in
``_joblog_names``). ConnrLin/RecModel's ``train_log.txt`` (``print(f"Epoch: {epoch}", file=f)``, then
``print(f"{loss.item()}, {i}", file=f)`` every 100 batches)::

    Epoch: 0
    10.194108009338379, 0
    10.19383716583252, 100
    ...
    Epoch: 1
    10.182598114013672, 0

No line names a loss, so the log gave no run and no word why. Here the column of whole numbers that starts again
under each header is the batch within the epoch and the other column the loss (a guess, said in one line): each
value at step ``epoch x (batches per epoch) + batch``, the batches per epoch being the last batch printed plus the
printing interval. Only a file of nothing but such headers and two-number rows (blank lines aside), at least two
epochs, is read so; one bare number under each header (``_headerless``) stays unread.

Rows of ONE bare number each (``print(loss.item(), file=f)`` after every batch under ``print(f"Epoch {epoch}")``:
public Whisper fine-tune ``train_log.txt``, forty-eighth labeller's set: ``Epoch 0`` then 255 losses, three epochs,
then ``Done!``) are read the same way, the number as the training loss of each batch (a guess, said in one line): the
k-th row under header E at step ``E x (rows under the longest header) + k``. Only with at least ``MIN_BARE`` rows
under every header but the last (fewer is a per-epoch summary, left to ``_headerless``), and a last line without
digits (``Done!``, ``Training finished``) is allowed after them.
"""
from __future__ import annotations

import re

_HEADER = re.compile(r"epoch\s*[:#=]?\s*(\d+)", re.IGNORECASE)
_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_ROW = re.compile(r"(" + _NUM + r")\s*(?:[,;\t]|\s)\s*(" + _NUM + r")", re.IGNORECASE)
_ONE = re.compile(_NUM, re.IGNORECASE)
_WORDS_ONLY = re.compile(r"[^\d]{1,80}")
_MAX_SIZE = 1 << 27
MIN_BARE = 3


def _parse(text: str, cut: bool = False):
    """[(line index, epoch)] headers and [(line index, epoch, a, b)] rows, or None when a line is of another shape
    (``cut``: the text's last line may be cut short)."""
    lines = text.split("\n")
    if cut and len(lines) > 1:
        lines = lines[:-1]
    epoch, rows, headers, ended = None, [], [], False
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if ended:
            return None  # a line after the closing words
        m = _HEADER.fullmatch(line)
        if m is not None:
            epoch = int(m.group(1))
            headers.append((i, epoch))
            continue
        m = _ROW.fullmatch(line)
        if m is not None and epoch is not None:
            rows.append((i, epoch, m.group(1), m.group(2)))
            continue
        m = _ONE.fullmatch(line)
        if m is not None and epoch is not None:
            rows.append((i, epoch, m.group(0), None))
            continue
        if rows and _WORDS_ONLY.fullmatch(line):
            ended = True  # 'Done!' after the last row
            continue
        return None
    if rows and len({r[3] is None for r in rows}) > 1:
        return None  # one- and two-number rows mixed: another shape
    return headers, rows


def _batch_column(rows) -> int | None:
    """0 or 1: the column of whole numbers starting again under each header (the batch); None when neither is."""
    for col in (1, 0):
        cells = [r[2 + col] for r in rows]
        if not all(c.lstrip("+-").isdigit() for c in cells):
            continue
        other = [r[3 - col] for r in rows]
        if all(c.lstrip("+-").isdigit() for c in other):
            return None  # two counters: which one is what is no guess to make
        restarts = sum(1 for a, b in zip(rows, rows[1:]) if b[1] != a[1] and int(b[2 + col]) <= int(a[2 + col]))
        return col if restarts >= 1 else None
    return None


def looks(head: bytes) -> bool:
    """Whether the first bytes of a file are such a log (module docstring)."""
    if b"poch" not in head:
        return False
    found = _parse(bytes(head).decode("utf-8", "replace"), cut=True)
    if found is None:
        return False
    headers, rows = found
    if rows and rows[0][3] is None:
        return len(headers) >= 2 and _bare_per_epoch(headers, rows, cut=True) is not None
    return len(headers) >= 2 and len(rows) >= 2 and _batch_column(rows) is not None


def _bare_per_epoch(headers, rows, cut: bool = False) -> int | None:
    """The most one-number rows under one header, or None when a header but the last has fewer than ``MIN_BARE``
    (``cut``: the text is a file's head, its last header may hold fewer)."""
    counts = [sum(1 for r in rows if r[1] == epoch and start < r[0] < end)
              for (start, epoch), end in zip(headers, [h[0] for h in headers[1:]] + [1 << 62])]
    whole = counts[:-1] if cut or len(counts) > 1 else counts
    if not whole or min(whole) < MIN_BARE:
        return None
    return max(counts)


def _bare_hits(text: str, headers, rows, starts) -> tuple[list, str] | None:
    """((offset, record) of each one-number row, the note), or None (module docstring)."""
    from ._progress import Record

    per = _bare_per_epoch(headers, rows)
    if per is None:
        return None
    out, k, epoch = [], 0, None
    for i, row_epoch, a, _ in rows:
        k = k + 1 if row_epoch == epoch else 1
        epoch = row_epoch
        step = row_epoch * per + k
        out.append((starts[i], Record("kv", (("loss", float(a)),), step, float(row_epoch), "train", own_step=True)))
    note = (f"'Epoch N' headers over bare numbers, one a line (e.g. {rows[0][2]}), with nothing naming them: read as "
            f"the training loss of each batch (guessed); the k-th number under epoch N at step N x {per} + k")
    return out, note


def epoch_row_hits(data, size: int) -> tuple[list, str] | None:
    """((offset, record) of each row, the line saying how the columns were read), or None for any other file."""
    from ._progress import Record  # (discovery's sniff imports this module without the parser)

    if size > _MAX_SIZE or data.find(b"poch") < 0:
        return None
    text = bytes(data).decode("utf-8", "replace")
    found = _parse(text)
    if found is None:
        return None
    headers, rows = found
    if len(headers) < 2 or len(rows) < 2:
        return None
    if rows[0][3] is None:
        return _bare_hits(text, headers, rows, _line_starts(text))
    col = _batch_column(rows)
    if col is None:
        return None
    batches = sorted({int(r[2 + col]) for r in rows})
    gaps = [b - a for a, b in zip(batches, batches[1:]) if b > a]
    per = batches[-1] + (min(gaps) if gaps else 1)
    starts = _line_starts(text)
    out = []
    for i, epoch, a, b in rows:
        batch, value = (int(b), float(a)) if col == 1 else (int(a), float(b))
        step = epoch * per + batch
        out.append((starts[i], Record("kv", (("loss", value),), step, float(epoch), "train", own_step=True)))
    first = rows[0]
    note = (f"'Epoch: N' headers over bare two-number rows (e.g. {first[2]}, {first[3]}) with nothing naming them: "
            f"the {'first' if col == 1 else 'second'} number read as the loss, the "
            f"{'second' if col == 1 else 'first'} as the batch within the epoch (guessed: it starts again under "
            f"each header); step = epoch x {per} + batch")
    return out, note


def _line_starts(text: str) -> list[int]:
    starts, at = [], 0
    for line in text.split("\n"):
        starts.append(at)
        at += len(line.encode("utf-8", "replace")) + 1
    return starts
