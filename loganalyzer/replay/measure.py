"""The measuring pass: forward and backward hooks over a few real batches, keeping per-unit counters only.

Nothing is copied: a ReLU-family hook reduces its output to one max per (sample, unit) and adds the count of
samples where each unit was active; a sigmoid/tanh pre-hook counts input values in the saturated range; after each
backward, each weight gradient is reduced to |g| sum and ||g||. The model's own weights are read once.

Order. Layers are reported in execution order (input to output), taken from the first forward pass. TorchScript
archives and torch.export programs do not run module hooks: their layers come in registration order and only weights
and gradients are measured (pass ``--model`` to replay their weights through the eager model for everything).
A module called several times in one forward (torchvision's ResNet reuses one ReLU per block) is measured per call:
``layer1.0.relu`` and ``layer1.0.relu#2``.
"""
from __future__ import annotations

import math

import torch
from torch import nn

from . import LayerStats, ReplayError, ReplayOptions, ReplayReport
from .findings import NORM_KINDS, RELU_KINDS, build_findings, converged_note
from .load import (build_model, load_batches, load_into, match_keys, read_checkpoint, resolve_device,
                   resolve_loss, synthetic_batches)
from .recorder import INIT_KINDS, NEARLY_DEAD, Recorder, _ActStats, _infer_kind, _weight_params, kind_of

SYNTHETIC_WARNING = ("random inputs are a weak substitute for real data: dead units, saturation and gradients on "
                     "noise say little about the run; pass --data for a real diagnosis")


def _first_tensor(out):
    if isinstance(out, torch.Tensor):
        return out
    logits = getattr(out, "logits", None)
    if isinstance(logits, torch.Tensor):
        return logits
    if isinstance(out, dict):
        if isinstance(out.get("logits"), torch.Tensor):
            return out["logits"]
        out = list(out.values())
    if isinstance(out, (tuple, list)):
        for item in out:
            t = _first_tensor(item)
            if t is not None:
                return t
    return None


