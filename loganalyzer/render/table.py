"""The report for people: one row per run, worst first, then a one-line summary, then warnings and errors.

A row is the run's verdict badge, the confidence, the run id and the one-sentence summary (wrapped to the width;
words are never cut, so neither are the numbers in them). Below each run that is not healthy (below every run with
``details``) come its findings and advice, indented and dim; ``details`` adds the run's format, points and steps and
one line per series (role, points, steps, NaN/Inf, last value).

Advice is not repeated: a line already printed under a run above is replaced by one line saying whose advice it
is ("same advice as RUN above"), so fifteen stalled runs do not print the same three lines fifteen times.
``details`` also names the config file applied and the options that differ from the defaults. ``quiet`` is one line
per run (verdict, confidence, run id, summary; cut with "…" to the width on a terminal) and nothing else.

Every piece of text from a log or a verdict goes in as ``rich.text.Text``, never as a markup string: a series named
``loss[0]`` or advice saying ``pip install 'loganalyzer[replay]'`` keeps its brackets.

``render`` returns the text (with ANSI colours only when ``color=True``), so the CLI decides about terminals and
the function stays pure; ``print_report`` writes straight to a rich Console.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..names import LOOKED_FOR
from ..summary import RunSummary, ScanReport
from ..verdict_basis import basis
from ._text import (
    all_warnings,
    code_spans,
    crashed,
    ended_word,
    config_line,
    error_line,
    finding_line,
    format_confidence,
    format_value,
    nan_zeroed,
    nonfinite_note,
    options_line,
    plural,
    run_step_range,
    series_role,
    step_range,
    summary_line,
    worst_first,
)

# Beyond this many warnings (or errors) the list below the table is cut: a run with 10,000 bad CSV lines should not
# push the table off the screen. The JSON formats always carry all of them.
MAX_LISTED = 20
MAX_ADVICE = 4
NO_RUNS = f"No training runs found (looked for {LOOKED_FOR})."
DEFAULT_WIDTH = 120  # a terminal whose width cannot be told
# Without a terminal (a file, a pipe) nothing forces a line break: rows stay whole, for grep and for diffs.
UNLIMITED_WIDTH = 100_000

BADGE_STYLES = {
    "nan": "bold white on red",
    "diverged": "bold white on red",
    "stalled": "bold black on yellow",
    "underfit": "bold black on yellow",
    "overfit": "bold white on magenta",
    "healthy": "bold green",
    "unknown": "dim",
}
QUIET_STYLES = {"nan": "bold red", "diverged": "bold red", "stalled": "bold yellow", "underfit": "bold yellow",
                "overfit": "bold magenta", "healthy": "green", "unknown": "dim"}
BADGE_WIDTH = 10  # ' diverged ' / ' underfit ': the longest label with a space either side
CONF_WIDTH = 4  # '0.93'
GAP = 2
RUN_COLUMN = BADGE_WIDTH + GAP + CONF_WIDTH + GAP  # where the run id starts; the findings line up under it
MIN_SUMMARY = 24


def _badge(verdict: str | None) -> Text:
    if verdict is None:
        return Text(" –", style="dim")
    badge = Text()  # the style on the label only: the padding to the column width stays plain
    badge.append(f" {verdict} ", style=BADGE_STYLES.get(verdict, "bold"))
    return badge


def _summary_text(summary: str) -> Text:
    """The summary with its `series names` in colour (the backticks stay: without colour they mark the names)."""
    text = Text()
    for piece, is_code in code_spans(summary):
        text.append(f"`{piece}`" if is_code else piece, style="cyan" if is_code else None)
    return text


def _ended(run) -> str:
    """How a run's job ended, before its summary (runs with a job log only; loganalyzer.ending)."""
    return f"[ended: {ended_word(run)}] " if getattr(run, "ended", None) is not None else ""


