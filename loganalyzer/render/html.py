"""One self-contained HTML report: a page people would rather look at than read, that opens offline.

``render(report, scanned=..., generated=...)`` -> the whole document as a string: inline CSS and JS
(``templates/report.css``, ``templates/report.js``), and one inline ``<svg>`` loss chart per run drawn by matplotlib
(SVG backend, text as text: ``svg.fonttype='none'``). Nothing on the page refers to anything outside it, and a
Content-Security-Policy of ``default-src 'none'`` makes the browser refuse any request that would slip in.

The page: a header (what was scanned, when, the config file applied and the options in force, the run count, the verdicts as a stacked bar whose legend filters, the
worst runs); the summary table (verdict, confidence, run, summary, best step, final train/validation loss), sortable
by any column and filterable by verdict and by text; then one section per run, worst first: the loss chart, the
findings, the advice, the warnings met while reading, and why each series was chosen.

Charts need ``scan(..., keep_curves=True)`` (``RunSummary.curves_preview``, already downsampled with the evidence
points forced in, see ``downsample``); a run without a preview gets no chart, and its section says why. The chart
draws train and validation loss (log axis when they span more than ``LOG_RANGE``x), the learning rate on a secondary
axis, and marks the evidence: the first non-finite step (and every non-finite point, along the top edge), the
divergence start, the best step, the plateau span and the spikes.
"""
from __future__ import annotations

import datetime as _dt
import html
import io
import math
import os
import re
from importlib import resources

import numpy as np

from ..scan import RunSummary, ScanReport, error_dict
from ..verdict import evidence_steps
from ._text import (code_spans, config_line, ended_cause, options_line, plural, severity_key, summary_line,
                    verdict_counts, worst_first)
from .downsample import CurvePreview, downsample, stretches

LOG_RANGE = 30.0  # a loss spanning more than this factor is drawn on a log axis
CHART_POINTS = 240  # points per line actually drawn (previews keep up to 600; the SVG stays small)
WORST_LISTED = 5
VERDICT_COLORS = {"nan": "#b3261e", "diverged": "#d2560f", "stalled": "#8a6d00", "underfit": "#7a4fb0",
                  "overfit": "#1a6fb3", "healthy": "#2e7d32", "unknown": "#6b7280"}
TRAIN_COLOR, VAL_COLOR, LR_COLOR = "#1f5fa8", "#e07b00", "#7d8791"


def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def rich_text(text: str) -> str:
    """A verdict summary as HTML: its `series names` as <code>, the rest escaped."""
    return "".join(f"<code>{esc(p)}</code>" if is_code else esc(p) for p, is_code in code_spans(text))


def fmt_number(value: float | None) -> str:
    if value is None:
        return ""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    ax = abs(value)
    return f"{value:.3g}" if ax != 0 and (ax >= 1e5 or ax < 1e-3) else f"{value:.4g}"


def final_value(run: RunSummary, role: str) -> float | None:
    """The last logged value of the series the analysis used as ``role``."""
    name = run.roles.get(role)
    if name is None:
        return None
    for s in run.series:
        if s.name == name:
            return s.last_value
    return None


def _steps(run: RunSummary) -> dict[str, int]:
    return {} if run.analysis is None else evidence_steps(run.analysis.evidence)


def best_step(run: RunSummary) -> int | None:
    steps = _steps(run)
    return steps.get("best_val_step", steps.get("best_step"))


def first_nonfinite_step(run: RunSummary) -> int | None:
    """The evidence's first non-finite loss step, else the first non-finite step of the loss series used."""
    step = _steps(run).get("first_nonfinite_step")
    if step is not None:
        return step
    names = {run.roles.get("train_loss"), run.roles.get("val_loss")} - {None}
    steps = [s.first_nonfinite_step for s in run.series
             if s.name in names and s.first_nonfinite_step is not None]
    return min(steps, default=None)


# ---------------------------------------------------------------- charts


