"""Unresolved git merge conflicts in a text log (a ``results.csv``, a CSVLogger log, a JSON history, a printed log).

A log committed from two branches (two trainings both writing ``runs/detect/train/results.csv``) and merged
without resolving leaves git's markers in the file (git-merge(1), "HOW CONFLICTS ARE PRESENTED")::

    <<<<<<< HEAD                 (ours; the label is the branch or commit)
    ...our lines...
    ||||||| base                 (only with merge.conflictStyle=diff3 / zdiff3: the common ancestor's lines)
    ...
    =======
    ...their lines...
    >>>>>>> 41feda3f...          (theirs)

Every marker is seven characters at the start of a line, then a space and a label or the line's end. Read as they
are, both sides' rows are points (two values at one epoch: eval/public-style 07Sada/brand ``results.csv``, epoch 1
on both sides, the incoming side going on to epoch 119). The sane reading keeps ONE side: the one holding more
(non-blank lines: the training that went on; bytes when each side is one line, a ``json.dump``), the incoming side
("theirs") on a tie; the other side,
the base and the marker lines are blanked, one warning per block naming the lines of each side and which was read.

Blanking keeps every line's newline, so later lines keep their numbers; ``pad=True`` keeps every byte's offset
too (the text replaced by spaces: the printed-log reader's hits are byte offsets into the file).
"""
from __future__ import annotations

import re

from ..runs import Problem

_OPEN = re.compile(rb"(?m)^<<<<<<<(?: |\r?$)")  # an opening marker at a line's start
_MARK = re.compile(rb"(?m)^(<<<<<<<|\|\|\|\|\|\|\||=======|>>>>>>>)(?:[ \t][^\n]*|\r?)$")


def has_markers(data) -> bool:
    """Whether ``data`` (bytes-like) holds a line starting with git's ``<<<<<<<`` marker (a fast ``find`` first)."""
    find = getattr(data, "find", None)
    if find is None:  # a memoryview
        data = bytes(data)
        find = data.find
    # b"<" first: one memchr, where the 7-byte needle scans a whole file at ~0.2 ns a byte (~5 us a 25 KB JSON)
    return find(b"<") >= 0 and find(b"<<<<<<<") >= 0 and _OPEN.search(data) is not None


def _line_no(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _blank(out: bytearray, start: int, end: int, pad: bool) -> None:
    """Blank ``out[start:end]`` but its newlines (spaces in place of the text when ``pad``)."""
    chunk = out[start:end]
    if pad:
        out[start:end] = re.sub(rb"[^\n]", b" ", bytes(chunk))
    else:
        out[start:end] = b"\n" * chunk.count(b"\n")


def resolve(data, path: str, pad: bool = False) -> tuple[bytes, list[Problem]]:
    """``data`` (bytes-like) with each git conflict block reduced to one side (see the module docstring), and one
    warning per block; ``data`` itself (no copy) and ``[]`` when it holds no marker. Only a complete block
    (``<<<<<<<``, ``=======``, ``>>>>>>>`` in that order) is resolved: a lone ``>>>>>>> Epoch 1`` banner or a
    ``=======`` rule of a printed log stays text for the reader, as before. ``pad``: replaced text becomes spaces, so every byte keeps its offset. Never raises for bad input."""
    if not has_markers(data):
        return data, []
    raw = bytes(data)
    out = bytearray(raw)
    problems: list[Problem] = []
    marks = [(m.group(1), m.start(), m.end()) for m in _MARK.finditer(raw)]
    i = 0
    while i < len(marks):
        kind, start, end = marks[i]
        j = i + 1
        if kind == b"<<<<<<<":
            base = mid = close = None
            while j < len(marks) and close is None:
                k = marks[j][0]
                if k == b"<<<<<<<":
                    break  # a nested or a new opening: this one is cut short
                if k == b"|||||||" and base is None and mid is None:
                    base = marks[j]
                elif k == b"=======" and mid is None:
                    mid = marks[j]
                elif k == b">>>>>>>" and mid is not None:
                    close = marks[j]
                j += 1
            if close is not None:
                problems.append(_one_block(raw, out, path, marks[i], base, mid, close, pad))
                i = j
                continue
        i += 1
    return bytes(out), problems


def _one_block(raw: bytes, out: bytearray, path: str, open_, base, mid, close, pad: bool) -> Problem:
    """Blank one block but the side kept; the warning saying which lines were read."""
    ours = (open_[1], open_[2] + 1, (base or mid)[1])  # (marker start, side start, side end)
    theirs = (mid[2] + 1, close[1])
    ours_text, theirs_text = raw[ours[1]:ours[2]], raw[theirs[0]:theirs[1]]

    def size(text: bytes) -> tuple[int, int]:
        """(non-blank lines, bytes when it is one line: a one-line ``json.dump``, longer = more epochs)."""
        n = sum(1 for line in text.split(b"\n") if line.strip())
        return n, len(text.strip()) if n == 1 else 0

    keep_ours = size(ours_text) > size(theirs_text)
    block_end = min(close[2] + 1, len(raw))
    first, last = _line_no(raw, open_[1]), _line_no(raw, close[1])
    label_ours = raw[open_[1] + 7:open_[2]].decode("utf-8", "replace").strip() or "ours"
    label_theirs = raw[close[1] + 7:close[2]].decode("utf-8", "replace").strip() or "theirs"

    def lines(span: tuple[int, int], text: bytes) -> str:
        n = size(text)[0]
        if not n:
            return "no line"
        a, b = _line_no(raw, span[0]), _line_no(raw, span[1] - 1)
        return f"line {a}" if a == b else f"lines {a}-{b}"

    ours_lines, theirs_lines = lines((ours[1], ours[2]), ours_text), lines(theirs, theirs_text)
    if keep_ours:
        _blank(out, ours[2], block_end, pad)  # base, '=======', theirs, '>>>>>>>'
        _blank(out, open_[1], ours[1], pad)  # '<<<<<<<'
        read = f"the first side {label_ours[:40]!r} ({ours_lines}) is read, not the incoming {label_theirs[:40]!r} ({theirs_lines})"
    else:
        _blank(out, open_[1], theirs[0], pad)  # '<<<<<<<', ours, base, '======='
        _blank(out, close[1], block_end, pad)  # '>>>>>>>'
        read = f"the incoming side {label_theirs[:40]!r} ({theirs_lines}) is read, not {label_ours[:40]!r} ({ours_lines})"
    why = "the side holding more" if size(ours_text) != size(theirs_text) else "both hold as much: the incoming one"
    return Problem(path, f"unresolved git merge conflict at lines {first}-{last} (git's '<<<<<<<', '=======', "
                         f"'>>>>>>>' markers committed into the log): {read} ({why})", line=first, offset=open_[1])
