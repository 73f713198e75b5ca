"""One row per series: run, format, dir, tag, points, first_step, last_step, nonfinite, last_value.

``last_value`` is written as Python writes floats (shortest round-trip form; ``nan``, ``inf``, ``-inf`` for
non-finite values, the same spellings as the JSON document). A run with no series at all still gets one row, with
empty dir/tag/steps and 0 points, so every run scanned appears. Errors are not part of this table (the CLI prints
them on stderr).
"""
from __future__ import annotations

import csv
import io

from ..scan import ScanReport

COLUMNS = ("run", "format", "dir", "tag", "points", "first_step", "last_step", "nonfinite", "last_value")


def render(report: ScanReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for run in report.runs:
        if not run.series:
            writer.writerow((run.run, run.format, "", "", 0, "", "", 0, ""))
        for s in run.series:
            writer.writerow(
                (run.run, run.format, s.dir, s.tag, s.points, s.first_step, s.last_step, s.nonfinite, repr(s.last_value))
            )
    return out.getvalue()