def wrap_run_id(run_id: str, width: int | None) -> str:
    """A run id broken after '/' to fit ``width`` (a path reads best broken at its separators); a part longer than
    the width is folded. None: one line."""
    if width is None or len(run_id) <= width:
        return run_id
    parts = re.findall(r"[^/]*/|[^/]+$", run_id)
    lines: list[str] = [""]
    for part in parts:
        while len(part) > width:  # a single name wider than the column: fold it
            room = width - len(lines[-1]) if lines[-1] else width
            lines[-1] += part[:room]
            part = part[room:]
            lines.append("")
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class _Layout:
    run: int  # width of the run id column
    summary: int | None  # width of the summary column; None: as wide as the summary (no terminal)
    indent: int  # where the findings, advice and series lines start
    total: int | None  # the width the rows use

    @property
    def details(self) -> int | None:
        return None if self.total is None else self.total - self.indent


def _layout(runs: list[RunSummary], width: int | None) -> _Layout:
    longest_id = max(max(len(run.run) for run in runs), len("Run"))  # the header fits, even over a run id "."
    if width is None:
        return _Layout(longest_id, None, RUN_COLUMN, None)
    rest = max(width - RUN_COLUMN - GAP, 12)
    # the id gets up to 2/5 of what is left (at least 16 while the summary keeps MIN_SUMMARY)
    cap = min(longest_id, max(min(16, rest - MIN_SUMMARY), rest * 2 // 5, 6))
    # ids broken at their '/' may need less than the cap: the summary gets what they leave
    run = max(max(len(line) for r in runs for line in wrap_run_id(r.run, cap).splitlines()), len("Run"))
    summary = max(rest - run, 6)
    indent = RUN_COLUMN if width >= 100 else 6  # narrow: findings and advice get most of the line
    return _Layout(run, summary, indent, width)


def build(
    report: ScanReport, *, details: bool = False, width: int | None = None, max_listed: int = MAX_LISTED
) -> RenderableType:
    """The whole report as one rich renderable (runs worst first, summary line, problem lists)."""
    parts: list[RenderableType] = []
    if report.runs:
        parts += _runs(report, details, width)
    else:
        parts.append(Text(NO_RUNS, style="yellow"))

    verdicts = {run.verdict for run in report.runs}
    if report.errors or verdicts & {"nan", "diverged"}:
        style = "bold red"
    elif report.warning_count or verdicts - {"healthy", None}:
        style = "bold yellow"
    else:
        style = "bold green"
    parts.append(Text(summary_line(report), style=style))

    warnings = all_warnings(report)
    if warnings:
        parts.append(_problem_list("Warnings", warnings, "yellow", "warning", max_listed))
    if report.errors:
        parts.append(_problem_list("Errors (not read)", [error_line(e) for e in report.errors], "red", "error", max_listed))
    if details:  # the last line, always (`--details | tail -n 1` records the options in force)
        parts.append(Text(f"{config_line(report)} · {options_line(report)}", style="dim"))
    return Group(*parts)


def _row_grid(layout: _Layout) -> Table:
    grid = Table.grid(padding=(0, GAP))
    grid.add_column(width=BADGE_WIDTH, no_wrap=True)
    grid.add_column(width=CONF_WIDTH, justify="right", no_wrap=True)
    grid.add_column(width=layout.run, overflow="fold")
    grid.add_column(width=layout.summary, overflow="fold")  # fold: only a word wider than the column is cut
    return grid


def _runs(report: ScanReport, details: bool, width: int | None) -> list[RenderableType]:
    runs = worst_first(report)
    layout = _layout(runs, width)
    header = _row_grid(layout)
    header.add_row(*(Text(h, style="bold") for h in ("Verdict", "Conf", "Run", "Summary")))
    rule_width = layout.total or (RUN_COLUMN + layout.run + GAP + max(len(run.summary) for run in runs))
    out: list[RenderableType] = [header, Text("─" * min(rule_width, UNLIMITED_WIDTH), style="dim")]
    advised: dict[str, str] = {}  # advice line -> the first run it was printed under
    for index, run in enumerate(runs):
        row = _row_grid(layout)
        row.add_row(_badge(run.verdict), Text(format_confidence(run.confidence)),
                    Text(wrap_run_id(run.run, layout.run if width else None), style="bold cyan"),
                    _summary_text(_ended(run) + run.summary))
        out.append(row)
        below = _below(run, details, layout, advised)
        if below:
            out.append(Padding(Group(*below), (0, 0, 0, layout.indent), expand=False))
            if index < len(runs) - 1:
                out.append(Text(""))
    out.append(Text("─" * min(rule_width, UNLIMITED_WIDTH), style="dim"))
    return out


# findings printed under a healthy run too: a failure label set aside (the run may be broken: stalled, diverged,
# nan) and a NaN/Inf the run recovered from. A set-aside underfit/overfit lean (ux67 F10: "the learned model leans
# underfit (p=0.40), but ..." under healthy rows, read by a newcomer as a hidden warning) is a doubt about the level
# that the row's capped confidence already shows: --details, JSON and HTML carry it
# and files of the run not read (scan_partial: the verdict rests on the rest)
ALWAYS_SHOWN = ("possible_stalled", "possible_diverged", "possible_nan", "transient_nonfinite", "files_not_read")


def _below(run: RunSummary, details: bool, layout: _Layout, advised: dict[str, str]) -> list[RenderableType]:
    """What goes under a run's row: findings and advice (for a healthy run, unless details, only the findings that
    say why a failure label was set aside -- ``possible_stalled/diverged/nan``, e.g. a loss series logged at one
    value while the accuracy rose -- and a NaN/Inf the run recovered from, ``transient_nonfinite``; advice printed under an earlier run is referred to, not repeated), then with details the run's
    facts and its series."""
    out: list[RenderableType] = []
    analysis = run.analysis
    full = analysis is not None and (details or run.verdict != "healthy" or crashed(run))
    if analysis is not None:
        lines = [("•", finding_line(f)) for f in analysis.findings if full or f.kind.startswith(ALWAYS_SHOWN)]
        lines += _advice_lines(run, analysis.advice[:MAX_ADVICE], advised) if full else []
        if lines:
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(width=None if layout.details is None else layout.details - 2, overflow="fold",
                            style="dim")
            for marker, line in lines:
                grid.add_row(Text(marker), Text(line))
            out.append(grid)
    if details:
        if analysis is not None:  # ux69 F9: the shown confidence against the model's probability, and what lowered it
            out.append(Text("confidence " + basis(analysis).text, style="dim"))
        out.append(Text(_facts(run), style="dim"))
        if run.series:
            out.append(_series_table(run, layout))
    return out


def _advice_lines(run: RunSummary, advice: tuple[str, ...], advised: dict[str, str]) -> list[tuple[str, str]]:
    """The run's advice lines not printed above, and one line naming the run(s) whose advice the rest repeats."""
    new = [line for line in advice if line not in advised]
    earlier = list(dict.fromkeys(advised[line] for line in advice if line in advised))
    for line in new:
        advised[line] = run.run
    out = [("→", line) for line in new]
    if earlier:
        names = ", ".join(earlier[:3]) + (f" and {len(earlier) - 3} more" if len(earlier) > 3 else "")
        repeated = len(advice) - len(new)
        out.append(("→", f"same advice as {names} above" if not new else
                    f"and {plural(repeated, 'line')} of advice as for {names} above"))
    return out


def _facts(run: RunSummary) -> str:
    parts = [run.format, f"{len(run.series):,} series", plural(run.points, "point")]
    steps = run_step_range(run)
    if steps:
        parts.append(f"steps {steps}")
    if run.nonfinite:
        parts.append(f"{run.nonfinite:,} NaN/Inf")
    parts.append(plural(len(run.warnings), "warning"))
    return " · ".join(parts)


def _series_table(run: RunSummary, layout: _Layout) -> Table:
    compact = layout.details is not None and layout.details < 100  # "44 @218" instead of "44 from step 218"
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1), header_style="dim bold",
                  border_style="dim")
    table.add_column("Series", overflow="fold")
    table.add_column("Role", style="dim", overflow="fold")
    table.add_column("Points", justify="right", no_wrap=True, style="dim")
    table.add_column("Steps", justify="right", no_wrap=True, style="dim")
    table.add_column("NaN/Inf", justify="right", no_wrap=True, style="red")
    table.add_column("Last value", justify="right", no_wrap=True)
    zeroed = nan_zeroed(run)
    for s in run.series:
        last = Text(format_value(s.last_value), style="dim" if math.isfinite(s.last_value) else "red")
        if s.name in zeroed:  # a NaN loss logged as 0 (HF Trainer): not a final loss of 0
            last = Text(f"NaN (logged {format_value(s.last_value)} from step {zeroed[s.name]:,})", style="red")
        table.add_row(
            Text(s.name),
            Text(series_role(run, s)),
            Text(f"{s.points:,}"),
            Text(step_range(s.first_step, s.last_step)),
            Text(nonfinite_note(s, compact, run)),
            last,
        )
    return table


