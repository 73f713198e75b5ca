"""A GAN whose discriminator sits at chance for good: both players' losses pinned at the values of a discriminator
that outputs 0.5 for every input (issue 9 follow-up, the opened 119th set's dcgannpu119).

With binary cross-entropy, a discriminator scoring every real and every fake image 0.5 has the loss ``-log 0.5 -
log(1 - 0.5) = ln 4 = 1.386`` (real and fake terms summed, as the DCGAN reference code logs ``d_loss``; ``ln 2`` when
the two terms are averaged) and the generator's non-saturating loss is ``-log 0.5 = ln 2 = 0.693`` (Goodfellow et
al. 2014, sec. 4: the game's value at ``D = 1/2``). In a game being played the two losses swing batch to batch around
their balance; pinned there to within a few percent, log after log, the discriminator has stopped telling anything
apart and the generator gets no signal from it: nothing is learned (a dead or frozen discriminator, a sigmoid applied
twice, a learning rate too small for it). Public dcgannpu119 (a TensorFlow DCGAN's nohup.out, 393 iterations:
``d_loss`` 1.95 -> 1.39 and ``g_loss`` 0.99 -> 0.69 by iteration ~5, then ~1.39 and ~0.69 to the end), labelled `stalled`, was `underfit` 0.57 "flat since step 52".

``at_chance``: over all but the first tenth of the logs (>= ``MIN_LOGS``), the discriminator's median within ``NEAR`` of ln 4
or ln 2, the generator's within ``NEAR`` of ln 2, and each one's 5th-95th percentile spread within ``QUIET`` of its
median, and the discriminator's loss never below ``NEVER_WON`` of its level (a discriminator that once told real from
fake, then lost its edge as the generator matched the data, is the balance a GAN is trained for). `stalled` at
``CONFIDENCE``.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .curves_series import Curves, Series

NEAR = 0.03  # a median within 3% of the chance value
QUIET = 0.05  # a 5th-95th percentile spread within 5% of the median: pinned, not swinging
MIN_LOGS = 20
NEVER_WON = 0.9  # ... and the discriminator's loss never below 90% of that level: it never told anything apart
CONFIDENCE = 0.6
LN2, LN4 = math.log(2.0), math.log(4.0)


@dataclass(frozen=True)
class AtChance:
    generator: str
    generator_level: float  # the median of all but its first tenth
    adversary: str
    adversary_level: float
    since_step: int  # the first step after the first tenth


def _pinned(s: Series, levels: tuple[float, ...]) -> tuple[float, int] | None:
    """(median, first index) of all but the first tenth of ``s`` when it is pinned at one of ``levels``, else None."""
    v = s.values
    start = len(v) // 10  # (all but the first tenth: a GAN that learned and then settled at the balance -- a
    tail = v[start:]  # breaker's 1-D GAN matching its data, D dipping to 0.77 first -- is no stall)
    if len(tail) < MIN_LOGS or not np.isfinite(tail).all():
        return None
    mid = float(np.median(tail))
    if not any(abs(mid - level) <= NEAR * level for level in levels):
        return None
    if float(np.percentile(tail, 95) - np.percentile(tail, 5)) > QUIET * mid:
        return None
    return mid, start


def at_chance(curves: Curves | None) -> AtChance | None:
    """``AtChance`` when a GAN's two players' losses are pinned at a 0.5 discriminator's values (module notes)."""
    if curves is None or curves.adversary is None or curves.train_loss is None:
        return None
    g, d = _pinned(curves.train_loss, (LN2,)), _pinned(curves.adversary, (LN4, LN2))
    if g is None or d is None:
        return None
    dv = curves.adversary.values[np.isfinite(curves.adversary.values)]
    if float(dv.min()) < NEVER_WON * d[0]:  # it told real from fake once: a game played, then balanced (a breaker's
        return None  # 1-D GAN matching its data, the discriminator at 0.77 before both settled at ln 4 / ln 2)
    return AtChance(curves.train_loss.name, g[0], curves.adversary.name, d[0], int(curves.train_loss.steps[g[1]]))


def chance_verdict(verdict, curves: Curves | None):
    """``verdict`` turned `stalled` when its GAN's discriminator sits at chance (``at_chance``), a `stalled` one given
    the finding; None otherwise (a `nan`/`diverged` label stays as it is)."""
    from .verdict_base import Finding, who_chose

    found = at_chance(curves) if verdict.label in ("healthy", "underfit", "overfit", "stalled") else None
    if found is None:
        return None
    x = curves.train_loss.x
    summary = (f"The discriminator sits at chance: over nine tenths of the run ({x}s {found.since_step}-"
               f"{int(curves.train_loss.steps[-1])}) `{found.adversary}` stays at {found.adversary_level:.4g} and `{found.generator}` at {found.generator_level:.4g}, the losses of a "
               "discriminator that scores every image 0.5 (ln 4 / ln 2): the players are not learning from each other.")
    message = (f"GAN at chance: `{found.adversary}` {found.adversary_level:.4g} and `{found.generator}` "
               f"{found.generator_level:.4g} over all but the first tenth of the logs, within {NEAR:.0%} of ln 4 / ln 2 and "
               f"within {QUIET:.0%} of their level")
    advice = ("Check the discriminator: is it in its optimiser with a useful learning rate, is a sigmoid applied "
              "twice (a sigmoid output fed to BCEWithLogitsLoss), are real and fake batches labelled and normalised "
              "alike? Look at the generated samples: a generator without a signal from its discriminator does not "
              "improve.")
    if verdict.label == "stalled":  # already: the finding says why
        return dataclasses.replace(verdict, findings=verdict.findings + (Finding("gan_at_chance", message,
                                                                                 found.since_step),))
    was = Finding("possible_" + verdict.label, f"{who_chose(verdict.label, verdict.confidence, verdict.method)} on "
                                               "the generator's loss, but the discriminator sits at chance")
    return dataclasses.replace(verdict, label="stalled", confidence=CONFIDENCE, summary=summary, method="rules",
                               advice=(advice,), findings=verdict.findings + (Finding("gan_at_chance", message,
                                                                                      found.since_step), was),
                               evidence={**verdict.evidence, "at_chance_since_step": found.since_step})
