"""A per-epoch history saved with ``torch.save``: a list of floats (``torch.save(loss_history, 'loss_history.pt')``)
or a dict of such lists (public floodpinn190 ``ODE/``: ``loss_history.pt``, ``pde_residual_history.pt``,
``l2_error_history.pt``, 5000 Python floats each).

torch.save (1.6+) writes a ZIP archive: ``<archive>/data.pkl`` (the pickled object), ``<archive>/data/<n>`` (one
member per tensor storage), ``<archive>/version``. A list of Python floats has no storages: its ``data.pkl`` is read
by ``keras_pickle``'s restricted unpickler (no code a pickle names is ever run), no torch needed. A list of tensors
(``losses.append(loss)`` without ``.item()``) needs torch's own rebuild: read with ``torch.load(weights_only=True)``
(torch's allow-listed unpickler) only when torch is importable and the file is at most ``TORCH_MAX`` bytes; else one
line says why it is not read. The older non-ZIP format (torch < 1.6: a pickled magic number, then the object) is
read with ``torch.load(weights_only=True)`` too, when torch is importable. numpy scalars inside (``np.float64`` losses)
are allowed to torch's unpickler as ``numpy.core.multiarray.scalar`` and numeric dtypes only (torch's own advice).

DeepSDF's ``Logs.pth`` (``ws.logs_filename``; public facebookresearch/DeepSDF ``train_deep_sdf.py`` ``save_logs``) is
a dict ``{"epoch": E, "loss": [k*E per-batch losses], "learning_rate": [[lr per param group] * E], "timing": [E],
"latent_magnitude": [E], "param_magnitude": {name: [E]}}``; its ``plot_log.py`` takes ``len(loss) / epoch`` as the
batches per epoch. Such a dict is read on one axis, the batch: the per-batch lists at 0..k*E-1, the per-epoch lists
at the last batch of each epoch ((e + 1) * k - 1); a list of per-group lists is one series per group
(``learning_rate/0``, ``learning_rate/1``).

A list is one series named by the file's stem, the epoch its index (a preallocated NaN tail dropped:
``_npy_steps.drop_nan_tail``); a dict is read as its JSON twin (``json_history``). Errors: ``UnreadableFile``.
"""
from __future__ import annotations

import io
import re
import zipfile

from ..runs import Problem
from . import ReadResult, UnreadableFile

SUFFIXES = (".pt", ".pth")
TORCH_MAX = 16 << 20  # a history of floats is KBs; a bigger .pt is a checkpoint
_HISTORY_NAME = re.compile(r"(?i)(?:hist|loss|metric|residual|error)[^/]*\.pth?$|^logs?\.pth?$")  # DeepSDF Logs.pth
# torch < 1.6's torch.save: pickle protocol 2 of the magic number 0x1950a86a20f9469cfc6c (torch/serialization.py)
_LEGACY = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"


def named_like_history(name: str) -> bool:
    """Whether a ``*.pt``/``*.pth`` file's name says it holds a history (``loss_history.pt``, ``train_losses.pt``)."""
    return _HISTORY_NAME.search(name) is not None


def _members(data) -> tuple[str | None, bool]:
    """The archive's ``data.pkl`` member and whether it holds tensor storages (``<archive>/data/<n>``)."""
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        names = z.namelist()
    pkl = next((n for n in names if n.endswith("/data.pkl") or n == "data.pkl"), None)
    return pkl, any(re.search(r"(?:^|/)data/\d+$", n) for n in names)


def why_not(data) -> str | None:
    """None when ``data`` (the whole file) is a torch.save archive of plain lists/dicts this reader takes, else what
    it is (one phrase). Tensors count as taken when torch can read them (``TORCH_MAX``)."""
    head = bytes(data[:len(_LEGACY)])
    if head == _LEGACY:
        if len(data) > TORCH_MAX:
            return f"a torch.save file (torch < 1.6 format) of {len(data):,} bytes: a checkpoint, no history"
        return None if _torch_importable() else "a torch.save file of torch < 1.6 (torch is not installed to read it)"
    if head[:4] != b"PK\x03\x04":
        return "not a torch.save file (no ZIP archive, no torch < 1.6 magic number)"
    if len(data) > TORCH_MAX:
        return f"a torch.save archive of {len(data):,} bytes: a checkpoint, no history"
    try:
        pkl, tensors = _members(data)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return f"a damaged torch.save archive ({e})"
    if pkl is None:
        return "a ZIP archive with no data.pkl: not torch.save"
    if tensors and not _torch_importable():
        return "a torch.save archive holding tensors (torch is not installed to read them)"
    return None


def _torch_importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("torch") is not None


