"""Two tqdm bars under one epoch description, the second counting another total: the epoch's evaluation (used by
``readers/joblog.py``).

A MindSpore (or hand-written) loop describing both of its passes with the epoch alone (public mindspore_tqdm
``train_log.log``, audit 41q; ``\\r`` redraws shown one per line)::

    Epoch 0: 100%|######################| 137/137 [02:47<00:00,  1.22s/it, loss=0.551]
    Epoch 0: 100%|######################| 34/34 [00:09<00:00,  3.47it/s, acc=0.82, loss=0.434]
    Epoch 1: 100%|######################| 137/137 [01:05<00:00,  2.11it/s, loss=0.449]
    Epoch 1: 100%|######################| 34/34 [00:06<00:00,  5.55it/s, acc=0.86, loss=0.356]

The second bar's ``loss`` went into the training's ``loss`` at ``epoch x 34 + k`` (steps going back each epoch:
the run split in two, 99 epochs of the training's loss lost). ``eval_bars(hits)``: where every epoch description
(two at least) draws a bar of total ``T1`` and then one of another total ``T2`` (the same two totals in every
epoch; the last epoch may have only the first: a job killed in its evaluation), the second bar is the epoch's
evaluation: its names get ``val_`` (none of them naming a split already) and its last redraw (its running mean over
the evaluation set) is the one point, at the epoch's last training step. Its other redraws are no points.

A loop that evaluates before it trains draws the evaluation's bar first. The bar of the smaller total is taken as
the evaluation (a validation set is smaller than its training set): drawn first, its point stands at the previous
epoch's last training step (before the first epoch: the step before the first training step, at least 0). A
breaker's real tqdm output (8 evaluation batches, then 30 training ones, both described ``Epoch e``) had its
evaluation read as the training ``loss`` and its training as ``val_loss``.

The training's total may change from epoch to epoch (pseudo-labelling adding data: 30, 33, 36.. batches; a shorter
last epoch): then the bar whose total stays the same is the evaluation, and each training bar's batches are counted
on from the epochs before (stop 41's breaker: two runs and ~130 training points lost as "resumed sessions").
"""
from __future__ import annotations

from dataclasses import replace

from ._progress_asciibar import drop_final_redraw

_SPLIT = ("val_", "valid_", "validation_", "test_", "eval_", "dev_")


def _bars(hits: list) -> list[list[int]] | None:
    """Indices of the tqdm hits cut into bars (consecutive hits of one epoch and total), or None when a hit of
    another shape lies among them."""
    bars: list[list[int]] = []
    key = None
    for i, h in enumerate(hits):
        r = h.record
        if r.shape != "tqdm" or r.kind != "train" or r.epoch is None or not r.total or r.step is None:
            return None
        k = (r.epoch, r.total)
        if k != key:
            bars.append([])
            key = k
        bars[-1].append(i)
    return bars


def eval_bars(hits: list, data=None) -> list:
    """``hits`` with each epoch's second bar made its evaluation point (module docstring); unchanged otherwise.
    First, with ``data``, an ASCII bar's final line drawn twice counts once (``_progress_asciibar``)."""
    if data is not None:
        hits = drop_final_redraw(data, hits)
    if len(hits) < 4:
        return hits
    bars = _bars(hits)
    if bars is None:
        return hits
    epochs: dict[float, list[list[int]]] = {}
    order: list[float] = []
    for bar in bars:
        e = hits[bar[0]].record.epoch
        if e not in epochs:
            if order and e <= order[-1]:
                return hits  # the epochs go back: launches or folds, not this shape
            order.append(e)
        elif order[-1] != e:
            return hits
        epochs.setdefault(e, []).append(bar)
    totals = [tuple(hits[b[0]].record.total for b in epochs[e]) for e in order]
    full = [t for t in totals if len(t) == 2]
    if len(full) < 2 or any(len(t) != 2 for t in totals[:-1]):
        return hits
    if len(set(full)) == 1:
        if full[0][0] == full[0][1] or totals[-1] not in (full[0], full[0][:1]):
            return hits
        eval_first = full[0][0] < full[0][1]  # the smaller bar is the evaluation, drawn before the training
        steady = True
    else:  # the training's total changes (data added each epoch, a shorter last epoch): the steady one evaluates
        steady = False
        constant = [len({t[k] for t in full}) == 1 for k in (0, 1)]
        if constant.count(True) != 1:
            return hits
        eval_first = constant[0]
        if len(totals[-1]) == 2 and totals[-1][1 - eval_first] != full[0][1 - eval_first]:
            return hits  # (the evaluation's total is that constant one, in the last epoch too)
        if len(totals[-1]) == 1 and eval_first:
            return hits
    for e in order:
        if len(epochs[e]) == 2:
            names = {n for i in epochs[e][1] for n, _ in hits[i].record.values}
            if any(n.lower().startswith(_SPLIT) for n in names):
                return hits
    drop: set[int] = set()
    out = list(hits)
    if not steady:  # each epoch's batches counted on from the epochs before (e x total + n no longer is the step)
        done = 0
        for e in order:
            train = epochs[e][int(eval_first)] if len(epochs[e]) == 2 else epochs[e][0]
            for i in train:
                r = hits[i].record
                n = r.step - int(r.epoch) * r.total
                out[i] = hits[i] = replace(hits[i], record=replace(r, step=done + n), step=None)
            done += hits[train[0]].record.total
    end = None  # the last training step so far: where an evaluation drawn first stands
    for e in order:
        if eval_first:
            evaluation, train = epochs[e][0], (epochs[e][1] if len(epochs[e]) == 2 else [])
            at = end if end is not None else max(0, min(hits[i].record.step for i in train or evaluation) - 1)
            if train:
                end = max(hits[i].record.step for i in train)
        elif len(epochs[e]) != 2:
            continue
        else:
            train, evaluation = epochs[e]
            at = end = max(hits[i].record.step for i in train)
        last = evaluation[-1]
        drop.update(evaluation[:-1])
        h = hits[last]
        r = h.record
        record = replace(r, values=tuple((f"val_{n}", v) for n, v in r.values), kind="eval", step=at,
                         total=hits[(train or evaluation)[0]].record.total)
        out[last] = replace(h, record=record, transient=False)
    return [h for i, h in enumerate(out) if i not in drop]
