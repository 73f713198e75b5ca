"""``csv``: one row per run, worst first, for spreadsheets (``loganalyzer scan`` and ``loganalyzer report`` alike;
one row per series is ``series-csv``).

Columns, in order: ``run, format, verdict, confidence, summary, best_step, final_train_loss, final_val_loss,
first_nonfinite_step, warnings, ended``. Losses are written as Python writes floats (``nan``/``inf`` as in the JSON
document); ``warnings`` is how many problems were met while reading the run; ``ended`` is how the run's job
ended (a ``loganalyzer.ending`` cause: ``cuda_oom``, ``time_limit``...; ``not recorded`` for a plain script's log that
simply stops, as the table, Markdown and HTML say it (``_text.ended_word``); empty without a job log); empty cells mean
"no value". A run that could not be read has verdict ``unknown`` and a summary saying "could not be read" with the file; files that belong
to no run are not part of this table (the CLI prints them on stderr).
"""
from __future__ import annotations

import csv
import io

from ..summary import ScanReport

COLUMNS = ("run", "format", "verdict", "confidence", "summary", "best_step", "final_train_loss", "final_val_loss",
           "first_nonfinite_step", "warnings", "ended")


def render(report: ScanReport) -> str:
    from ._text import ended_word, worst_first
    from .html_common import best_step, final_value, first_nonfinite_step  # numbers the HTML table shows too

    def number(value) -> str:
        return "" if value is None else repr(float(value))

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for run in worst_first(report):
        best, nonfinite = best_step(run), first_nonfinite_step(run)
        writer.writerow((
            run.run, run.format, run.verdict or "", number(run.confidence), run.summary,
            "" if best is None else best, number(final_value(run, "train_loss")),
            number(final_value(run, "val_loss")), "" if nonfinite is None else nonfinite, len(run.warnings),
            ended_word(run) or "",
        ))
    return out.getvalue()
