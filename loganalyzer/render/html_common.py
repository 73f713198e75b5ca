"""Helpers shared by the HTML report's modules (``html``, ``html_chart``, ``html_explore``): escaping, number
formats, the values the table and the CSV show, the colours and the inline templates."""
from __future__ import annotations

import html
import math
from importlib import resources

from ..summary import RunSummary
from ..verdict_base import evidence_steps
from ._text import code_spans, nan_zeroed

LOG_RANGE = 30.0  # a loss spanning more than this factor is drawn on a log axis
CHART_POINTS = 240  # points per line actually drawn (previews keep up to 600; the SVG stays small)
WORST_LISTED = 5
VERDICT_COLORS = {"nan": "#b3261e", "diverged": "#d2560f", "stalled": "#8a6d00", "underfit": "#7a4fb0",
                  "overfit": "#1a6fb3", "healthy": "#2e7d32", "unknown": "#6b7280"}
TRAIN_COLOR, VAL_COLOR, LR_COLOR = "#1f5fa8", "#e07b00", "#7d8791"



def template(name: str) -> str:
    """The text of ``templates/NAME`` (CSS and JavaScript inlined in the page)."""
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def esc(text) -> str:
    """``text`` escaped for HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def rich_text(text: str) -> str:
    """A verdict summary as HTML: its `series names` as <code>, the rest escaped."""
    return "".join(f"<code>{esc(p)}</code>" if is_code else esc(p) for p, is_code in code_spans(text))


def fmt_number(value: float | None) -> str:
    """A number as the table shows it (4 significant digits, NaN/inf spelled out, empty for None)."""
    if value is None:
        return ""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    ax = abs(value)
    return f"{value:.3g}" if ax != 0 and (ax >= 1e5 or ax < 1e-3) else f"{value:.4g}"


def final_value(run: RunSummary, role: str) -> float | None:
    """The last logged value of the series the analysis used as ``role``; NaN for a loss zeroed by NaN gradients
    (``_text.nan_zeroed``: HF's Trainer logs a NaN loss as 0.0), whose logged 0 is no final loss."""
    name = run.roles.get(role)
    if name is None:
        return None
    if name in nan_zeroed(run):
        return math.nan
    for s in run.series:
        if s.name == name:
            return s.last_value
    return None


def evidence_of(run: RunSummary) -> dict[str, int]:
    """The evidence steps of the run's verdict (``verdict.evidence_steps``)."""
    return {} if run.analysis is None else evidence_steps(run.analysis.evidence)


def best_step(run: RunSummary) -> int | None:
    """The best (validation) step of the evidence, if any."""
    steps = evidence_of(run)
    return steps.get("best_val_step", steps.get("best_step"))


def first_nonfinite_step(run: RunSummary) -> int | None:
    """The evidence's first non-finite loss step, else the first non-finite step of the loss series used."""
    step = evidence_of(run).get("first_nonfinite_step")
    if step is not None:
        return step
    names = {run.roles.get("train_loss"), run.roles.get("val_loss")} - {None}
    steps = [s.first_nonfinite_step for s in run.series
             if s.name in names and s.first_nonfinite_step is not None]
    return min(steps, default=None)

