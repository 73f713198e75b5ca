"""One self-contained HTML report: a page people would rather look at than read, that opens offline.

``render(report, scanned=..., generated=...)`` -> the whole document as a string: inline CSS and JS
(``templates/report.css``, ``templates/report.js``), and one inline ``<svg>`` loss chart per run drawn by matplotlib
(SVG backend, text as text: ``svg.fonttype='none'``). Nothing on the page refers to anything outside it, and a
Content-Security-Policy of ``default-src 'none'`` makes the browser refuse any request that would slip in.

The page: a header (what was scanned, when, the config file applied and the options in force, the run count, the verdicts as a stacked bar whose legend filters, the
worst runs); the summary table (verdict, confidence, run, summary, best step, final train/validation loss), sortable
by any column and filterable by verdict and by text; then one section per run, worst first: the loss chart, the
findings, the advice, the warnings met while reading, and why each series was chosen.

Then the explore panel (``html_explore``: runs overlaid per tag, smoothing, step/relative/wall-time x axis, hover
values, tag regex; drawn in the browser by ``templates/chart.js``, the module the dashboard serves too) and the
hparams table joined with the verdicts. The state of the filters and the selection is kept in the URL's hash.

The static per-run charts are matplotlib SVG (``html_chart``): they need ``scan(..., keep_curves=True)``; a run
without a preview gets no chart and its section says why ("no finite loss to plot" when every loss is NaN/inf).
Shared helpers: ``html_common``.
"""
from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from ..summary import RunSummary, ScanReport, error_dict
from ..verdict_basis import basis
from ._text import (config_line, ended_cause, ended_word, finding_line, options_line, plural, severity_key,
                    summary_line, verdict_counts, worst_first)
from .html_chart import PARALLEL_FROM, _charts_of, chart_svg, draw_charts, flow_svg
from .html_common import (VERDICT_COLORS, WORST_LISTED, best_step, esc, final_value, first_nonfinite_step,
                          fmt_number, rich_text, template)
from .html_explore import data_script, explore_panel, hparams_table, page_data

__all__ = ["render", "draw_charts", "chart_svg", "flow_svg", "esc", "rich_text", "fmt_number", "final_value",
           "best_step", "first_nonfinite_step", "worst_ranked", "PARALLEL_FROM", "VERDICT_COLORS"]
BIG_REPORT = 150  # runs: from here the run cards render lazily on screen (content-visibility), never in print


# ---------------------------------------------------------------- the page


def _badge(verdict: str | None) -> str:
    v = verdict or "none"
    return f'<span class="badge v-{esc(v)}">{esc(verdict or "–")}</span>'


def _ended(run: RunSummary) -> str:
    """How the run's job ended, beside its verdict (runs with a job log only): the cause, its summary on hover."""
    ended = getattr(run, "ended", None)
    cause = ended_cause(run)
    if cause is None:
        return ""
    kind = "ok" if cause == "completed" else "unknown" if cause == "unknown" else "bad"
    summary = ended.get("summary") if isinstance(ended, dict) else getattr(ended, "summary", "")
    return (f' <span class="ended e-{kind}" data-cause="{esc(cause)}" title="{esc(summary or "")}">'
            f'ended: {esc(ended_word(run))}</span>')  # "not recorded": a plain log that stops (ending)


def _stackbar(report: ScanReport) -> str:
    counts = verdict_counts(report)
    total = sum(n for _, n in counts) or 1
    bar = "".join(f'<span class="v-{esc(v)}" style="width:{100 * n / total:.3f}%" title="{esc(v)}: {n:,}"></span>'
                  for v, n in counts)
    legend = "".join(f'<button type="button" data-verdict="{esc(v)}" aria-pressed="false">{_badge(v)}{n:,}'
                     f'</button>' for v, n in counts)
    return f'<div class="stackbar" aria-hidden="true">{bar}</div><div class="legend">{legend}</div>'


def worst_ranked(runs: list[RunSummary]) -> list[RunSummary]:
    """The runs that need attention (not healthy/unknown/unjudged) in the order of the table below and of the CLI
    (``severity_key``: worst verdict first, within one the least confident first, then by run id): one page, one
    order (newcomer41: the list put a stalled 0.99 before the stalled 0.60 the table put first)."""
    return sorted((r for r in runs if r.verdict not in (None, "healthy", "unknown")), key=severity_key)


