"""A ``*.txt`` named like a loss history that holds bare numbers only, which no reader took: said in one line, not
skipped in silence.

``np.savetxt('losses.txt', [d_losses, g_losses])`` or a loop writing ``' '.join(map(str, losses))`` leaves lines of
numbers with no header and no names (public gancourse195 ``losses.txt``: two lines of 100 numbers, which of the two
is the discriminator is written nowhere). The shape readers take the layouts whose roles can be told (one column a
loss, a train/validation pair that both fall: ``readers/_two_rows``, ``_loss_shapes``); what is left is named here so
the user knows the file was seen and why it gave no run (the brief: never a silent skip).
"""
from __future__ import annotations

import re

from .runs import Problem

_LOSS_NAMED = re.compile(r"(?:^|[^a-z])(?:losse?s?|loss_?hist(?:ory)?)(?:[^a-z]|$)")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf", re.I)
_SEPARATORS = re.compile(rb"[\s,;]+")


def unnamed_numbers(path: str, name: str, head: bytes | None) -> Problem | None:
    """One line for a ``*.txt``/``*.dat`` whose name says loss (``losses.txt``, ``d_losses.txt``,
    ``loss_history.txt``) and whose head (the sniffed bytes) is numbers and separators only, at least 2 numbers;
    None for anything else. Shapes: any count of lines of any count of numbers."""
    low = name.lower()
    if head is None or not low.endswith((".txt", ".dat")) or not _LOSS_NAMED.search(low.rsplit(".", 1)[0]):
        return None
    tokens = [t for t in _SEPARATORS.split(head.strip()) if t]
    cut = len(head) >= 4096  # the sniffed head may end inside a number: its last token is not judged
    judged = tokens[:-1] if cut else tokens
    if len(judged) < 2 or not all(_NUMBER.fullmatch(t) for t in judged):
        return None
    lines = head.strip().count(b"\n") + 1
    return Problem(path, f"named like a loss history but holds only unnamed numbers ({lines}{'+' if cut else ''} "
                         "line(s), no header or names): which series is which cannot be told, not read -- write a "
                         "header (e.g. np.savetxt(..., header='d_loss g_loss')) or one named file per series")