def _svg_cleanup(svg: str, label: str) -> str:
    """matplotlib's SVG file -> an inline <svg>: no XML prolog, no metadata (it holds a URL), no namespace URLs,
    coordinates rounded to 0.1 pt, scaled to its container."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg)
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                 lambda m: f'<svg{m.group(1)} class="chart" role="img" aria-label="{esc(label)}"', svg, count=1)

    def short(m: re.Match) -> str:
        return re.sub(r"(-?\d+\.\d)\d+", r"\1", m.group(0))

    svg = re.sub(r'\s(?:d|x|y|x1|x2|y1|y2|width|height|transform|points)="[^"]*"', short, svg)
    # size: the fonts come from the page's CSS; drop unreferenced group ids, no-op rotations, path whitespace
    svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
    svg = re.sub(r' transform="rotate\(-?0 [^"]*\)"', "", svg)
    svg = re.sub(r' id="(?:figure|axes|patch|matplotlib\.axis|xtick|ytick|line2d|text|legend|PathCollection)_?[^"]*"',
                 "", svg)
    svg = re.sub(r' d="([^"]*)"', lambda m: ' d="' + re.sub(r"\s*([MLCQZz])\s*", r"\1", m.group(1)).strip() + '"',
                 svg)
    svg = re.sub(r'(?<=[\s"LMCz])(-?\d+)\.0(?=[\s"LMCQZz])', r"\1", svg)  # 65.0 -> 65
    svg = re.sub(r' d="[^"]*"', lambda m: re.sub(r"(\d)L(?=-?\d)", r"\1 ", m.group(0)) if "C" not in m.group(0)
                 else m.group(0), svg)  # 'L' repeats implicitly after 'L x y'
    for _ in range(3):  # unwrap attribute-less groups of one element (their ids were the only attribute)
        svg = re.sub(r"<g>\s*(<(?:use|path) [^>]*/>|<text [^>]*>[^<]*</text>)\s*</g>", r"\1", svg)
    def_styles = dict(re.findall(r'<path id="(m[0-9a-f]+)" d="[^"]*" style="([^"]*)"', svg))
    svg = re.sub(r'(<use xlink:href="#(m[0-9a-f]+)" [^>]*?) style="([^"]*)"/>',
                 lambda m: m.group(1) + "/>" if def_styles.get(m.group(2)) == m.group(3) else m.group(0), svg)
    svg = re.sub(r'(?:<use [^>]*?style="[^"]*"/>\n?){2,}', _group_uses, svg)
    svg = re.sub(r"\s*\n\s*", "\n", svg)
    return svg.strip()


def _group_uses(m: re.Match) -> str:
    """Consecutive <use> (tick marks, markers) with one style: the style once, on a group around them."""
    uses = re.findall(r'<use ([^>]*?) style="([^"]*)"/>', m.group(0))
    out, i = [], 0
    while i < len(uses):
        j = i
        while j < len(uses) and uses[j][1] == uses[i][1]:
            j += 1
        body = "\n".join(f"<use {attrs}/>" for attrs, _ in uses[i:j])
        out.append(f'<g style="{uses[i][1]}">\n{body}\n</g>\n' if j - i > 1 else f'<use {uses[i][0]} style="{uses[i][1]}"/>\n')
        i = j
    return "".join(out)


def _thin(p: CurvePreview, keep_steps: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The preview thinned to CHART_POINTS for drawing, still keeping its spikes, NaN edges, best point and the
    evidence steps (``downsample`` forces them in)."""
    idx = downsample(p.steps, p.values, CHART_POINTS, force_steps=keep_steps,
                     spikes=np.flatnonzero(np.isin(p.steps, p.spikes)))
    return p.steps[idx], p.values[idx]


_ROLE_WORDS = {"train_loss": ("train", "training"), "val_loss": ("val", "valid", "eval", "test", "dev"),
               "lr": ("lr", "learning")}


def _legend_label(name: str, role: str) -> str:
    """The series name, with its role added when the name does not say it ('loss (train)', 'val_loss')."""
    lower = name.lower()
    if any(word in lower for word in _ROLE_WORDS[role]):
        return name
    return f"{name} ({ {'train_loss': 'train', 'val_loss': 'val', 'lr': 'lr'}[role] })"


def _wants_log(values: np.ndarray) -> bool:
    finite = values[np.isfinite(values)]
    return bool(len(finite) >= 2 and (finite > 0).all() and finite.max() / finite.min() > LOG_RANGE)


