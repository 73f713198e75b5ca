"""``loganalyzer scan``: judge the runs under each PATH and print (or write) one verdict per run; the exit status
gates CI (``--fail-on``, ``--min-confidence``, ``--strict``)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from typing import TYPE_CHECKING

from ..names import CAUSES, FORMATS, VERDICTS
from ._common import (EXIT_FAIL_ON, EXIT_OK, EXIT_UNREADABLE, CliError, checked_options, nothing_to_scan,
                      output_format_for, scan_report, write_atomically, wrote_line)
from .options import FormatChoice, analysis_click_options

if TYPE_CHECKING:  # the stages, numpy and rich are imported when a scan runs, never for --help
    from ..scan import ScanReport


def render(report, output_format: str = "table", **options) -> str:
    """``loganalyzer.render.render``, imported when a scan is rendered."""
    from ..render import render as render_report

    return render_report(report, output_format, **options)


def error_line(error) -> str:
    from ..render._text import error_line as line

    return line(error)


def plural(n: int, noun: str) -> str:
    from ..render._text import plural as counted

    return counted(n, noun)

# What --fail-on accepts: the verdicts, and the ways a job ended (loganalyzer.ending.CAUSES, read from job logs;
# a run matches a cause through its `ended.cause`). One list, shown in --help and errors.
ENDING_CAUSES: tuple[str, ...] = tuple(c for c in CAUSES if c not in VERDICTS)
FAIL_ON_TERMS = VERDICTS + ENDING_CAUSES
EXIT_CODES_HELP = ("Exit status: 0 no run matched --fail-on; 1 a run matched --fail-on; 2 usage mistake, bad "
                   "config, nothing to scan (no runs, or none readable), a path that does not exist (the others are "
                   "scanned first) or an error that stopped the command; "
                   "3 with --strict, some files could not be read; 130 interrupted (Ctrl-C).")


def _fail_on_list(ctx: click.Context, param: click.Parameter, value) -> tuple[str, ...]:
    """'nan,diverged' -> ('nan', 'diverged'); given several times (``--fail-on nan --fail-on diverged``), the union.
    An unknown name is a usage error listing the valid ones."""
    if not value:
        return ()
    given = (value,) if isinstance(value, str) else tuple(value)
    names = tuple(dict.fromkeys(name.strip().lower() for text in given for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in FAIL_ON_TERMS]
    if unknown or not names:
        what = f"unknown verdict {', '.join(map(repr, unknown))}" if unknown else "no verdict given"
        causes = f"; ending causes: {', '.join(ENDING_CAUSES)}" if ENDING_CAUSES else ""
        raise click.BadParameter(f"{what}; valid verdicts: {', '.join(VERDICTS)}{causes} (comma-separated)")
    return names



@click.command("scan", short_help="Judge the training runs under each PATH: a verdict per run.",
              epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=str))
@click.option(
    "--format", "-f", "output_format", type=FormatChoice(FORMATS), default=None,
    help="table for people (default); json/jsonl for programs; csv: one row per run; series-csv: one row per "
         "series; markdown for a PR or CI summary. Default: from -o's extension, else table.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (replaced atomically) instead of standard output; its extension picks the "
         "format (.txt, .json, .jsonl, .csv, .md) unless --format says.",
)
@click.option("--details", is_flag=True,
              help="Table: findings and advice for every run (not only the troubled ones), every series, and the "
                   "config file and options applied.")
@click.option("-q", "--quiet", "--verdicts-only", "quiet", is_flag=True,
              help="Table: one line per run (verdict, confidence, run, summary) and nothing else (not with "
                   "--details).")
@click.option("--fail-on", "fail_on", metavar="VERDICTS", callback=_fail_on_list, multiple=True,
              help=f"Exit with status 1 when any run gets one of these verdicts (comma-separated: "
                   f"{', '.join(FAIL_ON_TERMS)}), e.g. nan,diverged. Repeatable: the union. For CI and job "
                   f"epilogues.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="P",
              help="With --fail-on: count a run only when its verdict's confidence is at least P (0..1). A nan "
                   "verdict always counts: it is a rule (a non-finite loss was logged), not a guess.")
@click.option("--strict", is_flag=True, help="Exit with status 3 when some files could not be read.")
@analysis_click_options
def scan_command(
    paths: tuple[str, ...], output_format: str | None, output: Path | None, details: bool, quiet: bool,
    fail_on: tuple[str, ...], min_confidence: float | None, strict: bool, **flags,
) -> None:
    """Find the training runs under each PATH and give each a verdict: nan, diverged, stalled, underfit,
    overfit, healthy (or unknown, saying why: "could not be read" names the file), with its evidence and what to
    try.

    \b
    Examples:
      loganalyzer scan lightning_logs/
      loganalyzer scan runs/ mlruns/ -o report.json
      loganalyzer scan runs/ --format markdown --fail-on nan,diverged >> "$GITHUB_STEP_SUMMARY"
      loganalyzer scan runs/ --quiet --fail-on stalled --min-confidence 0.7
    """
    output_format = output_format_for(output, output_format, FORMATS, "table")
    if quiet and output_format != "table":
        raise CliError(f"--quiet shapes the table; it does not apply to --format {output_format}")
    if quiet and details:
        raise CliError("--quiet (one line per run) and --details (everything about every run) ask for opposite "
                       "tables: give one of them")
    if min_confidence is not None and not fail_on:
        raise CliError("--min-confidence says which --fail-on matches count: give --fail-on too")
    paths, missing = present_paths(paths)
    options = checked_options(paths, output, flags)
    report = scan_report(paths, options, flags=flags)
    # Nothing to judge: exit 2 with one line. Programs still get their (empty) document, people only the line.
    empty = nothing_to_scan(report, paths)
    if empty is not None and output_format == "table":
        raise CliError(empty)

    if output is not None:
        text = render(report, output_format, details=details, color=False, quiet=quiet) \
            if output_format == "table" else render(report, output_format)
        write_atomically(output, text)
        if empty is None:
            click.echo(wrote_line(report, output_format, output, text), err=True)
    elif output_format == "table":
        stdout_is_terminal = sys.stdout.isatty()
        width = _table_width(stdout_is_terminal)
        click.echo(render(report, "table", details=details, width=width, color=stdout_is_terminal, quiet=quiet),
                   nl=False)
    else:
        click.echo(render(report, output_format), nl=False)
    if output_format in ("csv", "series-csv") or quiet:  # no place for unreadable files: say so where one sees it
        for error in report.errors:
            click.echo(f"error: {error_line(error)}", err=True)  # as the table says it
    if empty is not None:
        raise CliError(empty)
    if quiet and report.warning_count:  # the table's warning list is gone: say how many, not nothing
        click.echo(f"{plural(report.warning_count, 'warning')} hidden by --quiet: run without --quiet to list them "
                   "(or --format json: each run's `warnings`)", err=True)
    for note in _notes(report):
        click.echo(note, err=True)
    status = _gate(report, fail_on, min_confidence, strict)
    raise click.exceptions.Exit(2 if missing else status)  # a path that is not there: a usage error, said first


def present_paths(paths: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """(the paths that exist, the one-line problems of those that do not), each problem said on stderr now: one
    missing path among several no longer aborts the scan of the others (exit 2 at the end, as ``ls a missing b``);
    all of them missing is the usage error it was (newcomer41)."""
    from ..fs import path_problem
    from ._globs import expanded

    paths = expanded(paths)  # 'runs/*/version_0' the shell did not expand: its matches, said (cli/_globs)
    problems = {path: problem for path in paths if (problem := path_problem(path)) is not None}
    if not problems or len(problems) == len(paths):
        return paths, []  # checked_options says the first one, exit 2, as before
    for problem in problems.values():
        click.echo(f"Error: {problem}", err=True)
    return tuple(p for p in paths if p not in problems), list(problems.values())


MAX_FAILING_LISTED = 10
# Verdicts --min-confidence never filters: rules that state a fact of the log (a non-finite loss), not a guess.
NEVER_FILTERED = frozenset({"nan"})


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - MAX_FAILING_LISTED:,} more" if len(names) > MAX_FAILING_LISTED else ""
    return ", ".join(names[:MAX_FAILING_LISTED]) + more


def run_terms(run) -> set[str]:
    """What --fail-on can match in a run: its verdict, and how its job ended when a job log said so. A cause named
    like a verdict (``unknown``: a log with no sign of how the job ended, as every Slurm job that finished normally
    prints none) is not matched: ``--fail-on unknown`` means a run that could not be judged, never a healthy run."""
    ended = getattr(run, "ended", None)
    cause = ended.get("cause") if isinstance(ended, dict) else getattr(ended, "cause", None)
    return {run.verdict} | ({cause} if cause in ENDING_CAUSES else set())


def _gate(report: ScanReport, fail_on: tuple[str, ...], min_confidence: float | None, strict: bool) -> int:
    """The exit status, with one stderr line per reason: 1 for --fail-on matches, else 3 for --strict, else 0."""
    from ..render._text import worst_first

    status = EXIT_OK
    matched = [run for run in worst_first(report) if run_terms(run) & set(fail_on)]
    if min_confidence is not None:  # nan is a rule, never a guess: --min-confidence does not filter it
        below = [run for run in matched if run.verdict in fail_on and run.verdict not in NEVER_FILTERED
                 and (run.confidence or 0.0) < min_confidence]
        matched = [run for run in matched if run not in below]
        if below:
            click.echo(f"--min-confidence {min_confidence:g}: not counted: {plural(len(below), 'run')} less "
                       f"confident: {_listed([f'{r.run} ({r.verdict} {r.confidence:.2f})' for r in below])}",
                       err=True)
    if matched:
        gate = f"--fail-on {','.join(fail_on)}" + (f" --min-confidence {min_confidence:g}"
                                                  if min_confidence is not None else "")
        names = [f"{run.run} ({'/'.join(sorted(run_terms(run) & set(fail_on)))})" for run in matched]
        click.echo(f"{gate}: {plural(len(matched), 'run')} matched: {_listed(names)}", err=True)
        status = EXIT_FAIL_ON
    if strict and report.errors:
        more = f" and {len(report.errors) - 1:,} more" if len(report.errors) > 1 else ""
        click.echo(f"--strict: {plural(len(report.errors), 'file')} could not be read "
                   f"({error_line(report.errors[0])}{more})", err=True)
        status = status or EXIT_UNREADABLE
    return status


def _notes(report: ScanReport) -> list[str]:
    """One stderr line per thing the options asked for that some runs could not give: an override a run lacks,
    a replay without a model."""
    notes = []
    by_kind: dict[str, list] = {}
    for run in report.runs:
        for finding in () if run.analysis is None else run.analysis.findings:
            by_kind.setdefault(finding.kind, []).append(run)
    missed: dict[tuple[str, str], list[str]] = {}
    for run in by_kind.get("override_not_found", ()):
        for miss in run.analysis.evidence.get("override_not_found", ()):
            missed.setdefault((miss["option"], miss["name"]), []).append(run.run)
    for (option, name), runs in missed.items():
        flag = "--" + option.replace("_", "-")
        notes.append(f"note: {flag} {name!r} is not a series of {len(runs):,} of {plural(len(report.runs), 'run')} "
                     f"(each judged on its own choice, see its findings): {_listed(runs)}")
    unreplayed = [run for run in report.runs if run.analysis is not None
                  and (run.analysis.evidence.get("replay") or {}).get("not_run")]
    with_checkpoint = [run.run for run in unreplayed if run.analysis.evidence["replay"].get("checkpoint")]
    if with_checkpoint:
        notes.append(f"note: --replay: {plural(len(with_checkpoint), 'run')} with a checkpoint not replayed: no "
                     f"model to load it into (give --model path/file.py:factory and --data batches.pt): "
                     f"{_listed(with_checkpoint)}")
    if len(unreplayed) > len(with_checkpoint):
        notes.append(f"note: --replay: {plural(len(unreplayed) - len(with_checkpoint), 'run')} without a checkpoint "
                     f"or gradient histograms: nothing to replay")
    return notes
def _table_width(stdout_is_terminal: bool) -> int | None:
    """The terminal's width; without a terminal, COLUMNS when it is set (``COLUMNS=120 loganalyzer scan ... >
    report.txt``), else None: rows stay whole, for grep and diffs."""
    if stdout_is_terminal:
        from ..render import table

        return shutil.get_terminal_size((table.DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else None
