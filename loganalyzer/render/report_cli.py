"""``loganalyzer report``: the batch report of a scan, for people: one offline HTML file (default), Markdown, CSV
(one row per run) or the scan's JSON document.

The analysis is ``scan``'s, with the same options; this command only renders (the HTML needs the curves, so it
scans with ``keep_curves=True``: a <= 600-point display copy of each run's loss and LR series).
Registered on the main group by loganalyzer/cli.py.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from ..cli_options import analysis_click_options
from ..scan import ScanReport

REPORT_FORMATS = ("html", "markdown", "csv", "json")
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".csv": "csv",
              ".json": "json"}
CSV_COLUMNS = ("run", "format", "verdict", "confidence", "summary", "best_step", "final_train_loss",
               "final_val_loss", "first_nonfinite_step", "warnings")


def runs_csv(report: ScanReport) -> str:
    """One row per run, worst first, for spreadsheets: ``CSV_COLUMNS``. Losses are written as Python writes floats
    (``nan``/``inf`` as in the JSON document); ``warnings`` is how many problems were met while reading the run;
    empty cells mean "no value"."""
    from ._text import worst_first
    from .html import best_step, final_value, first_nonfinite_step

    def number(value) -> str:
        return "" if value is None else repr(float(value))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for run in worst_first(report):
        best, nonfinite = best_step(run), first_nonfinite_step(run)
        writer.writerow((
            run.run, run.format, run.verdict or "", number(run.confidence), run.summary,
            "" if best is None else best, number(final_value(run, "train_loss")),
            number(final_value(run, "val_loss")), "" if nonfinite is None else nonfinite, len(run.warnings),
        ))
    return out.getvalue()


def render_report(report: ScanReport, output_format: str, scanned: tuple[str, ...] = (),
                  workers: int | None = 1) -> str:
    """The report as text; ``workers`` processes draw the HTML's charts (None: one per core for big reports)."""
    if output_format == "html":
        from . import html

        return html.render(report, scanned=list(scanned), workers=workers)
    if output_format == "csv":  # one row per run, not scan's one row per series
        return runs_csv(report)
    if output_format in ("markdown", "json"):  # the scan's own renderers
        from . import RENDERERS

        return RENDERERS[output_format](report)
    raise ValueError(f"unknown report format {output_format!r}; choose one of {', '.join(REPORT_FORMATS)}")


def report_format(output_format: str | None, output: Path | None) -> str:
    """--format, else the -o extension (.html/.md/.csv/.json); HTML goes to a file only."""
    if output_format is None:
        output_format = EXTENSIONS.get(output.suffix.lower(), "html") if output is not None else "html"
    if output_format == "html" and output is None:
        raise click.UsageError("the HTML report is written to a file: give -o report.html "
                               "(or --format markdown|csv|json for standard output)")
    return output_format


@click.command("report", short_help="A batch report of the runs under each PATH: offline HTML, Markdown or CSV.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (replaced atomically); its extension picks the format "
                   "(.html, .md, .csv, .json).")
@click.option("--format", "-f", "output_format", type=click.Choice(REPORT_FORMATS), default=None,
              help="html: one self-contained page with a chart per run (needs -o); markdown: a summary for a PR "
                   "or job epilogue; csv: one row per run; json: the scan's document. Default: from -o's extension, "
                   "else html.")
@analysis_click_options
def report_command(paths: tuple[str, ...], output: Path | None, output_format: str | None, **flags) -> None:
    """Judge the runs under each PATH as `loganalyzer scan` does and write a report people would rather look at
    than read: one HTML file that opens offline (verdict counts, a sortable and filterable table, and per run the
    loss chart annotated where the evidence lives, findings, advice and warnings), or Markdown, or CSV.

    \b
    Examples:
      loganalyzer report runs/ -o report.html
      loganalyzer report runs/ --format markdown >> "$GITHUB_STEP_SUMMARY"
      loganalyzer report runs/ -o runs.csv
    """
    # cli.py imports this module at its end: its helpers are read here, when the command runs
    from ..cli import CliError, _describe, _progress_bar, checked_options, write_atomically
    from ..scan import scan

    output_format = report_format(output_format, output)
    options = checked_options(paths, output, flags)
    if output_format == "html":
        try:
            import matplotlib  # noqa: F401
        except ImportError as error:
            raise CliError("the HTML report draws its charts with matplotlib: pip install matplotlib") from error

    with _progress_bar() as progress:
        report = scan(paths, progress=progress, options=options, keep_curves=output_format == "html")
    text = render_report(report, output_format, paths, workers=None)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text)
    size = len(text.encode("utf-8"))
    click.echo(f"Wrote {_describe(report)} as {output_format} ({size / 1e6:.1f} MB) to {output}"
               if size >= 100_000 else f"Wrote {_describe(report)} as {output_format} ({size / 1e3:.0f} kB) to {output}",
               err=True)
    if output_format == "html":
        click.echo(str(output.resolve()))  # the path to open, on stdout