def _ce(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if out.dim() == 3 and y.dim() == 2 and out.shape[:2] == y.shape:  # (N, T, C) sequence outputs
        return nn.functional.cross_entropy(out.flatten(0, 1), y.flatten())
    return nn.functional.cross_entropy(out, y)


def _auto_loss(out: torch.Tensor, y, generator: torch.Generator) -> torch.Tensor:
    if y is None:  # synthetic data: random targets of the output's kind
        if out.dim() == 2 and out.shape[1] >= 2:
            y = torch.randint(out.shape[1], (out.shape[0],), generator=generator).to(out.device)
        else:
            y = torch.randn(out.shape, generator=generator).to(out.device, out.dtype)
    if not torch.is_floating_point(y) and out.dim() >= 2:
        return _ce(out, y.long())
    y = y.to(out.dtype)
    return nn.functional.mse_loss(out, y.reshape(out.shape) if y.numel() == out.numel() else y)


def _constant_loss(out: torch.Tensor, y: torch.Tensor, spec: str | None, loss_fn) -> float | None:
    """The loss of the best constant prediction on this batch, what the replayed loss is judged against:
    cross-entropy (integer targets) -> the entropy of the batch's labels (predicting their frequencies); MSE -> the
    targets' variance around their mean (predicting the mean); a custom loss -> that loss of the batch's mean output
    repeated for every sample (a constant prediction, not necessarily the best one). None when it cannot tell."""
    with torch.no_grad():
        classes = not torch.is_floating_point(y) and out.dim() >= 2
        if spec in (None, "auto", "ce") and classes:
            n_classes = out.shape[-1] if out.dim() == 3 and y.dim() == 2 else out.shape[1]
            labels = y.long().flatten()
            labels = labels[(labels >= 0) & (labels < n_classes)]  # ignore_index (-100) and the like
            if not len(labels):
                return None
            p = torch.bincount(labels.cpu(), minlength=n_classes).double() / len(labels)
            p = p[p > 0]
            return float(-(p * p.log()).sum())
        if spec in (None, "auto", "mse") and not classes:
            t = y.to(torch.float64)
            t = t.reshape(out.shape) if t.numel() == out.numel() else t
            if t.dim() == 0 or t.shape[0] < 2:
                return None
            return float(((t - t.mean(0, keepdim=True)) ** 2).mean())
        if loss_fn is None:
            return None
        try:
            constant = out.detach().mean(0, keepdim=True).expand_as(out)
            value = float(loss_fn(constant, y))
        except Exception:  # a custom loss that does not take this shape: no reference
            return None
        return value if math.isfinite(value) else None


def _grad_slots(recorder: Recorder) -> dict[str, list]:
    return {name: [p for _, p in _weight_params(m)] for name, m in recorder.layers.items()}


def run_replay(checkpoint: str, checkpoint2: str | None, options: ReplayOptions) -> ReplayReport:
    device = resolve_device(options.device)
    newest = checkpoint2 or checkpoint
    ck = read_checkpoint(newest, options.trust_pickle)
    notes: list[str] = []
    if options.model:
        model = build_model(options.model)
        load_into(model, ck.state_dict or {}, ck.path)
    elif ck.module is not None:
        model = ck.module
        if ck.kind in ("torchscript", "export"):
            notes.append(f"{ck.kind} checkpoint without --model: weights and gradients only (module hooks do not "
                         "run inside it); pass --model to measure activations too")
    else:
        raise ReplayError(f"{ck.path}: a state_dict needs the model to load it into: pass --model "
                          "path/to/file.py:factory (or package.module:factory) returning the nn.Module")
    reference = None
    if checkpoint2 is not None:
        ref = read_checkpoint(checkpoint, options.trust_pickle)
        reference = match_keys(ref.state_dict or {}, list(model.state_dict()))

    generator = torch.Generator().manual_seed(0)
    if options.data:
        batches = load_batches(options.data, options.batch_size, options.batches)
    elif options.synthetic_data:
        batches = synthetic_batches(model, options.batch_size, options.batches, generator)
        notes.append("synthetic data: " + SYNTHETIC_WARNING)
    else:
        raise ReplayError("no --data given: replay needs a few real batches of the training data (a .pt file with "
                          "{'inputs': ..., 'targets': ...} or module:fn returning batches); "
                          + SYNTHETIC_WARNING.replace("; pass --data for a real diagnosis", "")
                          + ", so they are used only with --synthetic-data")
    loss_fn = resolve_loss(options.loss)

    model.to(device)
    try:
        model.train()  # as in training: batch statistics, dropout (nothing is updated: no optimizer step)
    except NotImplementedError:  # torch.export modules keep the mode they were exported in
        pass
    for p in model.parameters():
        if torch.is_floating_point(p):
            p.requires_grad_(True)  # measure every layer, also ones the run froze

    recorder = Recorder(model)
    slots = _grad_slots(recorder)
    abs_sum = {name: torch.zeros((), device=device) for name in slots}
    norm_sum = {name: torch.zeros((), device=device) for name in slots}
    got_grad = {name: False for name in slots}
    samples = 0
    losses: list[float] = []
    baselines: list[float | None] = []
    recorder.attach()
    try:
        for i, (x, y) in enumerate(batches):
            x = x.to(device)
            y = None if y is None else y.to(device)
            model.zero_grad(set_to_none=True)
            try:
                out = _first_tensor(model(x))
                if out is None:
                    raise ReplayError("the model's output holds no tensor to compute a loss from", 1)
                loss = loss_fn(out, y) if loss_fn is not None and y is not None else _auto_loss(out, y, generator)
                loss.backward()
            except ReplayError:
                raise
            except Exception as error:
                text = str(error).strip().splitlines()
                raise ReplayError(f"replaying batch {i + 1} failed: {type(error).__name__}: "
                                  f"{text[0] if text else ''}", 1) from None
            losses.append(float(loss.detach()))
            baselines.append(None if y is None else _constant_loss(out, y, options.loss, loss_fn))
            if i == 0:
                recorder.first_pass = False
                if not math.isfinite(losses[0]):
                    notes.append(f"the loss is {losses[0]} on the first batch")
            with torch.no_grad():
                for name, params in slots.items():
                    grads = [p.grad for p in params if p.grad is not None]
                    if not grads:
                        continue
                    if len(grads) == 1:
                        g = grads[0]
                        abs_sum[name] += g.abs().sum() / g.numel()
                        norm_sum[name] += torch.linalg.vector_norm(g)
                    else:
                        abs_sum[name] += sum(g.abs().sum() for g in grads) / sum(g.numel() for g in grads)
                        norm_sum[name] += torch.sqrt(sum(g.pow(2).sum() for g in grads))
                    got_grad[name] = True
            samples += len(x)
    finally:
        recorder.detach()
        model.zero_grad(set_to_none=True)
    n_batches = len(batches)

    layers = _layer_stats(model, recorder, slots, abs_sum, norm_sum, got_grad, n_batches, reference)
    report_layers = tuple(layers)
    # the loss on the replayed batches, and the best constant prediction's on the same batches (random targets of
    # --synthetic-data have none): the gradients are judged against it
    mean_loss = sum(losses) / len(losses) if losses else None
    baseline = (sum(baselines) / len(baselines)
                if baselines and all(b is not None for b in baselines) else None)
    converged = converged_note(report_layers, mean_loss, baseline)
    if converged:
        notes.append(converged)
    return ReplayReport(
        checkpoint=checkpoint, checkpoint2=checkpoint2, device=str(device), layers=report_layers,
        findings=tuple(build_findings(report_layers, two_checkpoints=checkpoint2 is not None, loss=mean_loss,
                                      baseline_loss=baseline)),
        batches=n_batches, samples=samples, source="replay", notes=tuple(notes), loss=mean_loss,
        baseline_loss=baseline,
    )


def _layer_stats(model, recorder: Recorder, slots, abs_sum, norm_sum, got_grad, n_batches, reference):
    order = list(recorder.order)
    for name in recorder.layers:  # layers the hooks never saw (TorchScript/export, unused modules)
        if name not in order:
            order.append(name)
    # which activation follows each weight layer (He before ReLU-family, Glorot otherwise)
    next_act: dict[str, str] = {}
    pending: list[str] = []
    for key in order:
        if key in recorder.layers:
            kind = kind_of(recorder.layers[key])
            if kind in NORM_KINDS:
                continue
            pending = [key]
        elif key in recorder.acts:
            for name in pending:
                next_act.setdefault(name, recorder.acts[key].kind)
            pending = []

    out: list[LayerStats] = []
    with torch.no_grad():
        for key in order:
            if key in recorder.layers:
                out.append(_weight_layer(key, recorder.layers[key], slots[key], abs_sum[key], norm_sum[key],
                                         got_grad[key], n_batches, next_act.get(key), reference))
            elif key in recorder.acts:
                out.append(_act_layer(key, recorder.acts[key]))
    return out


def _weight_layer(name, module, params, abs_total, norm_total, got_grad, n_batches, next_act, reference):
    weight = params[0].detach()
    kind = _infer_kind(kind_of(module), weight)
    all_params = [p.detach() for _, p in module.named_parameters(recurse=False)]
    nan = sum(int(torch.isnan(p).sum()) for p in all_params if torch.is_floating_point(p))
    inf = sum(int(torch.isinf(p).sum()) for p in all_params if torch.is_floating_point(p))
    w = torch.cat([p.detach().float().flatten() for p in params])
    std = float(w.std()) if w.numel() > 1 else 0.0
    expected, init, low, high = None, None, None, None
    if kind in INIT_KINDS and weight.dim() >= 2:
        fan_in, fan_out = nn.init._calculate_fan_in_and_fan_out(weight)
        if next_act in RELU_KINDS:
            expected, init = math.sqrt(2.0 / fan_in), "he"
        else:
            expected, init = math.sqrt(2.0 / (fan_in + fan_out)), "glorot"
        accepted = (math.sqrt(2.0 / fan_in), math.sqrt(2.0 / fan_out), math.sqrt(2.0 / (fan_in + fan_out)),
                    1 / math.sqrt(3.0 * fan_in), expected)
        low, high = min(accepted), max(accepted)
    units = getattr(module, "out_features", None) or getattr(module, "out_channels", None) \
        or getattr(module, "embedding_dim", None) or getattr(module, "num_features", None) \
        or (int(weight.shape[0]) if weight.dim() else None)
    update = None
    if reference is not None:
        prefix = "" if name == "(model)" else name + "."
        pairs = [(p.detach().float(), reference.get(prefix + n)) for n, p in module.named_parameters(recurse=False)]
        if pairs and all(r is not None and tuple(r.shape) == tuple(p.shape) for p, r in pairs):
            delta = math.sqrt(sum(float((p - r.to(p.device).float()).pow(2).sum()) for p, r in pairs))
            base = math.sqrt(sum(float(r.float().pow(2).sum()) for _, r in pairs))
            update = delta / base if base > 0 else (0.0 if delta == 0 else math.inf)
    return LayerStats(
        name=name, kind=kind, units=int(units) if units is not None else None,
        params=sum(p.numel() for p in all_params),
        grad_mean_abs=float(abs_total) / n_batches if got_grad and n_batches else None,
        grad_norm=float(norm_total) / n_batches if got_grad and n_batches else None,
        grad_nonfinite=0 if not got_grad or math.isfinite(float(abs_total)) else 1,
        weight_mean=float(w.mean()), weight_std=std, expected_std=expected, init=init,
        init_low_std=low, init_high_std=high,
        nan_count=nan, inf_count=inf, all_zero=bool(w.numel() and not w.any()), update_ratio=update,
    )


def _act_layer(key: str, st: _ActStats) -> LayerStats:
    if st.bounds is not None:  # sigmoid / tanh
        return LayerStats(
            name=key, kind=st.kind, units=st.units,
            saturated_fraction=float(st.sat) / st.values if st.values else None,
            saturated_fraction_5=float(st.sat5) / st.values if st.values else None,
        )
    if st.active is None or st.samples == 0:
        return LayerStats(name=key, kind=st.kind)
    active = st.active.cpu()
    units = int(active.numel())
    dead = int((active == 0).sum())
    nearly = int(((active > 0) & (active < NEARLY_DEAD * st.samples)).sum())
    return LayerStats(name=key, kind=st.kind, units=units, dead_units=dead, nearly_dead_units=nearly,
                      dead_fraction=(dead + nearly) / units if units else None)
