"""A compact Markdown report (GitHub-flavoured) for a pull request comment or a CI job summary.

The counts per verdict, then one table row per run, worst first: verdict, confidence, run, the one-line summary
(and, when a run of the report has a job log, an ``Ended`` column after the verdict in both tables: how the job
ended, "–" for a run without one).
When more than ``HEALTHY_SHOWN`` runs are healthy they move into a folded ``<details>`` block under the table, so
the runs that need attention stay on top. Errors and (folded) warnings follow.
"""
from __future__ import annotations

from ..summary import RunSummary, ScanReport, error_dict
from ._text import (all_warnings, code_spans, crashed, ended_cause, ended_word, format_confidence, plural,
                    summary_line, worst_first)

MAX_LISTED = 20  # a job summary is read, not searched: the JSON formats carry every warning
HEALTHY_SHOWN = 3  # up to this many healthy runs stay in the main table


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


def summary_cell(summary: str) -> str:
    """A verdict summary in a table cell: its `series names` as code spans, the rest as escaped text."""
    return "".join(code(piece) if is_code else escape(piece) for piece, is_code in code_spans(summary))


def _run_table(runs: list[RunSummary], ended: bool) -> list[str]:
    """The runs' table; an ``Ended`` column (how the job ended) after the verdict when ``ended``: when a run of the
    report has a job log, so the problem runs' table and the folded healthy one have the same columns (ux69 F10:
    the healthy table had an ``Ended`` column the problem runs' table lacked)."""
    lines = (["| Verdict | Ended | Confidence | Run | Summary |", "|---|---|--:|---|---|"] if ended
             else ["| Verdict | Confidence | Run | Summary |", "|---|--:|---|---|"])
    for run in runs:
        verdict = f"**{run.verdict}**" if run.verdict not in (None, "healthy") else (run.verdict or "–")
        cause = ended_word(run)  # "not recorded" (a plain log that stops) is no alarm: not bold
        cell = "" if not ended else (" – |" if cause is None else
                                     f" {cause} |" if cause in ("completed", "not recorded") else f" **{cause}** |")
        lines.append(f"| {verdict} |{cell} {format_confidence(run.confidence)} | {code(run.run)} "
                     f"| {summary_cell(run.summary)} |")
    return lines


def render(report: ScanReport) -> str:
    lines = [f"**loganalyzer {report.version}:** {summary_line(report)}", ""]
    runs = worst_first(report)
    healthy = [run for run in runs if run.verdict == "healthy" and not crashed(run)]  # a crashed job stays shown
    if len(healthy) <= HEALTHY_SHOWN:  # a few healthy runs read fine in the table; many would bury the problems
        shown, folded = runs, []
    else:
        shown, folded = [run for run in runs if run not in healthy], healthy
    ended = any(ended_cause(run) is not None for run in runs)  # one set of columns for both tables
    if shown:
        lines += _run_table(shown, ended) + [""]
    if folded:
        lines += [f"<details><summary>{plural(len(folded), 'healthy run')}</summary>", ""]
        lines += _run_table(folded, ended) + ["", "</details>", ""]
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
