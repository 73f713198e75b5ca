"""Checkpoint replay: load a checkpoint, run a few real batches forward and backward with hooks, and measure per
layer what the logs cannot show: gradient flow, dead ReLU units, saturated sigmoid/tanh inputs, weight health
(NaN/Inf, all-zero layers, std against He/Glorot) and, with two checkpoints, the update ratio ||dW||/||W||.

    from loganalyzer.replay import replay
    report = replay("ckpt.pt", model="models.py:build", data="batches.pt")
    for finding in report.findings:
        print(finding.kind, finding.layer, finding.message)

torch is optional for loganalyzer: this module imports it only inside ``replay()`` (the dataclasses, the event-file
histogram path and the scan hook work without it). Thresholds and their sources: ``findings.py``.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from ..scan import json_number


class ReplayError(ValueError):
    """A replay that cannot be done as asked: one line for the user (missing keys, refused pickle, bad spec...).

    ``exit_code`` 2 is a usage problem (wrong arguments or files), 1 a failure while running the model."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class LayerStats:
    """One layer (a module with weights) or one activation call, in input-to-output (execution) order."""

    name: str
    kind: str  # the module's class: Linear, Conv2d, ReLU, Sigmoid, BatchNorm2d... ('histogram' from event files)
    units: int | None = None  # output channels (conv) or features (linear); for activations the units measured
    params: int = 0
    # activations (ReLU family): units never active on any replayed sample, and active on < 1% of them
    dead_units: int | None = None
    nearly_dead_units: int | None = None
    dead_fraction: float | None = None  # (dead + nearly dead) / units
    # sigmoid/tanh: fraction of input values in the saturated range (SageMaker thresholds), and beyond +-5
    saturated_fraction: float | None = None
    saturated_fraction_5: float | None = None
    # weights (biases excluded)
    grad_mean_abs: float | None = None  # mean |dL/dW| over the replayed batches
    grad_norm: float | None = None  # ||dL/dW||, averaged over the batches
    grad_nonfinite: int = 0
    weight_mean: float | None = None
    weight_std: float | None = None
    expected_std: float | None = None  # He (before a ReLU-family activation) or Glorot std for its fan-in/out
    init: str | None = None  # 'he' or 'glorot': which expected_std is
    # the range of accepted inits' stds (He/Glorot on fan-in or fan-out, torch's default 1/sqrt(3 fan_in))
    init_low_std: float | None = None
    init_high_std: float | None = None
    nan_count: int = 0  # NaN values in the layer's parameters (weights and biases)
    inf_count: int = 0
    all_zero: bool = False  # every weight exactly 0
    update_ratio: float | None = None  # ||W2 - W1|| / ||W1|| between two checkpoints
    step: int | None = None  # histogram path: the step the values come from

    def to_dict(self) -> dict:
        return {k: _json(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ReplayFinding:
    kind: str  # dead_units, vanishing_gradient, exploding_gradient, saturation, bad_init, nan_weights, frozen_layer,
    #            zero_layer
    layer: str | None
    message: str  # names the layer and the number behind the finding
    value: float | None = None
    advice: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "layer": self.layer, "message": self.message, "value": _json(self.value),
                "advice": self.advice}


@dataclass(frozen=True)
class ReplayReport:
    checkpoint: str
    device: str
    layers: tuple[LayerStats, ...] = ()
    findings: tuple[ReplayFinding, ...] = ()
    checkpoint2: str | None = None  # the newer checkpoint, replayed; ``checkpoint`` is the reference for updates
    batches: int = 0
    samples: int = 0
    source: str = "replay"  # 'replay' (forward+backward) or 'histograms' (gradient histograms in event files)
    notes: tuple[str, ...] = ()
    loss: float | None = None  # mean loss over the replayed batches (what the gradients are judged against)
    baseline_loss: float | None = None  # the best constant prediction's loss on the same batches (findings.py)

    def to_dict(self) -> dict:
        return {
            "checkpoint": self.checkpoint,
            "checkpoint2": self.checkpoint2,
            "device": self.device,
            "source": self.source,
            "batches": self.batches,
            "samples": self.samples,
            "loss": _json(self.loss),
            "baseline_loss": _json(self.baseline_loss),
            "layers": [layer.to_dict() for layer in self.layers],
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
        }

    def loss_text(self) -> str | None:
        """One line on the loss of the replayed batches and what it is judged against; None without a loss."""
        if self.loss is None:
            return None
        text = f"loss {self.loss:.3g} on the {self.samples:,} replayed samples ({self.batches} batches)"
        if self.baseline_loss is not None:
            text += f"; a constant prediction would score {self.baseline_loss:.3g}"
        return text

    def summary_dict(self) -> dict:
        """What a scan verdict keeps as ``evidence['replay']``: where it came from, the findings, and per layer
        (input to output) what the gradient-flow chart draws: mean |grad| of the weights, dead and saturated
        fractions of the activations."""
        flow = [{"name": layer.name, "kind": layer.kind, **{k: _json(getattr(layer, k)) for k in FLOW_FIELDS
                                                             if getattr(layer, k) is not None}}
                for layer in self.layers if any(getattr(layer, k) is not None for k in FLOW_FIELDS)]
        return {
            "checkpoint": self.checkpoint2 or self.checkpoint,
            "source": self.source,
            "device": self.device,
            "batches": self.batches,
            "samples": self.samples,
            "loss": _json(self.loss),
            "baseline_loss": _json(self.baseline_loss),
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
            "layers": flow,
        }


FLOW_FIELDS = ("grad_mean_abs", "dead_fraction", "saturated_fraction")
# HuggingFace weight files in an output/checkpoint directory, (shard index, single file), preferred first
HF_WEIGHT_FILES = (("model.safetensors.index.json", "model.safetensors"),
                   ("pytorch_model.bin.index.json", "pytorch_model.bin"))


@dataclass(frozen=True)
class ReplayOptions:
    model: str | None = None  # 'path/file.py:factory' or 'package.module:factory'
    data: str | None = None  # a .pt file or 'module:fn'
    loss: str | None = None  # 'ce', 'mse', 'module:fn'; None: from the targets' dtype
    batches: int = 4
    batch_size: int = 32
    device: str = "auto"
    synthetic_data: bool = False
    trust_pickle: bool = False


def _json(value):
    """A field for the JSON document: floats spelled as the scan's document spells them (NaN/inf as strings)."""
    return json_number(value) if isinstance(value, float) else value


def replay(
    checkpoint: str | os.PathLike,
    checkpoint2: str | os.PathLike | None = None,
    *,
    model: str | None = None,
    data: str | None = None,
    loss: str | None = None,
    batches: int = 4,
    batch_size: int = 32,
    device: str = "auto",
    synthetic_data: bool = False,
    trust_pickle: bool = False,
) -> ReplayReport:
    """Replay ``checkpoint`` (or ``checkpoint2``, with ``checkpoint`` as the reference for update ratios).

    Raises ReplayError (one line) for anything the user can fix: a checkpoint that cannot be loaded safely, keys
    that do not match the model, no data.
    """
    try:
        import torch  # noqa: F401 - optional: loganalyzer[replay]
    except ImportError:
        raise ReplayError("checkpoint replay needs torch: pip install 'loganalyzer[replay]'", 1) from None
    from .measure import run_replay  # torch from here on

    return run_replay(
        os.fspath(checkpoint), None if checkpoint2 is None else os.fspath(checkpoint2),
        ReplayOptions(model=model, data=data, loss=loss, batches=batches, batch_size=batch_size, device=device,
                      synthetic_data=synthetic_data, trust_pickle=trust_pickle),
    )


__all__ = ["replay", "ReplayReport", "LayerStats", "ReplayFinding", "ReplayOptions", "ReplayError"]
