"""Two values printed as ``Name A (B): a (b)`` (for ``readers/_progress_text.rewrite``).

A script printing a pair of measures the way a table header pairs them (public BoyDun/tensorflow-cifar-10
``train.out``, after each ``Global Step:`` line of its adversarially regularised classifier)::

    Discriminator Accuracy (Loss): 0.5078125 (1.3683994)

names the second measure in brackets and its value in brackets after the first one's. The line had no key-value
shape (0 points: the discriminator's accuracy and loss unread). It is written ``Discriminator Accuracy: 0.5078125,
Discriminator Loss: 1.3683994``: the words before the first measure's name (the model part, a split) name both.
"""
from __future__ import annotations

import re

from ._progress import NUMBER

_PAIR = re.compile(r"^(?:(?P<head>[A-Za-z][\w.-]*(?: [A-Za-z][\w.-]*){0,3}) )?(?P<a>[A-Za-z][\w.-]*)\s*"
                   r"\(\s*(?P<b>[A-Za-z][\w.-]*)\s*\)\s*[:=]\s*(?P<x>" + NUMBER + r")(?P<px>%?)\s*\(\s*(?P<y>" + NUMBER
                   + r")(?P<py>%?)\s*\)\s*$")


def paren_pair(text: str) -> str:
    """``text`` with a ``Name A (B): a (b)`` line written as two named values (module docstring)."""
    m = _PAIR.match(text)
    if m is None:
        return text
    head = f"{m.group('head')} " if m.group("head") else ""
    return (f"{head}{m.group('a')}: {m.group('x')}{m.group('px')}, "
            f"{head}{m.group('b')}: {m.group('y')}{m.group('py')}")
