"""An evaluation pass's per-iteration lines before the pass's own average line (for ``readers/joblog.py``).

PaddleClas prints each evaluation's progress every 10 iterations and then its result (public paddleclas119
``train.log``)::

    ppcls INFO: [Eval][Epoch 1][Iter: 10/25]CELoss: 6.90936, loss: 6.90936, top1: 0.00071, top5: 0.00732, ...
    ppcls INFO: [Eval][Epoch 1][Iter: 20/25]CELoss: 6.90143, loss: 6.90143, top1: 0.00049, top5: 0.00521, ...
    ppcls INFO: [Eval][Epoch 1][Avg]CELoss: 6.90268, loss: 6.90268, top1: 0.00146, top5: 0.00606

The ``Iter: i/N`` lines are running values of the pass so far, counted on the pass's own iterations; they were
read as the validation loss (at the training's steps, the last one of each pass: 3.92 where the epoch's average
said 3.20) and the average line became a second series ``val_CELoss_epoch``. ``pass_averages`` drops the running
lines right before an average line that names the same epoch and the same validation series (each an evaluation
split's name), counted on a counter of their own (not the training lines' ``Iter: i/N``: those are evaluations at
training iterations), so the pass's average is the validation's one point per epoch, under its own name; in such a log, the
running lines of a pass that printed no average (cut short by a crash) go too.
"""
from __future__ import annotations

_SPLITS = ("val_", "valid_", "validation_", "eval_", "test_")


def _tags(h) -> frozenset:
    return frozenset(t for t, _ in h.record.values)


def eval_named(tags: frozenset) -> bool:
    """Whether every one of ``tags`` is an evaluation split's series (``val_loss``, ``validation_loss``, ``test_acc``)."""
    return bool(tags) and all(t.lower().startswith(_SPLITS) for t in tags)


def pass_averages(hits: list) -> list:
    """``hits`` less each evaluation pass's running lines before its average line (module docstring)."""
    # the counters the training lines print ('[Train][Epoch 1/400][Iter: 90/98]'): an evaluation line on one of those
    # is an evaluation AT a training iteration, a result of its own (a breaker's 'val every 100 of 300 iterations'
    # then one closing '[Avg]' line lost 17 of its 18 validations and its overfit)
    trained = {h.record.total for h in hits if h.record.own_step and h.record.total and not eval_named(_tags(h))}
    drop: set = set()
    for i, h in enumerate(hits):
        r = h.record
        if r.own_step or r.epoch is None or r.step is None or r.step != int(r.epoch) or not eval_named(_tags(h)):
            continue
        j = i - 1
        while j >= 0 and hits[j].record.own_step and hits[j].record.total and hits[j].record.epoch == r.epoch \
                and hits[j].record.total not in trained and _tags(hits[j]) <= _tags(h) and eval_named(_tags(hits[j])):
            drop.add(j)
            j -= 1
    if not drop:
        return hits
    averaged = {(_tags(hits[k]), hits[k].record.total) for k in drop}  # a pass cut short (a crash mid-evaluation)
    return [h for k, h in enumerate(hits) if k not in drop  # printed no average: its running lines are no result
            and not (h.record.own_step and (_tags(h), h.record.total) in averaged)]  # either (the same pass counter)
