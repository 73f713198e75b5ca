"""A replay report for people (a rich table, then the findings) and the gradient-flow chart (matplotlib, Agg)."""
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


def plot(report: ReplayReport, path) -> None:
    """Gradient-flow bar chart: mean |grad| per weight layer (log scale), dead fraction of activations alongside."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    weights = [layer for layer in report.layers if layer.grad_mean_abs is not None]
    acts = [layer for layer in report.layers if layer.dead_fraction is not None]
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(max(6.0, 0.45 * max(len(weights), len(acts), 1) + 2), 7),
                                  gridspec_kw={"height_ratios": [3, 2]})
    floor = 1e-12
    values = [max(layer.grad_mean_abs, floor) if math.isfinite(layer.grad_mean_abs) else floor for layer in weights]
    colors = ["tab:red" if v < 1e-7 else "tab:blue" for v in values]
    ax.bar(range(len(weights)), values, color=colors)
    ax.set_yscale("log")
    ax.axhline(1e-7, color="tab:red", linestyle="--", linewidth=1, label="1e-7 (vanishing)")
    ax.set_xticks(range(len(weights)))
    ax.set_xticklabels([layer.name for layer in weights], rotation=60, ha="right", fontsize=8)
    ax.set_ylabel("mean |grad| (weights)")
    ax.set_title(f"Gradient flow, input -> output: {report.checkpoint2 or report.checkpoint}", fontsize=9)
    ax.legend(fontsize=8)
    if acts:
        ax2.bar(range(len(acts)), [layer.dead_fraction for layer in acts],
                color=["tab:red" if layer.dead_fraction > 0.5 else "tab:gray" for layer in acts])
        ax2.axhline(0.5, color="tab:red", linestyle="--", linewidth=1)
        ax2.set_xticks(range(len(acts)))
        ax2.set_xticklabels([layer.name for layer in acts], rotation=60, ha="right", fontsize=8)
        ax2.set_ylim(0, 1)
        ax2.set_ylabel("dead fraction (ReLU units)")
    else:
        ax2.text(0.5, 0.5, "no ReLU-family activations measured", ha="center", va="center",
                 transform=ax2.transAxes)
        ax2.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