def _problem_list(title: str, lines: list[str], style: str, noun: str, max_listed: int) -> RenderableType:
    """The Warnings/Errors list: a title, then one item a line indented by 2. An item wider than the console wraps
    under its own first character, not at column 0 (ux67: with ``COLUMNS=150`` a late-start warning's second and
    third lines began at the margin, where the next item's path is looked for)."""
    items: list[RenderableType] = [Text(f"\n{title}:", style=f"bold {style}")]
    items += [Padding(Text(line, style=style), (0, 0, 0, 2), expand=False) for line in lines[:max_listed]]
    if len(lines) > max_listed:
        items.append(Text(f"  … and {plural(len(lines) - max_listed, 'more ' + noun)} (--format json lists all)",
                          style="dim"))
    return Group(*items)


def print_report(report: ScanReport, console: Console, *, details: bool = False) -> None:
    console.print(build(report, details=details, width=console.width))


_TRAILING = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)$")


def quiet_lines(report: ScanReport) -> list[Text]:
    """One line per run, worst first: verdict, confidence, run id, summary (``--quiet``/``--verdicts-only``)."""
    runs = worst_first(report)
    id_width = max((len(run.run) for run in runs), default=0)
    verdict_width = max((len(run.verdict or "–") for run in runs), default=0)
    lines = []
    for run in runs:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"{run.verdict or '–':<{verdict_width}}", style=QUIET_STYLES.get(run.verdict))
        line.append(f"  {format_confidence(run.confidence):>{CONF_WIDTH}}  ")
        line.append(f"{run.run:<{id_width}}", style="bold cyan")
        line.append("  ")
        line.append_text(_summary_text(_ended(run) + run.summary))
        lines.append(line)
    return lines


