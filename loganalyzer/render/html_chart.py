"""The HTML report's static charts, drawn by matplotlib as inline SVG (text as text, ``svg.fonttype='none'``): the
loss chart of each run (train and validation loss, log axis when they span more than ``LOG_RANGE``x, the learning
rate on a secondary axis, the evidence marked: the first non-finite step and every non-finite stretch, the
divergence start, the best step, the plateau span, the spikes) and the gradient-flow chart of a replayed run.
``draw_charts`` spreads a big report's charts over worker processes."""
from __future__ import annotations

import io
import os
import re

import numpy as np

from ..summary import RunSummary
from .downsample import CurvePreview, downsample, stretches
from .html_common import CHART_POINTS, LOG_RANGE, LR_COLOR, TRAIN_COLOR, VAL_COLOR, esc, evidence_of




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
               "lr": ("lr", "learning"), "reward": ("reward", "rew")}


def _legend_label(name: str, role: str) -> str:
    """The series name, with its role added when the name does not say it ('loss (train)', 'val_loss')."""
    lower = name.lower()
    if any(word in lower for word in _ROLE_WORDS[role]):
        return name
    return f"{name} ({ {'train_loss': 'train', 'val_loss': 'val', 'lr': 'lr', 'reward': 'reward'}[role] })"


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


def _plain_ticks(ax, log_y: bool) -> None:
    """Whole-number x ticks (no 'epoch 2.5') written in full ('12,000'), and y tick labels that need no offset
    text ('1e-5' or '+1.234' at the axis' corner collided with the legend above the plot)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True, min_n_ticks=2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    if not log_y:
        ax.yaxis.set_major_formatter(FuncFormatter(_distinct_labels(ax.yaxis)))


def _distinct_labels(axis):
    """A tick formatter writing each label in full with just enough significant digits to tell the ticks apart
    ('1000000.25', '0.0012'): what the offset text said, in the labels themselves."""
    def label(value: float, _pos) -> str:
        locs = np.asarray(axis.get_majorticklocs(), dtype=np.float64)
        steps = np.diff(np.sort(locs))
        steps = steps[steps > 0]
        if value == 0 or not len(steps):
            return f"{value:.4g}"
        top = np.log10(max(np.abs(locs).max(), abs(value)))
        digits = int(np.clip(np.floor(top) - np.floor(np.log10(steps.min())) + 2, 2, 12))
        return f"{value:.{digits}g}"

    return label


def chart_svg(run: RunSummary, index: int = 0) -> str | None:
    """The run's loss chart as an inline <svg> (an RL run's reward instead, ``verdict_rl``), or None when no loss
    curve was kept or none holds a finite value (the page then says "no finite loss to plot" instead of drawing
    empty axes)."""
    previews = run.curves_preview or {}
    losses = [(role, previews[role]) for role in ("train_loss", "val_loss") if role in previews]
    if "reward" in previews:  # an RL run judged on its reward (verdict_rl): the reward is the curve to see
        losses = [("reward", previews["reward"])]
    if not losses or not any(np.isfinite(p.values).any() for _, p in losses):
        return None
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.transforms import blended_transform_factory

    ev = evidence_of(run)
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
            if not _wants_log(lv):
                from matplotlib.ticker import FuncFormatter

                ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.3g}"))
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
        _plain_ticks(ax, log_y)
        ax.set_ylabel("reward" if "reward" in drawn else "loss")
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

