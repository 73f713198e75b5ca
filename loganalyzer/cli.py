"""The ``loganalyzer`` command: a thin shell over ``loganalyzer.scan.scan`` and ``loganalyzer.render``.

Exit status (``scan``; ``report`` uses 0 and 2): 0 the scan ran and no run matched ``--fail-on``; 1 a run matched
``--fail-on`` (and nothing else gives 1); 2 a usage mistake (bad flag value, path that does not exist, unusable
config, ``-o`` extension that names no format), nothing to scan (no runs found, or none could be read), or an error
that stopped the command (one line on stderr); 3 with ``--strict``, some files could not be read (1 wins when a run
also matched). A bug shows its traceback and exits 2 too. Set LOGANALYZER_DEBUG=1 to get the Python traceback
instead of the one-line message.

Settings: ``--config FILE``, else the nearest ``loganalyzer.toml`` / ``[tool.loganalyzer]`` at or above the first
PATH (keys ``train_series``, ``val_series``, ``num_classes``, ``chance_loss``, ``rules_only``, ``replay``, ``model``,
``data``, ``loss``); command-line flags win over the file. ``--details``, the JSON (``config``, ``options``) and the
HTML report's header name the file applied and the options in force.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .config import OptionError
from .fs import path_problem
from .render import FORMATS, format_for, render, table
from .render._text import error_line, plural, worst_first
from .cli_options import analysis_click_options, options_from_flags, scan_settings
from .replay.cli import replay_command  # click only: torch is imported when a replay runs
from .scan import ProgressCallback, ScanReport, is_unreadable, package_version, scan
from .ending import CAUSES
from .verdict import VERDICTS

# A progress bar is worth drawing only when the scan takes a while; a handful of runs loads in a blink.
PROGRESS_MIN_RUNS = 10
EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
# What --fail-on accepts: the verdicts, and the ways a job ended (loganalyzer.ending.CAUSES, read from job logs;
# a run matches a cause through its `ended.cause`). One list, shown in --help and errors.
ENDING_CAUSES: tuple[str, ...] = tuple(c for c in CAUSES if c not in VERDICTS)
FAIL_ON_TERMS = VERDICTS + ENDING_CAUSES
EXIT_CODES_HELP = ("Exit status: 0 no run matched --fail-on; 1 a run matched --fail-on; 2 usage mistake, bad "
                   "config, nothing to scan (no runs, or none readable) or an error that stopped the command; "
                   "3 with --strict, some files could not be read.")


class CliError(click.ClickException):
    """One line on stderr ('Error: ...') and an exit code (2 unless said otherwise); never a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def _debug() -> bool:
    return os.environ.get("LOGANALYZER_DEBUG", "") not in ("", "0")


def _os_error_line(error: OSError) -> str:
    """'out/report.json: permission denied' rather than "[Errno 13] Permission denied: 'out/report.json'"."""
    if error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror[:1].lower()}{error.strerror[1:]}"
    return str(error)