def _log_axis(axis) -> None:
    """A log axis with few, plainly labelled ticks ('0.01', '1e+12'): mathtext labels and minor ticks cost
    most of a chart's drawing time and SVG size."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    axis.axes.set_yscale("log")
    axis.set_major_locator(LogLocator(numticks=6))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def chart_svg(run: RunSummary, index: int = 0) -> str | None:
    """The run's loss chart as an inline <svg>, or None when no loss curve was kept."""
    previews = run.curves_preview or {}
    losses = [(role, previews[role]) for role in ("train_loss", "val_loss") if role in previews]
    if not losses:
        return None
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory

    ev = _steps(run)
    keep = list(ev.values())
    rc = {"svg.fonttype": "none", "svg.hashsalt": f"run{index}", "font.size": 8, "axes.titlesize": 8,
          "font.family": "sans-serif", "axes.linewidth": 0.6, "xtick.major.width": 0.6, "ytick.major.width": 0.6,
          "path.simplify": True, "path.simplify_threshold": 0.3, "axes.formatter.limits": (-4, 5)}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(7.4, 2.9), dpi=72)
        ax = fig.add_subplot(1, 1, 1)
        top = blended_transform_factory(ax.transData, ax.transAxes)
        drawn = {}
        all_values = []
        nonfinite_labelled = False
        for role, p in losses:
            steps, values = _thin(p, keep)
            drawn[role] = (steps, values)
            all_values.append(values)
            color = TRAIN_COLOR if role == "train_loss" else VAL_COLOR
            few = len(steps) <= 25
            ax.plot(steps, np.where(np.isfinite(values), values, np.nan), color=color, lw=1.2,
                    label=_legend_label(p.name, role), marker="o" if few else None, ms=2.5)
            bad = ~np.isfinite(values)
            # non-finite points cannot sit on the axis: each stretch of them is a red band
            for first, last in stretches(bad)[:20]:
                x0, x1 = steps[first], steps[last]
                if x1 == x0:
                    x1 = x0 + max((steps[-1] - steps[0]) / 300, 0.5)
                ax.axvspan(x0, x1, color="#b3261e", alpha=0.12, lw=0,
                           label=None if nonfinite_labelled else "NaN/inf logged")
                nonfinite_labelled = True
            if len(p.spikes):
                at = np.isin(steps, p.spikes) & np.isfinite(values)
                if at.any():
                    ax.plot(steps[at], values[at], ls="none", marker="^", ms=5, color="#b3261e", mfc="none",
                            mew=1.1, label="spike" if not any(h.get_label() == "spike" for h in ax.lines) else None)
        values = np.concatenate(all_values)
        log_y = _wants_log(values)
        if log_y:
            _log_axis(ax.yaxis)
        finite = values[np.isfinite(values)]
        if len(finite) and not log_y and np.ptp(finite) == 0:
            ax.set_ylim(finite[0] - 0.5 * (abs(finite[0]) or 1), finite[0] + 0.5 * (abs(finite[0]) or 1))
        x_last = max(int(s[-1]) for s, _ in drawn.values())

        def vline(step, color, text, ls):
            ax.axvline(step, color=color, lw=1, ls=ls)
            ax.text(step, 0.985, f" {text}", transform=top, color=color, fontsize=7.5, va="top", ha="left")

        if "plateau_start_step" in ev and ev["plateau_start_step"] < x_last:
            ax.axvspan(ev["plateau_start_step"], x_last, color="#8a6d00", alpha=0.09, lw=0)
            ax.text(ev["plateau_start_step"], 0.03, f" plateau from {ev['plateau_start_step']:,}", transform=top,
                    color="#6b5500", fontsize=7.5, va="bottom")
        if "first_nonfinite_step" in ev:
            vline(ev["first_nonfinite_step"], "#b3261e", f"NaN at {ev['first_nonfinite_step']:,}", "--")
        if "divergence_start_step" in ev:
            vline(ev["divergence_start_step"], "#d2560f", f"diverges from {ev['divergence_start_step']:,}", ":")
        best = ev.get("best_val_step", ev.get("best_step"))
        if best is not None:
            role = "val_loss" if "best_val_step" in ev or ("val_loss" in drawn and run.verdict == "healthy") \
                else ("train_loss" if "train_loss" in drawn else "val_loss")
            role = role if role in drawn else next(iter(drawn))
            steps, vals = drawn[role]
            i = int(np.searchsorted(steps, best))
            if i < len(steps) and np.isfinite(vals[i]):
                ax.plot([steps[i]], [vals[i]], ls="none", marker="*", ms=9, color="#2e7d32", zorder=5,
                        label=f"best at {best:,}")
        lr = previews.get("lr")
        if lr is not None and np.isfinite(lr.values).any():
            ax2 = ax.twinx()
            ls, lv = _thin(lr, [])
            ax2.plot(ls, np.where(np.isfinite(lv), lv, np.nan), color=LR_COLOR, lw=0.9, ls="--",
                     label=_legend_label(lr.name, "lr"))
            if _wants_log(lv):
                _log_axis(ax2.yaxis)
            elif np.ptp(lv[np.isfinite(lv)]) == 0:  # a constant LR: one tick at its value, the line mid-height
                value = float(lv[np.isfinite(lv)][0])
                ax2.set_ylim(*sorted((0.0, 2 * value))) if value else ax2.set_ylim(-1, 1)
                ax2.set_yticks([value])
            ax2.set_ylabel("learning rate", color=LR_COLOR)
            ax2.tick_params(axis="y", colors=LR_COLOR, labelsize=7)
            ax2.spines["top"].set_visible(False)
            handles = ax.get_legend_handles_labels()
            h2 = ax2.get_legend_handles_labels()
            handles = (handles[0] + h2[0], handles[1] + h2[1])
        else:
            handles = ax.get_legend_handles_labels()
        # above the plot, in one row: inside it would hide the curves it names
        ax.legend(*handles, fontsize=7, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0),
                  ncol=min(len(handles[0]), 6), borderaxespad=0.2, handlelength=1.6, columnspacing=1.2)
        ax.set_xlabel(losses[0][1].x)
        ax.set_ylabel("loss")
        ax.spines["top"].set_visible(False)
        ax.grid(True, axis="y", lw=0.4, color="#e3e6ea")
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=7)
        # fixed margins: tight_layout would draw the figure twice (the axes' ticks are most of the time)
        fig.subplots_adjust(left=0.085, right=0.9 if lr is not None else 0.98, bottom=0.16, top=0.88)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return _svg_cleanup(buf.getvalue(), f"loss curves of {run.run}")


