"""A ``*.json`` history that holds a Python dict's repr instead of JSON (for ``readers/json_history.py``).

``json.dump(str(history.history), f)`` writes ONE JSON string whose text is the dict's repr, single quotes and all
(public agrohealth ``training_history.json``: ``"{'loss': [1.2415851354599, 0.5107...], 'accuracy': [...],
'val_loss': [...], ...}"``); ``f.write(str(history.history))`` writes the repr bare (``{'loss': [1.24, ...], ...}``),
which is no JSON either. Both are the Keras history they print: the repr is read with ``ast.literal_eval`` (literals
only, never ``eval``), after the few non-literal words a repr of floats holds are made literal: ``nan``/``inf``
(``str`` of a float NaN), ``np.float64(0.5)`` / ``np.float32(...)`` (NumPy 2's scalar repr) and
``tensor(0.52, ...)`` wrappers unwrapped to their number.
"""
from __future__ import annotations

import ast
import re

from ..runs import Problem

# the first bytes: a JSON string opening on a dict repr with a quoted key, or the bare repr
_HEAD = re.compile(rb"""^\s*(?:"\{\s*'[^'"\\\n]{1,200}'\s*:|\{\s*'[^'"\n]{1,200}'\s*:)""")
_LOSS_KEY = re.compile(rb"'[^'\n]{0,100}loss[^'\n]{0,100}'\s*:\s*\[", re.IGNORECASE)
_NUMPY = re.compile(r"\b(?:np|numpy)\.(?:float(?:16|32|64)|int(?:8|16|32|64)|double)\(\s*([^()]*?)\s*\)")
_TENSOR = re.compile(r"\btensor\(\s*([-+0-9.eE]+|nan|inf)\s*(?:,[^()]*(?:\([^()]*\)[^()]*)*)?\)")
_NONFINITE = re.compile(r"(?<![\w'\"])(-?)(nan|inf)(?![\w'\"])")
NOTE = "the file holds a Python dict's repr ({how}), not JSON: read with ast.literal_eval as the Keras history it prints"


def sniff(head: bytes) -> bool:
    """Whether the first bytes open a Python dict repr, as a JSON string or bare, with a loss key and its list."""
    head = head.lstrip(b"\xef\xbb\xbf")
    return _HEAD.match(head) is not None and _LOSS_KEY.search(head) is not None


def _literal(text: str):
    text = _TENSOR.sub(r"\1", _NUMPY.sub(r"\1", text))
    text = _NONFINITE.sub(lambda m: f"{m.group(1)}float('{m.group(2)}')", text)
    # literal_eval refuses calls: float('nan') is made a literal by parsing and replacing those nodes
    tree = ast.parse(text.strip(), mode="eval")
    for node in ast.walk(tree):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                value[:] = [_const(v) for v in value]
            elif isinstance(value, ast.AST):
                setattr(node, field, _const(value))
    return ast.literal_eval(tree)


def _const(node):
    """``float('nan')``/``-float('inf')`` call nodes as constants; any other node as it is."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float"
            and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("nan", "inf")):
        return ast.Constant(float(node.args[0].value))
    return node


def decode(obj, text: str, path: str, problems: list) -> dict | None:
    """The dict when ``obj`` (the decoded JSON, or None when ``text`` was no JSON) is a Python dict repr holding a
    history, a problem line added to ``problems`` saying so; None otherwise (the caller's own error stands)."""
    if isinstance(obj, str):
        source, how = obj, "one JSON string: json.dump(str(history.history), f)"
    elif obj is None:
        source, how = text, "written bare: f.write(str(history.history))"
    else:
        return None
    if not source.lstrip().startswith("{'"):
        return None
    try:
        found = _literal(source)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(found, dict) or not found:
        return None
    problems.append(Problem(path, NOTE.format(how=how)))
    return found
