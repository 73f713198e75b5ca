"""An argument dump printed above a table of losses (used by ``readers/plain_csv.py``).

A script that prints its arguments, then writes a table of its epochs to the same file (public
HCH1999/CS385-Course-Project-1 ``checkpoints/*/log.txt``, forty-second labeller's set)::

    ==>Arguments:
    arch:deep
    epochs:100
    lr:0.01
    ==>Training log:
    Learning Rate<TAB>Train Loss<TAB>Valid Loss<TAB>Train Acc<TAB>Valid Acc<TAB>
    0.010000<TAB>2.278001<TAB>2.254062<TAB>17.083691<TAB>18.143055<TAB>

was listed as a printed log whose lines hold no loss: no series at all (the same table with no dump above it was
read as a CSV). Here such a preamble is blanked out -- each of its characters but the newlines made a space, so the
table's byte offsets and line numbers stay those of the file -- and the CSV reader reads the table under it.

A preamble line is a title (``==>Training log:``, ``Arguments``: words and marks, no digit), a setting
(``name: value``, ``name=value``: one name, not a loss name with a number, which would be progress), a printed
``Namespace(...)`` or ``{...}`` dict, or a ``#`` comment; at most ``_MAX_LINES`` of them, within the sniffed head.
The first other line must be a header of at least two names over at least two rows of numbers with as many fields
(``plain_csv._rows_are_a_table``); anything else leaves the file as it was (a printed log).
"""
from __future__ import annotations

import re

_TITLE = re.compile(r"[\W_]*[A-Za-z][A-Za-z _()./'-]*[\W_]*")
_SETTING = re.compile(r"\s*([A-Za-z_][\w .\-/]{0,60}?)\s*[:=]\s*(\S.*?)\s*")
_PRINTED = re.compile(r"\s*(?:Namespace\(.*\)|\{.*\}|#.*)\s*")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_MAX_LINES = 200
_MIN_LINES = 2  # one title line alone is no preamble the header reader would miss (but for a lone name: _LONE_TITLE)
# one name alone on the first line over a table of other separators: the table's title (a speech-digit CNN's Keras
# CSVLogger(separator=';') file under the line 'model_history_log', its name written above it), read as a one-column
# header naming no series: the file was not read
_LONE_TITLE = re.compile(r"[A-Za-z][\w.-]*")


def _preamble_line(line: str, loss_like) -> bool:
    if _TITLE.fullmatch(line) or _PRINTED.fullmatch(line):
        return True
    m = _SETTING.fullmatch(line)
    return m is not None and not (loss_like(m.group(1)) and _NUMBER.fullmatch(m.group(2)))


def _is_table(head: bytes) -> bool:
    """The first non-blank line of ``head`` names at least two columns, none a number, over at least two rows of
    numbers with as many fields."""
    from .plain_csv import _header, _rows_are_a_table, _value_names, head_line, head_rows, is_number

    line = head_line(head)
    if line is None:
        return False
    sep, columns = _header(line)
    names = _value_names(columns)
    if len(names) > 1 and names[-1] == "" and line.endswith(sep):  # 'a\tb\t': every line ends with its separator
        names = names[:-1]
    if len(names) < 2 or any(not c or is_number(c) for c in names):
        return False
    return len([r for r in head_rows(head, 3) if r.strip()]) >= 2 and _rows_are_a_table(head, sep, columns)


def blanked(head: bytes) -> tuple[bytes, int] | None:
    """(``head`` with its preamble's characters made spaces, the preamble's line count) (module docstring), or None
    when it has none or no table follows it."""
    from .plain_csv import is_loss_like

    if b"\0" in head[:1024]:
        return None
    pos, lines, lone = 0, 0, False
    size = len(head)
    while pos < size:
        end = head.find(b"\n", pos)
        if end < 0:
            return None  # the preamble runs past the head
        text = head[pos:end].decode("utf-8", "replace").rstrip("\r")
        if text.strip():
            if not _preamble_line(text, is_loss_like):
                break
            lines += 1
            lone = lines == 1 and _LONE_TITLE.fullmatch(text.strip()) is not None
            if lines > _MAX_LINES:
                return None
        pos = end + 1
    if (lines < _MIN_LINES and not (lines == 1 and lone)) or pos >= size:
        return None
    out = re.sub(rb"[^\n]", b" ", head[:pos]) + head[pos:]
    return (out, head.count(b"\n", 0, pos)) if _is_table(out) else None


def sniff(name: str, head: bytes, table_sniff) -> bool:
    """``table_sniff(name, head)`` (``plain_csv``'s) on ``head`` with its preamble blanked; False without one."""
    found = blanked(bytes(head))
    return found is not None and table_sniff(name, found[0])


_READ_HEAD = 1 << 16


def blank(data, path: str, notes: list) -> bytes:
    """``data`` with a preamble above its table blanked (same length, same lines), a note in ``notes`` saying which
    lines; ``data`` itself when it has none."""
    found = blanked(bytes(data[:_READ_HEAD]))
    if found is None:
        return data
    head, lines = found
    notes.append("line 1 is a title above the table, not a row: skipped" if lines == 1 else
                 f"lines 1-{lines} are printed settings above the table (an argument dump), not rows: skipped")
    return head + bytes(data[len(head):])
