"""A one-column CSV-like log's first line, mended before it is read as a header (used by ``plain_csv``).

- A header written in a Chinese Windows code page (GBK/GB18030: ``open('loss.csv', 'w')`` on a Chinese Windows, the
  locale's cp936). Public shstock148 ``loss.csv``: ``loss值`` is ``6C 6F 73 73 D6 B5``, and ``D6 B5`` is also UTF-8
  (U+05B5, a Hebrew vowel point), so the column was named ``lossֵ``: mojibake, silently. A first line that is not
  UTF-8, or whose UTF-8 puts a nonspacing mark straight after a Latin letter (no script writes that), is decoded as
  GB18030 (the stdlib's superset of GBK/cp936), strictly, and taken when every non-ASCII character is CJK (ideographs,
  CJK punctuation, full-width forms) in GB2312's two high bytes; anything else stays as it was (the readers say what they could not read).
- A header glued to the first value: ``f.write('loss值')`` with no newline, then ``f.write(f'{loss}\\n')`` each
  epoch (public shstock148 ``loss.log``: ``loss值7.658917`` then ``1.184213``...): the first value was part of the
  column's name and lost. A first line that is a name followed by a number, over lines of one number each, is the
  name, then that number's row.
"""
from __future__ import annotations

import re
import unicodedata

_GLUED = re.compile(r"([^\W\d][^,;\t\d]*?)[ \t]*([-+]?(?:\d+\.\d+|\.\d+)(?:[eE][-+]?\d+)?)")  # a decimal point: no 'top1'
_ONE_NUMBER = re.compile(rb"[ \t]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t]*\r?")
_LOOKED = 20


def _cjk(ch: str) -> bool:
    """A CJK character written as GB2312 writes it: two bytes, both >= 0xA1 (a Latin-1 ``é`` then an ASCII ``c``,
    ``E9 63``, is a GBK character too, but no GB2312 one)."""
    o = ord(ch)
    if not (0x3000 <= o <= 0x303F or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF):
        return False
    raw = ch.encode("gb18030")
    return len(raw) == 2 and raw[0] >= 0xA1 and raw[1] >= 0xA1


def _gb18030(line: bytes) -> str | None:
    """The line decoded as GB18030 when it is no UTF-8 (or UTF-8 by chance only) and that decoding is CJK text."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not any(unicodedata.category(c) == "Mn" and i and text[i - 1].isascii() and text[i - 1].isalpha()
                   for i, c in enumerate(text)):
            return None
    try:
        text = line.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if all(c.isascii() or _cjk(c) for c in text) else None


def mended(data) -> tuple[bytes, str | None]:
    """(``data`` with its first line mended, the line saying how) or (``data``, None) (module docstring)."""
    raw = bytes(data)
    end = raw.find(b"\n")
    line = raw[:len(raw) if end < 0 else end].rstrip(b"\r")
    if line.isascii() and not line[-1:].isdigit():
        return data, None
    notes = []
    if not line.isascii() and (text := _gb18030(line)) is not None:
        raw = text.encode("utf-8") + raw[len(line):]
        notes.append(f"its first line is in GB18030 (a Chinese Windows code page), not UTF-8: read as {text!r}")
        line = text.encode("utf-8")
    glued = _GLUED.fullmatch(line.decode("utf-8", "replace"))
    rest = [r for r in raw[len(line):].split(b"\n")[1:_LOOKED + 1] if r.strip()]
    if glued is not None and rest and all(_ONE_NUMBER.fullmatch(r) for r in rest):
        raw = f"{glued.group(1)}\n{glued.group(2)}".encode("utf-8") + raw[len(line):]
        notes.append(f"its first line {line.decode('utf-8', 'replace')!r} is a name glued to the first value (no "
                     f"newline written after the name): read as the header {glued.group(1)!r} and the value "
                     f"{glued.group(2)}")
    return (raw, "; ".join(notes)) if notes else (data, None)
