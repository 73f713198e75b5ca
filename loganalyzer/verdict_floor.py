"""Underfit without a class count (issue 9, kind 5): the chance level presumed from the log itself.

domain.md's underfit: "a plateau reached early while the loss is still high relative to what the task allows
(accuracy near chance, or loss near the ln k of guessing), training and validation loss close together, and no
downward trend left". With ``--num-classes``/``--chance-loss`` the rules know the floor. Without them, a classifier
that starts at chance tells k itself: a randomly initialised softmax head's cross-entropy starts at ln k (a little
above: random logits only add to it). So:

- the presumed k: the first logged training loss, logged at the start of training (its step <= 2% of the run), lies
  within [0.90, 1.10] x ln k for some k in 2..10 (the closest k in log terms). An accuracy series, when logged,
  must agree: its first value, when logged at the start too (<= 2% of the run), near chance (<= 1/k + 0.15), and its
  last value not that of a near-perfect classifier (<= 0.9).
- underfit by that floor: the training loss reached its plateau within the first 15% of the run
  (``plateau_start_position`` <= 0.15), has no downward trend left (``end_slope_snr`` > -2), ends at >= 40% of
  ln k after removing >= 5% of it (never moving at all is `stalled`'s business) by more than twice the log's
  point-to-point noise (one noisy batch of 8 reading ln k by chance says nothing), and validation, when logged,
  ends close to training (the rules' |gap| < 0.1 decade).

What keeps language models and fine-tunes out (they too end high in relative terms, domain.md):
- a language model from scratch starts at ln V for a vocabulary of hundreds to tens of thousands (ln V > 2.5): no
  k <= 10 matches. Its loss keeps creeping down for most of the run (power law), not flat from its first 15%.
- a fine-tune starts where pretraining left it, not at the ln k of a small k (to within -10%/+10%), and an accuracy
  it logs is far above chance from its first log; its plateau comes as the learning rate decays, late in the run.
- the real logs with a clear label: none of the healthy ones matches all of this (eval/real_labels.tsv).
A run that matches by coincidence is still reported with its evidence and a confidence of 0.65 at most, with a
finding that says how to settle it: ``--num-classes k`` (or ``--chance-loss``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .curves import Curves
from .features import RunFeatures
from .verdict_evidence import finite

K_RANGE = range(2, 11)
LOW, HIGH = 0.90, 1.10  # first logged loss / ln k (one batch at initialisation, or the mean of a first logging
# window in which the model already learned, reads a few % low)
PLATEAU_BY = 0.15  # the plateau reached within the first 15% of the run
FINAL_FRACTION = 0.40  # ... at >= 40% of ln k
FALL_NOISE = 2.0  # the fall from the first log >= 2x the point-to-point noise (log10 units)
PRESUMED_CONFIDENCE = 0.65


@dataclass(frozen=True)
class Floor:
    """The chance level a run's own log suggests: k classes, from its first logged loss."""

    k: int
    chance: float  # ln k
    first: float  # the first logged training loss
    first_step: int
    final: float  # the training loss's end level (median of its last logs)
    accuracy_first: float | None = None
    accuracy_last: float | None = None

    @property
    def final_fraction(self) -> float:
        return self.final / self.chance


def presumed_floor(f: RunFeatures, curves: Curves) -> Floor | None:
    """k and ln k from the first logged training loss (and the accuracy, when logged), or None."""
    t = f.train
    if t is None or not t.log_scale or f.final_vs_chance == f.final_vs_chance:
        return None  # the floor is given (--num-classes/--chance-loss/hparams): the rules know it
    s, v = finite(curves.train_loss)
    if len(v) < 5:
        return None
    span = int(s[-1] - min(s[0], 0))
    if span <= 0 or (s[0] - min(s[0], 0)) > 0.02 * span:
        return None  # the first log is not at the start of training: its value says nothing about chance
    first = float(v[0])
    k = min(K_RANGE, key=lambda k: abs(math.log(first / math.log(k))))
    if not LOW <= first / math.log(k) <= HIGH:
        return None
    acc = curves.val_acc if curves.val_acc is not None else curves.train_acc
    a_first = a_last = None
    if acc is not None:
        a_s, a_v = finite(acc)
        if len(a_v):
            a_first, a_last = float(a_v[0]), float(a_v[-1])
            if a_v.max() > 1.0 or a_v.min() < 0.0:
                a_first = a_last = None  # a percentage or not an accuracy: no use
            elif a_last > 0.9 or ((a_s[0] - min(a_s[0], 0)) <= 0.02 * span and a_first > 1 / k + 0.15):
                return None  # near-perfect, or far above chance from its first log: not at chance at the start
    return Floor(k, math.log(k), first, int(s[0]), t.final, a_first, a_last)


def presumed_underfit(f: RunFeatures, curves: Curves) -> Floor | None:
    """The presumed floor when the run matches the underfit definition against it (see the module notes)."""
    floor = presumed_floor(f, curves)
    t = f.train
    if floor is None:
        return None
    removed = 1 - t.final / floor.first
    close = f.gap_final != f.gap_final or abs(f.gap_final) < 0.1
    # the fall from the first log stands out of the log's own wiggles: a single noisy first batch that happens to
    # read ln k, in a per-step log whose points jump by as much as the whole fall, tells nothing
    clear_fall = math.log10(floor.first / t.final) >= FALL_NOISE * t.noise
    if (t.plateau_start_position <= PLATEAU_BY and t.end_slope_snr > -2.0 and floor.final_fraction >= FINAL_FRACTION
            and removed >= 0.05 and close and clear_fall):
        return floor
    return None
