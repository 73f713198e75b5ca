"""Two facts about a 1-D ``.npy`` series that its own bytes do not say (for ``keras_npy``).

A steps file beside it. DeepXDE-style sweep scripts save one run's curves as sibling arrays, the step of each
evaluation in its own file (public forwardprob190 ``FNN_128x3__Nd500__Nb2/``: ``np.save('loss_steps.npy', steps)``,
``loss_train_sum.npy``, ``loss_test_sum.npy``, 58 values each, the steps 0, 1000, ..., 55921). ``steps_for`` finds
``<prefix>_steps.npy`` (or ``_step``, ``_epochs``, ``_iters``, ``_iterations``) for a file named ``<prefix>_...``,
of the same length and never decreasing, and gives its values as the series' steps; read alone, the steps file was a
"loss" climbing from 0 to 55921 and the run was judged diverged.

A NaN-padded tail. A script that preallocates its history (``np.full(1000, np.nan)``, filled one epoch at a time,
public physr190 ``train_loss.npy``: 117 epochs run of 1000 slots) leaves the unfilled slots NaN; read as data the run
was called ``nan``. ``drop_nan_tail`` drops a trailing all-NaN tail when the array's length is a round preallocated
size (a multiple of 50) and the finite values before it do not climb (the last within 3x the least): NaN after a
climb, or a NaN followed by finite values, stays (a divergence; domain.md).
"""
from __future__ import annotations

import re

import numpy as np

from ..runs import Problem

STEP_WORDS = ("steps", "step", "epochs", "iters", "iterations")
_STEP_STEM = re.compile(r"(?i)^(?:(.+?)[_\-.])?(?:" + "|".join(STEP_WORDS) + r")$")


def step_prefix(stem: str) -> str | None:
    """The prefix of a steps file's stem (``loss_steps`` -> ``loss``, ``steps`` -> ''), None for any other stem."""
    m = _STEP_STEM.match(stem)
    return None if m is None else (m.group(1) or "")


def read_array(data) -> np.ndarray | None:
    """A 1-D numeric ``.npy`` file's values as floats, or None (no header, another shape or dtype, cut short)."""
    from .keras_npy import _NUMERIC, header

    found = header(bytes(data[:65536 + 12]))
    if found is None:
        return None
    meta, offset = found
    shape, descr = meta.get("shape"), meta.get("descr")
    if not (isinstance(shape, tuple) and len(shape) == 1 and isinstance(descr, str) and _NUMERIC.fullmatch(descr)
            and meta.get("fortran_order") in (False, None)):
        return None
    dtype = np.dtype(descr)
    payload = bytes(data[offset:offset + shape[0] * dtype.itemsize])
    if len(payload) < shape[0] * dtype.itemsize:
        return None
    return np.frombuffer(payload, dtype=dtype).astype(float)


def steps_for(path: str, count: int) -> tuple[np.ndarray, str] | None:
    """The steps saved beside the series file ``path`` of ``count`` values (module docstring) and the steps file's
    name, or None when no such file is there (or it is unreadable, of another length, or decreasing)."""
    from ..fs import filesystem_for

    folder, _, name = path.rpartition("/")
    stem = name[:-len(".npy")]
    if step_prefix(stem) is not None:
        return None
    parts = re.split(r"([_\-.])", stem)
    heads = ["".join(parts[:i]) for i in range(len(parts) - 2, 0, -2)] + [""]  # loss_steps.npy, then steps.npy
    fs = filesystem_for(path)
    for head in heads:
        for word in STEP_WORDS:
            other = f"{head}_{word}.npy" if head else f"{word}.npy"
            other = f"{folder}/{other}" if folder else other
            try:
                with fs.open_bytes(other) as data:
                    steps = read_array(data)
            except OSError:
                continue
            if steps is not None and len(steps) == count and np.all(np.isfinite(steps)) \
                    and np.all(np.diff(steps) >= 0):
                return steps.astype(np.int64), other.rpartition("/")[2]
    return None


def drop_nan_tail(values: np.ndarray, path: str) -> tuple[np.ndarray, list[Problem]]:
    """``values`` less a preallocated array's unfilled NaN tail (module docstring), and the one line saying so."""
    n = len(values)
    finite = np.isfinite(values)
    if n == 0 or n % 50 or not np.isnan(values[-1]) or not finite.any():
        return values, []
    last = int(np.flatnonzero(~np.isnan(values))[-1]) + 1  # the tail: NaN only
    kept = values[:last]
    good = kept[np.isfinite(kept)]
    least = float(good.min())
    if not np.isfinite(kept[-1]) or (least > 0 and kept[-1] > 3 * least):
        return values, []  # a non-finite value or a climb right before the tail: the run went bad, not padding
    return kept, [Problem(path, f"{n - last} trailing NaN slots after {last} values of a {n}-slot array: a "
                                f"preallocated history's unfilled end (np.full({n}, nan)), not data; dropped")]
