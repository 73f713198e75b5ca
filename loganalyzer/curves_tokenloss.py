"""A loss logged beside its own perplexity is a token-level language / sequence-to-sequence cross-entropy.

Perplexity is exp(the mean per-token cross-entropy): a log that prints ``ppl`` beside ``loss`` with ppl = exp(loss)
at the same steps (Joey NMT's ``Evaluation result (greedy) loss: 4.05, ppl: 57.12``, its ``validations.txt``,
fairseq's ``loss``/``ppl`` in base 2, a word LM's ``val_loss``/``val_ppl``) says what its loss is: a next-token
cross-entropy over a vocabulary. Its chance level is ln V (V the vocabulary: thousands of BPE tokens, ln 8,000 =
9.0), not the value it was first logged at: Joey NMT validates first after 500 steps, at 3.7-4.1 nats, which lies
within 10% of ln 41-57 and made ``verdict_floor``'s "first loss = ln k of guessing among k classes" rule call set
206's healthy Joey NMT course runs `underfit` (``joyoemmt3-206``: "its first logged loss 4.036 is ln 57"; opened
206's ``peypodmt3-206``: Batch_Loss 4.26 -> 3.91 in 5 logs, token accuracy 0.09, called "cut short, still high"
against that accuracy). Such a run is a language model for the verdict (``verdict_chance._language_model``).

``perplexity_of(table, cands, losses)``: the name of a series named as a perplexity (``verdict_ppl.is_perplexity``:
a word ``ppl``/``perplexity``) whose natural log equals one of the given loss series at every step both log (>= 1
shared step; |ln ppl - loss| <= max(0.01, 1% of the loss): printed losses are often rounded to 2 decimals, ln 57.12
= 4.045 for a printed 4.05), else None. A base-2 perplexity (2^loss, fairseq) matches too. Never raises.
"""
from __future__ import annotations

import math

import numpy as np

ABS_TOL = 0.01  # a loss printed with 2 decimals is off by <= 0.005 (the ppl printed beside it is exp of the unrounded)
REL_TOL = 0.01


def _matches(ppl_steps, ppl_values, loss_steps, loss_values) -> bool:
    shared, i, j = np.intersect1d(loss_steps, ppl_steps, return_indices=True)
    if not len(shared):
        return False
    loss, ppl = np.asarray(loss_values, float)[i], np.asarray(ppl_values, float)[j]
    ok = np.isfinite(loss) & np.isfinite(ppl) & (ppl > 0)
    if not ok.any() or not (ok | ~np.isfinite(loss)).all():
        return False
    loss, ppl = loss[ok], ppl[ok]
    tol = np.maximum(ABS_TOL, REL_TOL * np.abs(loss))
    for base in (math.e, 2.0):
        if bool((np.abs(np.log(ppl) / math.log(base) - loss) <= tol).all()):
            return True
    return False


def perplexity_of(table, cands, losses) -> str | None:
    """The perplexity series' name that ``losses`` (curves ``Series``, None skipped) are the log of (module notes)."""
    from .verdict_ppl import is_perplexity

    try:
        losses = [s for s in losses if s is not None and len(s.values)]
        if not losses:
            return None
        for c in cands:
            if c.summary or not is_perplexity(c.tag):
                continue
            steps, values = table.steps[c.start:c.stop], table.values[c.start:c.stop]
            if any(is_perplexity(s.tag) for s in losses if s.tag == c.tag and s.dir == c.dir):
                continue  # the judged loss is this perplexity itself
            if any(_matches(steps, values, s.steps, s.values) for s in losses):
                return c.name
    except (AttributeError, IndexError, TypeError, ValueError):  # an odd table: no claim
        return None
    return None