def flow_svg(run: RunSummary, index: int = 0) -> str | None:
    """The gradient-flow chart (``replay.render.flow_figure``) of a run replayed with ``--replay``, from its
    evidence ``replay.layers``; None when the run was not replayed."""
    from ..replay.findings import loss_scale
    from ..replay.render import VANISHING, flow_figure, flow_series

    replay = {} if run.analysis is None else run.analysis.evidence.get("replay") or {}
    weights, activations = flow_series(replay.get("layers") or [])
    if not weights and not activations:
        return None
    import matplotlib

    rc = {"svg.fonttype": "none", "svg.hashsalt": f"flow{index}", "font.size": 8, "font.family": "sans-serif",
          "axes.linewidth": 0.6}
    with matplotlib.rc_context(rc):
        # the vanishing line scaled by the replayed loss against the constant prediction's, as `replay --plot`
        loss, baseline = (v if isinstance(v, (int, float)) else None
                          for v in (replay.get("loss"), replay.get("baseline_loss")))  # "nan" strings: unknown
        scale = loss_scale(loss, baseline)
        line = VANISHING * (1.0 if scale is None else scale)
        fig = flow_figure(weights, activations, f"gradient flow, input → output (red: < {line:.2g})",
                          vanishing=line)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return _svg_cleanup(buf.getvalue(), f"gradient flow of {run.run}")


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
            f'ended: {esc(cause)}</span>')


def _stackbar(report: ScanReport) -> str:
    counts = verdict_counts(report)
    total = sum(n for _, n in counts) or 1
    bar = "".join(f'<span class="v-{esc(v)}" style="width:{100 * n / total:.3f}%" title="{esc(v)}: {n:,}"></span>'
                  for v, n in counts)
    legend = "".join(f'<button type="button" data-verdict="{esc(v)}" aria-pressed="false">{_badge(v)}{n:,}'
                     f'</button>' for v, n in counts)
    return f'<div class="stackbar" aria-hidden="true">{bar}</div><div class="legend">{legend}</div>'


