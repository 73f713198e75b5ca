"""A validation loss frozen to float32 precision (moved out of ``verdict_stall``, which imports these names back and
re-exports them): ``frozen_validation(curves)`` -- the last >= ``FROZEN_EVALS`` evaluations, >= ``FROZEN_SHARE`` of
them, identical to relative ``FROZEN_REL`` (1e-7) at a value logged with more than 6 decimals: the weights stopped
changing (a learning rate of 0, frozen parameters, every optimizer step skipped). Returns a ``Frozen`` (the value,
how many evaluations, the steps) or None; a loss frozen at <= ``FROZEN_CONVERGED`` of its first evaluation had
converged and gives None. Nothing is raised; the public runs behind each threshold are beside it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .verdict_evidence import finite


FROZEN_EVALS, FROZEN_SHARE = 5, 0.5  # >= 5 evaluations in a row, >= half of them, the last among them
# (half, not 30%: public ptblm98, PyTorch's word-LM example dividing its learning rate by 4 whenever validation did
# not improve, took val ppl 5976 -> 145.4 in 28 epochs and then repeated 145.4166 for the last 12 of 40 -- a
# schedule run down to 0 after the model had learned, labelled `healthy`; the frozen `underfit` runs, lstm-bade03
# v2/v10, stopped after 4 of 20 and 4 of 15 evaluations)
FROZEN_REL = 1e-7  # identical to float32 precision: the same weights evaluated on the same data
# frozen at <= 1% of its first evaluation: the loss had converged before the weights stopped (public pinnburgers66,
# a DeepXDE PINN: Adam took the test loss 0.585 -> 0.00113 in 15,000 steps, then an L-BFGS phase that moved nothing
# printed the same line 15,000 times; labelled `healthy`, it was `underfit` "the run stopped learning")
FROZEN_CONVERGED = 0.01


@dataclass(frozen=True)
class Frozen:
    """A validation loss bit-identical at its last ``evals`` evaluations: the weights stopped changing."""

    name: str
    value: float
    evals: int
    of: int
    since_step: int  # the first evaluation of the identical stretch
    last_step: int
    x: str


def frozen_validation(curves: Curves | None) -> Frozen | None:
    """The validation loss repeated to float32 precision (relative 1e-7) at >= ``FROZEN_EVALS`` consecutive
    evaluations ending at the last, >= ``FROZEN_SHARE`` of them, at a value logged with more than 6 decimals (a
    logger's rounding, 0.0001 at every step, says nothing): the model evaluated was the same every time -- a learning
    rate of 0, frozen parameters, or every optimizer step skipped (a loss scaler skipping NaN/Inf gradients). The run
    stopped learning there, whatever level it reached: an early stop that no schedule chose. Public `underfit`
    (fifth set, ``lstm-bade03`` v2/v10: val_loss 0.22974897921085358 at 14 of 20 epochs, per-batch training losses
    repeating every epoch). Of the 226 labelled real runs, no other shows it (training losses repeat only where the
    logger rounds them to 4 decimals). A loss frozen at <= ``FROZEN_CONVERGED`` of its first evaluation had
    converged before it stopped: no such stop."""
    if curves is None:
        return None
    s, v = finite(curves.val_loss)
    if len(v) < FROZEN_EVALS:
        return None
    same = np.abs(np.diff(v)) <= FROZEN_REL * np.abs(v[1:])
    n = 1
    for equal in same[::-1]:
        if not equal:
            break
        n += 1
    last = float(v[-1])
    if n < FROZEN_EVALS or n < FROZEN_SHARE * len(v) or abs(last - round(last, 6)) <= 1e-12:
        return None
    if 0 < last <= FROZEN_CONVERGED * float(v[0]):
        return None  # stopped after falling two orders of magnitude: converged, then nothing moved (see below)
    return Frozen(curves.val_loss.name, last, n, len(v), int(s[len(v) - n]), int(s[-1]),
                  "epoch" if curves.val_loss.x == "epoch" else "step")
