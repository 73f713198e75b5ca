"""The ``\\n``-delimited line holding a byte offset, each line found and decoded once (for the job-log rules that look
at a hit's whole line: ``_config_dump``'s one-line repr, ``_joblog_bestblock``'s banners).

Finding a hit's line with ``rfind``/``find`` and decoding it per hit costs the line's length per hit: a tqdm bar's
thousands of redraws joined by ``\\r`` are one such line with a hit per redraw -- quadratic in the bar. Here the
spans found are kept sorted (``bisect``): a later offset inside a known line reuses its span and its text, and the
search for a new line's start stops at the known line before it, so hits in file order cost the file's length once.
"""
from __future__ import annotations

from bisect import bisect_right


class Lines:
    """``span(offset)``: (start, end) of the line holding ``offset`` (``end`` the offset of its ``\\n``, or
    ``len(data)``; the ``\\n`` itself belongs to the line it ends); ``text(offset)``: that line decoded (UTF-8,
    errors replaced), without its ``\\n``. ``data`` is bytes or an mmap."""

    def __init__(self, data):
        self.data, self.size = data, len(data)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.texts: dict[int, str] = {}

    def span(self, offset: int) -> tuple[int, int]:
        k = bisect_right(self.starts, offset) - 1
        if k >= 0 and offset <= self.ends[k]:
            return self.starts[k], self.ends[k]
        lo = self.ends[k] + 1 if k >= 0 else 0
        hi = self.starts[k + 1] if k + 1 < len(self.starts) else self.size
        start = self.data.rfind(b"\n", lo, offset) + 1 if offset > lo else lo
        start = max(start, lo)
        end = self.data.find(b"\n", offset, hi)
        end = (hi - 1 if hi < self.size else self.size) if end < 0 else end
        self.starts.insert(k + 1, start)
        self.ends.insert(k + 1, end)
        return start, end

    def text(self, offset: int) -> str:
        start, end = self.span(offset)
        text = self.texts.get(start)
        if text is None:
            text = self.texts[start] = bytes(self.data[start:end]).decode("utf-8", "replace")
        return text
