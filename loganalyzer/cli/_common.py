"""What the commands share: exit codes, the one-line error, option checks, the scan with its progress bar, and
atomic writes of an output file. No command is defined here."""
from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from typing import TYPE_CHECKING

from ..config import OptionError
from ..names import LOOKED_FOR
from .options import options_from_flags, scan_settings

if TYPE_CHECKING:  # the stages, numpy and rich are imported by the commands that run, never for --help
    from ..scan import ProgressCallback, ScanReport


# A progress bar is worth drawing only when the scan takes a while; a handful of runs loads in a blink.
PROGRESS_MIN_RUNS = 10
EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class CliError(click.ClickException):
    """One line on stderr ('Error: ...') and an exit code (2 unless said otherwise); never a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code


def debug() -> bool:
    return os.environ.get("LOGANALYZER_DEBUG", "") not in ("", "0")


def os_error_line(error: OSError) -> str:
    """'out/report.json: permission denied' rather than "[Errno 13] Permission denied: 'out/report.json'"."""
    if error.filename is not None and error.strerror:
        return f"{error.filename}: {error.strerror[:1].lower()}{error.strerror[1:]}"
    return str(error)


def checked_options(paths: tuple[str, ...], output: Path | None, flags: dict):
    """The analysis options of `scan`/`report`, after the checks that make a user mistake one line and exit 2:
    paths that do not exist, an output directory that does not exist, an unusable config or option value."""
    from ..fs import path_problem

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
    from ..render import format_for

    try:
        return format_for(output, output_format, formats, default)
    except ValueError as error:
        raise CliError(str(error)) from error


def nothing_to_scan(report: ScanReport, paths: tuple[str, ...]) -> str | None:
    """The one line for a scan that found nothing to judge (no runs, or no run with a readable file), else None."""
    from ..render._text import error_line, plural
    from ..summary import is_unreadable

    where = ", ".join(paths)
    unread = ""
    if report.errors:
        more = f" and {len(report.errors) - 1:,} more" if len(report.errors) > 1 else ""
        unread = f"{plural(len(report.errors), 'file')} could not be read ({error_line(report.errors[0])}{more})"
    if not report.runs:
        return (f"no training runs found in {where}" + (f": {unread}" if unread else
                f" (looked for {LOOKED_FOR}){_passed_over(paths)}"))
    if all(is_unreadable(run) for run in report.runs):
        return f"no run could be read in {where}: {unread}"
    return None


PASSED_OVER_SHOWN = 3
_DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".log", ".out", ".dat")
_NO_LOG_STEMS = ("readme", "requirements", "license", "licence", "changelog", "notes", "citation", "setup",
                 "environment", "package", "tsconfig", "config", "vocab")  # a project's own text files
_LOOK_AT_MOST = 2000  # directory entries walked for the hint, no more (a huge tree of data files is no log folder)


def _passed_over(paths: tuple[str, ...]) -> str:
    """"; N files were passed over as no log: a.csv, b.txt: scan one by its path to hear why" for local folders
    holding text/data files that discovery did not take (headerless numbers named ``111.csv``, ``2888_300.txt``:
    public unetwyf106, bnn102 -- a folder scan said only what it looked for, never naming them); "" when none.
    A file named on the command line is read (or its reason said) as it is, so its own line explains it."""
    found: list[str] = []
    seen = 0
    for path in paths:
        if "://" in path or not os.path.isdir(path):
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in sorted(files):
                seen += 1
                if name.lower().endswith(_DATA_SUFFIXES) and not name.startswith(".") \
                        and not name.lower().startswith(_NO_LOG_STEMS):
                    found.append(os.path.join(root, name))
            if seen >= _LOOK_AT_MOST:
                break
    if not found:
        return ""
    shown = ", ".join(found[:PASSED_OVER_SHOWN]) + (f" and {len(found) - PASSED_OVER_SHOWN:,} more"
                                                    if len(found) > PASSED_OVER_SHOWN else "")
    return (f"; {len(found):,} data/text file{'s' if len(found) != 1 else ''} passed over as no training log "
            f"({shown}): scan one by its path to read it or hear why not")


def scan(*args, **kwargs) -> ScanReport:
    """``loganalyzer.scan.scan``, imported when a command scans (the stages cost ~0.5 s to import; --help and a
    usage mistake need none of them)."""
    from ..scan import scan as scan_paths

    return scan_paths(*args, **kwargs)


def scan_report(paths: tuple[str, ...], options, keep_curves: bool = False, flags: dict | None = None) -> ScanReport:
    """The scan both commands run, with a progress bar on a terminal; ``flags``: --jobs, --executor, --db..."""
    settings = scan_settings(flags or {})
    try:
        with progress_bar() as progress:
            return scan(paths, progress=progress, options=options, keep_curves=keep_curves, **settings)
    finally:
        if settings["store"] is not None:
            settings["store"].close()



def describe(report: ScanReport) -> str:
    from ..render._text import plural

    errors = f", {plural(len(report.errors), 'unreadable file')}" if report.errors else ""
    return plural(len(report.runs), "run") + errors


def wrote_line(report: ScanReport, output_format: str, output: Path, text: str) -> str:
    """The stderr line after ``-o FILE`` (``scan`` and ``report`` alike): what went where and how big, e.g.
    "Wrote 14 runs as html (0.3 MB) to report.html", "Wrote 2 runs as csv (1 kB) to out/report.csv"."""
    size = len(text.encode("utf-8"))
    amount = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{max(size / 1e3, 1):.0f} kB" if size >= 1000 else \
        f"{size} bytes"
    return f"Wrote {describe(report)} as {output_format} ({amount}) to {output}"


@contextmanager
def progress_bar() -> Iterator[ProgressCallback | None]:
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
    try:
        fd, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:  # the user's file and folder, never our temporary name
        raise CliError(f"{target}: cannot write (directory {target.parent} is not writable: "
                       f"{(error.strerror or str(error)).lower()})" if error.errno in (errno.EACCES, errno.EPERM,
                                                                                        errno.EROFS)
                       else f"{target}: cannot write ({(error.strerror or str(error)).lower()})") from None
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
