"""A `stalled` label on a short run whose loss fell by a third or more and set a new low at its last log
(``verdict_refine``): issue 9 kind 10 -- few points and a big fall are thin evidence of anything, not a stall.

Kind (stop 70, set 226): a Keras multi-output run logged 4 epochs, its total loss 1.247 -> 0.700 -> 0.661 -> 0.637
(49% lower, lower at every epoch); the shape model read "flat since step 1" and said `stalled` 0.5, and the short-run
checks did not apply (``verdict_cut.too_short_for_a_stall`` takes <= 3 logs, ``verdict_evidence.steady_fall`` asks
the last third of the moves to carry >= 10% of the fall). Public open ``duckietrainer226 1575553721_9c2b42``
(labelled `healthy`: "4 epochs, no validation; total loss 1.247 -> 0.637; Angular_Velocity_Out accuracy 0.225 ->
0.334"). domain.md's stalled "barely moves from its initial value ... or stops moving early while still near it":
a loss at half its first log is neither.

The test: the main loss (training, else validation) has ``MIN_LOGS``-``MAX_LOGS`` (4-5) finite positive logs, its
last log is its lowest, and it ended >= ``FALL`` (30%) below its first log. Then `healthy` (with the refuted
confidence cap of ``verdict_stall``): nothing logged shows a plateau, and too few logs show anything more. Longer runs
are not taken: a loss that fell 30% into ln k and sat there is a stall (``verdict_guesslevel``).
"""
from __future__ import annotations

from .curves import Curves
from .features import RunFeatures
from .verdict_base import _fmt, _pct, _step
from .verdict_evidence import finite
from .verdict_stall import NoStall

MIN_LOGS, MAX_LOGS, FALL = 4, 5, 0.30


def short_fall(f: RunFeatures, curves: Curves | None) -> NoStall | None:
    """``NoStall("healthy", ...)`` for a 4-5 log run whose loss fell >= 30% to a last log that is its lowest, else
    None."""
    if curves is None:
        return None
    main = curves.train_loss if f.train is not None else curves.val_loss
    s, v = finite(main)
    if not MIN_LOGS <= len(v) <= MAX_LOGS or v.min() <= 0 or v[-1] > v.min():
        return None
    fall = 1 - float(v[-1]) / float(v[0])
    if fall < FALL:
        return None
    return NoStall("healthy", f"`{main.name}` fell {_pct(fall)} in {len(v)} logs, from {_fmt(float(v[0]))} at step "
                              f"{_step(int(s[0]))} to {_fmt(float(v[-1]))} at step {_step(int(s[-1]))}, its lowest: "
                              "a run cut short after a big fall, too few logs to show a plateau, and no stall",
                   "short_fall")
