"""``loganalyzer report``: the batch report of a scan, for people: one offline HTML file (default), Markdown, CSV
(one row per run; ``series-csv``: one row per series) or the scan's JSON document. The format comes from ``-o``'s
extension as in ``scan``; an extension that names no format is an error listing the choices. No runs to report
(none found, or none readable) is one line and exit status 2, as for ``scan``.

The analysis is ``scan``'s, with the same options; this command only renders (the HTML needs the curves, so it
scans with ``keep_curves=True``: a <= 600-point display copy of each run's loss and LR series).
Registered on the main group by loganalyzer/cli/__init__.py.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..names import REPORT_FORMATS
from ._common import (CliError, checked_options, nothing_to_scan, output_format_for, scan_report,
                      write_atomically, wrote_line)
from .options import FormatChoice, analysis_click_options

def report_format(output_format: str | None, output: Path | None) -> str:
    """--format, else the -o extension (.html, .md, .csv, .json; any other is an error naming these), else html;
    HTML goes to a file only."""
    output_format = output_format_for(output, output_format, REPORT_FORMATS, "html")
    if output_format == "html" and output is None:
        raise CliError("the HTML report is written to a file: give -o report.html "
                       "(or --format markdown|csv|json for standard output)")
    return output_format


@click.command("report", short_help="A batch report of the runs under each PATH: offline HTML, Markdown or CSV.",
               epilog="Exit status: 0 the report was written; 2 usage mistake, bad config, an -o extension that names "
                      "no format, nothing to report (no runs, or none readable) or an error that stopped the command.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (replaced atomically); its extension picks the format "
                   "(.html, .md, .csv, .json; any other is an error unless --format says).")
@click.option("--format", "-f", "output_format", type=FormatChoice(REPORT_FORMATS), default=None,
              help="html: one self-contained page with a chart per run (needs -o); markdown: a summary for a PR "
                   "or job epilogue; csv: one row per run; series-csv: one row per series; json: the scan's "
                   "document. Default: from -o's extension, else html.")
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
    output_format = report_format(output_format, output)
    from .scan import present_paths

    paths, missing = present_paths(paths)  # one missing path among several: a line, the others reported, exit 2
    options = checked_options(paths, output, flags)
    if output_format == "html":
        try:
            import matplotlib  # noqa: F401
        except ImportError as error:
            raise CliError("the HTML report draws its charts with matplotlib: pip install matplotlib") from error

    report = scan_report(paths, options, keep_curves=output_format == "html", flags=flags)
    empty = nothing_to_scan(report, paths)
    if empty is not None:  # a report of nothing is not worth a file: one line, exit 2
        raise CliError(empty)
    from ..render import report_text

    text = report_text(report, output_format, paths, workers=None)
    if output is None:
        click.echo(text, nl=False)
        if missing:
            raise click.exceptions.Exit(2)
        return
    write_atomically(output, text)
    click.echo(wrote_line(report, output_format, output, text), err=True)
    if output_format == "html":
        click.echo(str(output.resolve()))  # the path to open, on stdout
    if missing:
        raise click.exceptions.Exit(2)