def _as_printed(text: str, width: int) -> str | None:
    """The line rich prints for ``text`` without colour, when that is ``text`` itself: printable ASCII (no tab, no
    control or wide character), no wider than ``width``; else None (rich prints it: cut with an ellipsis...)."""
    if len(text) <= width and text.isascii() and text.isprintable():
        return text + "\n"
    return None


def render(report: ScanReport, *, details: bool = False, width: int | None = None, color: bool = False,
           quiet: bool = False) -> str:
    """The table as text, ``width`` columns wide at most (None: as wide as the rows need); ANSI colours only when
    ``color`` is true; ``quiet``: one line per run (``quiet_lines``), each cut to ``width``."""
    console = Console(
        file=io.StringIO(),
        width=width or UNLIMITED_WIDTH,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    if quiet:
        for line in quiet_lines(report):
            plain = None if color else _as_printed(line.plain, console.width)
            if plain is not None:
                console.file.write(plain)  # what rich prints for it, ~100x faster (issue 12: 0.1 s per 1,000 runs)
            else:
                console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
    else:
        console.print(build(report, details=details, width=width))
    # rich pads every cell to its column: drop the padding at line ends (before any closing colour code)
    return "".join(_TRAILING.sub(r"\1", line) + "\n" for line in console.file.getvalue().splitlines())
