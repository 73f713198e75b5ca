"""Printed logs hard-wrapped at a fixed width: each long line cut into lines of exactly W characters.

A log copied out of a terminal (or a ``script``/``screen`` capture, a notebook pane) keeps the terminal's wrapping:
every line longer than the width is cut at column W wherever it falls, inside a name or a number. Read line by line,
detectron2's ``d2.utils.events`` lines gave names cut in two (``oss_0``, ``s_0``, ``ux_dice_loss_0`` as series of
their own) and values cut in two (``proto_contrastive_loss: 1.7`` | ``06`` read as 1.7 instead of 1.706; public
Boycott0915/CDFSOD-benchmark-personal my_train_log.txt, wrapped at 178 columns).

``unwrapped`` joins each run of full-width lines with the line after it. The shape is asked of the head first
(``HEAD`` bytes): at least ``MIN_FULL`` lines of exactly the longest length W >= ``MIN_WIDTH`` (3x as many as of
W-1..W-3), none longer, >= 20% of them followed by another (records cut into 3 or more lines: a Keras log's
fixed-width bar lines each followed by 'Epoch N/M' are no wrapped log), and the line after one mostly (>= 80%) not starting the way it starts (a padded
fixed-format log whose lines all have the same length, ImageNet's ``Epoch: [0][ 10/1307]`` meters, is no wrapped log:
its next line starts the same way). A line goes on in the next while it is W long and the next does not start the
way the record did. The join keeps every offset past the record: the line breaks taken out are put back after it
(empty lines).
"""
from __future__ import annotations

import re

HEAD = 65536
MIN_WIDTH = 60
MIN_FULL = 8
_SIG = re.compile(rb"[0-9]")
_LETTER = re.compile(rb"[A-Za-z]")


def _signature(line: bytes) -> bytes:
    """The first 3 bytes with digits as 0 and letters as a: the way a line starts."""
    return _LETTER.sub(b"a", _SIG.sub(b"0", line[:3]))


_GAP = re.compile(rb"\S(?= {2,}\S)")  # a cell's end before a gap of 2+ spaces (right-aligned columns)
_CELL = re.compile(rb"(?<= {2})\S")  # a cell's start after such a gap (left-aligned columns)


def _aligned(a: bytes, b: bytes) -> bool:
    """Two lines of one length whose cells end, or start, at the same columns (2 gaps at least)."""
    if len(a) != len(b) or len(a) < MIN_WIDTH:
        return False
    for rx in (_GAP, _CELL):
        cols = [m.start() for m in rx.finditer(a)]
        if len(cols) >= 2 and cols == [m.start() for m in rx.finditer(b)]:
            return True
    return False


def _laid_out(lines: list[bytes]) -> set[int]:
    """Indices of the lines that are a printed table's or a banner's, not wrapped text: a rule of one repeated
    character (``print("=" * 70)``), and the rows of a run of lines of one length (between shorter lines or rules)
    that starts with two rows whose columns (cells' ends or starts at gaps of 2+ spaces) are the same
    (``f"{epoch:<8} {loss:<12.4f} ..."`` rows padded to one width, public enzymegcn141 ``training_output.log``: a
    70-column table under 70-column rules was read as one wrapped record). A run whose first line is not aligned
    with the next is a record cut at the width: a fixed-width array's pieces (``[0.5000  0.5100 ...`` wrapped at 80,
    period 8) line up after the record's head, and they stay wrapped text."""
    out = set()
    for i, line in enumerate(lines):
        body = line.strip()
        if len(body) >= 3 and body.count(body[:1]) == len(body):
            out.add(i)
    i = 0
    while i < len(lines):
        end = i + 1
        if i in out:  # a rule: no row
            i = end
            continue
        while end < len(lines) and end not in out and len(lines[end]) == len(lines[i]):
            end += 1
        if end - i >= 2 and _aligned(lines[i], lines[i + 1]):
            for k in range(i, end - 1):
                if _aligned(lines[k], lines[k + 1]):
                    out.update((k, k + 1))
        i = end
    return out


def _width(lines: list[bytes]) -> int | None:
    """W when ``lines`` (no line ends) look wrapped at W columns (a table's or a banner's lines aside, ``_laid_out``);
    None otherwise."""
    laid = _laid_out(lines)
    lengths = [-1 if i in laid else len(line) for i, line in enumerate(lines)]
    if not lengths:
        return None
    width = max(lengths)
    full = lengths.count(width)
    if width < MIN_WIDTH or full < MIN_FULL:
        return None
    near = max(lengths.count(width - k) for k in (1, 2, 3))
    if full < 3 * max(near, 1):
        return None
    runs = sum(lengths[i] == lengths[i + 1] == width for i in range(len(lines) - 1))
    if runs < 0.2 * full:  # records cut into 3+ lines; W-long records each followed by a line are Keras' bars
        return None
    firsts = [i for i in range(len(lines) - 1) if lengths[i] == width and (i == 0 or lengths[i - 1] < width)]
    same = sum(_signature(lines[i + 1]) == _signature(lines[i]) for i in firsts)
    return width if firsts and same <= 0.2 * len(firsts) else None


def _lines(data: bytes) -> list[bytes]:
    return [_strip(line) for line in data.split(b"\n")]


def unwrapped(data, notes: list | None = None):
    """``data`` with its hard-wrapped lines joined (same length, same offsets after each record); ``data`` itself
    when it is not wrapped."""
    head = bytes(data[:HEAD])
    if len(head) < MIN_WIDTH * MIN_FULL or head.count(b"\n") < MIN_FULL:
        return data
    width = _width(_lines(head)[:-1])  # the head's last line may be cut
    if width is None:
        return data
    pieces = bytes(data).split(b"\n")
    out: list[bytes] = []
    joined = i = 0
    while i < len(pieces):
        record = _strip(pieces[i])
        start = _signature(record)
        ends = [pieces[i][len(record):]]  # '' or '\r'
        # a full-width line goes on in the next unless that one starts as the record did (a new record)
        while (len(_strip(pieces[i])) == width and i + 1 < len(pieces) and pieces[i + 1].strip()
               and _signature(_strip(pieces[i + 1])) != start):
            i += 1
            part = _strip(pieces[i])
            record += part
            ends.append(pieces[i][len(part):])
            joined += 1
        out.append(record + b"\n".join(ends))
        i += 1
    if not joined:
        return data
    if notes is not None:
        notes.append(f"lines wrapped at {width} columns joined ({joined:,} continuation lines)")
    return b"\n".join(out)


def _strip(line: bytes) -> bytes:
    return line[:-1] if line.endswith(b"\r") else line