class _Main(click.Group):
    """The group, with the top-level handler: user-facing failures become one line (exit 2), real bugs keep their
    traceback and exit 2 as well (1 means a run matched --fail-on, nothing else)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            error.ctx = None  # one line ('Error: Invalid value for ...'), not the usage block above it
            raise
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE or _debug():  # EPIPE ('| head'): click exits quietly on its own
                raise
            raise CliError(_os_error_line(error)) from error
        except ValueError as error:  # OptionError included: a bad option found while scanning
            if _debug():
                raise
            raise CliError(str(error)) from error
        except Exception:
            if _debug():
                raise
            traceback.print_exc()  # a bug: worth its traceback, but never the exit status of a --fail-on match
            raise click.exceptions.Exit(EXIT_USAGE) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=f"loganalyzer scan: {EXIT_CODES_HELP} (report: 0 or 2.)")
@click.version_option(package_version(), "--version", "-V", prog_name="loganalyzer", message="%(prog)s %(version)s")
def main() -> None:
    """Read deep-learning training logs (TensorBoard, Lightning, Keras, HuggingFace, MLflow, W&B, CSV) and report
    on the runs."""


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


def checked_options(paths: tuple[str, ...], output: Path | None, flags: dict):
    """The analysis options of `scan`/`report`, after the checks that make a user mistake one line and exit 2:
    paths that do not exist, an output directory that does not exist, an unusable config or option value."""
    for path in paths:
        problem = path_problem(path)  # a missing path; for a URL also no such bucket, access denied, unreachable
        if problem is not None:
            raise CliError(problem)
    if output is not None and not output.resolve().parent.is_dir():
        raise CliError(f"{output.parent}: no such directory")
    try:
        return options_from_flags(paths, flags)
    except OptionError as error:  # ConfigError included
        raise CliError(str(error)) from error


def output_format_for(output: Path | None, output_format: str | None, formats, default: str) -> str:
    try:
        return format_for(output, output_format, formats, default)
    except ValueError as error:
        raise CliError(str(error)) from error


def nothing_to_scan(report: ScanReport, paths: tuple[str, ...]) -> str | None:
    """The one line for a scan that found nothing to judge (no runs, or no run with a readable file), else None."""
    where = ", ".join(paths)
    unread = ""
    if report.errors:
        more = f" and {len(report.errors) - 1:,} more" if len(report.errors) > 1 else ""
        unread = f"{plural(len(report.errors), 'file')} could not be read ({error_line(report.errors[0])}{more})"
    if not report.runs:
        return (f"no training runs found in {where}" + (f": {unread}" if unread else
                " (looked for TensorBoard event files, Lightning/Keras/plain CSV logs, HuggingFace "
                "trainer_state.json, MLflow and W&B runs)"))
    if all(is_unreadable(run) for run in report.runs):
        return f"no run could be read in {where}: {unread}"
    return None


def scan_report(paths: tuple[str, ...], options, keep_curves: bool = False, flags: dict | None = None) -> ScanReport:
    """The scan both commands run, with a progress bar on a terminal; ``flags``: --jobs, --executor, --db..."""
    settings = scan_settings(flags or {})
    try:
        with _progress_bar() as progress:
            return scan(paths, progress=progress, options=options, keep_curves=keep_curves, **settings)
    finally:
        if settings["store"] is not None:
            settings["store"].close()


@main.command("scan", short_help="Judge the training runs under each PATH: a verdict per run.",
              epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=str))
@click.option(
    "--format", "-f", "output_format", type=click.Choice(FORMATS), default=None,
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
    options = checked_options(paths, output, flags)
    report = scan_report(paths, options, flags=flags)
    # Nothing to judge: exit 2 with one line. Programs still get their (empty) document, people only the line.
    empty = nothing_to_scan(report, paths)
    if empty is not None and output_format == "table":
        raise CliError(empty)

    if output is not None:
        write_atomically(output, render(report, output_format, details=details, color=False, quiet=quiet)
                         if output_format == "table" else render(report, output_format))
        if empty is None:
            click.echo(f"Wrote {_describe(report)} as {output_format} to {output}", err=True)
    elif output_format == "table":
        stdout_is_terminal = sys.stdout.isatty()
        width = _table_width(stdout_is_terminal)
        click.echo(render(report, "table", details=details, width=width, color=stdout_is_terminal, quiet=quiet),
                   nl=False)
    else:
        click.echo(render(report, output_format), nl=False)
    if output_format in ("csv", "series-csv") or quiet:  # no place for unreadable files: say so where one sees it
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
    if empty is not None:
        raise CliError(empty)
    for note in _notes(report):
        click.echo(note, err=True)
    raise click.exceptions.Exit(_gate(report, fail_on, min_confidence, strict))


MAX_FAILING_LISTED = 10
# Verdicts --min-confidence never filters: rules that state a fact of the log (a non-finite loss), not a guess.
NEVER_FILTERED = frozenset({"nan"})


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - MAX_FAILING_LISTED:,} more" if len(names) > MAX_FAILING_LISTED else ""
    return ", ".join(names[:MAX_FAILING_LISTED]) + more


def run_terms(run) -> set[str]:
    """What --fail-on can match in a run: its verdict, and how its job ended when a job log said so."""
    ended = getattr(run, "ended", None)
    cause = ended.get("cause") if isinstance(ended, dict) else getattr(ended, "cause", None)
    return {run.verdict} | ({cause} if cause else set())


def _gate(report: ScanReport, fail_on: tuple[str, ...], min_confidence: float | None, strict: bool) -> int:
    """The exit status, with one stderr line per reason: 1 for --fail-on matches, else 3 for --strict, else 0."""
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
        return shutil.get_terminal_size((table.DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else None


def _describe(report: ScanReport) -> str:
    errors = f", {plural(len(report.errors), 'unreadable file')}" if report.errors else ""
    return plural(len(report.runs), "run") + errors


@contextmanager
def _progress_bar() -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr, drawn only on a terminal and only once the scan turns out to be long."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < PROGRESS_MIN_RUNS:
                return
            bar = Progress(
                TextColumn("Reading runs"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            bar.start()
            task = bar.add_task("scan", total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` through a temporary file in the same directory and a rename.

    Readers of ``target`` see the old file or the whole new one, never half a report; on any failure the old file
    is left as it was and the temporary file is removed.
    """
    directory = target.resolve().parent
    try:
        mode = target.stat().st_mode & 0o777  # keep the permissions of the file being replaced
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # what open() would have given a new file (mkstemp would give 0600)
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            temp.write(text.encode("utf-8"))
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException as error:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError) and error.errno is not None and error.filename in (temp_name, None):
            # name the file the user asked for, not our temporary one
            raise OSError(error.errno, error.strerror, str(target)) from error
        raise



main.add_command(replay_command, name="replay")

from .render.report_cli import report_command  # noqa: E402 - the batch report (HTML/Markdown/CSV)

main.add_command(report_command, name="report")

from .cache_cli import cache_group  # noqa: E402 - loganalyzer cache info|clear

main.add_command(cache_group, name="cache")

from .serve_cli import serve_command  # noqa: E402 - loganalyzer serve (the HTTP API; fastapi imported when run)

main.add_command(serve_command, name="serve")


if __name__ == "__main__":  # pragma: no cover - `python -m loganalyzer` goes through __main__.py
    main(prog_name="loganalyzer")