def _plain(obj):
    """Tensors (0-d or 1-D) as floats / lists of floats; containers kept."""
    if hasattr(obj, "tolist") and hasattr(obj, "dtype"):
        return obj.tolist()
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _numpy_globals() -> list:
    """numpy's scalar rebuild and numeric dtypes, for torch's allow-list (a pickled ``np.float64`` loss)."""
    import numpy as np

    try:
        from numpy._core.multiarray import scalar
    except ImportError:  # numpy < 2
        from numpy.core.multiarray import scalar
    kinds = [getattr(np.dtypes, n) for n in ("Float64DType", "Float32DType", "Float16DType", "Int64DType",
                                             "Int32DType", "BoolDType") if hasattr(np, "dtypes") and hasattr(np.dtypes, n)]
    return [(scalar, "numpy.core.multiarray.scalar"), (scalar, "numpy._core.multiarray.scalar"), np.dtype, *kinds]


def per_batch(obj: dict) -> tuple[dict, dict] | None:
    """A DeepSDF-style ``Logs.pth`` dict (module docstring) split into (per-batch lists, per-epoch lists) with the
    batch index of each: ``({"loss": [..]}, {"step": [k-1, 2k-1, ..], "timing": [..], "learning_rate/0": [..]})``;
    None when ``obj`` has no whole ``epoch`` count E >= 1 with lists of E (and of k*E, k >= 2, if any) beside it."""
    epochs = obj.get("epoch")
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        return None
    lists = {str(k): v for k, v in obj.items() if isinstance(v, list) and v}
    per_epoch = {k: v for k, v in lists.items() if len(v) == epochs}
    longer = {len(v) for k, v in lists.items() if len(v) > epochs and len(v) % epochs == 0}
    if not per_epoch or len(longer) > 1:
        return None
    batches = longer.pop() // epochs if longer else 1  # one batch an epoch: every list is per epoch
    iters = {k: v for k, v in lists.items() if len(v) == batches * epochs} if batches > 1 else {}
    epoch_part: dict = {"step": [(e + 1) * batches - 1 for e in range(epochs)]}
    for key, values in per_epoch.items():
        if all(isinstance(v, list) and len(v) == len(values[0]) for v in values) and values[0]:
            epoch_part.update({f"{key}/{g}": [v[g] for v in values] for g in range(len(values[0]))})
        else:
            epoch_part[key] = values
    epoch_part.update({k: v for k, v in obj.items() if isinstance(v, dict)})  # param_magnitude: {name: [E]}
    return iters, epoch_part


def load(data, path: str):
    """The object ``torch.save`` wrote, as plain lists/dicts of numbers, or ``UnreadableFile``."""
    from . import keras_pickle

    why = why_not(data)
    if why is not None:
        raise UnreadableFile(Problem(path, f"{why}; not read"))
    legacy = bytes(data[:len(_LEGACY)]) == _LEGACY
    pkl, tensors = (None, True) if legacy else _members(data)
    if not tensors:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            return keras_pickle.unpickle(z.read(pkl), path)  # restricted: no code a pickle names is run
    import torch

    try:
        with torch.serialization.safe_globals(_numpy_globals()):
            return _plain(torch.load(io.BytesIO(bytes(data)), weights_only=True, map_location="cpu"))
    except Exception as e:  # torch's allow-list refused a global, or a damaged archive
        raise UnreadableFile(Problem(path, f"a torch.save archive torch.load(weights_only=True) refused "
                                           f"({type(e).__name__}: {str(e).splitlines()[0][:120]}); not read")) from None


def read(data, path: str) -> ReadResult:
    """The series in a torch-saved list (named by the file's stem) or dict of lists (``json_history``)."""
    import numpy as np

    from . import _npy_steps, json_history, keras_pickle, scalar_frame

    obj = load(data, path)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if isinstance(obj, list) and obj and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in obj):
        values, notes = _npy_steps.drop_nan_tail(np.asarray(obj, dtype=float), path)
        return ReadResult(scalar_frame([stem] * len(values), np.arange(len(values)), values), tuple(notes))
    if isinstance(obj, dict):
        split = per_batch(obj)
        if split is None:
            return keras_pickle.as_json(json_history, obj, path, "a torch-saved dict")
        iters, epoch_part = split
        done = keras_pickle.as_json(json_history, epoch_part, path, "a torch-saved dict")
        tags, steps, values = [], [], []
        for key, series in iters.items():  # none when every list is per epoch
            column = np.asarray([v if isinstance(v, (int, float)) else np.nan for v in series], dtype=float)
            tags += [key] * len(column)
            steps.append(np.arange(len(column)))
            values.append(column)
        import pandas as pd

        batch = scalar_frame(tags, np.concatenate(steps or [[]]), np.concatenate(values or [[]]))
        both = pd.concat([batch, done.scalars], ignore_index=True)
        both["tag"] = both["tag"].astype("category")
        return ReadResult(both, done.problems)
    what = type(obj).__name__ if not isinstance(obj, list) else "list of non-numbers" if obj else "empty list"
    raise UnreadableFile(Problem(path, f"a torch.save archive holding a {what}, not a list of per-epoch numbers "
                                       "or a dict of such lists; not read"))
