"""Per-layer measurements -> findings, with the published thresholds (../shared/domain.md, "Checkpoint replay").

No torch here: the same rules judge a replayed checkpoint and the gradient histograms of event files.

| finding | rule | source |
|---|---|---|
| dead_units | > 50% of an activation's units dead (never active, or active on < 1% of samples) | SageMaker DeadRelu |
| vanishing_gradient | first weight layer with mean abs grad < 1e-7; or norm ratio first/last < 1e-3 with first norm < 1e-4 (both absolute thresholds scaled by the replayed loss, below) | SageMaker VanishingGradient; AUTOTRAINER |
| exploding_gradient | grad-norm ratio first/last > 70 | AUTOTRAINER |
| saturation | > 50% of a sigmoid/tanh layer's inputs saturated (tanh abs(x) > 9.5; sigmoid x < -23 or x > 17) | SageMaker SaturatedActivation (+-5 reported too: DeepDiagnosis) |
| bad_init | weight variance > 10x or < 1/10 of the nearest usual init (He/Glorot on fan-in or fan-out, torch default); or max/min of that ratio across layers > 10 | SageMaker PoorWeightInitialization |
| nan_weights | any NaN/Inf in a layer's parameters | SageMaker ExplodingTensor |
| zero_layer | every weight of a layer exactly 0 | |
| frozen_layer | a layer unchanged between two checkpoints | SageMaker WeightUpdateRatio |

Gradients are judged against the loss on the replayed batches. Near a minimum the gradient shrinks with the loss
(cross-entropy: dL/dlogits = p - y, about the loss itself when predictions are confidently right; MSE: the residual),
so a net trained to ~0 loss has tiny gradients in every layer: that is convergence, not a vanishing gradient. The
absolute thresholds (SageMaker's 1e-7, AUTOTRAINER's 1e-4 on the first layer's norm) are multiplied by the loss
relative to the loss of the best constant prediction on the same batches (``loss_scale``, at most 1); the
AUTOTRAINER ratio first/last is scale-free and stays as it is. A replay whose loss is under 1% of the constant
prediction's says so in a note, naming the gradients that the unscaled thresholds would have called vanishing.

Root cause first: a vanishing gradient behind a dead ReLU layer (most units never active: no gradient passes them),
a saturated sigmoid/tanh layer or an all-zero weight matrix is reported after that cause, names it, and carries the
cause's advice (a ReLU net is not told to switch to ReLU-family activations).
"""
from __future__ import annotations

import math
import statistics

