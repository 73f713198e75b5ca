"""A replay report for people (a rich table, then the findings) and the gradient-flow chart (matplotlib)."""
from __future__ import annotations

import io
import math

from . import ReplayReport


def _num(x: float | None, digits: int = 3) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    return f"{x:.{digits}g}"


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.0f}%"


def table(report: ReplayReport, width: int | None = None, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 140, force_terminal=color, no_color=not color, highlight=False,
                      soft_wrap=width is None)
    what = report.checkpoint if report.checkpoint2 is None else f"{report.checkpoint} -> {report.checkpoint2}"
    if report.source == "histograms":
        console.print(f"Gradient flow from histograms: {what}")
    else:
        console.print(f"Checkpoint replay: {what}  ({report.batches} batches, {report.samples} samples, "
                      f"{report.device})")
        if report.loss_text():
            console.print(report.loss_text()[0].upper() + report.loss_text()[1:])
    has_update = any(layer.update_ratio is not None for layer in report.layers)
    t = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for col, justify in (("layer", "left"), ("kind", "left"), ("units", "right"), ("dead", "right"),
                         ("saturated", "right"), ("mean |grad|", "right"), ("grad norm", "right"),
                         ("w std", "right"), ("expected", "right")):
        t.add_column(col, justify=justify)
    if has_update:
        t.add_column("update", justify="right")
    for layer in report.layers:
        dead = "" if layer.dead_units is None else f"{layer.dead_units} ({_pct(layer.dead_fraction)})"
        flags = []
        if layer.nan_count or layer.inf_count:
            flags.append("NaN/Inf")
        if layer.all_zero:
            flags.append("all 0")
        row = [layer.name, layer.kind + (f" [{', '.join(flags)}]" if flags else ""),
               "" if layer.units is None else str(layer.units), dead, _pct(layer.saturated_fraction),
               _num(layer.grad_mean_abs), _num(layer.grad_norm), _num(layer.weight_std),
               "" if layer.expected_std is None else f"{layer.expected_std:.3g} {layer.init}"]
        if has_update:
            row.append(_num(layer.update_ratio))
        t.add_row(*row)
    console.print(t)
    for note in report.notes:
        console.print(f"note: {note}")
    if report.findings:
        console.print(f"\n{len(report.findings)} finding{'s' if len(report.findings) != 1 else ''}:")
        for f in report.findings:
            console.print(f"  {f.kind}: {f.message}")
        seen = []
        for f in report.findings:
            if f.advice and f.advice not in seen:
                seen.append(f.advice)
        if seen:
            console.print("\nwhat to try:")
            for advice in seen:
                console.print(f"  - {advice}")
    else:
        console.print("\nno findings: gradients flow, no dead or saturated layers, weights look healthy")
    return buffer.getvalue()


VANISHING = 1e-7  # SageMaker's threshold, drawn as the red line
MOSTLY_DEAD = 0.5  # a layer more than half dead (or saturated) is a finding
RED, BLUE, GREY = "#b3261e", "#1f5fa8", "#7d8791"


def flow_figure(weights: list[tuple[str, float]], activations: list[tuple[str, float]], title: str,
                width: float = 7.4, vanishing: float = VANISHING):
    """The gradient-flow chart (a matplotlib Figure, no pyplot): mean |grad| per weight layer, input to output, on
    a log axis with the vanishing line (red bars below it: 1e-7, or ``vanishing``, the threshold scaled by the
    replayed loss as ``findings`` judges it), and beside it the dead (ReLU) or saturated (sigmoid/tanh) fraction per
    activation (red above 0.5). Drawn for ``replay --plot`` and the HTML report."""
    from matplotlib.figure import Figure

    floor = 1e-12
    fig = Figure(figsize=(width, 2.6), dpi=72)
    if activations:
        ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [max(len(weights), 1), len(activations)]})
    else:  # gradient histograms: weights only
        ax, ax2 = fig.subplots(1, 1), None
    values = [max(v, floor) if math.isfinite(v) else floor for _, v in weights]
    ax.bar(range(len(weights)), values, color=[RED if not math.isfinite(v) or v < vanishing else BLUE
                                               for _, v in weights])
    ax.set_yscale("log")
    ax.axhline(max(vanishing, floor), color=RED, ls="--", lw=0.8)
    ax.set_xticks(range(len(weights)), [n for n, _ in weights], rotation=60, ha="right", fontsize=6)
    ax.set_ylabel("mean |grad| (weights)")
    ax.set_title(title, fontsize=8)
    if activations:
        fractions = [f for _, f in activations]
        ax2.bar(range(len(activations)), fractions, color=[RED if f > MOSTLY_DEAD else GREY for f in fractions])
        ax2.axhline(MOSTLY_DEAD, color=RED, ls="--", lw=0.8)
        ax2.set_ylim(0, 1)
        ax2.set_xticks(range(len(activations)), [n for n, _ in activations], rotation=60, ha="right", fontsize=6)
        ax2.set_title("dead (ReLU) / saturated (sigmoid, tanh) fraction", fontsize=8)
    for a in (ax, ax2) if ax2 is not None else (ax,):
        a.spines["top"].set_visible(False)
        a.spines["right"].set_visible(False)
        a.tick_params(labelsize=7)
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.3, top=0.88, wspace=0.3)
    return fig


def flow_series(layers) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(weights, activations) for ``flow_figure`` from LayerStats or their JSON dicts (``evidence['replay']``)."""
    def get(layer, key):
        value = layer.get(key) if isinstance(layer, dict) else getattr(layer, key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def name(layer):
        return layer["name"] if isinstance(layer, dict) else layer.name

    weights = [(name(l), get(l, "grad_mean_abs")) for l in layers if get(l, "grad_mean_abs") is not None]
    activations = [(name(l), get(l, "dead_fraction") if get(l, "dead_fraction") is not None
                    else get(l, "saturated_fraction")) for l in layers
                   if get(l, "dead_fraction") is not None or get(l, "saturated_fraction") is not None]
    return weights, activations


def plot(report: ReplayReport, path) -> None:
    """``replay --plot``: the gradient-flow chart as an image file (PNG, or what the suffix names)."""
    from .findings import loss_scale

    weights, activations = flow_series(report.layers)
    width = max(7.4, 0.3 * (len(weights) + len(activations)) + 2)  # room for every layer's label
    scale = loss_scale(report.loss, report.baseline_loss)
    title = f"gradient flow, input → output: {report.checkpoint2 or report.checkpoint}"
    if scale is not None and scale < 1:
        title += f" (loss {report.loss:.3g}: threshold {VANISHING * scale:.2g})"
    fig = flow_figure(weights, activations, title, width, VANISHING * (1.0 if scale is None else scale))
    fig.savefig(path, dpi=100)
