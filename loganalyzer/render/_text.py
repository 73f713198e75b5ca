"""Wording and number formats shared by the human-facing renderers (table, markdown), so both say the same thing."""
from __future__ import annotations

import math

from ..runs import Problem
from ..scan import RunSummary, ScanReport, SeriesSummary, error_dict


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def summary_line(report: ScanReport) -> str:
    """'12 runs, 1,234,567 points, 2 warnings, 1 error' (+ how many runs went non-finite, when any did)."""
    parts = [plural(len(report.runs), "run"), plural(report.points, "point")]
    nonfinite_runs = sum(1 for r in report.runs if r.nonfinite)
    if nonfinite_runs:
        parts.append(f"{nonfinite_runs:,} with NaN/Inf")
    parts += [plural(report.warning_count, "warning"), plural(len(report.errors), "error")]
    return ", ".join(parts)


def step_range(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return ""
    return f"{first:,}" if first == last else f"{first:,}–{last:,}"


def run_step_range(run: RunSummary) -> str:
    return step_range(run.first_step, run.last_step)


def series_name(series: SeriesSummary) -> str:
    """'train/loss' for tag 'loss' in sub-directory 'train', as TensorBoard lists it; just the tag at the root."""
    return f"{series.dir}/{series.tag}" if series.dir else series.tag


def format_value(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


def nonfinite_note(series: SeriesSummary, compact: bool = False) -> str:
    """How many points are NaN/Inf and from which step: '44 from step 218' ('44 @218' where space is short)."""
    if not series.nonfinite:
        return ""
    if compact:
        return f"{series.nonfinite:,} @{series.first_nonfinite_step:,}"
    return f"{series.nonfinite:,} from step {series.first_nonfinite_step:,}"


def error_line(problem: Problem) -> str:
    error = error_dict(problem)
    return f"{error['path']}: {error['message']}"


def all_warnings(report: ScanReport) -> list[str]:
    return [warning for run in report.runs for warning in run.warnings]
