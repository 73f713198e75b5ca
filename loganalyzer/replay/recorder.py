"""Per-layer recording for a replay (``measure`` drives it): forward hooks that reduce each activation to per-unit
counters (ReLU-family: one max per sample and unit, the count of samples where it was active; sigmoid/tanh: the count
of inputs in the saturated range), and the module kinds they are chosen by. Nothing is copied.
"""
from __future__ import annotations

import torch
from torch import nn

from .findings import NORM_KINDS, RELU_KINDS, SATURATION

INIT_KINDS = {"Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
              "LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d"}
NEARLY_DEAD = 0.01  # SageMaker DeadRelu: active on fewer than 1% of the samples

def kind_of(module: nn.Module) -> str:
    if isinstance(module, torch.jit.ScriptModule):
        return getattr(module, "original_name", type(module).__name__)
    return type(module).__name__


def _weight_params(module: nn.Module) -> list[tuple[str, nn.Parameter]]:
    return [(n, p) for n, p in module.named_parameters(recurse=False)
            if "bias" not in n and (p.dim() >= 2 or "weight" in n)]


def _infer_kind(kind: str, weight: torch.Tensor | None) -> str:
    """torch.export modules are plain containers: name the layer from its weight's shape."""
    if kind not in ("Module", "InterpreterModule", "GraphModule") or weight is None:
        return kind
    return {2: "Linear", 3: "Conv1d", 4: "Conv2d", 5: "Conv3d"}.get(weight.dim(), kind)


class _ActStats:
    __slots__ = ("kind", "unit_dim", "active", "samples", "sat", "sat5", "values", "bounds", "units")

    def __init__(self, kind: str, unit_dim: int, bounds=None):
        self.kind, self.unit_dim, self.bounds = kind, unit_dim, bounds
        self.active = None
        self.samples = 0
        self.sat = self.sat5 = None
        self.values = 0
        self.units = None


def _per_sample_unit_max(y: torch.Tensor, unit_dim: int) -> torch.Tensor:
    """(N, units): the largest value of each unit on each sample (over positions for conv outputs)."""
    if y.dim() == 1:
        return y.unsqueeze(0)
    if y.dim() == 2:
        return y
    if unit_dim == 1:
        return y.flatten(2).amax(2)
    return y.flatten(1, -2).amax(1)


class Recorder:
    def __init__(self, model: nn.Module):
        self.model = model
        self.names = {m: (n or "(model)") for n, m in model.named_modules()}
        self.order: list[str] = []  # first-pass execution order of layers and activation calls
        self.first_pass = True
        self.calls: dict[str, int] = {}
        self.acts: dict[str, _ActStats] = {}
        self.last_weight_kind: str | None = None
        self.handles = []
        self.layers = {self.names[m]: m for m in model.modules() if _weight_params(m)}
        self.hookable = not isinstance(model, torch.jit.ScriptModule)

    def attach(self) -> None:
        if not self.hookable:
            return
        self.handles.append(self.model.register_forward_pre_hook(self._reset))
        for module, name in self.names.items():
            kind = kind_of(module)
            if name in self.layers:
                self.handles.append(module.register_forward_hook(self._layer_hook(name, kind)))
            if kind in RELU_KINDS:
                self.handles.append(module.register_forward_hook(self._relu_hook(name, kind)))
            elif kind in SATURATION:
                self.handles.append(module.register_forward_pre_hook(self._saturation_hook(name, kind)))

    def detach(self) -> None:
        for handle in self.handles:
            handle.remove()
        self.handles.clear()

    def _reset(self, module, args):
        self.calls = {}

    def _key(self, name: str) -> str:
        n = self.calls.get(name, 0) + 1
        self.calls[name] = n
        key = name if n == 1 else f"{name}#{n}"
        if self.first_pass and key not in self.acts and key not in self.order:
            self.order.append(key)
        return key

    def _layer_hook(self, name: str, kind: str):
        def hook(module, args, output):
            if self.first_pass:
                if name not in self.order:
                    self.order.append(name)
                if kind not in NORM_KINDS:
                    self.last_weight_kind = _infer_kind(kind, getattr(module, "weight", None))
        return hook

    def _unit_dim(self, y: torch.Tensor) -> int:
        if y.dim() >= 4 or (y.dim() == 3 and (self.last_weight_kind or "").startswith("Conv")):
            return 1
        return -1

    def _relu_hook(self, name: str, kind: str):
        def hook(module, args, output):
            if not isinstance(output, torch.Tensor):
                return
            key = self._key(name)
            st = self.acts.get(key)
            y = output.detach()
            if st is None:
                st = self.acts[key] = _ActStats(kind, self._unit_dim(y))
            with torch.no_grad():
                m = _per_sample_unit_max(y, st.unit_dim)
                active = (m > 0).sum(0)
                if st.active is None or st.active.shape != active.shape:
                    if st.active is not None:  # unit count changed between calls: keep the first shape
                        return
                    st.active = active
                else:
                    st.active += active
            st.samples += m.shape[0]
        return hook

    def _saturation_hook(self, name: str, kind: str):
        lo, hi = SATURATION[kind]

        def hook(module, args):
            if not args or not isinstance(args[0], torch.Tensor):
                return
            key = self._key(name)
            x = args[0].detach()
            st = self.acts.get(key)
            if st is None:
                st = self.acts[key] = _ActStats(kind, self._unit_dim(x), (lo, hi))
                st.units = x.shape[st.unit_dim] if x.dim() >= 2 else x.numel()
            with torch.no_grad():
                sat = ((x < lo) | (x > hi)).sum()
                sat5 = (x.abs() > 5).sum()
                st.sat = sat if st.sat is None else st.sat + sat
                st.sat5 = sat5 if st.sat5 is None else st.sat5 + sat5
            st.values += x.numel()
            st.samples += x.shape[0] if x.dim() >= 2 else 1
        return hook
