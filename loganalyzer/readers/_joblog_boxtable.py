"""Epoch tables drawn with Unicode box characters, one row an epoch (for ``readers/joblog.parse``).

The SAM optimizer's example trainer (davda54/sam ``example/utility/log.py``, copied into many forks: public
samnoisy219, SAM on CIFAR-10N/100 with noisy labels) prints a header once::

    ┏━━━━━━━━━━━━━━┳━━━━━━━╸T╺╸R╺╸A╺╸I╺╸N╺━━━━━━━┳━━━━━━━╸S╺╸T╺╸A╺╸T╺╸S╺━━━━━━━┳━━━━━━━╸V╺╸A╺╸L╺╸I╺╸D╺━━━━━━━┓
    ┃              ┃              ╷              ┃              ╷              ┃              ╷              ┃
    ┃       epoch  ┃        loss  │    accuracy  ┃        l.r.  │     elapsed  ┃        loss  │    accuracy  ┃
    ┠──────────────╂──────────────┼──────────────╂──────────────┼──────────────╂──────────────┼──────────────┨

then per epoch ``\\r┃{epoch:12d}  ┃{loss:12.4f}  │{100*acc:10.2f} %  ┃{lr:12.3e}  │{mm:ss} min  ┃`` (after the
``\\r``-redrawn progress rows ``┃ 0 ┃ 1.63 │ 23.7 % ┃ 1.0e-01 │ 00:04 min  (════──)``) and the evaluation's
``{loss:12.4f}  │{100*acc:10.2f} %  ┃`` on the same line: ``┃ 0 ┃ 1.6331 │ 23.74 % ┃ 1.000e-01 │ 00:08 min ┃ 1.2745 │
35.58 % ┃`` (samnoisy219 cifar10_worse: train loss 1.633 @ 0 -> 0.0066 @ 199, val loss best 0.767 then 1.15; forks
logging each print as its own line put the evaluation's cells on the next line). No line of it was a progress line
the parser read: the run was not found ("hold no progress line loganalyzer reads").

Here a header -- a top rule ``┏..┓`` whose ``┳``-parts may spell a group (``╸T╺╸R╺╸A╺╸I╺╸N╺``), then a line of
column names between ``┃``/``│``/``╷`` bars, the first ``epoch``/``step``/``iter`` -- makes each later line of
``┃``-cells a row: a row with as many cells as names, the first a whole number, is rewritten in place as
``| epoch: 0 | train_loss: 1.6331 | train_accuracy: 23.74 | lr: 1.000e-01 | val_loss: 1.2745 | val_accuracy:
35.58 |`` (the names taken from the groups: ``TRAIN`` -> ``train_``, ``VALID``/``VAL``/``TEST`` -> ``val_``/
``test_``, others bare; ``l.r.`` -> ``lr``; a ``%`` dropped, the value kept in percent as printed; a duration
``00:08 min`` no series), a row split over two lines (a logger's line per print) joined on its last line; the frame,
the progress redraws and stray cell lines are blanked. Only the last ``\\r``-part of a line is what a terminal
showed. Every rewrite keeps the file's length and its line count (the offsets other readers use). A table whose rows
do not fit their lines' bytes is left as it was. Any other text: unchanged.
"""
from __future__ import annotations

import re

_HEAVY = "┃"
_BARS = re.compile("[┃│╷]")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?:\s*%)?$")
_DURATION = re.compile(r"^\d+(?::\d\d)+(?:\s*(?:min|s|h))?$|^\d+(?:\.\d+)?\s*(?:min|s|sec|h)$")
_COUNTERS = frozenset({"epoch", "epochs", "ep", "step", "steps", "iter", "iteration", "global_step"})
_GROUPS = {"train": "train_", "training": "train_", "valid": "val_", "val": "val_", "validation": "val_",
           "eval": "val_", "test": "test_"}
_RENAME = {"l.r.": "lr", "l.r": "lr", "learning rate": "lr"}


def _visible(line: str) -> str:
    """What a terminal showed of a line: its last non-empty ``\\r``-part."""
    parts = [p for p in line.rstrip("\r").split("\r") if p.strip()]
    return parts[-1] if parts else ""


def _groups(rule: str) -> list[str]:
    inner = rule.strip().strip("┏┓")
    return [re.sub(r"[^A-Za-z]", "", part).lower() for part in inner.split("┳")]


