"""Evaluation lines counting their own batches (used by ``readers/joblog.py``).

A from-scratch training loop (numpy CNNs, hand-written torch loops) prints its training lines with a batch counter
and, after each epoch, an evaluation block whose lines count the evaluation's batches with the same words::

    batch 400 train loss 0.7312 train acc 0.18
    batch 500 train loss 0.6978 train acc 0.18
    Epoch 2 evaluation:
    batch 100 test loss 0.7500 test acc 0.27
    batch 200 test loss 0.7500 test acc 0.27

The evaluation lines parse as training lines with a step of their own, and that step goes back (100 after 500):
each evaluation block opened a new run, and the training after it another (11 runs from a 10-epoch log; 20 here
from 10). A line whose every value is named as an evaluation's (``test_``/``val_``/``eval_``... as ``joblog._VAL``)
and whose counter is below the last training line's step, in a log that also prints training-named lines, is the
evaluation of the training so far: it is an evaluation point at that training step (the block's last line per name
is kept, as for a validation bar's last redraw), and no run boundary; a step-less evaluation line right after such
a block (placed at its last line's own count) goes with it.
"""
from __future__ import annotations

import re
from dataclasses import replace

# shapes whose validation-named lines are a training's own curve, never an evaluation of the training before them
# (the Theano tutorials' fine-tuning prints only its validation error, its epochs from 1 after the pre-training's)
OWN_CURVES = frozenset({"theano"})
_EVAL_NAME = re.compile(r"(?:^|_)(?:val|valid|validation|eval|evaluation|test|dev)(?:_|$)", re.IGNORECASE)


def keep_last(out: list, block: dict, hit) -> None:
    """Append ``hit`` (an evaluation line moved to the training step before it) to ``out``, blanking (None) the
    earlier line of the same block for each of its tags -- the block's last line holds; ``block``: tag -> index in
    ``out`` of the block's line so far (changed in place; the caller empties it when a training line starts a new
    block)."""
    for tag in {t for t, _ in hit.record.values}:
        j = block.get(tag)
        if j is not None and out[j] is not None:
            out[j] = None
    for tag, _ in hit.record.values:
        block[tag] = len(out)
    out.append(hit)


def _named_eval(record) -> bool:
    return bool(record.values) and all(_EVAL_NAME.search(t) for t, _ in record.values)


def eval_counters(hits: list, notes: list, make_hit) -> list:
    """``hits`` with such evaluation lines placed at the training step before them (module docstring);
    ``make_hit(hit, record, step)`` builds a hit."""
    if not any(h.record.kind == "train" and h.step is not None and not _named_eval(h.record) for h in hits):
        return hits
    out: list = []
    last_train, moved, block, moved_from = None, 0, {}, None
    for h in hits:
        r = h.record
        if r.kind == "train" and h.step is not None and not _named_eval(r):
            last_train, block, moved_from = h.step, {}, None
        elif r.kind == "eval" and r.step is None and moved_from is not None and h.step == moved_from:
            out.append(make_hit(h, r, last_train))  # the block's step-less scores after it (public satwong221's
            continue  # 'Validation Epoch: 1\tBLEU-1 (0.35)..' at the batch count 300 of the line before): there too
        elif r.kind == "train" and h.step is not None and last_train is not None and h.step < last_train \
                and r.shape not in OWN_CURVES:
            hit = make_hit(h, replace(r, kind="eval", step=last_train), last_train)
            moved_from = h.step
            moved += 1
            keep_last(out, block, hit)
            continue
        out.append(h)
    if not moved:
        return hits
    notes.append(f"{moved} evaluation lines counting their own batches (step below the training's) are "
                 "evaluations at the training step before them, not new runs; each block's last line is kept")
    return [h for h in out if h is not None]
