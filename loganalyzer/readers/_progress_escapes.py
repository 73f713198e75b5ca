"""Terminal control sequences left in a saved log's text (for ``_progress.clean``).

A log copied out of a terminal keeps the codes the terminal was sent: tqdm's cursor moves (``ESC[A``), erase-line
(``ESC[2K``), colours. Written as bytes they are ANSI CSI sequences (``\\x1b[...X``); pasted from a terminal or an
editor they are in caret notation (``^[[B``), and where the ESC byte itself was dropped only ``[2K`` is left. None of
them is part of a name: public carcls105 training_logs.txt has ``[B^[[B^[[B^[qGEpoch 29/50 | Train Loss: ..`` (a run
of cursor-down codes wrapped across lines, its ``^[`` at the end of the line before, then ``^[qG``: an ESC and two
keys typed in a pager), read as a one-point series ``qGEpoch``; the epoch's own values were lost.

- ``^[`` then ``[``, parameters and a final byte: a CSI in caret notation (public GraphSAGE_MultiGPU's
  ``^[[BEpoch 00021 | ...``);
- ``^[`` (or an ESC byte) then anything else: the escape and up to two keys glued after it before the next word (a
  capital followed by a small letter), a space or the end (``^[qGEpoch`` -> ``Epoch``); else the escape alone
  (``\x1bloss: 0.3`` -> ``loss: 0.3``);
- at the line's start, CSI remnants without their ESC (``[B``, ``[2K``) before a caret escape or, with a digit
  parameter (``[2K``), before a capitalised word: ``[2KEpoch 3/10`` -> ``Epoch 3/10``. A bracket that opens a word
  (``[Adam]``, ``[AUC]``, ``[Batch 3]``) is no remnant.
"""
from __future__ import annotations

import re

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]"
                  r"|\x1b[^\s\[\]()\x1b]{0,2}?(?=[A-Z][a-z]|\s|$)"
                  r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CARET = re.compile(r"\^\[\[[0-9;?]*[ -/]*[@-~]|\^\[[^\s^\[]{0,2}?(?=[A-Z][a-z]|[\s^]|$)|\^\[(?!\[)")
_REMNANT = re.compile(r"^(?:\[[0-9;?]*[A-HJKSTm])+(?=\^\[)|^(?:\[\d[0-9;]*[A-HJKSTm])+(?=[A-Z])")


def strip_escapes(text: str) -> str:
    """``text`` without the terminal control sequences of the module docstring."""
    if "\x1b" in text or "\x08" in text or "\x00" in text:
        text = ANSI.sub("", text)
    if "[" in text and text[:1] == "[":
        text = _REMNANT.sub("", text)
    if "^[" in text:
        text = _CARET.sub("", text)
    return text
