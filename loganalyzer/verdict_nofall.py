"""An `underfit` whose training loss never fell is a stall (the stall/underfit boundary, stop 27).

domain.md: underfit is a loss that "does decrease but flattens out high"; stalled is a loss that "barely moves from
its initial value for the whole run". ``never_fell`` checks an `underfit` label against the first half of that: the
main loss (training, else validation) whose end level (the median of its last tenth) sits at or above its first
logged value -- it did not decrease at all, whatever a smoothed start says of a noisy series -- while staying
below 1.5x its first value (above that is ``rule_scores``' diverged) is `stalled`, unless a stall is refuted by the other losses or the accuracy
(``verdict_stall.stall_refuted``: validation fell, a broken constant series while an accuracy rose...).

Dev evidence (public dev, non-held-out): the tool's `underfit` on such runs were four labelled `stalled`
(``autoapi v5``: an unscaled regression's train loss 8.2e11 -> 1.0e12 around its start, val -0.007%;
``solarwgan v2``: a resumed WGAN's generator loss 0.0082 -> 0.0100, no trend; ``crypto-thesis attention_lstm``
0.1003 -> 0.1006; ``drown-yolo train7`` 6.80 -> 7.07), one labelled `healthy` (``ramagan``, a GAN, already wrong)
and none labelled `underfit`. The two whose validation fell >= 10% (attention_lstm, drown-yolo train7) stay
`underfit`: ``stall_refuted`` says the model learned something there, and this rule does not overrule it. Measured:
autoapi v5 and solarwgan v2 right, ramagan healthy stays wrong (underfit -> stalled), nothing else changed.
"""
from __future__ import annotations

from dataclasses import dataclass

from .curves import Curves
from .features import RunFeatures
from .features_robust import end_level
from .verdict_base import _fmt, _step
from .verdict_evidence import finite
from .verdict_stall import stall_refuted

NO_FALL_CEILING = 1.5  # ends >= 1.5x its first value: rule_scores' diverged (0.176 decades), not a stall
NO_FALL_CONFIDENCE = 0.55  # the labels on these runs are judgement calls (clear=no but for autoapi v5)


@dataclass(frozen=True)
class NoFall:
    name: str
    first: float
    first_step: int
    end: float
    last_step: int
    lowest: float
    lowest_step: int

    @property
    def reason(self) -> str:
        return (f"`{self.name}` never fell: {_fmt(self.first)} at its first log (step {_step(self.first_step)}), "
                f"{_fmt(self.end)} at its end (median of its last tenth, last step {_step(self.last_step)}; lowest "
                f"logged {_fmt(self.lowest)} at step {_step(self.lowest_step)}), and no other series shows learning")


def never_fell(f: RunFeatures, curves: Curves | None) -> NoFall | None:
    """The main loss's course when it ended at or above where it started (module notes), else None."""
    if curves is None:
        return None
    shape = f.train if f.train is not None else f.val
    series = curves.train_loss if f.train is not None else curves.val_loss
    if shape is None or series is None:
        return None
    s, v = finite(series)
    if len(v) < 5:
        return None
    first, end = float(v[0]), end_level(v)
    if end < first:
        return None
    if abs(end) >= NO_FALL_CEILING * abs(first) or (first > 0) != (end > 0):
        return None
    if stall_refuted(f, curves) is not None:
        return None
    low = int(v.argmin())
    return NoFall(series.name, first, int(s[0]), end, int(s[-1]), float(v[low]), int(s[low]))
