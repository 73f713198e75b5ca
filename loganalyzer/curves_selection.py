"""A model-selection score whose logged running best is its minimum: the run's validation loss (lower is better).

Training scripts that pick the checkpoint by a score of their own log it beside the best value so far:
public metricgants211 ``20260728-t2-d2-official-negative/history.json`` (6 epoch records of a metric-discriminator's
calibration: ``current_first_mse`` 0.0881 -> 0.0042 on the training records, ``selection_score`` 0.316 at epoch 1 ->
0.383, 0.412, 0.369, 0.448, 0.397 at epoch 6, ``best_score`` 0.316 throughout, ``best_epoch`` 1, ``improved`` False
after epoch 1). ``selection_score`` is no loss word nor a split's, and ``score`` is a higher-is-better metric word
(``curves_names.METRIC_UP``), so the clear overfit was judged on ``calibration.mse`` as the training loss, `stalled`.
Its ``best_score`` says which way it goes: at every record it is the running MINIMUM of ``selection_score``.

Rule (``selection_losses``): an unmarked series (no split word, no loss or accuracy word) named by a selection word
(``score``, ``criterion``, ``selection``, ``monitor``: ``_WORDS``, plain words aside), with >= 3 finite logs, beside a
series of its dir named ``best``/``min`` + score/criterion (``curves_names.RUNNING_MIN``) at the same steps that equals
its running minimum (``np.minimum.accumulate``, rtol 1e-6) and is not its running maximum, is re-marked ``val`` and
taken as a loss: the validation loss, lower is better. A best that is its running maximum (an accuracy-like score)
makes it no loss. Needs that logged best: a bare ``score`` says nothing of its direction.
"""
from __future__ import annotations

import numpy as np

from .curves_names import ACC_WORDS, LOSS_WORDS, PLAIN_WORDS, RUNNING_MIN, _Cand

_WORDS = frozenset({"score", "criterion", "selection", "monitor", "metric"})
_HEAD = frozenset({"score", "criterion"})


def _aligned(a: _Cand, b: _Cand) -> bool:
    return a.n == b.n and np.array_equal(a.src.steps_of(a), b.src.steps_of(b))


def selection_losses(cands: list[_Cand], notes: list[str]) -> list[_Cand]:
    """The selection scores of ``cands`` to judge as validation losses (module docstring), re-marked ``val``; a note
    names them. [] when there is none."""
    out = []
    for c in cands:
        ws = set(c.words) - PLAIN_WORDS
        if c.marker is not None or c.summary or c.src is None or c.n < 3 or not ws & _HEAD or not ws <= _WORDS \
                or ws & (LOSS_WORDS | ACC_WORDS):
            continue
        v = c.values()
        if not np.isfinite(v).all():
            continue
        for b in cands:
            bw = set(b.words) - PLAIN_WORDS
            if b is c or b.dir != c.dir or not bw & RUNNING_MIN or not bw - RUNNING_MIN <= _WORDS | {"val"} \
                    or not _aligned(b, c):
                continue
            best = b.values()
            if np.allclose(best, np.minimum.accumulate(v), rtol=1e-6) \
                    and not np.allclose(best, np.maximum.accumulate(v), rtol=1e-6):
                out.append((c, b))
                break
    for c, _ in out:
        c.marker = "val"
    if out:
        notes.append("no validation series named like a loss: " + ", ".join(
            f"{c.name} (its logged best {b.name} is its running minimum: lower is better)" for c, b in out)
            + " is the model-selection score, judged as the validation loss")
    return [c for c, _ in out]