def _names(line: str, groups: list[str]) -> list[str | None] | None:
    """The column names of a header line (None for a duration-like column kept as no series), or None."""
    text = line[line.find(_HEAVY):] if _HEAVY in line else ""
    if not text:
        return None
    out: list[str | None] = []
    group = -1
    for piece in re.split("([┃│╷])", text.rstrip()):
        if piece == _HEAVY:
            group += 1
            continue
        if piece in ("│", "╷") or not piece.strip():
            continue
        name = piece.strip().lower()
        if _NUMBER.match(name) or not re.search("[a-z]", name):
            return None
        name = _RENAME.get(name, re.sub(r"[^a-z0-9]+", "_", name).strip("_"))
        prefix = _GROUPS.get(groups[group], "") if 0 <= group < len(groups) else ""
        out.append(None if name in ("elapsed", "time") else name if (not out or name == "lr") else prefix + name)
    if len(out) < 2 or out[0] not in _COUNTERS:
        return None
    out[0] = "epoch" if out[0] in ("epoch", "epochs", "ep") else "step"
    return out


def _cells(text: str) -> list[str]:
    return [c.strip() for c in _BARS.split(text) if c.strip()]


def _record(cells: list[str], names: list) -> str | None:
    if len(cells) != len(names) or not cells[0].isdigit():
        return None
    fields = []
    for name, cell in zip(names, cells):
        if _NUMBER.match(cell):
            if name is not None:
                fields.append(f"{name}: {cell.rstrip('%').strip()}")
        elif not _DURATION.match(cell):
            return None
    return "| " + " | ".join(fields) + " |"


def rewritten(data):
    """``data`` with its box-drawn epoch tables as ``| name: value |`` lines (module docstring), or ``data``."""
    if "┃".encode() not in data:
        return data
    raw = bytes(data)
    lines = raw.split(b"\n")
    texts = [line.decode("utf-8", "replace") for line in lines]
    out = list(lines)
    groups: list[str] = []
    names = None
    pending: list[int] = []  # lines of a row split over two (a logger's line per print)
    changed = False
    for i, text in enumerate(texts):
        seen = _visible(text)
        start = seen.lstrip()
        if start.startswith("┏") and "┳" in start:
            groups, names, pending = _groups(start), None, []
            out[i] = _blank(lines[i])
            continue
        if names is None:
            if groups and start.startswith(_HEAVY):
                names = _names(seen, groups)
                out[i] = _blank(lines[i])
            continue
        if start.startswith(("┠", "┗", "┡", "└", "┣")):
            out[i] = _blank(lines[i])  # a rule under the names or closing the table
            continue
        if _HEAVY not in seen and "│" not in seen:
            pending = []
            continue
        head = head_of(text)
        cells = _cells(seen[len(head):])
        if not cells:
            out[i] = _blank(lines[i])
            continue
        whole = _record(cells, names)
        if whole is None and pending and not _starts_row(seen):
            whole = _record(_cells(_visible(texts[pending[-1]])[len(head_of(texts[pending[-1]])):]) + cells, names)
            if whole is not None:
                first = pending[-1]
                line = _fit(head_of(texts[first]) + whole, len(lines[first]) + len(lines[i]), lines[i])
                if line is None:
                    return data
                out[first], out[i] = b"", line  # the row on its last line, the first left empty: same length
                changed, pending = True, []
                continue
        if whole is None:
            out[i] = _blank(lines[i])
            pending = [i] if _starts_row(seen) else []
            continue
        line = _fit(head + whole, len(lines[i]), lines[i])
        if line is None:
            return data
        out[i], changed, pending = line, True, []
    if not changed:
        return data
    result = b"\n".join(out)
    return result if len(result) == len(raw) else data


def head_of(text: str) -> str:
    """A logger's prefix before a row's first bar (``2024-01-02 10:00:00 INFO ``), kept in front of the record."""
    seen = _visible(text)
    head = seen[:seen.find(_HEAVY)] if _HEAVY in seen else ""
    return "" if "│" in head else head


def _starts_row(seen: str) -> bool:
    """A line opening a row (``┃`` before any ``│``), not the evaluation's cells printed on a line of their own."""
    return _HEAVY in seen and "│" not in seen[:seen.find(_HEAVY)]


def _fit(text: str, room: int, original: bytes) -> bytes | None:
    line = text.encode("utf-8", "replace")
    eol = b"\r" if original.endswith(b"\r") else b""
    if len(line) + len(eol) > room:
        return None
    return line.ljust(room - len(eol)) + eol


def _blank(line: bytes) -> bytes:
    return b" " * len(line.rstrip(b"\r")) + (b"\r" if line.endswith(b"\r") else b"")