def _worst(runs: list[RunSummary], ids: dict[str, str]) -> str:
    bad = worst_ranked(runs)[:WORST_LISTED]
    if not bad:
        return '<p class="meta">No run needs attention.</p>'
    items = "".join(f'<li>{_badge(r.verdict)} <a href="#{ids[r.run]}"><code>{esc(r.run)}</code></a> '
                    f'<span class="s">{rich_text(r.summary)}</span></li>' for r in bad)
    return f"<ol>{items}</ol>"


def _num_cell(value, text: str | None = None) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        shown = fmt_number(value) if isinstance(value, float) else ""
        return f'<td class="num" data-value="">{esc(shown)}</td>'
    return f'<td class="num" data-value="{value!r}">{esc(text if text is not None else fmt_number(value))}</td>'


def _row(run: RunSummary, target: str) -> str:
    confidence = run.confidence
    best = best_step(run)
    searchable = " ".join([run.run, run.verdict or "", run.format, run.summary, ended_cause(run) or ""]).lower()
    return (
        f'<tr data-verdict="{esc(run.verdict or "")}" data-target="{target}" data-run="{esc(run.run)}" '
        f'data-text="{esc(searchable)}"><td class="pick"><input type="checkbox" aria-label="compare {esc(run.run)}">'
        '</td>'
        f'<td class="verdict" data-value="{severity_key(run)[0]}">{_badge(run.verdict)}{_ended(run)}</td>'
        + _num_cell(None if confidence is None else float(confidence),
                    None if confidence is None else f"{confidence:.2f}")
        + f'<td class="run"><a href="#{target}"><code>{esc(run.run)}</code></a></td>'
        f'<td class="summary">{rich_text(run.summary)}</td>'
        + _num_cell(best, None if best is None else f"{best:,}")
        + _num_cell(final_value(run, "train_loss")) + _num_cell(final_value(run, "val_loss")) + "</tr>"
    )


def _list(title: str, items: list[str], cls: str = "") -> str:
    if not items:
        return ""
    return f'<div><h3>{esc(title)}</h3><ul class="{cls}">' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"



def _all_nonfinite(run: RunSummary) -> bool:
    """The run kept loss curves, and not one of their values is finite."""
    losses = [p for role, p in (run.curves_preview or {}).items() if role in ("train_loss", "val_loss")]
    return bool(losses) and not any(np.isfinite(p.values).any() for p in losses)


def _section(run: RunSummary, target: str, index: int, charts: tuple[str | None, str | None] | None = None) -> str:
    a = run.analysis
    svg, flow = charts if charts is not None else _charts_of((index, run))
    if svg is not None:
        shown = ", ".join(f"{p.name}: {len(p.steps):,} of {p.points:,} points kept"
                          for p in run.curves_preview.values())
        chart = f"<figure>{svg}<figcaption>{esc(shown)}</figcaption></figure>"
    else:
        if _all_nonfinite(run):
            why = "no finite loss to plot (every logged loss value is NaN or infinite)"
        else:
            why = "no loss series to draw" if run.verdict == "unknown" or not run.roles else \
                "curves not kept (scan without keep_curves)"
        chart = f'<p class="nochart">No chart: {esc(why)}.</p>'
    if flow is not None:
        source = (a.evidence.get("replay") or {}).get("source")
        chart += (f'<figure class="flow">{flow}<figcaption>'
                  f'{"from the gradient histograms logged" if source == "histograms" else "checkpoint replay"}'
                  '</figcaption></figure>')
    findings = [esc(finding_line(f)) for f in (a.findings if a else ())]
    advice = [rich_text(x) for x in (a.advice if a else ())]
    warnings = [f"<code>{esc(w)}</code>" for w in run.warnings]
    errors = [f"<code>{esc(e['path'])}</code>: {esc(e['message'])}" for e in map(error_dict, run.errors)]
    conf = "" if run.confidence is None else (f'<span class="conf" title="{esc(basis(a).text) if a else ""}">'
                                               f'confidence {run.confidence:.2f}</span>')
    steps = "" if run.first_step is None else f" · steps {run.first_step:,}–{run.last_step:,}"
    meta = f"{esc(run.format)} · {plural(run.points, 'point')}{steps} · <code>{esc(run.path)}</code>"
    warn_html = ""
    if warnings or errors:
        items = "".join(f'<li class="warn">{w}</li>' for w in errors + warnings)
        warn_html = (f'<details open><summary>{plural(len(warnings), "warning")}, '
                     f'{plural(len(errors), "unreadable file")} while reading</summary><ul>{items}</ul></details>')
    notes = ""
    if run.notes:
        notes = ("<details><summary>why these series</summary><ul>"
                 + "".join(f"<li>{rich_text(n)}</li>" for n in run.notes) + "</ul></details>")
    return (
        f'<section class="run" id="{target}" data-verdict="{esc(run.verdict or "")}" data-run="{esc(run.run)}">'
        f'<header>{_badge(run.verdict)}{_ended(run)}<h2><code>{esc(run.run)}</code></h2>{conf}</header>'
        f'<p class="meta">{meta}</p><p class="summary-text">{rich_text(run.summary)}</p>{chart}'
        f'<div class="cols">{_list("Findings", findings)}{_list("Advice", advice)}</div>{warn_html}{notes}</section>'
    )


