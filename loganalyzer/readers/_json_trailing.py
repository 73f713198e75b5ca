"""A JSON document with trailing commas (``[1, 2,]``, ``{"a": 1,}``) read as if they were not there, and said.

The fault: JSON edited by hand, or written by a writer other than ``json.dump`` (a JavaScript/JSON5 tool, a script
that joins records with ``",\\n"`` and closes the list after the last one), holds a comma right before a closing
``}`` or ``]``. ``json.loads`` refuses it ("Expecting property name enclosed in double quotes" / "Expecting value",
Python 3.13: "Illegal trailing comma"), and the readers' cut-short salvage took it for a write stopped mid-way: a
HuggingFace ``trainer_state.json`` and a Keras ``history.json`` with ``,`` before their last ``}`` were reported as
"the file ends at byte 6,489, inside its JSON (cut short: the job stopped while writing it?)" -- a wrong diagnosis of
a file that is whole (stop-70 break test, docs/breaker70.md; no public run showed it yet).

``without_trailing_commas(text)`` drops each comma that only whitespace separates from the ``}``/``]`` after it
(outside strings); the document is then decoded by the standard library. Shapes: ``text`` a ``str``; returns
(the decoded object, the 1-based line of the first such comma) or None (no trailing comma, or the text is still not
valid JSON without them: the caller's own handling stands).
"""
from __future__ import annotations

import json

_WS = " \t\r\n"


def _drop_commas(text: str) -> tuple[str, int | None]:
    """``text`` without its trailing commas, and the index of the first one (None when there is none)."""
    out: list[str] = []
    first = None
    i, n, start = 0, len(text), 0
    in_string = False
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == ",":
            j = i + 1
            while j < n and text[j] in _WS:
                j += 1
            if j < n and text[j] in "}]":
                out.append(text[start:i])
                start = i + 1
                if first is None:
                    first = i
        i += 1
    if first is None:
        return text, None
    out.append(text[start:])
    return "".join(out), first


def without_trailing_commas(text: str):
    """(the object, the line of the first trailing comma) of ``text`` decoded without its trailing commas, or None."""
    fixed, first = _drop_commas(text)
    if first is None:
        return None
    try:
        obj = json.loads(fixed)
    except (json.JSONDecodeError, RecursionError):
        return None
    return obj, text.count("\n", 0, first) + 1


def note() -> str:
    """The warning's words for a document read without its trailing commas (the Problem carries the line)."""
    return ("a comma before a closing bracket (a trailing comma: not valid JSON -- edited by hand or "
            "written by a tool other than json.dump?); read as if it were not there")
