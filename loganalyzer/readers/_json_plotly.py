"""A plotly figure's traces saved as a training history (``json_history``): one trace per series.

Plotly's figure JSON (``fig.to_json()`` / ``plotly.io.write_json``: ``{"data": [trace, ...], "layout": {...}}``), or
its trace list alone (``json.dump(fig["data"])`` or a hand-built ``[{"x": [..], "y": [..], "type": "scatter",
"name": "train_loss"}, ..]``; a public keyword-spotting project's history.json, set 185). A scatter trace's documented
attributes (plotly.com/python/reference/scatter): ``x`` and ``y`` the point coordinates, ``name`` the legend entry,
``type`` the trace kind. Read as one series per trace named by its ``name`` (``trace<i>`` when it has none), each
point at its whole-number ``x`` (the epoch), else at its index. Read before as rows of dicts: no point, no run."""
from __future__ import annotations

import re

from ._text_clean import json_number as _number

# the figure's head: '{"data": [{"x": [' (plotly.io.to_json writes "data" first; a trace's keys in any order)
HEAD = re.compile(rb'^\s*\{\s*"data"\s*:\s*\[\s*\{\s*"(?:x|y|type|name|mode|line|marker|hovertemplate)"\s*:')


def _trace(t) -> bool:
    return isinstance(t, dict) and isinstance(t.get("y"), list) and t["y"] and (
        "x" not in t or isinstance(t["x"], list)) and ("type" in t or "name" in t or "mode" in t)


def traces(obj) -> list | None:
    """The trace dicts of a plotly figure or trace list (see the module docstring), None when ``obj`` is neither."""
    if isinstance(obj, dict) and isinstance(obj.get("data"), list) and (
            "layout" in obj or "frames" in obj) and obj["data"] and all(_trace(t) for t in obj["data"]):
        return obj["data"]
    if isinstance(obj, list) and obj and all(_trace(t) for t in obj) and all(
            set(t) <= _KNOWN or isinstance(t.get("name"), str) for t in obj):
        return obj
    return None


_KNOWN = frozenset({"x", "y", "type", "name", "mode", "line", "marker", "visible", "showlegend", "legendgroup",
                    "hovertemplate", "xaxis", "yaxis", "uid", "text"})


def add(table, found: list) -> None:
    """Each trace's numeric ``y`` into ``table`` (``_json_table._Table``) at its whole-number ``x`` (else its index)."""
    for i, t in enumerate(found):
        name = t.get("name") if isinstance(t.get("name"), str) and t.get("name").strip() else f"trace{i}"
        ys = [_number(v) for v in t["y"]]
        xs = [_number(v) for v in t.get("x") or []]
        whole = len(xs) == len(ys) and all(x is not None and float(x).is_integer() for x in xs)
        for j, y in enumerate(ys):
            if y is not None:
                table.add(name, int(xs[j]) if whole else j, y)
    table.stepped = True
