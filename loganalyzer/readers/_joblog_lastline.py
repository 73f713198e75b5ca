"""A job log's last line without its newline (for ``readers/joblog.py``).

A log saved by an editor, committed to git or printed with ``print(..., end="")`` often ends right after its last
line's text: that line is a finished record. A job killed mid-write ends inside a line: that line is cut. The last
line is read when it is complete: it parses into the same keys as the line of its shape before it (which ended in a
newline) and from its last key on it is printed like that line (the same text, numbers with as many decimals:
``val_acc: 0.8488`` after ``val_acc: 0.8414``; ``0.84`` after ``0.8414``, or a line ending where the one before went
on with ``, time 41.2ms``, is cut). A number printed at full float precision (Python's ``repr``/``str`` of a float,
15 to 17 significant digits, as many as the value needs) is complete at 15 or more digits whatever the line before
printed: public toxic105 train_logs.txt ends ``Val   loss 0.13944906414391284`` (17 digits, no newline) after
``Val   loss 0.1395005587346568`` (16) and its last epoch's validation loss was dropped as cut. Without such a line
before, a last line that parses is read. A last line that looks cut is dropped with one warning naming the file's
line.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(rb"\d+(?:\.(\d*))?(?:[eE][-+]?(\d+))?")
# a number cut inside or before its exponent: Python's repr (and C's %e) prints two exponent digits at least, so
# ``4.722633435250281e-0`` (a breaker's killed job; read as 4.72 for 4.7e-05), ``..e-`` or ``..e`` is no number's end
_CUT_EXPONENT = re.compile(rb"\d[eE](?:[-+]?\d?)?\s*$")
_FULL = 15  # significant digits from which a number is a float printed in full (repr: 15 to 17 of them)


def _printed(m) -> bytes:
    """How a number is printed: ``#4`` for four decimals, ``#f`` for a float printed in full (``_FULL``), ``#e`` for
    one ending in a whole (two-digit) exponent."""
    digits = m.group(0).split(b"e")[0].split(b"E")[0].replace(b".", b"").lstrip(b"0")
    if m.group(2) is not None and len(m.group(2)) >= 2:
        return b"#e"  # a whole exponent ends its number whatever the mantissa ('1e-07' after '7.155829702e-07')
    exp = b"" if m.group(2) is None else b"e1"  # an exponent cut to one digit, or none where the line before had
    # one (a breaker's 'val_loss 4.722633435250281' cut before its 'e-05'): not alike, so cut
    if m.group(1) is not None and len(digits) >= _FULL:
        return b"#f" + exp
    return b"#" + str(len(m.group(1)) if m.group(1) is not None else -1).encode() + exp


def _skeleton(text: bytes, key: str) -> bytes:
    """``text`` from the last occurrence of ``key``'s last word on, each number replaced by how it is printed
    (``#4`` for four decimals): two complete lines of one logger have the same skeleton there."""
    word = key.rsplit("_", 1)[-1].rsplit("/", 1)[-1].encode("utf-8", "replace").lower()
    at = text.lower().rfind(word) if word else -1
    tail = text[at:] if at >= 0 else text
    return _NUMBER.sub(_printed, tail.rstrip())


def looks_complete(data, start: int, size: int, record, hits) -> bool:
    """Whether the unterminated last segment ``data[start:size]``, parsed into ``record``, is a finished line: its
    keys and how its last value is printed (to the line's end) match the newline-ended line of the same shape before
    it (``hits``)."""
    if _CUT_EXPONENT.search(bytes(data[max(start, size - 64):size])):
        return False
    keys = tuple(k for k, _ in record.values)
    recent = hits[-64:]
    alike = [h for h in reversed(recent) if not h.transient and h.record.shape == record.shape
             and h.record.kind == record.kind]
    # the last line printed with the same keys when there is one: emnist58's final 'Test Set : Mean loss: ..'
    # follows a 'Train Set: ...' line of the same shape, and was dropped as cut; the one before it may be an epoch
    # of per-batch bar lines back (emnist58's 682 'Epoch=19 | Batch_id=..' redraws read since stop 39)
    same = (h for h in reversed(hits[-8192:]) if not h.transient and h.record.shape == record.shape
            and h.record.kind == record.kind and tuple(k for k, _ in h.record.values) == keys)
    before = next(same, alike[0] if alike else None)
    if before is None:
        return True
    if tuple(k for k, _ in before.record.values) != keys or not record.values:
        return False
    end = data.find(b"\n", before.offset, start)
    if end < 0:
        return False
    r = data.rfind(b"\r", before.offset, end)
    key = record.values[-1][0]
    return _skeleton(bytes(data[before.offset:r if r >= 0 else end]), key) == _skeleton(bytes(data[start:size]), key)


def cut_note(data, size: int) -> str:
    """The warning for a dropped cut last line, naming its line number (``data`` may be the loader's mmap, which
    has no ``count``: public emnist58 training_logs.txt, a tqdm bar cut mid-redraw, was an internal error)."""
    from ._joblog_ending import _count_lines

    line = _count_lines(data, 0, size) + 1
    return (f"line {line}: the last line has no newline and looks cut short (file truncated mid-write?): "
            "not read")
