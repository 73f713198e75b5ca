"""The HTML report's interactive part: the explore panel (runs overlaid on one chart per tag, TensorBoard's
smoothing, step / relative / wall-time x axis, hover values, run and tag filters by regex, drawn in the browser by
``templates/chart.js``) and the hparams table joined with the verdicts.

Its data is one JSON block in the page (``<script type="application/json" id="la-data">``): each run's series
re-read from its path (``series_data.run_series``: every tag, wall times, hparams), downsampled with the evidence
kept. A run that cannot be re-read (gone, or under a URL root) falls back to its ``curves_preview`` (no wall
times). Big reports keep fewer points and only the role series so that the page stays small (``budget``).
"""
from __future__ import annotations

import json
from collections import Counter

from ..fs import is_url
from ..summary import RunSummary
from .html_common import esc, evidence_of
from .series_data import encode_values, run_series

HPARAM_COLUMNS = 14  # at most this many hparams in the table, the most common first


def budget(n_runs: int) -> dict:
    """Points per role series, per other series, and how many other series, for a report of ``n_runs`` runs."""
    if n_runs <= 50:
        return {"max_points": 160, "other_points": 80, "max_series": 8, "digits": 5, "wall_digits": 1}
    if n_runs <= 300:
        return {"max_points": 100, "other_points": 50, "max_series": 3, "digits": 4, "wall_digits": 0}
    return {"max_points": 70, "other_points": 0, "max_series": 0, "digits": 4, "wall_digits": 0}


def _from_preview(run: RunSummary) -> list[dict]:
    out = []
    for role, p in (run.curves_preview or {}).items():
        out.append({"name": p.name, "role": role, "x": p.x, "steps": p.steps.tolist(),
                    "values": encode_values(p.values, 5), "wall0": None, "wall": None, "points": p.points})
    return out


def run_data(run: RunSummary, limits: dict) -> dict:
    """One run's entry of the page's data: id, verdict, confidence, hparams and series."""
    entry = {"run": run.run, "verdict": run.verdict, "confidence": run.confidence, "hparams": {}, "series": []}
    marks = evidence_of(run)
    try:
        if is_url(run.path) or not run.series:
            raise LookupError("not re-read")
        got = run_series(run.path, run.run, run.roles, marks.values(), **limits)
        entry["series"], entry["hparams"] = got["series"], got["hparams"]
        if limits.get("max_series") == 0:
            entry["series"] = [s for s in entry["series"] if s["role"]]
    except Exception:  # a run that cannot be re-read keeps the explore panel going with its preview
        entry["series"] = _from_preview(run)
    entry["marks"] = {k: v for k, v in marks.items() if k in (
        "first_nonfinite_step", "divergence_start_step", "best_val_step", "best_step", "plateau_start_step")}
    return entry


def page_data(runs: list[RunSummary]) -> list[dict]:
    """The data of every run, in the order given."""
    limits = budget(len(runs))
    return [run_data(run, limits) for run in runs]


def data_script(data: list[dict]) -> str:
    """The JSON block the page's script reads (``</`` escaped so no value can end the script element)."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    return f'<script type="application/json" id="la-data">{text}</script>'


def explore_panel() -> str:
    """The explore panel's controls and its (empty, filled by the script) chart grid."""
    return (
        '<section id="explore" aria-label="Explore and compare curves"><h2>Curves: compare runs</h2>'
        '<div class="explore-controls">'
        '<span class="seg" role="group" aria-label="Runs plotted">'
        '<button type="button" id="plot-shown" aria-pressed="true">runs shown by the filters</button>'
        '<button type="button" id="plot-picked" aria-pressed="false">runs ticked in the table '
        '(<span id="picked-count">0</span>)</button></span>'
        '<label>Tags <input type="search" id="tag-regex" placeholder="regex, e.g. loss|acc" '
        'aria-label="Filter tags by regex"></label>'
        '<label>Smoothing <input type="range" id="smoothing" min="0" max="0.99" step="0.01" value="0.6">'
        '<output id="smoothing-value">0.60</output></label>'
        '<label>X axis <select id="x-axis"><option value="step">step</option>'
        '<option value="relative">relative time</option><option value="wall">wall time</option></select></label>'
        '</div><p class="meta" id="explore-note"></p><div id="explore-charts" class="chart-grid"></div></section>'
    )


def _cell(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = "" if value is None else str(value)
        return f'<td data-value="{esc(text.lower())}">{esc(text)}</td>'
    return f'<td class="num" data-value="{value!r}">{esc(f"{value:.4g}" if isinstance(value, float) else value)}</td>'


def hparams_table(runs: list[RunSummary], data: list[dict], ids: dict[str, str], badge) -> str:
    """The hparams of every run that logged some, beside its verdict and confidence (sortable); '' when none."""
    rows = [(run, entry["hparams"]) for run, entry in zip(runs, data) if entry["hparams"]]
    if not rows:
        return ""
    counts = Counter(key for _, hp in rows for key in hp)
    keys = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:HPARAM_COLUMNS]]
    head = "".join(f'<th data-sort="{_kind(rows, k)}">{esc(k)}</th>' for k in keys)
    body = []
    for run, hp in rows:
        conf = "" if run.confidence is None else f"{run.confidence:.2f}"
        body.append(
            f'<tr data-target="{ids[run.run]}" data-run="{esc(run.run)}"><td data-value="{esc(run.verdict or "")}">'
            f'{badge(run.verdict)}</td><td class="num" data-value="{conf}">{conf}</td>'
            f'<td class="run"><a href="#{ids[run.run]}"><code>{esc(run.run)}</code></a></td>'
            + "".join(_cell(hp.get(k)) for k in keys) + "</tr>")
    more = len(counts) - len(keys)
    note = f'<p class="meta">{more} more hparams not shown.</p>' if more > 0 else ""
    return ('<details id="hparams" open><summary><h2>Hyperparameters and verdicts</h2></summary>'
            '<div class="table-wrap"><table class="sortable" id="hparams-table"><thead><tr>'
            '<th data-sort="text">Verdict</th><th data-sort="num">Confidence</th><th data-sort="text">Run</th>'
            f'{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{note}</details>')


def _kind(rows, key: str) -> str:
    values = [hp.get(key) for _, hp in rows if hp.get(key) is not None]
    numeric = values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    return "num" if numeric else "text"
