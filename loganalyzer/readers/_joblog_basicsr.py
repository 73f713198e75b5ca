"""BasicSR / mmsr lines in a job log (``joblog._scan``): training lines naming no ``loss`` (``l_pix: 2.9e-02``) and
the validation results after them, which the reader's loss scan (``bytes.find(b"oss")``) never meets. Parsed by
``_progress_basicsr`` (the training line is also a ``_progress`` shape, for lines that do hold ``loss``)."""
from __future__ import annotations

import re

from ._progress import Record, clean, parse
from ._progress_basicsr import NEEDLE, validation

MAX_HITS = 500_000
_VAL_NEEDLES = (b"# Validation #", b"Validation ")
_DATASET = re.compile(r"(?:^|\s)Validation (\S+)\s*$")  # BasicSR: 'Validation Set5', then a '\t # psnr: ...' line each


def _line(data, p: int, size: int) -> tuple[int, int]:
    """(start, end) of the line holding byte ``p``; end < 0 when the file ends inside it (a line cut off)."""
    return data.rfind(b"\n", 0, p) + 1, data.find(b"\n", p, size)


def basicsr_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of BasicSR/mmsr training lines without a ``loss`` word and, in a log that has them, of its
    validation results."""
    out: list[tuple[int, Record]] = []
    pos = 0
    while len(out) < MAX_HITS and (p := data.find(NEEDLE, pos, size)) >= 0:
        start, end = _line(data, p, size)
        if end < 0:
            break
        pos = end + 1
        segment = bytes(data[start:end]).rstrip(b"\r")
        if b"oss" in segment:
            continue  # the loss scan reads it (the same shape)
        record = parse(segment)
        if record is not None and record.shape == "basicsr":
            out.append((start, record))
    one_line = not out  # no BasicSR training line: only its validation block printed on one line (``validation``)
    seen: set = set()
    for needle in _VAL_NEEDLES:
        pos = 0
        while len(out) < 2 * MAX_HITS and (p := data.find(needle, pos, size)) >= 0:
            start, end = _line(data, p, size)
            if end < 0:
                break
            pos = end + 1
            if start in seen:
                continue
            seen.add(start)
            text = clean(bytes(data[start:end]).rstrip(b"\r"))[0]
            record = validation(text)
            if record is not None and (not one_line or record.values[0][0].startswith("metrics/")):
                out.append((start, record))
                continue
            m = None if one_line else _DATASET.search(text)
            if m is None:
                continue
            at = end + 1  # BasicSR's block: one '\t # <metric>: <value>' line per metric below it
            while at < size:
                stop = data.find(b"\n", at, size)
                if stop < 0:
                    break
                record = validation(bytes(data[at:stop]).decode("utf-8", "replace").rstrip("\r"), m.group(1))
                if record is None:
                    break
                out.append((at, record))
                at = stop + 1
            pos = max(pos, at)
    out.sort(key=lambda hit: hit[0])
    return out
