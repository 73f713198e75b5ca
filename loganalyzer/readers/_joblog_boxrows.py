"""An epoch's metrics printed as a vertical box, one ``| name: value |`` row each (for ``readers/joblog.parse``).

A script printing each epoch's summary as a one-column table between rules (a VGG16 sketch classifier's
``test_06.out``, its trainer printing with prettytable-style borders)::

    +----------------------------------------+
    | epoch:                               1 |
    | f1-score:                   0.02448656 |
    | accuracy:                          26% |
    | test loss:                  2.53834608 |
    | train loss:                 2.96100958 |
    | time spent (epoch):         0:03:01.22 |
    +----------------------------------------+

was read row by row: ``test loss`` and ``train loss`` lines with no step, the ``epoch`` row apart, and every box
taken for a launch of its own (364 one-point runs, no curve). The same script's other version prints the epoch as
one row, ``| epoch: 1 | accuracy: 26 | ... | test loss: 2.27 | train loss: 2.35 |``, which was read as one record.
Here the rows of such a box -- a rule line of ``-``/``=`` between ``+`` corners, at least ``MIN_ROWS`` rows that are
each one ``name: value`` between ``|`` bars, one of them an epoch, step or iteration counter, and a closing rule --
are joined into that one line on the box's last row's line, the lines of the rows above it left empty: the file's
length and its line numbers stay. A row holding a duration (``time spent (epoch): 0:03:01.22``) is left out: no series
(its ``0`` had been read as a value).
"""
from __future__ import annotations

import re

from . import _joblog_boxtable

MIN_ROWS = 3
_RULE = rb"\+[-=]{3,}\+[ \t]*\r?\n"
_ROW = rb"\|[ \t]*[A-Za-z][^|:\n]{0,60}:[ \t]*[^|\s][^|\n]*\|[ \t]*\r?\n"
_BOX = re.compile(rb"(?m)^" + _RULE + rb"((?:" + _ROW + rb"){" + str(MIN_ROWS).encode() + rb",})(?=\+[-=]{3,}\+)")
_CLOCK = re.compile(rb":[ \t]*\d+:\d\d(?::\d\d)?(?:\.\d+)?[ \t]*\|$")  # a duration's row, h:mm:ss(.ff)
_COUNTER = re.compile(rb"(?mi)^\|[ \t]*(?:epoch|step|iter|iteration|global[ _]step)[ \t]*:[ \t]*\d+[ \t]*\|")


def _one_line(body: bytes) -> bytes:
    """The box's rows ``body`` as one line on its last row's line, its first rows' lines left empty (same length)."""
    eol = b"\r\n" if body.endswith(b"\r\n") else b"\n"
    rows = [r.rstrip(b"\r").rstrip() for r in body.split(b"\n")[:-1]]
    kept = [r for r in rows if not _CLOCK.search(r)] or rows[-1:]  # 'time spent (epoch): 0:03:01.22': no series
    line = b" ".join(r[:-1].rstrip() for r in kept[:-1]) + b" " + kept[-1]
    room = len(body) - len(eol) * len(rows)
    return eol * (len(rows) - 1) + line.ljust(room) + eol


def joined(data):
    """``data`` with each vertical box's rows on one line (module docstring; the same length), or ``data``; first
    box-drawn epoch tables (``┃ 0 ┃ 1.63 │ 23.7 % ┃``) as ``| name: value |`` lines (``_joblog_boxtable``)."""
    data = _joblog_boxtable.rewritten(data)
    if data.find(b"+---") < 0:
        return data
    out = None
    for m in _BOX.finditer(data):
        body = m.group(1)
        if not _COUNTER.search(body):
            continue
        if out is None:
            out = bytearray(data)
        out[m.start(1):m.end(1)] = _one_line(bytes(body))
    return data if out is None else bytes(out)
