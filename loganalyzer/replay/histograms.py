"""The gradient-flow view from event files alone: gradient histograms logged during training (tags with a
``grad``/``grads``/``gradient``/``gradients`` path segment, e.g. ``grad/fc0`` or ``gradients/layer1.weight``).

Per layer at the last logged step: mean |grad| from the histogram buckets (bucket midpoints weighted by count; the
RMS sqrt(sum_squares/num) when there are no buckets) and ||grad|| = sqrt(sum_squares). Layers are ordered as they
were written at the first logged step (loggers walk the parameters input to output), names naturally sorted within
a tie. The same rules as for a replayed checkpoint then apply (``findings.build_findings``). No torch needed.
"""
from __future__ import annotations

import math
import re

import numpy as np

from . import LayerStats, ReplayReport
from .findings import build_findings

GRAD_SEGMENTS = {"grad", "grads", "gradient", "gradients"}


def _layer_name(tag: str) -> str | None:
    parts = re.split(r"[/]", str(tag))
    hit = [i for i, p in enumerate(parts) if p.lower() in GRAD_SEGMENTS]
    if not hit:
        return None
    rest = [p for i, p in enumerate(parts) if i != hit[0]]
    name = "/".join(rest) or str(tag)
    if re.search(r"(^|[./_])bias$", name):  # biases excluded, as in replay
        return None
    return name


def _natural(name: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)]


def _mean_abs(row) -> float:
    num = float(row["num"])
    if num <= 0:
        return 0.0
    limits, counts = row.get("bucket_limit"), row.get("bucket")
    if limits is not None and counts is not None and len(limits) and len(limits) == len(counts):
        limits = np.asarray(limits, dtype=np.float64)
        counts = np.asarray(counts, dtype=np.float64)
        lower = np.concatenate(([float(row["min"])], limits[:-1]))
        upper = limits
        lo, hi = float(row["min"]), float(row["max"])
        centers = (np.clip(lower, lo, hi) + np.clip(upper, lo, hi)) / 2
        total = counts.sum()
        if total > 0 and np.all(np.isfinite(centers)):
            return float((np.abs(centers) * counts).sum() / total)
    return math.sqrt(max(float(row["sum_squares"]), 0.0) / num)


def gradient_layers(histograms) -> tuple[LayerStats, ...]:
    """LayerStats (grad_mean_abs, grad_norm, step) per gradient-histogram layer at its last step."""
    if histograms is None or len(histograms) == 0:
        return ()
    df = histograms
    names = {tag: _layer_name(tag) for tag in df["tag"].astype(str).unique()}
    keep = [tag for tag, name in names.items() if name is not None]
    if not keep:
        return ()
    df = df[df["tag"].astype(str).isin(keep)]
    rows = []
    for (d, tag), group in df.groupby([df["dir"].astype(str), df["tag"].astype(str)], sort=False, observed=True):
        group = group.sort_values("step", kind="stable")
        first, last = group.iloc[0], group.iloc[-1]
        name = names[tag] if not d else f"{d}/{names[tag]}"
        wall = float(first["wall_time"]) if first["wall_time"] == first["wall_time"] else math.inf
        rows.append((int(first["step"]), wall, _natural(name), name, last))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    layers = []
    for _, _, _, name, last in rows:
        ss = max(float(last["sum_squares"]), 0.0)
        layers.append(LayerStats(name=name, kind="histogram", params=int(last["num"]), grad_mean_abs=_mean_abs(last),
                                 grad_norm=math.sqrt(ss), step=int(last["step"])))
    return tuple(layers)


def histogram_report(histograms, source: str) -> ReplayReport | None:
    """The gradient-flow report of a run's gradient histograms; None when it logged none."""
    layers = gradient_layers(histograms)
    if not layers:
        return None
    step = max(layer.step for layer in layers)
    return ReplayReport(checkpoint=source, device="none", layers=layers, findings=tuple(build_findings(layers)),
                        source="histograms", notes=(f"from gradient histograms in the event files, last step {step:,}",))


def read_histogram_report(path) -> ReplayReport | None:
    from ..load import read_histograms

    return histogram_report(read_histograms(path), str(path))
