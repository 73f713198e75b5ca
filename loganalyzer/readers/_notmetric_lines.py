"""The line rules of ``_joblog_notmetric.drop_not_metrics`` (a config print, a loss scaler's overflow note, a quoted
flag, a closing summary, 'Completed epoch N with'), each line found and decoded once.

A hit's line there is its text from its own start (after the last ``\\n`` or ``\\r``, ``_linestart.line_start``) to
the next ``\\n``: for a display redrawn with ``print(.., end="\\r")`` that is the rest of the whole redrawn line, and
finding, decoding and searching it per hit (``data.find(b"\\n")``, a decode, ``_OVERFLOW.search``) cost the line's
length per hit -- quadratic in the redraws (6,000 step-less ``loss: .. acc: ..`` redraws: ~32 s under a profiler).
Here the ``\\n`` line is found and decoded once (``_linespans.Lines``), a hit's text is a position in it, and the
rules match from that position (the same patterns less their ``^``); the overflow note's search runs only where an
``overflow`` stands at or after it. Same results as slicing: the patterns have no look-behind, and a hit's start
follows a ``\\r`` or ``\\n`` (a UTF-8 decode starts fresh there); a start cut at 4,096 bytes back mid-line takes the
old per-hit slice.
"""
from __future__ import annotations

import re

from ._linespans import Lines
from ._linestart import line_start

# a logging prefix: '[date] [INFO] [file.py:N:func] '
_PREFIX = re.compile(r"^(?:\[[^\]]*\]\s*)+")
# DeepSpeed's config print 'name ............... value' (its 'print' of DeepSpeedConfig, one field a line)
_DOTTED = re.compile(r"^\s*\S+ \.{4,} ")
# a loss scaler's overflow note (DeepSpeed's 'OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, ...',
# apex's 'Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 32768.0')
_OVERFLOW = re.compile(r"(?i)overflow[.!]?\s.*(?:skipping|loss scale)")
_OVERFLOW_WORD = re.compile(r"(?i)overflow")
# a whole line that is one quoted 'name=value' flag
_QUOTED_FLAG = re.compile(r"""^\s*(['"])[A-Za-z_][\w.-]*=[^'"]*\1\s*,?\s*$""")
# a closing summary: 'Completed training with loss: 380249.375', 'Finished training, loss 0.12', 'Training done ...'
_EPOCH_CLOSED = re.compile(r"(?i)^\W*(?:completed|finished|done|ended)\s+epoch\s+\d+(?:\s*/\s*\d+)?\s+with\s")
_CLOSING = re.compile(r"(?i)^\W*(?:training\s+)?(?:completed|complete|finished|done|ended)\b")


def _at(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` less its leading ``^``: ``.match(text, pos)`` is then ``pattern.match(text[pos:])``."""
    source = pattern.pattern
    lead = "(?i)" if source.startswith("(?i)") else ""
    assert source[len(lead)] == "^", source
    return re.compile(lead + source[len(lead) + 1:], pattern.flags)


_PREFIX_AT, _DOTTED_AT, _QUOTED_AT = _at(_PREFIX), _at(_DOTTED), _at(_QUOTED_FLAG)
_EPOCH_CLOSED_AT, _CLOSING_AT = _at(_EPOCH_CLOSED), _at(_CLOSING)


def message(line: str) -> str:
    """The line less a logging prefix ('[date] [INFO] [file.py:N:func] ')."""
    m = _PREFIX.match(line)
    return line[m.end():] if m else line


class HitLines:
    """The rules at a hit's byte offset in ``data`` (bytes or an mmap), for hits read in any order (file order
    costs the file's length once): ``settings(offset)`` (a dotted config field, an overflow note, a quoted flag),
    ``closing(offset)``, ``epoch_closed(offset)`` -- each what the pattern gives on the hit's line text."""

    def __init__(self, data):
        self.data, self.lines = data, Lines(data)
        self.kept: dict[int, list] = {}  # a line's start: [text less trailing '\r', last 'overflow' at, byte, char]
        self.last: tuple | None = None  # (offset, text, line at, message at, last 'overflow' at)

    def _view(self, offset: int) -> tuple:
        if self.last is not None and self.last[0] == offset:
            return self.last
        data = self.data
        start = line_start(data, offset, max(0, offset - 4096))
        first, end = self.lines.span(offset)
        if start > first and data[start - 1] not in (10, 13):  # cut mid-line 4 KiB back: the slice itself
            text = bytes(data[start:end]).decode("utf-8", "replace").rstrip("\r")
            words = [m.start() for m in _OVERFLOW_WORD.finditer(text)]
            kept, at = [text, words[-1] if words else -1, start, 0], 0
        else:
            kept = self.kept.get(first)
            if kept is None:
                whole = self.lines.text(offset)
                text = whole.rstrip("\r")
                words = [m.start() for m in _OVERFLOW_WORD.finditer(text)]
                kept = self.kept[first] = [text, words[-1] if words else -1, first, 0, whole.isascii()]
            if kept[4]:
                at = start - first
            else:  # chars before the start, counted on from the last start asked (hits in order: once a line)
                if start < kept[2]:
                    kept[2], kept[3] = first, 0
                kept[3] += len(bytes(data[kept[2]:start]).decode("utf-8", "replace"))
                kept[2] = start
                at = kept[3]
            at = min(at, len(kept[0]))
        text = kept[0]
        m = _PREFIX_AT.match(text, at)
        self.last = (offset, text, at, m.end() if m else at, kept[1])
        return self.last

    def settings(self, offset: int) -> bool:
        _, text, at, msg, overflow = self._view(offset)
        return bool(_DOTTED_AT.match(text, msg) or (overflow >= msg and _OVERFLOW.search(text, msg))
                    or _QUOTED_AT.match(text, at))

    def closing(self, offset: int) -> bool:
        _, text, _, msg, _ = self._view(offset)
        return bool(_CLOSING_AT.match(text, msg))

    def epoch_closed(self, offset: int) -> bool:
        _, text, _, msg, _ = self._view(offset)
        return bool(_EPOCH_CLOSED_AT.match(text, msg))
