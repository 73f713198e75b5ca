"""Renderers: each turns a ``ScanReport`` into the text of one output format.

Every renderer is ``render(report) -> str``; the table also takes ``details``, ``width`` and ``color``. The CLI
(and later the HTTP service) looks formats up here by name.
"""
from __future__ import annotations

from collections.abc import Callable

from . import csv, json, jsonl, markdown, table

RENDERERS: dict[str, Callable[..., str]] = {
    "table": table.render,
    "json": json.render,
    "jsonl": jsonl.render,
    "csv": csv.render,
    "markdown": markdown.render,
}
FORMATS = tuple(RENDERERS)


def render(report, output_format: str = "table", **options) -> str:
    """Render ``report`` as ``output_format``; options (details, width, color) reach only the table renderer."""
    try:
        renderer = RENDERERS[output_format]
    except KeyError:
        raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(report, **options) if output_format == "table" else renderer(report)
