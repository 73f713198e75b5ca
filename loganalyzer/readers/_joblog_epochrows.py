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
"""
from __future__ import annotations

import re

_HEADER = re.compile(r"epoch\s*[:#=]?\s*(\d+)", re.IGNORECASE)
_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_ROW = re.compile(r"(" + _NUM + r")\s*(?:[,;\t]|\s)\s*(" + _NUM + r")", re.IGNORECASE)
_MAX_SIZE = 1 << 27


def _parse(text: str, cut: bool = False):
    """[(line index, epoch)] headers and [(line index, epoch, a, b)] rows, or None when a line is of another shape
    (``cut``: the text's last line may be cut short)."""
    lines = text.split("\n")
    if cut and len(lines) > 1:
        lines = lines[:-1]
    epoch, rows, headers = None, [], []
    for i, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        m = _HEADER.fullmatch(line)
        if m is not None:
            epoch = int(m.group(1))
            headers.append((i, epoch))
            continue
        m = _ROW.fullmatch(line)
        if m is None or epoch is None:
            return None
        rows.append((i, epoch, m.group(1), m.group(2)))
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
    return len(headers) >= 2 and len(rows) >= 2 and _batch_column(rows) is not None


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
    col = _batch_column(rows)
    if col is None:
        return None
    batches = sorted({int(r[2 + col]) for r in rows})
    gaps = [b - a for a, b in zip(batches, batches[1:]) if b > a]
    per = batches[-1] + (min(gaps) if gaps else 1)
    starts, at = [], 0
    for line in text.split("\n"):
        starts.append(at)
        at += len(line.encode("utf-8", "replace")) + 1
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
