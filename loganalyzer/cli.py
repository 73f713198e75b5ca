"""The ``loganalyzer`` command: a thin shell over ``loganalyzer.scan.scan`` and ``loganalyzer.render``.

Exit codes: 0 when the scan ran (even with warnings and unreadable files: they are in the report), 1 for an
error that stops the command (one line on stderr) and when a run's verdict is one of ``--fail-on``, 2 for a usage
mistake such as a path that does not exist, an unknown verdict name or a config file that cannot be used.
Set LOGANALYZER_DEBUG=1 to get the Python traceback instead of the one-line message.

Settings: ``--config FILE``, else the nearest ``loganalyzer.toml`` / ``[tool.loganalyzer]`` at or above the first
PATH (keys ``train_series``, ``val_series``, ``num_classes``, ``chance_loss``, ``rules_only``); command-line flags win over the file.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .config import ConfigError
from .render import FORMATS, render, table
from .render._text import plural, worst_first
from .cli_options import analysis_click_options, options_from_flags
from .replay.cli import replay_command  # click only: torch is imported when a replay runs
from .scan import ProgressCallback, ScanReport, package_version, scan
from .verdict import VERDICTS

# A progress bar is worth drawing only when the scan takes a while; a handful of runs loads in a blink.
PROGRESS_MIN_RUNS = 10


class CliError(click.ClickException):
    """One line on stderr ('Error: ...') and an exit code; never a traceback."""

    def __init__(self, message: str, exit_code: int = 1):
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
    """The group, with the top-level handler: user-facing failures become one line, real bugs keep their traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE or _debug():  # EPIPE ('| head'): click exits quietly on its own
                raise
            raise CliError(_os_error_line(error)) from error
        except ValueError as error:
            if _debug():
                raise
            raise CliError(str(error)) from error


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_version(), "--version", "-V", prog_name="loganalyzer", message="%(prog)s %(version)s")
def main() -> None:
    """Read deep-learning training logs (TensorBoard, Lightning, Keras, HuggingFace, MLflow) and report on the runs."""


def _verdict_list(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """'nan,diverged' -> ('nan', 'diverged'); an unknown name is a usage error listing the valid ones."""
    if value is None:
        return ()
    names = tuple(dict.fromkeys(name.strip().lower() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in VERDICTS]
    if unknown or not names:
        what = f"unknown verdict {', '.join(map(repr, unknown))}" if unknown else "no verdict given"
        raise click.BadParameter(f"{what}; valid verdicts: {', '.join(VERDICTS)} (comma-separated)")
    return names


def checked_options(paths: tuple[str, ...], output: Path | None, flags: dict):
    """The analysis options of `scan`/`report`, after the checks that make a user mistake one line and exit 2:
    paths that do not exist, an output directory that does not exist, an unusable config file."""
    for path in paths:
        if not os.path.exists(path):
            raise CliError(f"{path}: no such file or directory", exit_code=2)
    if output is not None and not output.resolve().parent.is_dir():
        raise CliError(f"{output.parent}: no such directory", exit_code=2)
    try:
        return options_from_flags(paths, flags)
    except ConfigError as error:
        raise CliError(str(error), exit_code=2) from error


@main.command("scan", short_help="Judge the training runs under each PATH: a verdict per run.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=str))
@click.option(
    "--format", "-f", "output_format", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format: a table for people, json/jsonl/csv for programs, markdown for a PR or CI summary.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (replaced atomically) instead of standard output.",
)
@click.option("--details", is_flag=True,
              help="Table: findings and advice for every run (not only the troubled ones), and every series.")
@click.option("--fail-on", "fail_on", metavar="VERDICTS", callback=_verdict_list,
              help=f"Exit with status 1 when any run gets one of these verdicts (comma-separated: "
                   f"{', '.join(VERDICTS)}), e.g. nan,diverged. For CI and job epilogues.")
@analysis_click_options
def scan_command(
    paths: tuple[str, ...], output_format: str, output: Path | None, details: bool, fail_on: tuple[str, ...],
    **flags,
) -> None:
    """Find the training runs under each PATH and give each a verdict: nan, diverged, stalled, underfit,
    overfit, healthy (or unknown, saying why), with its evidence and what to try.

    \b
    Examples:
      loganalyzer scan lightning_logs/
      loganalyzer scan runs/ mlruns/ --format json -o report.json
      loganalyzer scan runs/ --format markdown --fail-on nan,diverged >> "$GITHUB_STEP_SUMMARY"
    """
    options = checked_options(paths, output, flags)
    with _progress_bar() as progress:
        report = scan(paths, progress=progress, options=options)

    if output is not None:
        write_atomically(output, render(report, output_format, details=details, color=False))
        click.echo(f"Wrote {_describe(report)} as {output_format} to {output}", err=True)
    elif output_format == "table":
        stdout_is_terminal = sys.stdout.isatty()
        width = _table_width(stdout_is_terminal)
        click.echo(render(report, "table", details=details, width=width, color=stdout_is_terminal), nl=False)
    else:
        click.echo(render(report, output_format), nl=False)
        if output_format == "csv":  # the CSV has no place for unreadable files: say so where a person sees it
            for error in report.errors:
                click.echo(f"error: {error}", err=True)

    failing = [run for run in worst_first(report) if run.verdict in fail_on]
    if failing:
        listed = ", ".join(f"{run.run} ({run.verdict})" for run in failing[:MAX_FAILING_LISTED])
        more = f" and {len(failing) - MAX_FAILING_LISTED:,} more" if len(failing) > MAX_FAILING_LISTED else ""
        click.echo(f"--fail-on {','.join(fail_on)}: {plural(len(failing), 'run')} matched: {listed}{more}", err=True)
        raise click.exceptions.Exit(1)


MAX_FAILING_LISTED = 10


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


if __name__ == "__main__":  # pragma: no cover - `python -m loganalyzer` goes through __main__.py
    main(prog_name="loganalyzer")