def _worst(runs: list[RunSummary], ids: dict[str, str]) -> str:
    bad = [r for r in runs if r.verdict not in (None, "healthy", "unknown")][:WORST_LISTED]
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
        f'data-text="{esc(searchable)}">'
        f'<td data-value="{severity_key(run)[0]}">{_badge(run.verdict)}{_ended(run)}</td>'
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


PARALLEL_FROM = 40  # runs: below this, starting worker processes costs more than it saves


def _charts_of(item: tuple[int, RunSummary]) -> tuple[str | None, str | None]:
    """(loss chart, gradient-flow chart) of one run; module-level so that worker processes can run it."""
    index, run = item
    return chart_svg(run, index), flow_svg(run, index)


def draw_charts(runs: list[RunSummary], workers: int | None = 1) -> list[tuple[str | None, str | None]]:
    """Every run's charts, in order. matplotlib draws ~10-15 charts a second per core, so a big report spreads them
    over ``workers`` processes (None: one per core, up to 8, from ``PARALLEL_FROM`` runs on). Worker processes are
    spawned, so a script calling this with workers != 1 needs the usual ``if __name__ == "__main__":`` guard; the
    CLI has it. The output does not depend on the number of workers (each chart's ids are salted by its index)."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if len(runs) >= PARALLEL_FROM else 1
    items = list(enumerate(runs))
    if workers <= 1 or len(runs) < 2:
        return [_charts_of(item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_charts_of, items, chunksize=max(1, len(items) // (workers * 4))))


def _section(run: RunSummary, target: str, index: int, charts: tuple[str | None, str | None] | None = None) -> str:
    a = run.analysis
    svg, flow = charts if charts is not None else _charts_of((index, run))
    if svg is not None:
        shown = ", ".join(f"{p.name}: {len(p.steps):,} of {p.points:,} points kept"
                          for p in run.curves_preview.values())
        chart = f"<figure>{svg}<figcaption>{esc(shown)}</figcaption></figure>"
    else:
        why = "no loss series to draw" if run.verdict == "unknown" or not run.roles else \
            "curves not kept (scan without keep_curves)"
        chart = f'<p class="nochart">No chart: {esc(why)}.</p>'
    if flow is not None:
        source = (a.evidence.get("replay") or {}).get("source")
        chart += (f'<figure class="flow">{flow}<figcaption>'
                  f'{"from the gradient histograms logged" if source == "histograms" else "checkpoint replay"}'
                  '</figcaption></figure>')
    findings = [esc(f.message) + ("" if f.step is None else f" (step {f.step:,})") for f in (a.findings if a else ())]
    advice = [rich_text(x) for x in (a.advice if a else ())]
    warnings = [f"<code>{esc(w)}</code>" for w in run.warnings]
    errors = [f"<code>{esc(e['path'])}</code>: {esc(e['message'])}" for e in map(error_dict, run.errors)]
    conf = "" if run.confidence is None else f'<span class="conf">confidence {run.confidence:.2f}</span>'
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
        f"<style>{_template('report.css')}</style></head><body><main>"
        f"<h1>{esc(title)}</h1>"
        f'<p class="meta">Scanned {where} · generated {esc(generated)} · loganalyzer {esc(report.version)}</p>'
        f'<p class="meta" id="config-line">{esc(config_line(report))} · {esc(options_line(report))}</p>'
        f'<p class="meta" id="summary-line">{esc(summary_line(report))}</p>{errors}'
        f'<div class="overview"><div><h3>{plural(len(report.runs), "run")}</h3>{_stackbar(report)}</div>'
        f'<div class="worst"><h3>Worst runs</h3>{_worst(runs, ids)}</div></div>'
        '<div class="controls"><label>Verdict <select id="verdict-filter"><option value="">all</option>'
        f'{options}</select></label><input type="search" id="text-filter" placeholder="Filter by run, verdict or '
        'summary text" aria-label="Filter runs by text"><span id="shown"></span></div>'
        '<table id="runs-table"><thead><tr><th data-sort="num">Verdict</th><th data-sort="num">Confidence</th>'
        '<th data-sort="text">Run</th><th data-sort="text">Summary</th><th data-sort="num">Best step</th>'
        '<th data-sort="num">Final train loss</th><th data-sort="num">Final val loss</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<div class="runs">{sections}</div>'
        f"</main><script>{_template('report.js')}</script>"
        "</body></html>\n"
    )
