"""A per-epoch history saved with ``torch.save``: a list of floats (``torch.save(loss_history, 'loss_history.pt')``)
or a dict of such lists (public floodpinn190 ``ODE/``: ``loss_history.pt``, ``pde_residual_history.pt``,
``l2_error_history.pt``, 5000 Python floats each).

torch.save (1.6+) writes a ZIP archive: ``<archive>/data.pkl`` (the pickled object), ``<archive>/data/<n>`` (one
member per tensor storage), ``<archive>/version``. A list of Python floats has no storages: its ``data.pkl`` is read
by ``keras_pickle``'s restricted unpickler (no code a pickle names is ever run), no torch needed. A list of tensors
(``losses.append(loss)`` without ``.item()``) needs torch's own rebuild: read with ``torch.load(weights_only=True)``
(torch's allow-listed unpickler) only when torch is importable and the file is at most ``TORCH_MAX`` bytes; else one
line says why it is not read. The older non-ZIP format (torch < 1.6) is not read (one line).

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
_HISTORY_NAME = re.compile(r"(?i)(?:hist|loss|metric|residual|error)[^/]*\.pth?$")


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
    head = bytes(data[:4])
    if head != b"PK\x03\x04":
        return "not a torch.save ZIP archive (torch < 1.6 format or another file)"
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


def load(data, path: str):
    """The object ``torch.save`` wrote, as plain lists/dicts of numbers, or ``UnreadableFile``."""
    from . import keras_pickle

    why = why_not(data)
    if why is not None:
        raise UnreadableFile(Problem(path, f"{why}; not read"))
    pkl, tensors = _members(data)
    if not tensors:
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
            return keras_pickle.unpickle(z.read(pkl), path)  # restricted: no code a pickle names is run
    import torch

    try:
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
        return keras_pickle.as_json(json_history, obj, path, "a torch-saved dict")
    what = type(obj).__name__ if not isinstance(obj, list) else "list of non-numbers" if obj else "empty list"
    raise UnreadableFile(Problem(path, f"a torch.save archive holding a {what}, not a list of per-epoch numbers "
                                       "or a dict of such lists; not read"))
