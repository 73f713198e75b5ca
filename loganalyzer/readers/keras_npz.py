"""A Keras history saved with ``np.savez('history.npz', **history.history)``: one ``.npy`` member per metric.

An ``.npz`` is a ZIP archive (``numpy.lib.npyio``: ``savez`` writes each keyword as ``<name>.npy``, stored or
deflated with ``savez_compressed``). Each member holding a numeric 1-D array is the per-epoch series named by the
member (``loss``, ``val_loss``, ...), read like ``json_history`` reads ``json.dump(history.history)``: the epoch
(from 0) is the step, or an integer ``steps`` member (DeepXDE's LossHistory saved with ``np.savez(f, steps=..,
train=.., test=..)``: its 2-D ``train``/``test`` members, a column per loss term, read as the terms' sums
``train_loss``/``test_loss``). Members are read with ``zipfile`` and ``keras_npy.header`` -- never ``np.load``, whose object
arrays would unpickle -- and a member that is no numeric 1-D array (an object array, a 2-D table) is named in one
line and skipped. A newcomer breaker's ``history.npz`` had been skipped with no word, even when named directly.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from ..runs import Problem
from . import ReadResult, UnreadableFile

SUFFIXES = (".npz",)
MAGIC = b"PK\x03\x04"
# named like a history (history.npz, train_log.npz, metrics.npz) or one metric's series (losses.npz)
_NAME = re.compile(r"(?i)(?:hist|log|metric|training|loss|acc|curve)[^/]*\.npz$")
_MAX_MEMBERS = 1000
# 2-D members of DeepXDE's LossHistory saved with np.savez (steps=.., train=losshistory.loss_train, test=..): a row
# per display, a column per loss term (already weighted: deepxde/model.py); read as the terms' sum, the total
# DeepXDE prints and picks its best model by, named as its printed table is read (_joblog_deepxde)
_TERMS = {"train": "train_loss", "loss_train": "train_loss", "test": "test_loss", "loss_test": "test_loss"}


def named_like_history(name: str) -> bool:
    """Whether an ``*.npz`` file's name says it holds a training history."""
    return _NAME.search(name) is not None


def why_not(head: bytes) -> str | None:
    """None when ``head`` starts a ZIP archive (an ``.npz``), else what the file is."""
    return None if bytes(head[:4]) == MAGIC else "not a NumPy .npz archive (no ZIP header)"


def _members(data, path: str) -> tuple[dict, list[str]]:
    """{name: list of floats} of the archive's numeric 1-D members, and the names of the others."""
    import numpy as np

    from .keras_npy import _NUMERIC, header

    try:
        archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise UnreadableFile(Problem(path, f"a broken .npz archive ({e}); not read")) from None
    history, skipped = {}, []
    with archive:
        for info in archive.infolist()[:_MAX_MEMBERS]:
            name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            try:
                raw = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                skipped.append(f"{name} (cut short)")
                continue
            found = header(raw[:65536 + 12])
            meta, offset = found if found is not None else ({}, 0)
            descr, shape = meta.get("descr"), meta.get("shape")
            terms = _TERMS.get(name) if isinstance(shape, tuple) and len(shape) == 2 else None
            if not (isinstance(descr, str) and _NUMERIC.fullmatch(descr) and isinstance(shape, tuple)
                    and (len(shape) == 1 or terms) and meta.get("fortran_order") in (False, None)):
                skipped.append(name)
                continue
            dtype = np.dtype(descr)
            count = int(np.prod(shape))
            payload = raw[offset:offset + count * dtype.itemsize]
            if len(payload) < count * dtype.itemsize:
                skipped.append(f"{name} (cut short)")
                continue
            array = np.frombuffer(payload, dtype=dtype)
            array = array.astype(int if dtype.kind in "iu" else float)  # integers stay integers: a step axis
            if terms:  # DeepXDE's LossHistory: a row of loss terms a display, the loss their sum
                name, array = terms, array.reshape(shape).sum(axis=1)
            history[name] = array.tolist()
    return history, skipped


def read(data, path: str) -> ReadResult:
    """The history in an ``.npz`` archive, read like its JSON twin (``json_history``)."""
    from . import json_history, keras_pickle

    history, skipped = _members(data, path)
    if not history:
        raise UnreadableFile(Problem(path, "a NumPy .npz archive holding no numeric 1-D array (np.savez of "
                                           "history.history is read); not read"))
    result = keras_pickle.as_json(json_history, history, path, "a NumPy .npz archive")
    if skipped:
        said = Problem(path, f"{len(skipped)} member(s) that are no numeric 1-D series left out: "
                             f"{', '.join(skipped[:6])}")
        result = replace(result, problems=tuple(result.problems) + (said,))
    return result