RELU_KINDS = frozenset({"ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "GELU"})
SATURATION = {"Sigmoid": (-23.0, 17.0), "Tanh": (-9.5, 9.5)}  # SageMaker SaturatedActivation, on the input
NORM_KINDS = frozenset({"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "LayerNorm", "GroupNorm",
                        "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "RMSNorm", "LocalResponseNorm"})

DEAD_LAYER_FRACTION = 0.5
SATURATED_LAYER_FRACTION = 0.5
VANISHING_MEAN_ABS = 1e-7  # SageMaker VanishingGradient
AUTOTRAINER_VANISHING_RATIO = 1e-3
AUTOTRAINER_VANISHING_FIRST_NORM = 1e-4
AUTOTRAINER_EXPLODING_RATIO = 70.0
INIT_VARIANCE_RATIO = 10.0  # SageMaker PoorWeightInitialization
CONVERGED_LOSS_FRACTION = 0.01  # replayed loss under 1% of the constant prediction's: the model fits these batches

ADVICE = {
    "nan_weights": "Weights are already NaN/Inf: restart from an earlier checkpoint, lower the learning rate ~10x, "
                   "clip gradients, and look for log(0) or overflow with torch.autograd.detect_anomaly().",
    "zero_layer": "An all-zero weight matrix passes no gradient to the layers before it: initialise weights with "
                  "He/Glorot (zero only biases, or the last layer of a residual branch).",
    "vanishing_gradient": "The gradient dies before reaching the first layers: use ReLU-family activations instead of "
                          "deep sigmoid/tanh stacks, He/Glorot init, normalisation or residual connections.",
    "exploding_gradient": "The first layers get far larger gradients than the last: clip gradients, lower the "
                          "learning rate, normalise inputs and activations.",
    "dead_units": "Dead ReLUs: lower the learning rate, use LeakyReLU/ELU, He init with zero biases, or put "
                  "normalisation before the activation.",
    "saturation": "Saturated sigmoid/tanh units pass almost no gradient: scale the inputs and the init (Glorot), "
                  "add normalisation before the activation, or switch to ReLU-family activations.",
    "bad_init": "Re-initialise with He (before ReLU) or Glorot (before tanh/sigmoid/linear) for each fan-in.",
    "frozen_layer": "A layer did not change between the checkpoints: check requires_grad, the optimizer's param "
                    "groups (a layer added after the optimizer was built) and a per-group learning rate of 0.",
}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if x >= 0.01 or x == 0 else f"{100 * x:.2g}%"


def _g(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3g}"


def loss_scale(loss: float | None, baseline: float | None) -> float | None:
    """The replayed loss relative to the best constant prediction's on the same batches, in [0, 1]; None when
    either is unknown or not finite (no scaling then)."""
    if loss is None or baseline is None or not math.isfinite(loss) or not math.isfinite(baseline):
        return None
    if loss <= 0:
        return 0.0
    if baseline <= 0:
        return None
    return min(loss / baseline, 1.0)


def converged_note(layers, loss: float | None, baseline: float | None) -> str | None:
    """When the replayed loss is ~0 (< 1% of the constant prediction's): a note saying so, and naming the layers
    whose gradients are below the unscaled thresholds: small because the loss is, not vanishing."""
    scale = loss_scale(loss, baseline)
    if scale is None or scale >= CONVERGED_LOSS_FRACTION:
        return None
    weighted = _weighted(layers)
    tiny = [layer for layer in weighted if layer.grad_mean_abs < VANISHING_MEAN_ABS]
    text = (f"the model fits the replayed batches: loss {_g(loss)} against {_g(baseline)} for the best constant "
            f"prediction ({_g(scale)} of it)")
    if tiny:
        low = min(tiny, key=lambda layer: layer.grad_mean_abs)
        text += (f"; {len(tiny)} of {len(weighted)} weight layers have mean |grad| under 1e-7 (lowest "
                 f"{low.name}: {_g(low.grad_mean_abs)}) because the loss is that small: convergence, not a "
                 f"vanishing gradient (thresholds scaled by the loss)")
    return text


def build_findings(layers, two_checkpoints: bool = False, loss: float | None = None,
                   baseline_loss: float | None = None) -> list:
    """Findings, root causes first: NaN/Inf and all-zero weights, dead and saturated layers, then the gradient flow
    (whose message names the cause it follows from), frozen layers, initialisation. ``loss``/``baseline_loss``: the
    replayed loss and the best constant prediction's, which scale the absolute gradient thresholds."""
    from . import ReplayFinding

    out: list[ReplayFinding] = []

    def add(kind, layer, message, value=None, advice=None):
        out.append(ReplayFinding(kind, layer, message, value, ADVICE.get(kind, "") if advice is None else advice))

    for layer in layers:
        if layer.nan_count or layer.inf_count:
            add("nan_weights", layer.name, f"{layer.name}: {layer.nan_count} NaN and {layer.inf_count} Inf values in "
                                           f"its parameters", float(layer.nan_count + layer.inf_count))
    for layer in layers:
        if layer.all_zero:
            add("zero_layer", layer.name, f"{layer.name}: every weight is 0: its output ignores its input, so no "
                                          f"gradient reaches the layers before it", 0.0)

    for layer in layers:
        if layer.dead_fraction is not None and layer.dead_fraction > DEAD_LAYER_FRACTION:
            nearly = f", {layer.nearly_dead_units} more active on < 1% of samples" if layer.nearly_dead_units else ""
            add("dead_units", layer.name,
                f"{layer.name}: {_pct(layer.dead_fraction)} of its {layer.units} units dead ({layer.dead_units} "
                f"inactive, output <= 0, on every replayed sample{nearly}; SageMaker flags > 50%)",
                layer.dead_fraction)
    for layer in layers:
        if layer.saturated_fraction is not None and layer.saturated_fraction > SATURATED_LAYER_FRACTION:
            lo, hi = SATURATION.get(layer.kind, (None, None))
            rng = f"|x| > {hi}" if lo == -hi else f"x < {lo} or x > {hi}"
            add("saturation", layer.name,
                f"{layer.name}: {_pct(layer.saturated_fraction)} of its inputs saturated ({layer.kind.lower()} "
                f"{rng}, SageMaker); {_pct(layer.saturated_fraction_5 or 0)} beyond +-5 (DeepDiagnosis)",
                layer.saturated_fraction)

    _gradient_flow(layers, add, loss_scale(loss, baseline_loss))

    if two_checkpoints:
        ratios = [layer for layer in layers if layer.update_ratio is not None]
        frozen = [layer for layer in ratios if layer.update_ratio == 0]
        if ratios and len(frozen) == len(ratios):
            add("frozen_layer", None, f"no layer changed between the two checkpoints ({len(ratios)} layers "
                                      f"compared): the same weights twice, or nothing is being trained", 0.0)
        else:
            moving = [layer.update_ratio for layer in ratios if layer.update_ratio > 0]
            median = statistics.median(moving) if moving else None
            for layer in frozen:
                add("frozen_layer", layer.name,
                    f"{layer.name}: unchanged between the checkpoints (update ratio ||dW||/||W|| = 0; the other "
                    f"layers' median is {_g(median)})", 0.0)

    _init(layers, add)
    return out


def _weighted(layers) -> list:
    return [layer for layer in layers if layer.grad_mean_abs is not None and layer.kind not in NORM_KINDS
            and math.isfinite(layer.grad_mean_abs)]


def _blocker(layers, top_index: int):
    """What explains a block after the first blocked weight layer: the first layer that stops every gradient (an
    activation with all units dead, an all-zero weight matrix), else the first one with most units dead or inputs
    saturated. (kind, layer, why) or None."""
    found = []
    for layer in layers[top_index + 1:]:
        if layer.dead_fraction is not None and layer.dead_fraction > DEAD_LAYER_FRACTION:
            found.append((layer.dead_fraction >= 1.0, "dead_units", layer,
                          f"{_pct(layer.dead_fraction)} of its units dead, and no gradient flows back through a "
                          f"unit that never fires"))
        elif layer.saturated_fraction is not None and layer.saturated_fraction > SATURATED_LAYER_FRACTION:
            found.append((False, "saturation", layer,
                          f"{_pct(layer.saturated_fraction)} of its inputs saturated, where a "
                          f"{layer.kind.lower()} passes almost no gradient"))
        elif layer.all_zero:
            found.append((True, "zero_layer", layer, "all-zero weights block the signal"))
    if not found:
        return None
    _, kind, layer, why = next((f for f in found if f[0]), found[0])
    return kind, layer, why


def _gradient_flow(layers, add, scale: float | None = None) -> None:
    """Vanishing/exploding gradients; ``scale`` (replayed loss / constant prediction's, <= 1) scales the absolute
    thresholds: gradients shrink with the loss near a minimum."""
    weighted = _weighted(layers)
    if not weighted:
        return
    names = [layer.name for layer in layers]
    first, last = weighted[0], weighted[-1]
    ratio = None
    if len(weighted) >= 2 and first.grad_norm is not None and last.grad_norm is not None:
        if last.grad_norm > 0:
            ratio = first.grad_norm / last.grad_norm
        elif first.grad_norm > 0:
            ratio = math.inf
    factor = 1.0 if scale is None else scale
    mean_abs_limit = VANISHING_MEAN_ABS * factor
    first_norm_limit = AUTOTRAINER_VANISHING_FIRST_NORM * factor
    scaled = factor < 1.0
    limit = _g(mean_abs_limit) if scaled else "1e-7"
    limit_text = (f"{limit} (SageMaker's 1e-7 times the replayed loss relative to a constant prediction's, "
                  f"{_g(factor)})" if scaled else "1e-7 (SageMaker)")
    autotrainer = f"||grad W_{first.name}|| / ||grad W_{last.name}|| = {_g(ratio)}" if ratio is not None else ""
    vanished = [layer for layer in weighted if layer.grad_mean_abs < mean_abs_limit]
    at_vanishing = (ratio is not None and ratio < AUTOTRAINER_VANISHING_RATIO
                    and first.grad_norm < first_norm_limit)
    if vanished or at_vanishing:
        if vanished:
            top = vanished[0]
            end = vanished[-1]
            parts = [f"{top.name}: mean |grad| {_g(top.grad_mean_abs)} < {limit_text}"]
            if len(vanished) > 1:
                parts.append(f"{len(vanished)} of {len(weighted)} weight layers below {limit}, up to {end.name}")
            after = weighted[weighted.index(end) + 1:]
            if after:
                parts.append(f"it is above {limit} from {after[0].name} on ({_g(after[0].grad_mean_abs)})")
            if at_vanishing:
                parts.append(f"{autotrainer} (AUTOTRAINER: < 1e-3)")
        else:
            top = end = first
            parts = [f"{first.name}: {autotrainer} < 1e-3 with ||grad W_{first.name}|| = {_g(first.grad_norm)} "
                     f"< {_g(first_norm_limit)} (AUTOTRAINER{', scaled by the replayed loss' if scaled else ''})"]
        advice = None
        cause = _blocker(layers, names.index(top.name))
        if cause is not None:
            kind, layer, why = cause
            if kind == "zero_layer":
                parts.append(f"{layer.name} has all-zero weights and blocks the signal")
            else:
                parts.insert(1, f"caused by {layer.name}: {why}")
            advice = ADVICE[kind]
        else:
            at = names.index(end.name)
            zero = next((layer for layer in layers[at + 1:] if layer.all_zero), None)
            if zero is not None:
                parts.append(f"{zero.name} has all-zero weights and blocks the signal")
                advice = ADVICE["zero_layer"]
        at = names.index(end.name)
        norm = next((layer for layer in layers[at + 1:] if layer.kind in NORM_KINDS), None)
        if norm is not None:
            parts.append(f"the blocked layers sit behind {norm.kind} {norm.name}: normalisation keeps activations "
                         f"well scaled, so the loss curve may not show the broken gradient")
        add("vanishing_gradient", top.name, "; ".join(parts), top.grad_mean_abs if vanished else ratio, advice)
    elif ratio is not None and ratio > AUTOTRAINER_EXPLODING_RATIO:
        add("exploding_gradient", first.name, f"{first.name}: {autotrainer} > 70 (AUTOTRAINER)", ratio)


def _init(layers, add) -> None:
    checked = [layer for layer in layers if layer.expected_std and layer.weight_std is not None
               and not layer.all_zero and not layer.nan_count and not layer.inf_count and layer.weight_std > 0]
    def relative(layer) -> float:
        # variance relative to the nearest accepted init (He/Glorot on fan-in or fan-out, torch's default)
        low, high = layer.init_low_std or layer.expected_std, layer.init_high_std or layer.expected_std
        std = layer.weight_std
        return 1.0 if low <= std <= high else (std / high) ** 2 if std > high else (std / low) ** 2

    flagged = False
    for layer in checked:
        ratio = relative(layer)
        if ratio > INIT_VARIANCE_RATIO or ratio < 1 / INIT_VARIANCE_RATIO:
            flagged = True
            add("bad_init", layer.name,
                f"{layer.name}: weight std {_g(layer.weight_std)} vs {_g(layer.expected_std)} expected "
                f"({'He' if layer.init == 'he' else 'Glorot'} for its fan-in): variance {_g(ratio)}x that of the "
                f"nearest usual init", ratio)
    if not flagged and len(checked) >= 2:
        rel = [(relative(layer), layer) for layer in checked]
        (hi, hi_layer), (lo, lo_layer) = max(rel, key=lambda r: r[0]), min(rel, key=lambda r: r[0])
        if hi / lo > INIT_VARIANCE_RATIO:
            add("bad_init", hi_layer.name,
                f"weight variance relative to He/Glorot differs {_g(hi / lo)}x across layers (SageMaker "
                f"PoorWeightInitialization: > 10): {hi_layer.name} {_g(hi)}x, {lo_layer.name} {_g(lo)}x", hi / lo)
