"""Printed logs saved in a Chinese Windows code page (GBK / GB18030), read as UTF-8.

Python on a Chinese Windows writes ``print`` and ``logging`` output to a file in the locale's code page (cp936,
i.e. GBK) unless told otherwise: Chinese words, and the box-drawing table YOLOX prints with tabulate's
``fancy_grid`` (``╒═══╤═══╕``) are two bytes a character, none of them UTF-8. Such a log was refused whole as
"binary data, not a text log" (public Duke-Rodriguez-Rudolph/yolox-chepai train_log.txt: 300 epochs of YOLOX
losses unread).

``to_utf8`` decides on the first bytes: a head that is not UTF-8 (its invalid bytes outnumber its valid multi-byte
characters 4 to 1), whose bytes >= 0x80 mostly come two or more together (GBK's two-byte characters; Latin-1's
accented letters stand alone: 'Prüfung', '41°C' -- which GB18030 would decode too) and that is GB18030 throughout
(strict decoding; a character cut by the head's end is allowed) is re-encoded whole, GB18030 -> UTF-8 (bytes that
are not GB18030 further on become U+FFFD). Latin-1/cp1252 text stays as it is (a few U+FFFD, as before).

Many GBK characters are valid UTF-8 pairs by chance (``当前`` is ``B5 B1 C7 B0``: ``C7 B0`` is U+01F0), so a log of
short Chinese words can hold nearly as many "valid" multi-byte characters as invalid bytes (public
JiaxinZhuang/MedQA-style train_log.txt of a Chinese BERT classifier: ``当前Batch：10/6035 | 当前epoch:0/50 |
当前损失值：10.113 | 当前准确率：0.00%``, 13,193 invalid bytes beside 7,417 such characters). A head is taken for a code
page too when most of its lines holding bytes >= 0x80 are not UTF-8 (``_lines_foreign``): a UTF-8 log with a few
damaged bytes (a Russian or Chinese UTF-8 log) has them on a few lines only. ``encoding`` names what was used, for
the reader's warning.
"""
from __future__ import annotations

import re

HEAD = 65536
_HIGH = re.compile(rb"[\x80-\xff]+")
_MIN_FOREIGN = 8  # bytes >= 0x80 needed before a head is taken for a code page (one stray byte is no encoding)


def to_utf8(data, cut: bool = False):
    """``data`` as UTF-8 bytes when its head is GBK/GB18030 text; None when it is UTF-8/ASCII or no such text.
    ``cut``: ``data`` is only a file's first bytes (its last character may be cut)."""
    head = bytes(data[:HEAD])
    if head.isascii():
        return None
    try:
        head.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 3 and (cut or len(head) < len(data)):  # UTF-8 but for a character cut at the end
            return None
    text = head.decode("utf-8", "replace")
    bad = text.count("\ufffd") - head.decode("utf-8", "ignore").count("\ufffd")
    wide = sum(1 for c in text if "\x80" <= c != "\ufffd")
    if bad < _MIN_FOREIGN or (bad < 4 * wide and not _lines_foreign(head)):
        return None
    if not _paired(head) or not _gb18030(head, cut or len(head) < len(data)):
        return None
    return bytes(data).decode("gb18030", "replace").encode("utf-8")


def _lines_foreign(head: bytes) -> bool:
    """Whether most (>= 60%) of the lines of ``head`` holding bytes >= 0x80 are not UTF-8 (the last one, perhaps cut,
    left out)."""
    lines = [line for line in head.split(b"\n")[:-1] if not line.isascii()]
    if len(lines) < 3:
        return False
    foreign = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            foreign += 1
    return foreign >= 0.6 * len(lines)


def encoding(data) -> str | None:
    """'GB18030' when ``to_utf8`` reads ``data`` (a file's bytes) from that code page, else None."""
    return "GB18030" if to_utf8(data, cut=True) is not None else None


def _paired(head: bytes) -> bool:
    """Whether most (>= 60%) bytes >= 0x80 of ``head`` stand next to another: GBK's two-byte characters (a Chinese
    character's bytes both >= 0xA1), not Latin-1's lone accented letters ('Prüfung', '41°C')."""
    runs = [len(m) for m in _HIGH.findall(head)]
    return sum(r for r in runs if r >= 2) >= 0.6 * sum(runs)


def _gb18030(head: bytes, cut: bool) -> bool:
    """Whether ``head`` decodes as GB18030 with no error (but for a character cut at its end when ``cut``) and is
    no binary data (NUL bytes)."""
    if b"\0" in head:
        return False
    try:
        head.decode("gb18030")
    except UnicodeDecodeError as e:
        return cut and e.start >= len(head) - 3
    return True
