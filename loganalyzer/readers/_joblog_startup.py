"""A script's start-up block printed again after a crash or an interrupt (used by ``readers/_joblog_relaunch.py``
and ``readers/_joblog_launchblock.py``).

A launch prints the same lines before its first progress line each time (a device line, dataset messages, a config
dump, the model); a second launch appended to the same ``nohup.out`` prints them again. Public
tangzyer/mixmatchonsubset ``nohup.out`` holds two launches, the first killed after epoch 0::

    cuda: True
    Files already downloaded and verified
    Epoch 0 Train Loss: 617.4788018465042
    Epoch: 0 Val Acc: 0.186
    Traceback (most recent call last):
      ...
    KeyboardInterrupt
    cuda: True
    Files already downloaded and verified
    Epoch 0 Train Loss: 617.0181216001511

``startup_lines`` gives the lines printed before a run's first line (digits masked, lines with a letter only, no
progress bar redraw); ``reprinted(data, before, lo, hi)`` how many of them ``data[lo:hi]`` prints again;
``after_traceback(data, lo, hi)`` the offset just past the last Python traceback's (or ``KeyboardInterrupt``'s) end
in ``data[lo:hi]``, or None when none was printed there.
"""
from __future__ import annotations

import re

REGION = 1 << 16
_DIGITS = re.compile(rb"\d+(?:\.\d+)?")
_SPACE = re.compile(rb"\s+")
_BAR = re.compile(rb"%\||(?:it/s|s/it|it)\]")
# Python's traceback header, and the last line of a traceback or of an interrupted process
_TRACEBACK = re.compile(rb"(?m)^(?:Traceback \(most recent call last\):|KeyboardInterrupt\b.*)$")
_EXCEPTION = re.compile(rb"(?m)^(?:[A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit)\b.*)$")


def startup_lines(data, lo: int, hi: int, last: int | None = None) -> set:
    """The lines of ``data[lo:hi]`` (its last ``REGION`` bytes; the last ``last`` such lines) holding a letter and
    4 characters or more, digits masked, spaces folded; bar redraws left out."""
    out = []
    for line in bytes(data[max(lo, hi - REGION):hi]).splitlines():
        key = _SPACE.sub(b" ", _DIGITS.sub(b"#", line)).strip()
        if len(key) < 4 or _BAR.search(key) or not any(65 <= c <= 90 or 97 <= c <= 122 for c in key):
            continue
        out.append(key)
    return set(out[-last:] if last else out)


def reprinted(data, before: set, lo: int, hi: int) -> int:
    """How many lines of ``before`` (``startup_lines``) ``data[lo:hi]`` prints."""
    return len(before & startup_lines(data, lo, hi)) if before else 0


def after_traceback(data, lo: int, hi: int) -> int | None:
    """Just past the end of the last traceback (its exception line) or ``KeyboardInterrupt`` line printed in
    ``data[lo:hi]`` (its last ``REGION`` bytes), or None when none was."""
    lo = max(lo, hi - REGION)
    text = bytes(data[lo:hi])
    found = list(_TRACEBACK.finditer(text))
    if not found:
        return None
    last = found[-1]
    end = last.end()
    if last.group(0).startswith(b"Traceback"):
        exc = _EXCEPTION.search(text, end)
        if exc is None:
            return None
        end = exc.end()
    return lo + end
