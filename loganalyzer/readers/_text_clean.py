"""Checking a text log's bytes are text (``clean_text``: BOM, NUL damage, UTF-8) and finding its first lines
(``first_line``, ``head_line``, ``head_rows``). Split out of ``readers/_text.py``, which re-exports every name here.
"""
from __future__ import annotations

import csv
import functools
import re

from ..runs import Problem
from . import UnreadableFile
from ._lead_lines import uncommented
from ._wrapped_numbers import (  # noqa: F401  (the readers import them from here)
    _NUMERIC_TEXT, json_number, unwrap_number, unwrap_numbers,
)


# ANSI CSI sequences (colours, cursor moves, erase-line) as a terminal's escape codes leave them in a file
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")


def as_bytes(data) -> bytes:
    return data if isinstance(data, bytes) else bytes(data)


def clean_text(data, path: str) -> tuple[bytes, list[Problem]]:
    """The file's bytes without a UTF-8 BOM and ANSI colour codes, plus warnings about NUL damage and unresolved git merge conflicts (one
    side of each block read: ``_conflicts``); ``UnreadableFile`` when they are empty, binary or not UTF-8 text.

    NUL bytes are what a crash leaves in a text log on NFS or ext4 (delayed allocation): a zero-filled tail where
    the last block never reached the disk, or a zero-filled block in the middle with good lines after it. A tail of
    NUL bytes is cut off (with the partial line it cut, if any) and a line holding NUL bytes is blanked (its newline
    kept, so every later line keeps its number): the rest is read, with one warning saying where and how many bytes.
    A NUL byte in the first non-blank line (the header) means the file is no text log.
    """
    raw = as_bytes(data)
    if not raw:
        raise UnreadableFile(Problem(path, "empty file"))
    damage: list[Problem] = []
    if raw.find(b"\0") >= 0:
        raw, damage = _without_nul(raw, path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if damage:  # NUL bytes and bytes that are not UTF-8: binary data
            first = damage[0]
            raise UnreadableFile(Problem(path, f"binary data, not a text log (NUL byte at offset {first.offset})",
                                         offset=first.offset, line=first.line)) from None
        raise UnreadableFile(
            Problem(path, f"not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})", offset=e.start,
                    line=raw.count(b"\n", 0, e.start) + 1)
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x1b" in raw:  # a terminal's colours kept in a saved table (skorch's PrintLog marks each new best value:
        raw = _ANSI.sub(b"", raw)  # '\x1b[36m  0.3849\x1b[0m', braindecode's EEG logs): 11 fields where the header had 7
    raw = uncommented(raw)  # '# run: ..' comments or Excel's 'sep=;' before the header (``_lead_lines``)
    # b"\r" first: one memchr, where the 3-byte needle scans a whole file at ~0.6 ns a byte (14 us a 25 KB JSON)
    if b"\r" in raw and b"\r\r\n" in raw:  # pandas' to_csv (os.linesep) into a text-mode file on Windows: '\r\r\n'
        raw = raw.replace(b"\r\r\n", b"\r\n")  # ends each row (public GAN_initial losses.csv): no blank row between
    if not raw or raw.isspace():
        raise UnreadableFile(Problem(path, "empty file (only blank lines)"))
    from ._conflicts import resolve  # git's '<<<<<<<' / '=======' / '>>>>>>>' blocks: one side read, a warning

    raw, conflicts = resolve(raw, path)
    return raw, damage + conflicts if conflicts else damage


def _without_nul(raw: bytes, path: str) -> tuple[bytes, list[Problem]]:
    """``raw`` with its NUL padding cut off and its lines holding NUL bytes blanked; a warning for each."""
    body = raw.rstrip(b"\0")
    if not body.strip():
        raise UnreadableFile(Problem(path, f"no text, only NUL bytes ({len(raw):,} bytes: zero-filled, the data "
                                           "never reached the disk?)", offset=0, line=1))
    start = len(body) - len(body.lstrip())  # the first non-blank line: the header, or the first line of data
    header_end = body.find(b"\n", start)
    nul = body.find(b"\0")
    if 0 <= nul < (len(body) if header_end < 0 else header_end):
        raise UnreadableFile(Problem(path, f"binary data, not a text log (NUL byte at offset {nul})", offset=nul,
                                     line=raw.count(b"\n", 0, nul) + 1))
    damage: list[Problem] = []
    pad = len(raw) - len(body)
    if pad:
        line = body.count(b"\n") + 1
        cut = body.rfind(b"\n") + 1
        partial = ""
        if cut > header_end >= 0 and body[cut:].strip():  # the fill began inside this line: it is cut short
            partial = f" (line {line}, cut short by the fill, is skipped too)"
            body = body[:cut]
        damage.append(Problem(path, f"the file ends in {pad:,} bytes of NUL padding (a zero-filled tail: the job "
                                    f"crashed before its last writes reached the disk?); the lines before it are "
                                    f"read{partial}", offset=len(raw) - pad, line=line))
    nul = body.find(b"\0")
    if nul < 0:
        return body, damage
    out, pos, line, counted = [], 0, 1, 0
    while nul >= 0:
        begin = body.rfind(b"\n", 0, nul) + 1
        end = body.find(b"\n", nul)
        end = len(body) if end < 0 else end
        line += body.count(b"\n", counted, begin)
        counted = begin
        count = body.count(b"\0", begin, end)
        damage.append(Problem(path, f"{count:,} NUL byte(s) in the line (a zero-filled block: the job crashed "
                                    "before this write reached the disk?); line skipped", offset=nul, line=line))
        out.append(body[pos:begin])
        pos = end  # the line's text goes, its newline stays: later lines keep their numbers
        nul = body.find(b"\0", end)
    out.append(body[pos:])
    return b"".join(out), damage


def first_line(raw: bytes) -> tuple[int, int, str]:
    """(1-based line number, byte offset, text) of the first non-blank line; the caller made sure one exists."""
    line_no, pos = 1, 0
    while True:
        end = raw.find(b"\n", pos)
        stop = len(raw) if end < 0 else end
        text = raw[pos:stop].decode("utf-8").split("\r")[0]
        if text.strip() or end < 0:
            return line_no, pos, text
        line_no, pos = line_no + 1, end + 1


def head_line(head: bytes) -> str | None:
    """The first non-blank line of a file's first bytes, for ``sniff``; None when that line is not text.

    Only the first line counts: a file that starts like a log but holds a NUL byte or a non-UTF-8 byte further down
    is still claimed, so its reader reports the damage (file and line) instead of the file being passed over."""
    return _head_line(head) if head else None


@functools.lru_cache(maxsize=8)  # each sniffer asks for the same head's line: decoded once
def _head_line(head: bytes) -> str | None:
    head = uncommented(head[3:] if head.startswith(b"\xef\xbb\xbf") else head)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    start = 0
    while True:  # the lines of ``text.splitlines()``, piece by piece ('\n' always ends one): only the first ones
        end = text.find("\n", start)
        for line in (text[start:] if end < 0 else text[start:end + 1]).splitlines():
            if line.strip() and not line.startswith("<<<<<<< "):  # git's conflict opening: the header follows
                return None if "\ufffd" in line or "\0" in line else line
        if end < 0:
            return None
        start = end + 1


def foreign_header(head: bytes) -> str | None:
    """Why a file whose first line is a CSV log's header (``epoch``/``step``/``loss`` among ``,``/``;``/tab
    separated names) in another encoding than UTF-8 (a Latin-1 ``précision`` column) is not read: the CSV readers
    take UTF-8 only; "" for such a header in UTF-16 with a BOM (``discover._utf16_table`` says it). None for
    anything else. A newcomer's
    stop-27 report: such a Keras ``training.log`` was read as a printed log with "no line holds a loss"."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark (PowerShell's `>`, Excel)
        text = head[:4096].decode("utf-16", errors="replace").split("\n", 1)[0].lower()
        names = [c.strip().strip('"') for c in re.split(r"[,;\t]", text)]
        if len(names) >= 2 and {"epoch", "step", "loss"} & set(names):
            return ""  # no printed log: ``discover._utf16_table`` says "a table saved as UTF-16 text"
        return None
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        line.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        offset, byte = e.start, line[e.start]
    text = line.decode("cp1252", errors="replace").lower()
    names = [c.strip().strip('"') for c in re.split(r"[,;\t]", text)]
    if len(names) < 2 or not {"epoch", "step", "loss"} & set(names):
        return None
    return (f"a CSV log's header, but not UTF-8 (byte 0x{byte:02x} at offset {offset} of its first line): not read; "
            "save it as UTF-8")


def header_not_utf8(head: bytes) -> str | None:
    """Why a table whose first line is not UTF-8 is not read, naming the byte and its offset as a bad byte further
    down is named ("line 2: not UTF-8 text (byte 0xe9 at offset 28)"); None when the first line is UTF-8."""
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    try:
        line.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        offset = e.start + (len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n")))
        return (f"line 1 (the header): not UTF-8 text (byte 0x{line[e.start]:02x} at offset {offset}): not read; "
                "save it as UTF-8")


_LINES: dict = {}  # limit -> the regex matching the first limit + 1 lines of a head


def head_rows(head: bytes, limit: int = 20) -> list[str]:
    """Up to ``limit`` complete lines after the first non-blank one (the last, perhaps cut, line is left out)."""
    pattern = _LINES.get(limit)
    if pattern is None:
        pattern = _LINES[limit] = re.compile(rb"(?:[^\n]*\n){%d}" % (limit + 1))
    # the header and ``limit`` rows: the bytes up to their last b"\n" are enough (one regex, no find a line)
    found = pattern.match(head)
    cut = found.end() - 1 if found is not None else -1
    if 0 <= cut < len(head) - 1:
        # those lines are the first lines of the whole head's (b"\n" ends one, never inside a UTF-8 character or a
        # CRLF pair); short of ``limit`` (blank lines first): the whole head, as before
        rows = _head_rows(head[:cut + 1], limit)
        if len(rows) == limit:
            return rows
    return _head_rows(head, limit)


def _head_rows(head: bytes, limit: int) -> list[str]:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if not text.endswith(("\n", "\r")):
        lines = lines[:-1]
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines[1 : limit + 1]


_OPEN = {ord("{"): ord("}"), ord("["): ord("]")}


def quote_json_cells(raw: bytes, sep: str) -> bytes:
    """``raw`` with each unquoted JSON object or list cell (``0,{"a": 1, "b": 2},0.5``: a script writing
    ``json.dumps(...)`` between commas with an f-string) quoted as CSV does, so that its commas do not split it into
    cells of the columns after it; that column is then reported once as holding no numbers. Other lines unchanged."""
    if len(sep) != 1 or (b"{" not in raw and b"[" not in raw):
        return raw
    comma = ord(sep)
    out, changed = [], False
    for line in raw.split(b"\n"):
        if b"{" not in line and b"[" not in line:
            out.append(line)
            continue
        cells, i, n, fixed = [], 0, len(line), False
        while i <= n:
            j = i
            while j < n and line[j] in b" \t":
                j += 1
            if j < n and line[j] in _OPEN:
                end = _json_end(line, j)
                if end is not None and (end == n or line[end] == comma or line[end:].strip() == b""):
                    cell = line[j:end]
                    last = end == n or line[end] != comma
                    cells.append(b'"' + cell.replace(b'"', b'""') + b'"' + (line[end:] if last else b""))
                    fixed, i = True, (n + 1 if last else end + 1)
                    continue
            if j < n and line[j] == ord('"'):  # a quoted cell: as it is
                k = j + 1
                while k < n and not (line[k] == ord('"') and (k + 1 >= n or line[k + 1] != ord('"'))):
                    k += 2 if line[k] == ord('"') else 1
                end = line.find(bytes([comma]), k)
            else:
                end = line.find(bytes([comma]), i)
            end = n if end < 0 else end
            cells.append(line[i:end])
            i = end + 1
        out.append(bytes([comma]).join(cells) if fixed else line)
        changed |= fixed
    return b"\n".join(out) if changed else raw


def _json_end(line: bytes, start: int) -> int | None:
    """The index after the bracket closing the JSON object/list opened at ``start`` (strings skipped), or None."""
    depth, i, n = 0, start, len(line)
    while i < n:
        c = line[i]
        if c == ord('"'):
            i += 1
            while i < n and line[i] != ord('"'):
                i += 2 if line[i] == ord("\\") else 1
        elif c in b"{[":
            depth += 1
        elif c in b"}]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


def split_header(line: str, sep: str) -> list[str]:
    """Column names of a header line, quotes honoured, surrounding spaces dropped."""
    return list(_split_header(line, sep))


@functools.lru_cache(maxsize=16)  # each sniffer splits the same first line
def _split_header(line: str, sep: str) -> tuple[str, ...]:
    if sep == r"\s+":
        return tuple(line.split())
    try:
        fields = next(csv.reader([line], delimiter=sep))
    except (csv.Error, StopIteration):
        fields = line.split(sep)
    return tuple(f.strip() for f in fields)


def _looks_whole(cell: bytes, before: bytes, cut: bytes, fields: int) -> bool:
    """Whether the last cell of a line without its line end is written whole, judged by the same column in the
    lines before it: at least as long as half of them (a cut number loses its last digits: '0.0005885' of
    '0.000588529...'), and an exponent of as many digits as theirs ('1.47e-0' of '1.47e-06'). A file whose writer
    just did not end its last line (a Windows tool, a user's loop) keeps its last value."""
    if not cell:
        return False
    column = [row.rsplit(cut, 1)[-1].strip() for row in before.replace(b"\r", b"\n").split(b"\n")[1:]
              if row.count(cut) + 1 == fields]
    column = [c for c in column if c][-50:]
    if len(column) < 3:
        return False
    if len(cell) < sorted(len(c) for c in column)[len(column) // 2]:
        return False
    digits = [len(c) - max(c.rfind(b"e"), c.rfind(b"E"), c.rfind(b"-"), c.rfind(b"+")) - 1
              for c in column if b"e" in c.lower()]
    if b"e" in cell.lower():
        tail = len(cell) - max(cell.rfind(b"e"), cell.rfind(b"E"), cell.rfind(b"-"), cell.rfind(b"+")) - 1
        if tail < min(digits, default=2):
            return False
    return True


def cut_last_cell(raw: bytes, path: str, sep: str, fields: int) -> tuple[bytes, Problem | None]:
    """A logger that ends every row with a line end (Keras' and Lightning's CSVLogger: the csv module's ``\\r\\n``)
    and a file that ends inside a line holding all ``fields`` fields: the job stopped mid-write, and that line's last
    cell may be cut short (``0.0123`` written as ``0.0``): it is left out (the bytes returned end before it), with
    a warning. A line short of fields is the readers' "cut short" row (``_text._drop_cut_last_row``)."""
    if not raw or raw.endswith((b"\n", b"\r")):
        return raw, None
    start = max(raw.rfind(b"\n"), raw.rfind(b"\r")) + 1
    if start == 0:  # the header alone
        return raw, None
    cut = sep.encode()
    last = raw[start:]
    if last.count(cut) + 1 != fields:
        return raw, None
    k = start + last.rfind(cut) + len(cut)
    if _looks_whole(raw[k:].strip(), raw[max(0, start - 8192):start], cut, fields):
        return raw, None
    line = raw.count(b"\n", 0, start) + 1
    if raw.count(b"\r", 0, start) and not raw.count(b"\n", 0, start):
        line = raw.count(b"\r", 0, start) + 1
    cell = raw[k:].decode("utf-8", "replace").strip()
    what = f"its last cell {cell!r} may be cut short and is left out" if cell else "its last cell is cut off"
    return raw[:k], Problem(path, f"the file ends inside this line (no line end: the job stopped mid-write?); {what}",
                            line=line)


@functools.lru_cache(maxsize=8192)  # a tree's files repeat a few headers (~33k calls for 10k runs)
def normal_name(name: str) -> str:
    """A column name compared case- and separator-blind: `` Val Loss`` -> ``val_loss``, ``learning-rate`` ->
    ``learning_rate`` (the CSV readers' header matching)."""
    return name.strip().lower().replace(" ", "_").replace("-", "_")
