"""The report for people: a rich table, one row per run, then a one-line summary, then warnings and errors.

``render`` returns the text (with ANSI colours only when ``color=True``), so the CLI decides about terminals and
the function stays pure; ``print_report`` writes straight to a rich Console.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..scan import RunSummary, ScanReport, SeriesSummary
from ._text import (
    all_warnings,
    error_line,
    format_value,
    nonfinite_note,
    plural,
    run_step_range,
    series_name,
    step_range,
    summary_line,
)

# Beyond this many warnings (or errors) the list below the table is cut: a run with 10,000 bad CSV lines should not
# push the table off the screen. The JSON formats always carry all of them.
MAX_LISTED = 20
NO_RUNS = (
    "No training runs found (looked for TensorBoard event files, Lightning metrics.csv, HuggingFace "
    "trainer_state.json, MLflow runs, Keras CSVLogger and plain CSV logs)."
)
DEFAULT_WIDTH = 120  # a terminal whose width cannot be told
# Without a terminal (a file, a pipe) nothing forces a line break: rows stay whole, for grep and for diffs.
UNLIMITED_WIDTH = 100_000


def _count(n: int, style: str) -> Text:
    return Text(f"{n:,}", style=style) if n else Text("–", style="dim")


def build(
    report: ScanReport, *, details: bool = False, width: int | None = None, max_listed: int = MAX_LISTED
) -> RenderableType:
    """The whole report as one rich renderable (table, summary line, problem lists)."""
    parts: list[RenderableType] = []
    if report.runs:
        parts.append(_runs_table(report, details, width))
    else:
        parts.append(Text(NO_RUNS, style="yellow"))

    alarming = report.errors or any(run.nonfinite for run in report.runs)
    style = "bold red" if alarming else ("bold yellow" if report.warning_count else "bold green")
    parts.append(Text(summary_line(report), style=style))

    warnings = all_warnings(report)
    if warnings:
        parts.append(_problem_list("Warnings", warnings, "yellow", "warning", max_listed))
    if report.errors:
        parts.append(_problem_list("Errors (not read)", [error_line(e) for e in report.errors], "red", "error", max_listed))
    return Group(*parts)


def _runs_table(report: ScanReport, details: bool, width: int | None) -> Table:
    # One block of rows per run: the run's own row, then (details) one row per series.
    def rows(compact: bool) -> list[list[list[Text]]]:
        return [
            [_run_cells(run, details, wrap_format=width is not None)]
            + ([_series_cells(s, compact) for s in run.series] if details else [])
            for run in report.runs
        ]

    blocks = rows(compact=False)
    headers = ["Series", "Points", "Steps", "NaN/Inf", "Warnings"] + (["Last value"] if details else [])
    layout = _layout(report, blocks, headers, width)
    if details and layout.gap == 2:  # narrow: "44 @218" instead of "44 from step 218"
        blocks = rows(compact=True)
        layout = _layout(report, blocks, headers, width)

    table = Table(
        box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False,
        padding=(0, 1) if layout.gap == 3 else (0, 0, 0, 1),
    )
    # Run ids fold rather than being cut with '…': the id is what the user copies to look at a run.
    table.add_column("Run", style="bold cyan", overflow="fold", width=layout.run)
    # A combined format ('hf_trainer_state+tensorboard') wraps at the '+' when space is short, not mid-word.
    table.add_column("Format", style="magenta", overflow="fold", width=layout.format)
    for header in layout.headers:
        table.add_column(header, justify="right", no_wrap=True)
    for index, block in enumerate(blocks):
        for row in block:
            table.add_row(*row)
        if details and index < len(blocks) - 1:
            table.add_section()
    return table


@dataclass(frozen=True)
class _Layout:
    headers: list[str]
    gap: int  # spaces between columns
    run: int | None  # fixed widths of the two text columns; None: as wide as their content
    format: int | None


def _layout(report: ScanReport, blocks: list[list[list[Text]]], headers: list[str], width: int | None) -> _Layout:
    """Widths that keep every number column whole within ``width``: a cropped column would silently hide a NaN
    count. The run id and format give way first (they fold onto more lines), then headers shorten and gaps
    tighten."""
    if width is None:
        return _Layout(headers, 3, None, None)
    longest_id = max(len(run.run) for run in report.runs)
    longest_format = max(len(run.format) for run in report.runs)
    longest_format_part = max(len(part) for run in report.runs for part in run.format.split("+"))

    def numbers_width(names: list[str]) -> int:
        return sum(
            max(len(name), *(row[2 + i].cell_len for block in blocks for row in block)) for i, name in enumerate(names)
        )

    gaps = len(headers) + 1
    room = width - numbers_width(headers) - 3 * gaps
    if longest_id + longest_format <= room:
        return _Layout(headers, 3, None, None)
    if min(longest_id, 24) + longest_format_part <= room:
        return _Layout(headers, 3, room - longest_format_part, longest_format_part)
    short = headers[:3] + ["NaN", "Warn"] + (["Last"] if len(headers) > 5 else [])
    room = width - numbers_width(short) - 2 * gaps
    if room - longest_format_part >= 12:
        return _Layout(short, 2, room - longest_format_part, longest_format_part)
    run = max(room * 2 // 3, 8)  # very narrow: both text columns fold hard, the numbers still stay whole
    return _Layout(short, 2, run, max(room - run, 5))


def _run_cells(run: RunSummary, details: bool, wrap_format: bool) -> list[Text]:
    cells = [
        Text(run.run),
        Text(run.format.replace("+", " + ") if wrap_format else run.format),
        Text(f"{len(run.series):,}") if run.series else Text("0", style="yellow"),
        Text(f"{run.points:,}"),
        Text(run_step_range(run)),
        _count(run.nonfinite, "bold red"),
        _count(len(run.warnings), "yellow"),
    ]
    if details:
        cells.append(Text(""))
    return cells


def _series_cells(s: SeriesSummary, compact: bool) -> list[Text]:
    return [
        Text("  " + series_name(s), style="not bold default"),
        Text(""),
        Text(""),
        Text(f"{s.points:,}", style="dim"),
        Text(step_range(s.first_step, s.last_step), style="dim"),
        Text(nonfinite_note(s, compact), style="red"),
        Text(""),
        Text(format_value(s.last_value), style="dim" if math.isfinite(s.last_value) else "red"),
    ]


def _problem_list(title: str, lines: list[str], style: str, noun: str, max_listed: int) -> Text:
    text = Text(f"\n{title}:\n", style=f"bold {style}")
    for line in lines[:max_listed]:
        text.append("  " + line + "\n", style=style)
    if len(lines) > max_listed:
        text.append(f"  … and {plural(len(lines) - max_listed, 'more ' + noun)} (--format json lists all)\n", style="dim")
    text.rstrip()
    return text


def print_report(report: ScanReport, console: Console, *, details: bool = False) -> None:
    console.print(build(report, details=details, width=console.width))


def render(report: ScanReport, *, details: bool = False, width: int | None = None, color: bool = False) -> str:
    """The table as text, ``width`` columns wide at most (None: as wide as the rows need); ANSI colours only when
    ``color`` is true."""
    console = Console(
        file=io.StringIO(),
        width=width or UNLIMITED_WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    console.print(build(report, details=details, width=width))
    return console.file.getvalue()
