"""Bytes of a JSON history decoded (for ``json_history``): a git conflict block's one side read, ``str(history)``
written as text, histories appended back to back, a dump cut short mid-write (``_json_truncated``), or JSON lines
handed back as text, trailing commas (``_json_trailing``); any other fault one ``UnreadableFile`` line naming the file, line and column."""
from __future__ import annotations

import json

from ..runs import Problem
from . import UnreadableFile, _json_listpair, _json_models, _json_pyrepr, _json_trailing, _json_truncated, _names_i18n
from ._conflicts import resolve as resolve_conflicts


def decode(data, path: str, problems: list[Problem]):
    """(the decoded JSON, None) or (None, the text) for JSON lines; a git conflict block's one side read (``_conflicts``,
    its warning added to ``problems``)."""
    raw, conflicts = resolve_conflicts(bytes(data).lstrip(b"\xef\xbb\xbf"), path)
    problems += conflicts
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UnreadableFile(Problem(path, f"not UTF-8 text (byte {e.start}); not read", offset=e.start)) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        if (found := _json_pyrepr.decode(None, text, path, problems)) is not None:  # f.write(str(history.history))
            return found, None
        if e.msg == "Extra data" and (docs := _json_models.appended(text)) is not None:
            return docs, None  # histories appended back to back: one run each (discover's '#1', '#2'...)
        if e.msg == "Extra data" and (pair := _json_listpair.lists(text)) is not None:
            return _json_listpair.read(pair, path, problems), None  # [train losses][val losses] back to back
        if (fixed := _json_trailing.without_trailing_commas(text)) is not None:  # '{"loss": [..],}': said, read
            problems.append(Problem(path, _json_trailing.note(), line=fixed[1]))
            return _names_i18n.keys_in_english(fixed[0], path, problems), None
        if (cut := _json_truncated.salvage(text, e, path, problems)) is not None:
            return _names_i18n.keys_in_english(cut, path, problems), None  # a dump stopped mid-way
        if text.lstrip().startswith("{") and "\n" in text.strip():
            return None, text  # JSON lines
        raise UnreadableFile(Problem(path, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
                                           + (": the file ends there, cut short while written?"
                                              if _json_truncated.ends_inside(text, e) else "")
                                           + (" (in the side read of a git merge conflict)" if conflicts else ""),
                                     line=e.lineno)) from None
    except RecursionError:
        raise UnreadableFile(Problem(path, "JSON nested too deeply; not read")) from None
    found = _json_pyrepr.decode(obj, text, path, problems) if isinstance(obj, str) else None  # json.dump(str(..))
    return _names_i18n.keys_in_english(obj if found is None else found, path, problems), None  # {"perdita": [..]}
