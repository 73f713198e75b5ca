"""Loading for replay: the model factory, the checkpoint (every common format, safely), the data and the loss.

Checkpoints are read with ``torch.load(weights_only=True)``: tensors and plain containers only, no code runs.
A file that holds a pickled Python object (a whole ``nn.Module``) is refused unless the user passes
``--trust-pickle``. Recognised layouts: a plain state_dict; a dict holding one under ``state_dict`` / ``model`` /
``model_state_dict`` / ``module`` / ``net``; Lightning ``.ckpt`` (the ``model.``-style prefix is stripped by
matching the model's keys); HuggingFace ``pytorch_model.bin`` / ``model.safetensors`` (also sharded, or the
``checkpoint-N/`` directory holding them); TorchScript archives; ``torch.export`` programs (``.pt2``).
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from . import HF_WEIGHT_FILES, ReplayError

STATE_DICT_KEYS = ("state_dict", "model_state_dict", "model", "module", "net", "network", "model_state")
MAX_KEY_LINES = 20


def resolve_device(name: str) -> torch.device:
    name = (name or "auto").lower()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ReplayError(f"--device {name}: CUDA is not available on this machine (use --device cpu or auto)")
    try:
        return torch.device(name)
    except RuntimeError as error:
        raise ReplayError(f"--device {name}: {error}") from None


def load_object(spec: str, what: str):
    """``path/to/file.py:name`` or ``package.module:name`` -> the object."""
    if ":" not in spec:
        raise ReplayError(f"{what} {spec!r}: expected 'path/to/file.py:name' or 'package.module:name'")
    module_part, _, attr = spec.rpartition(":")
    if not attr.isidentifier():
        raise ReplayError(f"{what} {spec!r}: {attr!r} is not a Python name")
    if module_part.endswith(".py") or os.sep in module_part or "/" in module_part:
        path = Path(module_part)
        if not path.is_file():
            raise ReplayError(f"{what} {spec!r}: {path}: no such file")
        name = f"_loganalyzer_user_{abs(hash(str(path.resolve())))}"
        module = sys.modules.get(name)
        if module is None:
            spec_obj = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec_obj)
            sys.path.insert(0, str(path.resolve().parent))  # the file may import its neighbours
            try:
                sys.modules[name] = module
                spec_obj.loader.exec_module(module)
            except Exception as error:
                sys.modules.pop(name, None)
                raise ReplayError(f"{what} {spec!r}: importing {path} failed: {type(error).__name__}: {error}",
                                  1) from None
            finally:
                sys.path.remove(str(path.resolve().parent))
    else:
        try:
            module = importlib.import_module(module_part)
        except ImportError as error:
            raise ReplayError(f"{what} {spec!r}: cannot import {module_part}: {error}") from None
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ReplayError(f"{what} {spec!r}: {module_part} has no {attr!r}") from None


def build_model(spec: str) -> nn.Module:
    factory = load_object(spec, "--model")
    try:
        model = factory() if callable(factory) and not isinstance(factory, nn.Module) else factory
    except Exception as error:
        raise ReplayError(f"--model {spec}: the factory raised {type(error).__name__}: {error}", 1) from None
    if not isinstance(model, nn.Module):
        raise ReplayError(f"--model {spec}: the factory returned {type(model).__name__}, not a torch.nn.Module")
    return model


# ---------------------------------------------------------------- checkpoints


@dataclass
class Checkpoint:
    path: str
    kind: str  # 'state_dict', 'module' (unpickled with --trust-pickle), 'torchscript', 'export'
    state_dict: dict | None = None
    module: nn.Module | None = None
    step: int | None = None


def _is_torchscript(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return any(n.endswith("/constants.pkl") for n in names) and any("/code/" in n for n in names)


def _hf_files(directory: Path) -> list[Path]:
    for index_name, single in HF_WEIGHT_FILES:
        if (directory / single).is_file():
            return [directory / single]
        index = directory / index_name
        if index.is_file():
            try:
                shards = sorted(set(json.loads(index.read_text())["weight_map"].values()))
            except (ValueError, KeyError, OSError) as error:
                raise ReplayError(f"{index}: not a usable shard index ({error})") from None
            return [directory / s for s in shards]
    return []


def _torch_header_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a file ``torch.save`` wrote (a zip archive, or a pickle for the legacy format), from its
    first bytes; None when it may be one. A file given by mistake is never called pickled."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as error:
        return (error.strerror or str(error)).lower()
    if head.startswith(b"PK\x03\x04") or head[:1] == b"\x80":
        return None
    return "empty file" if not head else "no zip/pickle header"


def _torch_load(path: Path, trust_pickle: bool):
    problem = _torch_header_problem(path)
    if problem is not None:
        raise ReplayError(f"{path}: not a torch checkpoint ({problem})")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # UnpicklingError for objects; RuntimeError/EOFError for bad files
        text = str(error)
        if "weights_only" in text or "Unsupported global" in text or "WeightsUnpickler" in text:
            if not trust_pickle:
                what = ""
                if "GLOBAL " in text:
                    what = " (" + text.split("GLOBAL ", 1)[1].split(" ", 1)[0] + ")"
                raise ReplayError(
                    f"{path}: holds pickled Python objects{what}, not only tensors; loading it would run code "
                    "from the file, so it was refused (torch.load weights_only=True). If you trust the file, "
                    "re-run with --trust-pickle; better, save model.state_dict() instead."
                ) from None
            try:
                return torch.load(path, map_location="cpu", weights_only=False)
            except Exception as error2:
                raise ReplayError(f"{path}: cannot be unpickled: {type(error2).__name__}: {error2}") from None
        raise ReplayError(f"{path}: not a readable torch checkpoint (damaged or cut short: "
                          f"{type(error).__name__})") from None


def _is_state_dict(obj) -> bool:
    return isinstance(obj, dict) and bool(obj) and all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items())


def find_state_dict(obj, path: str) -> dict:
    if _is_state_dict(obj):
        return dict(obj)
    if isinstance(obj, dict):
        for key in STATE_DICT_KEYS:
            value = obj.get(key)
            if isinstance(value, nn.Module):
                return value.state_dict()
            if _is_state_dict(value):
                return dict(value)
        # a dict of tensors plus a few non-tensor entries (e.g. '_metadata' or an 'epoch' counter)
        tensors = {k: v for k, v in obj.items() if isinstance(k, str) and isinstance(v, torch.Tensor)}
        if len(tensors) >= max(1, len(obj) // 2):
            return tensors
        keys = ", ".join(map(repr, list(obj)[:8]))
        raise ReplayError(f"{path}: no state_dict found (top-level keys: {keys}); expected a state_dict or a dict "
                          f"holding one under {', '.join(STATE_DICT_KEYS[:3])}")
    raise ReplayError(f"{path}: holds a {type(obj).__name__}, not a state_dict")


def read_checkpoint(path: str | os.PathLike, trust_pickle: bool = False) -> Checkpoint:
    p = Path(path)
    if not p.exists():
        raise ReplayError(f"{p}: no such file or directory")
    if p.is_dir():
        files = _hf_files(p)
        if not files:
            raise ReplayError(f"{p}: a directory without model.safetensors or pytorch_model.bin")
        state: dict = {}
        for file in files:
            state.update(read_checkpoint(file, trust_pickle).state_dict or {})
        return Checkpoint(str(p), "state_dict", state_dict=state, step=_step_from_name(p.name))
    if p.suffix == ".safetensors":
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return Checkpoint(str(p), "state_dict", state_dict=load_file(str(p), device="cpu"))
        except (SafetensorError, OSError, ValueError) as error:
            raise ReplayError(f"{p}: not a readable safetensors file ({error})") from None
    if p.suffix == ".pt2":
        try:
            program = torch.export.load(str(p))
        except Exception as error:
            raise ReplayError(f"{p}: not a readable torch.export program ({type(error).__name__}: {error})") \
                from None
        return Checkpoint(str(p), "export", module=program.module(), state_dict=dict(program.state_dict))
    if _is_torchscript(p):
        try:
            module = torch.jit.load(str(p), map_location="cpu")
        except Exception as error:
            raise ReplayError(f"{p}: not a readable TorchScript archive ({type(error).__name__}: {error})") \
                from None
        return Checkpoint(str(p), "torchscript", module=module, state_dict=module.state_dict())
    obj = _torch_load(p, trust_pickle)
    step = None
    if isinstance(obj, dict):
        step = obj.get("global_step") if isinstance(obj.get("global_step"), int) else obj.get("step")
        step = step if isinstance(step, int) else None
    if isinstance(obj, nn.Module):  # only reachable with --trust-pickle
        return Checkpoint(str(p), "module", module=obj, state_dict=obj.state_dict(), step=step)
    return Checkpoint(str(p), "state_dict", state_dict=find_state_dict(obj, str(p)), step=step)


def _step_from_name(name: str) -> int | None:
    digits = name.rsplit("-", 1)[-1]
    return int(digits) if digits.isdigit() else None


def match_keys(state: dict, model_keys: list[str]) -> dict:
    """Strip a wrapper prefix (Lightning's ``model.``, DDP's ``module.``, ``_orig_mod.``...) when that makes the
    checkpoint's keys match the model's better; repeated, for nested wrappers."""
    wanted = set(model_keys)
    best, best_hits = state, len(wanted & set(state))
    for _ in range(3):
        if best_hits == len(wanted):
            break
        prefixes = {k.split(".", 1)[0] + "." for k in best if "." in k}
        improved = False
        for prefix in sorted(prefixes):
            stripped = {k[len(prefix):]: v for k, v in best.items() if k.startswith(prefix)}
            hits = len(wanted & set(stripped))
            if hits > best_hits:
                best, best_hits, improved = stripped, hits, True
        if not improved:
            break
    return best


def load_into(model: nn.Module, state: dict, path: str) -> None:
    """Load ``state`` into ``model``; mismatched keys or shapes are one ReplayError listing them, one per line."""
    own = model.state_dict()
    state = match_keys(state, list(own))
    missing = [k for k in own if k not in state]
    unexpected = [k for k in state if k not in own]
    shapes = [f"shape mismatch: {k}: checkpoint {tuple(state[k].shape)}, model {tuple(own[k].shape)}"
              for k in own if k in state and tuple(state[k].shape) != tuple(own[k].shape)]
    lines = [f"missing key: {k}" for k in missing] + [f"unexpected key: {k}" for k in unexpected] + shapes
    if lines:
        more = f"\n... and {len(lines) - MAX_KEY_LINES} more" if len(lines) > MAX_KEY_LINES else ""
        raise ReplayError(
            f"{path}: the checkpoint does not fit the model ({len(missing)} missing, {len(unexpected)} unexpected, "
            f"{len(shapes)} wrong shape):\n" + "\n".join(lines[:MAX_KEY_LINES]) + more)
    model.load_state_dict(state, strict=True)


# ---------------------------------------------------------------- data and loss


def _split(x, y, batch_size: int, n: int) -> list:
    out = []
    total = len(x)
    for start in range(0, total, batch_size):
        if len(out) >= n:
            break
        out.append((x[start:start + batch_size], None if y is None else y[start:start + batch_size]))
    return out


def _as_pair(batch):
    if isinstance(batch, dict):
        x = batch.get("inputs", batch.get("input", batch.get("x")))
        y = batch.get("targets", batch.get("target", batch.get("labels", batch.get("y"))))
        return x, y
    if isinstance(batch, (tuple, list)):
        if len(batch) == 1:
            return batch[0], None
        return batch[0], batch[1]
    return batch, None


def load_batches(spec: str, batch_size: int, n: int) -> list:
    """Up to ``n`` (inputs, targets) batches: from a ``.pt`` file (``{"inputs", "targets"}`` or a tuple, split
    into ``batch_size`` pieces) or a ``module:fn`` returning an iterable of batches."""
    path = Path(spec)
    if path.suffix in (".pt", ".pth") or path.is_file():
        if not path.is_file():
            raise ReplayError(f"--data {spec}: no such file")
        problem = _torch_header_problem(path)
        if problem is not None:
            raise ReplayError(f"--data {spec}: not a torch tensor file ({problem})")
        try:
            obj = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as error:
            text = str(error)
            if "weights_only" in text or "Unsupported global" in text or "WeightsUnpickler" in text:
                raise ReplayError(f"--data {spec}: holds pickled Python objects, not only tensors (refused: "
                                  "torch.load weights_only=True); save {'inputs': tensor, 'targets': tensor}") from None
            raise ReplayError(f"--data {spec}: not a readable torch tensor file ({type(error).__name__})") from None
        x, y = _as_pair(obj)
        if not isinstance(x, torch.Tensor):
            raise ReplayError(f"--data {spec}: expected {{'inputs': tensor, 'targets': tensor}} or (inputs, targets)")
        if y is not None and len(y) != len(x):
            raise ReplayError(f"--data {spec}: {len(x)} inputs but {len(y)} targets")
        return _split(x, y, batch_size, n)
    source = load_object(spec, "--data")
    try:
        iterable = source() if callable(source) else source
        batches = []
        for batch in iterable:
            batches.append(_as_pair(batch))
            if len(batches) >= n:
                break
    except ReplayError:
        raise
    except Exception as error:
        raise ReplayError(f"--data {spec}: raised {type(error).__name__}: {error}", 1) from None
    if not batches:
        raise ReplayError(f"--data {spec}: gave no batches")
    return batches


def synthetic_batches(model: nn.Module, batch_size: int, n: int, generator: torch.Generator) -> list:
    """Random inputs shaped for the model's first layer (a weak substitute for real data: say so)."""
    first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv1d, nn.Conv2d, nn.Conv3d,
                                                              nn.Embedding))), None)
    if first is None:
        raise ReplayError("--synthetic-data: cannot tell the input shape from the model (no Linear/Conv/Embedding "
                          "first layer); pass --data")
    out = []
    for _ in range(n):
        if isinstance(first, nn.Linear):
            x = torch.randn(batch_size, first.in_features, generator=generator)
        elif isinstance(first, nn.Embedding):
            x = torch.randint(first.num_embeddings, (batch_size, 16), generator=generator)
        else:
            dims = {nn.Conv1d: 1, nn.Conv2d: 2, nn.Conv3d: 3}[type(first)] if type(first) in (
                nn.Conv1d, nn.Conv2d, nn.Conv3d) else 2
            x = torch.randn(batch_size, first.in_channels, *([32] * dims), generator=generator)
        out.append((x, None))
    return out


def resolve_loss(spec: str | None):
    """'ce', 'mse', 'module:fn' (fn(output, target) -> scalar), or None: chosen per batch from the targets."""
    if spec is None or spec == "auto":
        return None
    if spec == "ce":
        return nn.functional.cross_entropy
    if spec == "mse":
        return lambda out, y: nn.functional.mse_loss(out, y.to(out.dtype).reshape(out.shape)
                                                     if y.numel() == out.numel() else y.to(out.dtype))
    fn = load_object(spec, "--loss")
    if not callable(fn):
        raise ReplayError(f"--loss {spec}: not callable")
    return fn
