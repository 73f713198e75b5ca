"""Lines before a table's header that are no header (for ``_text_clean``: the CSV readers' bytes and the sniffers'
first line).

- ``#`` comment lines a script writes before its CSV header (``# run: mlp-256 lr=0.01 seed=0`` / ``# started ..`` /
  ``epoch,loss,val_loss``): the first comment was taken for the header, so the file was no run at all, or a run whose
  "header has no step column". They are skipped when the first line after them holds a letter (a header).
- numpy's ``np.savetxt(f, rows, delimiter=",", header="epoch,loss")`` writes its header as a comment (``# epoch,
  loss``) right above the numbers: that comment is the header, read without its ``# `` (it was a series named
  ``# epoch`` and the steps the row numbers), when it splits into as many names as the first row has cells.
- Excel's ``sep=;`` line (a CSV saved for Excel, often after a BOM) names the separator: no header, skipped (the file
  was no run and no line said why).

Skipped lines keep their newline, so every later line keeps its number. Nothing changes in a file that starts
with its header.
"""
from __future__ import annotations

import re

_SEP = re.compile(rb"[ \t]*sep=.[ \t]*\r?")
_MAX_LEAD = 200  # comment lines looked at
_SPLIT = re.compile(rb"[,;\t]| +")


def _blank(raw: bytes, end: int) -> bytes:
    """``raw`` with the bytes before ``end`` blanked, their newlines kept."""
    return b"\n" * raw.count(b"\n", 0, end) + raw[end:]


def uncommented(raw: bytes) -> bytes:
    """``raw`` with its lead lines that are no header blanked (module docstring); ``raw`` itself when it has none."""
    first = raw.lstrip(b" \t\r\n")[:1]
    if first not in (b"#", b"s"):
        return raw
    pos, comment, skipped = 0, None, False
    for _ in range(_MAX_LEAD):
        end = raw.find(b"\n", pos)
        if end < 0:
            return raw
        line = raw[pos:end]
        stripped = line.strip()
        if not stripped:
            pos = end + 1
        elif stripped.startswith(b"#"):
            comment, skipped, pos = (pos, end), True, end + 1
        elif not skipped and _SEP.fullmatch(line):
            skipped, pos = True, end + 1  # Excel's 'sep=;' line
        elif not skipped:
            return raw
        elif not _numbers(stripped):  # a header after the comments
            return _blank(raw, pos)
        elif comment is not None and _names_of(raw[comment[0]:comment[1]], stripped):
            return _savetxt(raw, comment)
        else:
            return raw
    return raw


def _numbers(row: bytes) -> bool:
    """Whether every cell of ``row`` is a number (``1.0e+00`` too): a data row, not a header."""
    try:
        [float(c) for c in _SPLIT.split(row.strip()) if c]
    except ValueError:
        return False
    return True


def _names_of(comment: bytes, row: bytes) -> bool:
    """Whether a comment line is the header of the numbers row below it (``np.savetxt``'s ``# epoch,loss``)."""
    names = comment.strip().lstrip(b"#").strip()
    return bool(names) and re.search(rb"[A-Za-z]", names) is not None and \
        len(_SPLIT.split(names)) == len(_SPLIT.split(row))


def _savetxt(raw: bytes, comment: tuple[int, int]) -> bytes:
    """``raw`` with the lines before ``comment`` blanked and that line's ``#`` (and the spaces after it) removed."""
    start, end = comment
    return b"\n" * raw.count(b"\n", 0, start) + raw[start:end].lstrip().lstrip(b"#").lstrip() + raw[end:]
