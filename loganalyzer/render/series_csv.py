"""``series-csv``: one row per series, with the run's verdict on every row (``csv`` is one row per run).

Columns, in order: ``run, format, dir, tag, points, first_step, last_step, nonfinite, last_value, verdict,
confidence, role``.

- ``last_value`` is written as Python writes floats (shortest round-trip form; ``nan``, ``inf``, ``-inf`` for
  non-finite values, the same spellings as the JSON document); ``nan`` for a loss the verdict found zeroed by NaN
  gradients (HF's Trainer logs a NaN loss as 0.0: ``_text.nan_zeroed``), whose logged 0 is no final loss.
- ``verdict`` (nan, diverged, stalled, underfit, overfit, healthy, unknown) and ``confidence`` (0..1) are the run's,
  repeated on each of its rows so that any row can be filtered on its own; empty when the run was not analysed.
- ``role`` is what the analysis used the series as (train_loss, val_loss, lr, grad_norm, train_acc, val_acc), empty
  for the other series.

Rows keep the scan's (discovery) order. A run with no series at all still gets one row, with empty dir/tag/steps
and 0 points, so every run scanned appears. Errors are not part of this table (the CLI prints them on stderr).
"""
from __future__ import annotations

import csv
import io
import math

from ..summary import ScanReport
from ._text import nan_zeroed, series_role

COLUMNS = ("run", "format", "dir", "tag", "points", "first_step", "last_step", "nonfinite", "last_value",
           "verdict", "confidence", "role")


def render(report: ScanReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for run in report.runs:
        verdict = run.verdict or ""
        confidence = "" if run.confidence is None else repr(float(run.confidence))
        if not run.series:
            writer.writerow((run.run, run.format, "", "", 0, "", "", 0, "", verdict, confidence, ""))
        zeroed = nan_zeroed(run)
        for s in run.series:
            writer.writerow((
                run.run, run.format, s.dir, s.tag, s.points, s.first_step, s.last_step, s.nonfinite,
                repr(math.nan if s.name in zeroed else s.last_value), verdict, confidence, series_role(run, s),
            ))
    return out.getvalue()
