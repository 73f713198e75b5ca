"""The sniff of CyCADA-style ``Iteration N: name:value ...`` logs (``_joblog_iterpairs``' lines), in a module of its
own: a CSV tree's format checks (``_printed_names.printed_log``) and discovery (``_joblog_names.sniff``) ask it
without importing a job-log reader (``tests/test_speed_imports.py``)."""
from __future__ import annotations

import re

from ._number import NUMBER

MIN_LINES, MIN_PAIRS = 3, 3
_ANSI = re.compile(rb"\x1b\[[0-9;]*m")
_LINE = re.compile(rb"(?m)^[^\n]*?\bIteration (\d{1,12}):((?:[ \t]+[A-Za-z][\w@]{0,30}:" + NUMBER.encode()
                   + rb"%?){" + str(MIN_PAIRS).encode() + rb",})[ \t\r]*$")


def looks(head: bytes) -> bool:
    """Whether a file's first bytes hold ``MIN_LINES`` such lines, colour codes passed over (the sniff: a log of these
    lines alone -- each pair wrapped in its own colour, ``Iteration 100:  D:\x1b[33m0.685\x1b[0m``, or one space
    after ``N:`` -- was "not read: ... no training progress", or taken for a whitespace table; brk60 W8)."""
    if head.find(b"Iteration ") < 0:
        return False
    text = _ANSI.sub(b"", bytes(head)) if b"\x1b[" in head else bytes(head)
    found = 0
    for m in re.finditer(rb"(?m)^[^\n]*Iteration [^\n]*$", text):
        line = _LINE.match(m.group(0))
        found += line is not None and b"oss" not in line.group(2)
        if found >= MIN_LINES:
            return True
    return False
