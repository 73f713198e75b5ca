"""A JSON object cut short while it was written: its complete members read (for ``json_history``).

``json.dump(history.history, f, indent=4)`` of a job killed mid-write (a time limit, a full disk, a notebook closed)
or a file committed while a later run was rewriting it leaves an object whose last member stops anywhere: public
pz01116 and defectoscan116 ``training_history.json`` end inside ``"lr": [`` after complete ``loss``, ``val_loss``
and metric lists. ``json.loads`` refuses the whole file, so its history was lost ("no loss series"). Here the
object's members are decoded one by one with ``json.JSONDecoder.raw_decode`` (the standard library's parser) until
the one the file ends in; that one is dropped whole (a list cut short holds an unknown share of its epochs) and one
line names it and the byte where the file ends. A list of per-epoch records (``json.dump(records)``) cut short keeps
its complete records. (``hf_trainer_state`` reads a ``trainer_state.json`` cut short its own way.)
"""
from __future__ import annotations

import json

from ..runs import Problem

_WS = " \t\r\n"


def _skip(text: str, i: int, chars: str) -> int:
    """The first index from ``i`` on whose character is not one of ``chars``."""
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _members(text: str, i: int, decoder: json.JSONDecoder) -> tuple[dict, str | None]:
    """The complete members of the object opening at ``text[i]`` (``{``), and the dotted name of the member the text
    ends in (None when it ends between members); an object member cut short keeps its own complete members."""
    out: dict = {}
    i += 1
    while True:
        try:
            key, i = decoder.raw_decode(text, _skip(text, i, _WS + ","))
        except json.JSONDecodeError:
            return out, None
        i = _skip(text, i, _WS + ":")
        if not isinstance(key, str):
            return out, None
        try:
            value, i = decoder.raw_decode(text, i)
            if isinstance(value, (int, float)) and i >= len(text.rstrip(_WS)):
                return out, key  # a number the file ends on may be cut ('0.12' of '0.1234'): left out
            out[key] = value
        except json.JSONDecodeError:
            if text[i:i + 1] == "{":
                inner, cut = _members(text, i, decoder)
                if inner:
                    out[key] = inner
                return out, f"{key}.{cut}" if inner and cut else key
            return out, key


def _elements(text: str, i: int, decoder: json.JSONDecoder) -> list:
    """The complete elements of the array opening at ``text[i]`` (``[``): a list of per-epoch records cut short keeps
    the records before the cut."""
    out: list = []
    i += 1
    while True:
        try:
            value, i = decoder.raw_decode(text, _skip(text, i, _WS + ","))
        except json.JSONDecodeError:
            return out
        out.append(value)


def _has_loss(obj) -> bool:
    """Some complete member (or a nested one) is named like a loss."""
    return isinstance(obj, dict) and any("loss" in str(k).lower() or _has_loss(v) for k, v in obj.items())


def ends_inside(text: str, error: json.JSONDecodeError) -> bool:
    """The decoding error is where the text ends (a write cut short), not inside it (a string the text ends inside
    is reported where it opens: it runs to the end, as a raw line break would have stopped it with another error)."""
    return error.pos >= len(text.rstrip(_WS)) - 1 or error.msg.startswith("Unterminated string")


def salvage(text: str, error: json.JSONDecodeError, path: str, problems: list[Problem]) -> dict | list | None:
    """The complete members of a top-level JSON object that ``text`` cuts short (nested objects' complete members
    too; some named like a loss), or the complete records of a top-level list of records (>= 2), or None (the
    error is not at the text's end, or nothing of a history is complete). Appends the warning to ``problems``."""
    body = text.rstrip(_WS)
    opening = body.lstrip(_WS)[:1]
    if opening not in ("{", "[") or not ends_inside(text, error):
        return None
    if opening == "[":
        records = _elements(text, text.index("["), json.JSONDecoder())
        if len(records) < 2 or not all(isinstance(r, dict) for r in records):
            return None
        problems.append(Problem(path, f"JSON cut short: the file ends at byte {len(text.encode('utf-8'))} inside its "
                                      f"list (a write stopped mid-way?); read its {len(records)} complete record(s), "
                                      "anything after them left out"))
        return records
    out, cut = _members(text, text.index("{"), json.JSONDecoder())
    if not _has_loss(out):  # (nothing of a history before the cut: the caller's "not valid JSON" line says so)
        return None
    where = f" inside \"{cut}\"" if cut else ""
    problems.append(Problem(path, f"JSON cut short: the file ends at byte {len(text.encode('utf-8'))}{where} (a write "
                                  f"stopped mid-way?); read its {len(out)} complete member(s) "
                                  f"({', '.join(list(out)[:6])}{', ...' if len(out) > 6 else ''})"
                                  + (f", the unfinished \"{cut}\" left out" if cut else "")))
    return out
