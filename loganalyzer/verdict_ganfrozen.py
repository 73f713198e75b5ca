"""A GAN whose two players froze (issue 9 follow-up, the sixty-first set's clear `diverged` cganmnist61).

A GAN is judged on its generator's objective, which need not fall (``curves_gan``); a generator loss that drops to
0.0 looks like success. But when BOTH players' losses are logged as one exact value at every log from some step to
the end, after swinging batch to batch before it, the game stopped: the discriminator saturated at its loss clamp
(``nn.BCELoss`` clamps its log terms at -100, so a confident wrong discriminator logs a fixed 50 or 100) and the
generator gets no gradient (a fixed 0.0), or NaN/Inf were clamped -- adversarial training never holds both losses
still to float precision. Public cganmnist61 (a conditional GAN on MNIST, one CSV row per step: d_loss 0.005-1.7 and
g_loss 1.5-40 through epoch ~15, then d_loss = 50.0 and g_loss = 0.0 at all 4,690 steps from 14,070 to the end),
labelled `diverged` (clear), was `healthy` 0.6 "g_loss fell to 0".

``players_froze``: both the generator's judged loss and its adversary hold one value (max - min <= ``FROZEN_REL`` x
max(1, |value|)) over their last >= ``FROZEN_SHARE`` of logs (and >= ``FROZEN_LOGS``), while the part before moved
(spread above ``MOVED_REL`` of its median size). `diverged`: the training failed and did not come back.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .curves_series import Curves, Series

FROZEN_SHARE, FROZEN_LOGS = 0.2, 10  # the last >= 20% of the logs, and >= 10 of them
FROZEN_REL = 1e-6  # one value to float precision
MOVED_REL = 0.01  # before it, a spread >= 1% of the median size: the players were playing
FROZEN_CONFIDENCE = 0.7


@dataclass(frozen=True)
class Frozen:
    generator: str
    generator_value: float
    adversary: str
    adversary_value: float
    since_step: int  # the first step from which both held their value
    logs: int  # the generator's logs from then on
    last_step: int


def _frozen_from(s: Series) -> tuple[int, float] | None:
    """(index from which ``s`` holds its last value to the end, that value) when it held it over its last
    ``FROZEN_SHARE`` of logs after moving before, else None."""
    v = s.values
    if len(v) < FROZEN_LOGS / FROZEN_SHARE or not np.isfinite(v[-1]):
        return None
    last = float(v[-1])
    off = np.flatnonzero(~(np.abs(v - last) <= FROZEN_REL * max(1.0, abs(last))))
    start = int(off[-1]) + 1 if len(off) else 0
    if len(v) - start < max(FROZEN_LOGS, FROZEN_SHARE * len(v)) or start < FROZEN_LOGS:
        return None
    before = v[:start][np.isfinite(v[:start])]
    if len(before) < FROZEN_LOGS:
        return None
    size = max(float(np.median(np.abs(before))), 1e-12)
    if float(np.percentile(before, 95) - np.percentile(before, 5)) < MOVED_REL * size:
        return None
    return start, last


def players_froze(curves: Curves | None) -> Frozen | None:
    """``Frozen`` when a GAN's generator loss and its adversary's both froze to the end (module notes), else None."""
    if curves is None or curves.adversary is None or curves.train_loss is None:
        return None
    g, d = _frozen_from(curves.train_loss), _frozen_from(curves.adversary)
    if g is None or d is None:
        return None
    gs, ds = curves.train_loss.steps, curves.adversary.steps
    since = int(max(gs[g[0]], ds[d[0]]))
    return Frozen(curves.train_loss.name, g[1], curves.adversary.name, d[1], since,
                  int(np.count_nonzero(gs >= since)), int(gs[-1]))


def frozen_text(found: Frozen, x: str = "step") -> tuple[str, str, tuple[str, ...]]:
    """(summary, finding message, advice) of a frozen GAN."""
    from .verdict_base import _fmt, _step

    summary = (f"From {x} {_step(found.since_step)} to the last log ({x} {_step(found.last_step)}) the generator's "
               f"`{found.generator}` was exactly {_fmt(found.generator_value)} and the discriminator's "
               f"`{found.adversary}` exactly {_fmt(found.adversary_value)} at every log ({found.logs:,} logs), after "
               "swinging batch to batch before: the adversarial game stopped (a saturated discriminator at its loss "
               "clamp, no gradient to the generator) and never restarted.")
    message = (f"both GAN losses froze from {x} {_step(found.since_step)}: `{found.generator}` = "
               f"{_fmt(found.generator_value)}, `{found.adversary}` = {_fmt(found.adversary_value)} to the end")
    advice = (f"Use the checkpoint from before {x} {_step(found.since_step)}; the samples after it are a failed "
              "generator's.",
              "Stabilise the game: a lower discriminator learning rate (TTUR), one-sided label smoothing, spectral "
              "normalisation, or BCEWithLogitsLoss instead of Sigmoid + BCELoss (whose log clamp at -100 is the "
              "frozen value).",
              "Log D(x) and D(G(z)) to see which player saturated.")
    return summary, message, advice