def render(report: ScanReport, *, scanned: list[str] | tuple[str, ...] = (), generated: str | None = None,
           title: str = "loganalyzer report", workers: int | None = 1) -> str:
    """The whole HTML document. ``scanned``: the paths as given; ``generated``: when (default: now, local time);
    ``workers``: processes drawing the charts (see ``draw_charts``)."""
    if generated is None:
        generated = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    runs = worst_first(report)
    ids = {run.run: f"run-{i}" for i, run in enumerate(runs)}
    counts = verdict_counts(report)
    options = "".join(f'<option value="{esc(v)}">{esc(v)} ({n:,})</option>' for v, n in counts)
    rows = "".join(_row(run, ids[run.run]) for run in runs)
    charts = draw_charts(runs, workers)
    sections = "".join(_section(run, ids[run.run], i, charts[i]) for i, run in enumerate(runs))
    data = page_data(runs)
    errors = ""
    if report.errors:
        items = "".join(f"<li><code>{esc(e['path'])}</code>: {esc(e['message'])}</li>"
                        for e in map(error_dict, report.errors))
        errors = f'<details class="warn"><summary>{plural(len(report.errors), "unreadable file")}</summary>' \
                 f"<ul>{items}</ul></details>"
    where = ", ".join(f"<code>{esc(p)}</code>" for p in scanned) or "–"
    csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · {plural(len(report.runs), 'run')}</title>"
        f"<style>{template('chart.css')}{template('report.css')}</style></head>"
        f'<body class="{"big" if len(runs) >= BIG_REPORT else ""}"><main>'
        f"<h1>{esc(title)}</h1>"
        f'<p class="meta">Scanned {where} · generated {esc(generated)} · loganalyzer {esc(report.version)}</p>'
        f'<p class="meta" id="config-line">{esc(config_line(report))} · {esc(options_line(report))}</p>'
        f'<p class="meta" id="summary-line">{esc(summary_line(report))}</p>{errors}'
        f'<div class="overview"><div><h3>{plural(len(report.runs), "run")}</h3>{_stackbar(report)}</div>'
        f'<div class="worst"><h3>Worst runs</h3>{_worst(runs, ids)}</div></div>'
        '<div class="controls"><label>Verdict <select id="verdict-filter"><option value="">all</option>'
        f'{options}</select></label><input type="search" id="text-filter" placeholder="Filter by run, verdict or '
        'summary text" aria-label="Filter runs by text"><input type="search" id="run-regex" placeholder="Run regex"'
        ' aria-label="Filter runs by a regex on the run name"><span id="shown"></span></div>'
        '<div class="table-wrap"><table id="runs-table" class="sortable"><thead><tr>'
        '<th class="pick" title="tick runs to compare their curves">Compare</th>'
        '<th data-sort="num">Verdict</th><th data-sort="num">Confidence</th>'
        '<th data-sort="text">Run</th><th data-sort="text">Summary</th><th data-sort="num">Best step</th>'
        '<th data-sort="num">Final train loss</th><th data-sort="num">Final val loss</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        f"{explore_panel()}{hparams_table(runs, data, ids, _badge)}"
        f'<div class="runs">{sections}</div>{data_script(data)}'
        f"</main><script>{template('chart.js')}\n{template('report.js')}</script>"
        "</body></html>\n"
    )
