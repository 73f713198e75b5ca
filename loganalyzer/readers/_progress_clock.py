"""Clock times and ``<name> is <number>`` in printed progress lines (for ``_progress_text.rewrite``).

- ``h:mm:ss`` / ``m:ss`` / ``0:00:27.742635`` durations and ETAs are no metric values: PyTracking/SeqTrack's
  ``time for last 50 samples : 0:00:08 hours , time since beginning : 0:00:08 hours`` (public Amrzxk/Assignment_3
  ``training_log.txt``), ``0/10105 in 0 epoch finished at time 0:00:27.742635 from start, Loss is 3.85`` (public
  Capstone_DL_Object_detection), Keras 2's ``1/285 [....] - ETA: 1:04 - loss: 4.09`` (public ki-keras-belgian).
  Each key read the clock's hours as its value (series ``for_last``, ``since_beginning``, ``at_time``, ``ETA``).
  ``strip_clocks(text)`` drops each clock time with the words naming it (back to the separator before it: ``,``,
  ``|``, ``;``, `` - ``, two spaces, a bracket or an ``n/N`` counter) and the unit words after it (``hours``,
  ``from start``); a clock no word names (a timestamp after a date) is left, and one inside a tqdm bar's brackets
  (``[00:10<00:12, ...]``) is left to that shape.
- ``Loss is 3.847216 Acc is 0.516169``: the key is ``Loss`` (it was ``Loss_is``): ``<name> is <number>`` ->
  ``<name>: <number>``.
- ``<name> for <n> is <number>`` / ``<name> after epoch <n> is: <number>``: the whole number is the epoch the value
  belongs to, not a value: a PaiNN QM9 script's ``### End of the epoch : Validation loss for 0 is 0.000537`` (open
  painnqm9g10187 ``*.out``) was split into a series ``val_loss_for`` of epoch numbers and one ``val_is`` of the
  losses; ``Validation error after epoch 1 is: 1.048`` (open qm9unet187 ``gpu-*.out``) was not read. Written
  ``<name>: <number>``; the value keeps its line's place (the epoch's order), as every other line of such a log does.
"""
from __future__ import annotations

import re

_CLOCK = re.compile(r"(?<![\w.:/<\[,-])\d{1,3}:\d{2}(?::\d{2})?(?:\.\d+)?(?![\w:.<])")
# the last separator before a clock's words
_BEFORE = re.compile(r"[,|;\]\)]|\s-\s|\s{2,}|\d+\s*/\s*\d+\]?")
_NAME_WORDS = re.compile(r"^[\sA-Za-z0-9_./:=()-]{0,80}$")
_PAIR_INSIDE = re.compile(r"(?i)loss|acc|[:=]\s*[-+]?\.?\d")
_LAST_KEY = re.compile(r"[A-Za-z][\w./-]*\s*[:=]?\s*$")
_AFTER = re.compile(r"(?:(?:\s+[A-Za-z]+)+?(?=\s*(?:[,|;]|\s-\s|\s\s|$)))?")
# 'avg loss so far is 0.1098' (PredNet-style running means, public prednet): 'so far' belongs to no key
_COUNTED_IS = re.compile(r"(?<![\w./-])((?:[A-Za-z][\w./-]*\s+){0,3}[A-Za-z][\w./-]*)\s+(?:for|after)\s+"
                         r"(?:(?:epoch|step|iteration|iter)\s+)?\d+\s+is\s*:?\s*(?=[-+]?(?:\d|\.\d|nan|inf))",
                         re.IGNORECASE)
_IS = re.compile(r"(?<![\w./-])([A-Za-z][\w./-]*)(?: so far)? is (?=[-+]?(?:\d|\.\d|nan|inf))", re.IGNORECASE)


def strip_clocks(text: str) -> str:
    """``text`` without its clock times and the words naming them (module docstring)."""
    out = text
    for m in reversed(list(_CLOCK.finditer(text))):
        if _in_bar_brackets(text, m.start()):
            continue
        head = out[:m.start()]
        key = _LAST_KEY.search(head)
        if key is None:  # no word names it: a timestamp ('2026/12/01 09:47:25 - mmengine - INFO - ...'), left
            continue
        sep = None
        for sep in _BEFORE.finditer(head):
            pass
        start = sep.end() if sep is not None else 0
        words = head[start:]
        if not _NAME_WORDS.match(words) or _PAIR_INSIDE.search(words.rstrip(" :=")):
            start = key.start()
        tail = _AFTER.match(out, m.end())
        end = tail.end() if tail is not None else m.end()
        if sep is not None and start == sep.end() and sep.group(0).strip() in (",", "|", ";", "-"):
            start = sep.start()  # 'a: 1 , time: 0:00:08 hours , b: 2' -> 'a: 1 , b: 2'
        out = out[:start] + out[end:]
    return out


def _in_bar_brackets(text: str, at: int) -> bool:
    """Whether position ``at`` is inside a ``[...]`` holding a tqdm time pair (``00:10<00:12``)."""
    open_ = text.rfind("[", 0, at)
    if open_ < 0 or text.rfind("]", 0, at) > open_:
        return False
    close = text.find("]", at)
    return "<" in text[open_:close if close >= 0 else len(text)]


def named_is(text: str) -> str:
    """``text`` with ``<name> is <number>`` written ``<name>: <number>``."""
    if " for " in text or " after " in text or " For " in text or " After " in text:
        text = _COUNTED_IS.sub(r"\1: ", text)
    return _IS.sub(r"\1: ", text)
