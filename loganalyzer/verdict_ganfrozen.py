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

``adversary_won``, the same failure short of exact values: the discriminator's loss (non-negative: BCE, hinge)
fell to <= ``WON_LEVEL`` (median of the last ``FROZEN_SHARE`` of its logs), <= ``WON_DROP`` of its median before,
while the generator's loss over that stretch sat >= ``WON_RISE`` x its median over the first half of the run and
never came back below ``WON_BACK`` x it. The discriminator tells real from fake perfectly and the generator gets no
useful gradient (Goodfellow et al. 2014, sec. 3: "early in learning ... D can reject samples with high confidence
... log(1 - D(G(z))) saturates"; Arjovsky & Bottou 2017, "Towards principled methods for training GANs": a perfect
discriminator's gradients vanish). Public mcdcgan96 r8 (a DCGAN on Minecraft textures, 500 epochs: Discriminator
Loss 0.1-1.2 until epoch ~280, then 0.000000; Generator Loss ~8 before, 50-57 after to the end), labelled
`diverged` (clear), was `healthy` 0.5 "not divergence below 10x".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

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
    kind: ClassVar[str] = "gan_frozen"  # the finding's kind


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


WON_LEVEL, WON_DROP = 0.01, 0.05  # the discriminator's loss at ~0: <= 0.01, and <= 5% of what it was before
WON_RISE, WON_BACK = 3.0, 1.5  # the generator's loss >= 3x its first half's median, never back below 1.5x


@dataclass(frozen=True)
class Won:
    """The discriminator won: its loss ~0 over the run's last part while the generator's jumped and stayed."""

    generator: str
    before: float  # the generator's median over the first half of its logs
    after: float  # ... over the last part
    adversary: str
    adversary_before: float
    adversary_after: float
    since_step: int  # the first log of the last part
    logs: int
    last_step: int
    kind: ClassVar[str] = "gan_adversary_won"  # the finding's kind


def adversary_won(curves: Curves | None) -> Won | None:
    """``Won`` when a GAN's discriminator loss went to ~0 and its generator's loss jumped and stayed up to the end
    (module notes), else None."""
    if curves is None or curves.adversary is None or curves.train_loss is None:
        return None
    g, d = curves.train_loss, curves.adversary
    gv, dv = g.values, d.values
    if len(gv) < FROZEN_LOGS / FROZEN_SHARE or len(dv) < FROZEN_LOGS / FROZEN_SHARE \
            or not (np.isfinite(gv).all() and np.isfinite(dv).all()) or (dv < 0).any() or (gv < 0).any():
        return None
    g_before = float(np.median(gv[: len(gv) // 2]))
    if g_before <= 0:
        return None
    # where the generator's loss jumped for good: after its last 9-log running median below WON_BACK x its start
    low = np.median(np.lib.stride_tricks.sliding_window_view(gv, 9), axis=1) < WON_BACK * g_before
    start = int(np.flatnonzero(low)[-1]) + 9 if low.any() else 0
    if start < FROZEN_LOGS or len(gv) - start < max(FROZEN_LOGS, FROZEN_SHARE * len(gv)):
        return None
    since = float(g.steps[start])
    g_after = float(np.median(gv[start:]))
    d_tail, d_head = dv[d.steps >= since], dv[d.steps < since]
    if g_after < WON_RISE * g_before or len(d_tail) < FROZEN_LOGS or len(d_head) < FROZEN_LOGS:
        return None
    d_after, d_before = float(np.median(d_tail)), float(np.median(d_head))
    if d_after > WON_LEVEL or d_after > WON_DROP * d_before:
        return None
    g_tail = gv[start:]
    return Won(g.name, g_before, g_after, d.name, d_before, d_after, int(since), len(g_tail), int(g.steps[-1]))


def game_failed(curves: Curves | None) -> Frozen | Won | None:
    """``players_froze``, else ``adversary_won``: a GAN whose game stopped (`diverged`)."""
    return players_froze(curves) or adversary_won(curves)


def frozen_text(found: Frozen | Won, x: str = "step") -> tuple[str, str, tuple[str, ...]]:
    """(summary, finding message, advice) of a frozen GAN."""
    from .verdict_base import _fmt, _step, times

    if isinstance(found, Won):
        return _won_text(found, x)
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


def _won_text(found: Won, x: str) -> tuple[str, str, tuple[str, ...]]:
    """(summary, finding message, advice) of a GAN whose discriminator won."""
    from .verdict_base import _fmt, _step, times

    summary = (f"From {x} {_step(found.since_step)} to the last log ({x} {_step(found.last_step)}) the "
               f"discriminator's `{found.adversary}` sat at ~0 (median {_fmt(found.adversary_after)}, against "
               f"{_fmt(found.adversary_before)} before) while the generator's `{found.generator}` jumped to a median "
               f"of {_fmt(found.after)} ({times(found.after / found.before)} its first half's {_fmt(found.before)}) and "
               "never came back: the discriminator won, the generator gets no useful gradient -- the game failed.")
    message = (f"the discriminator won from {x} {_step(found.since_step)}: `{found.adversary}` ~0, "
               f"`{found.generator}` {times(found.after / found.before)} its first half's level to the end")
    advice = (f"Use the checkpoint from before {x} {_step(found.since_step)}; the samples after it are a failed "
              "generator's.",
              "Weaken the discriminator or strengthen the generator: a lower discriminator learning rate (TTUR), "
              "one-sided label smoothing or instance noise, spectral normalisation, or a non-saturating / Wasserstein "
              "loss.",
              "Log D(x) and D(G(z)) to see when the discriminator started to reject every fake.")
    return summary, message, advice
