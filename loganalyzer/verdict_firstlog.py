"""How much of its fall a training loss gave back, measured from its first log when a fast first drop hides in the
robust start (``verdict_climb``: the collapse and linear-scale climb checks)."""
from __future__ import annotations

import math

from .curves import Series
from .verdict_evidence import finite


def back_from_first(shape, series: Series | None) -> float:
    """The share of its fall the loss gave back, measured from the higher of its quoted start (``start``: the first
    logged value unless a spike) and its first logged value, rather than from its robust start (``initial``) (in decades for a log-scale loss, in value otherwise): a fast drop over the first logs hides in the robust
    start (the median of the first bins), so a loss that ends at that start is "back where it started" only if it
    is back near its first log too. Public multisource123 ``0901_1132_09`` (a signed combined loss, `healthy`: 1.257
    at its first log, a dip to -1.5 at step 10, then about 0.1 falling to -0.21) gave back 90% of its fall from the
    robust start 0.013 and was `diverged` 0.82; from its first log it gave back 31%. A climb (``_climbed``) on a
    log-scale loss keeps the robust start's measure: a fine-tune's fast first drop is no part of what it learned.
    The first log counts only when the drop it hides (first log to robust start) is at least the fall the robust
    start shows (robust start to best): a first log a little above the rest is noise of the first epoch (public iae40,
    an adversarial autoencoder's decoder loss 0.00815 at epoch 1, robust start 0.0076, best 0.00624, 0.00771 at
    the last: back where it started, `diverged`)."""
    _, v = finite(series)
    top = max(shape.start, float(v[0])) if len(v) else shape.start
    if shape.log_scale:
        if not (top > shape.initial > shape.minimum > 0 and shape.final > 0) or \
                math.log10(top / shape.initial) < math.log10(shape.initial / shape.minimum):
            return shape.giveback  # (a first log within the fall the robust start shows: no hidden drop)
        return math.log10(shape.final / shape.minimum) / math.log10(top / shape.minimum)
    if top - shape.initial < shape.initial - shape.minimum:
        return shape.giveback
    return (shape.final - shape.minimum) / max(top - shape.minimum, 1e-12)
