"""Rows whose step counter starts over within each epoch (``epoch, batch, loss``) placed in epoch-major order, for
the text readers (re-exported by ``_text``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ._text import Numbers

_INT64_LIMIT = 2.0**63


@dataclass
class EpochMajor:
    """Global steps for a counter that starts over within each epoch (``epoch``, ``batch``): see ``epoch_major``."""

    steps: np.ndarray  # float64, NaN where the row has no usable counter
    stride: int
    restarts: int  # how many times the counter started over at a new epoch

    def note(self, counter: str, epoch: str) -> str:
        """The warning saying so (once per file)."""
        return (f"column {counter!r} starts over at each new {epoch!r} ({self.restarts} times): it counts within the "
                f"epoch, so the rows are one run; the step is the row's place in epoch-major order (each epoch goes "
                f"on from the previous one's last {counter!r} + {self.stride})")


def epoch_major(inner: Numbers, epoch: Numbers) -> EpochMajor | None:
    """Global steps when ``inner`` (a step or batch column) starts over at each new ``epoch``, else None.

    A hand-rolled loop often logs ``epoch, batch, loss`` (or ``epoch, step``) with the batch counted within the
    epoch. Such a counter going back while the epoch goes forward is no new run: it is detected when the counter
    goes back at no fewer than half of the epoch's increases (a counter of the whole training never does), and the
    rows are then placed in epoch-major order: each epoch continues where the previous one ended (its last counter
    value plus the counter's usual spacing), so ``epoch 1, batch 0`` follows ``epoch 0, batch 90`` at 100. An epoch
    counter going back (a run appended, a resume) keeps its epochs' places, so the loader still sees the restart.
    Rows without an epoch take the one of the row before.
    """
    v_in, v_ep = inner.values, epoch.values
    with np.errstate(invalid="ignore"):
        ok_in = inner.present & np.isfinite(v_in) & (np.floor(v_in) == v_in) & (np.abs(v_in) < _INT64_LIMIT)
        ok_ep = epoch.present & np.isfinite(v_ep) & (np.floor(v_ep) == v_ep) & (np.abs(v_ep) < _INT64_LIMIT)
    if not ok_ep.any() or ok_in.sum() < 2:
        return None
    # each row's epoch: its own, else the last one above it (the first one for rows before any)
    idx = np.where(ok_ep, np.arange(len(v_ep)), -1)
    np.maximum.accumulate(idx, out=idx)
    idx[idx < 0] = int(np.flatnonzero(ok_ep)[0])
    ep = v_ep[idx]
    rows = np.flatnonzero(ok_in)
    e, c = ep[rows], v_in[rows]
    up = e[1:] > e[:-1]
    restarts = int((up & (c[1:] < c[:-1])).sum())
    if not restarts or 2 * restarts < int(up.sum()):
        return None
    same = e[1:] == e[:-1]
    gaps = (c[1:] - c[:-1])[same]
    gaps = gaps[gaps > 0]
    stride = int(np.median(gaps)) if len(gaps) else 1
    stride = max(stride, 1)
    epochs, where = np.unique(e, return_inverse=True)
    lo = np.full(len(epochs), np.inf)
    hi = np.full(len(epochs), -np.inf)
    np.minimum.at(lo, where, c)
    np.maximum.at(hi, where, c)
    offset = np.zeros(len(epochs))
    offset[1:] = np.cumsum(hi[:-1] + stride - lo[1:])
    steps = np.full(len(v_in), np.nan)
    steps[rows] = offset[where] + c
    return EpochMajor(steps, stride, restarts)
