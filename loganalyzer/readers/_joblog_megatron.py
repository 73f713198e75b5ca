"""Megatron-LM's closing evaluations (``pretrain()``'s ``evaluate_and_print_results`` with the prefix ``the end of
training for val data`` / ``... for test data``), for ``joblog``.

``_progress_classic.megatron`` reads them as ``val_<name>`` / ``test_<name>`` records without a step (placed at the
last training step). A run whose last iteration was also an ``eval_interval`` step printed ``validation loss at
iteration 640`` before: two validation values at one step. The closing evaluation is the run's final point:
``end_evals(hits)`` drops the in-training evaluation at the same step whose names it repeats.
"""
from __future__ import annotations

from ._progress_classic import END_SHAPE


def end_evals(hits: list) -> list:
    """``hits`` (steps resolved) less each evaluation an end-of-training one repeats at its step."""
    ends = [h for h in hits if h.record.shape == END_SHAPE and h.step is not None]
    if not ends:
        return hits
    dropped = set()
    for end in ends:
        tags = {t for t, _ in end.record.values}
        for h in hits:
            if h.offset < end.offset and h.record.kind == "eval" and h.record.shape != END_SHAPE and h.step == end.step \
                    and {t for t, _ in h.record.values} <= tags:
                dropped.add(id(h))
    return [h for h in hits if id(h) not in dropped]
