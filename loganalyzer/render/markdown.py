"""A compact Markdown table (GitHub-flavoured) for a pull request comment or a CI job summary."""
from __future__ import annotations

from ..scan import ScanReport
from ..scan import error_dict
from ._text import all_warnings, plural, run_step_range, summary_line

MAX_LISTED = 20  # a job summary is read, not searched: the JSON formats carry every warning


def code(text: str) -> str:
    """An inline code span that survives any content: run ids hold '_' and '*' that Markdown would eat.

    '|' is escaped even inside code spans, because GFM splits table cells before it parses spans.
    """
    text = text.replace("|", "\\|").replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def escape(text: str) -> str:
    """Plain text in Markdown: backslash the characters that would start emphasis, links, HTML or a table cell."""
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _bullets(lines: list[str], noun: str) -> list[str]:
    out = [f"- {line}" for line in lines[:MAX_LISTED]]
    if len(lines) > MAX_LISTED:
        out.append(f"- … and {plural(len(lines) - MAX_LISTED, 'more ' + noun)}")
    return out


def render(report: ScanReport) -> str:
    lines = [f"**loganalyzer {report.version}:** {summary_line(report)}", ""]
    if report.runs:
        lines += [
            "| Run | Format | Series | Points | Steps | NaN/Inf | Warnings |",
            "|---|---|--:|--:|--:|--:|--:|",
        ]
        for run in report.runs:
            lines.append(
                f"| {code(run.run)} | {run.format} | {len(run.series):,} | {run.points:,} | {run_step_range(run)} "
                f"| {run.nonfinite:,} | {len(run.warnings):,} |"
            )
        lines.append("")
    if report.errors:
        lines += [f"**Errors** (files not read): {len(report.errors):,}", ""]
        lines += _bullets(
            [f"{code(e['path'])}: {escape(e['message'])}" for e in map(error_dict, report.errors)], "error"
        ) + [""]
    warnings = all_warnings(report)
    if warnings:
        # folded: warnings are often many and rarely the point of a PR comment
        lines += [f"<details><summary>{plural(len(warnings), 'warning')}</summary>", ""]
        lines += _bullets([code(w) for w in warnings], "warning") + ["", "</details>", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
