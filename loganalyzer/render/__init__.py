"""Renderers: each turns a ``ScanReport`` into the text of one output format.

Every renderer is ``render(report) -> str``; the table also takes ``details``, ``width``, ``color`` and ``quiet``.
The CLI (and later the HTTP service) looks formats up here by name. One name means one thing in every command:
``csv`` is one row per run, ``series-csv`` one row per series. ``format_for`` picks the format from ``-o``'s
extension the same way for ``scan`` and ``report``.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import importlib


def _lazy(module: str) -> Callable[..., str]:
    """``render.<module>.render``, its module imported on the first call: a scan imports the one renderer it
    prints with (issue 12: the table of a cached rescan imported every renderer, and through them the whole
    pipeline -- numpy, the readers, the verdict rules -- ~0.3 s of a ~0.5 s rescan of a few runs)."""

    def render(*args, **kwargs) -> str:
        return importlib.import_module(f"{__name__}.{module}").render(*args, **kwargs)

    render.__qualname__ = render.__name__ = f"{module}.render"
    return render


RENDERERS: dict[str, Callable[..., str]] = {
    "table": _lazy("table"),
    "json": _lazy("json"),
    "jsonl": _lazy("jsonl"),
    "csv": _lazy("csv"),
    "series-csv": _lazy("series_csv"),
    "markdown": _lazy("markdown"),
}
# FORMATS: RENDERERS' names, in its order; REPORT_FORMATS: what `loganalyzer report` writes; EXTENSIONS: -o's
# extension -> format. Plain tuples in ..names, which the command line reads without importing the renderers.
from ..names import EXTENSIONS, FORMATS, REPORT_FORMATS  # noqa: E402


def render(report, output_format: str = "table", **options) -> str:
    """Render ``report`` as ``output_format``; options (details, width, color, quiet) reach only the table."""
    try:
        renderer = RENDERERS[output_format]
    except KeyError:
        raise ValueError(f"unknown format {output_format!r}; choose one of {', '.join(FORMATS)}") from None
    return renderer(report, **options) if output_format == "table" else renderer(report)


def format_for(output: str | os.PathLike[str] | None, output_format: str | None, formats: Sequence[str],
               default: str) -> str:
    """The format to write: ``--format`` when given, else the one ``-o``'s extension names, else ``default``.

    ValueError (one line naming the choices) when the extension names no format this command writes: a report is
    never written in a format its file name does not say (no HTML in ``x.pdf``). An extension of a format only the
    other command writes (``.html``: ``report``; ``.txt``, ``.jsonl``: ``scan``) is named with that command.
    """
    if output_format is not None:
        return output_format
    if output is None:
        return default
    suffix = os.path.splitext(os.fspath(output))[1].lower()
    found = EXTENSIONS.get(suffix)
    if found in formats:
        return found
    choices = ", ".join(f"{ext} ({fmt})" for ext, fmt in EXTENSIONS.items() if fmt in formats)
    if found is not None:  # the other command's format: which command writes it (ux69 F10: report -o r.txt)
        other, what = ("report", "the HTML report") if found == "html" else ("scan", _NAMED.get(found, found))
        raise ValueError(f"{os.fspath(output)}: the extension {suffix!r} is {what}, which `loganalyzer {other} -o "
                         f"FILE{suffix}` writes; this command writes {choices}, or give --format")
    what = f"the extension {suffix!r}" if suffix else "a name without an extension"
    raise ValueError(f"{os.fspath(output)}: cannot tell the format from {what}; use one of {choices}, "
                     f"or give --format")


_NAMED = {"table": "the table", "jsonl": "JSON lines (a run per line)"}  # format_for's words for scan-only formats


def report_text(report, output_format: str, scanned: Sequence[str] = (), workers: int | None = 1) -> str:
    """The batch report as text: ``html`` (one offline page, charts drawn by ``workers`` processes; None: one per
    core for big reports; needs matplotlib and a report scanned with ``keep_curves=True``) or one of the scan's
    formats. ValueError for a format not in ``REPORT_FORMATS``."""
    if output_format == "html":
        from . import html

        return html.render(report, scanned=list(scanned), workers=workers)
    if output_format in REPORT_FORMATS:
        return RENDERERS[output_format](report)
    raise ValueError(f"unknown report format {output_format!r}; choose one of {', '.join(REPORT_FORMATS)}")
