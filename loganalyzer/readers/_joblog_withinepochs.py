"""A within-epoch counter that starts over every epoch, on lines naming no epoch (for ``readers/joblog.py``).

A script may print only its position in the epoch (public mipunet105 ``train_logs.txt``/``train_logs5``, a U-Net
trained on image patches, ``print(f"Patch number: {i} / {len(loader)}, Train loss: {loss:.6f}")`` every 100
patches, then the epoch's validation scores)::

    Patch number: 20899 / 20955, Train loss: 0.127410
    avg_overlap_scores: 0.7790737388648836
    avg_dice_scores: 0.47226407534477965
    Patch number: 99 / 20955, Train loss: 0.134514

The counter (``N / TOTAL``: ``_progress_counter.WITHIN_NOUN``) is each line's step, and where it went back the log
was split into a run per epoch (ten runs). ``counted_epochs(hits, notes)``: when every training line with a step
prints such a counter, all with one TOTAL, and it goes back at least once, every time to the first count of the
log after a cycle that reached the epoch's end (its last count within one stride of TOTAL, or every cycle ending at one count: a
breaker's ``if i >= 5000: break`` on a 20955-patch loader), the lines are one training, epoch ``k`` (counted from 0 at the log's first line) at ``k x TOTAL + N``; the lines placed after a
training line (its evaluations, those counting their own batches too) move with it. A count going back anywhere else (a relaunch cut mid-epoch) leaves
the steps as they were. One note says so. A restart where the loss goes back to the log's first level is a
second training appended (``_relaunches``): its epochs count from 0 again.
"""
from __future__ import annotations

from dataclasses import replace


def _counted(h) -> bool:
    r = h.record
    return (r.kind == "train" and r.own_step and r.epoch is None and r.total is not None and r.step is not None
            and r.per_epoch is None and r.within)  # a named item counter only: '[ 1/10] Train Loss = ..' counts
    # epochs, each model of public wildfire107's six a run of its own (pairs of them were joined as 20 epochs)


def _loss(h) -> float | None:
    values = h.record.values
    return next((v for k, v in values if "loss" in k.lower()), values[0][1] if values else None)


def _relaunches(lines: list, back: list) -> list:
    """The restarts in ``back`` where the training loss went back to the log's first level (within 10%) after
    falling below 3/4 of it: a second training appended to the log (a breaker's two 3-epoch trainings of
    ``Sample number: i / 2048, Train loss: ..``), its epochs counted from 0 again (so the log splits there)."""
    first = _loss(lines[0])
    if first is None or first <= 0:
        return []
    out = []
    for i in back:
        now, before = _loss(lines[i]), _loss(lines[i - 1])
        if now is not None and before is not None and abs(now - first) <= 0.1 * first and before < 0.75 * first:
            out.append(i)
    return out


def counted_epochs(hits: list, notes: list[str]) -> list:
    """``hits`` with the steps of a restarting within-epoch counter made one training's (module docstring; the
    hits' ``step`` changed in place)."""
    lines = [h for h in hits if h.record.kind == "train" and h.step is not None]
    if len(lines) < 4 or not all(_counted(h) for h in lines):
        return hits
    total = lines[0].record.total
    if any(h.record.total != total or h.record.step > total for h in lines):
        return hits
    counts = [h.record.step for h in lines]
    gaps = [b - a for a, b in zip(counts, counts[1:]) if b > a]
    stride = min(gaps) if gaps else 1
    back = [i for i in range(1, len(counts)) if counts[i] < counts[i - 1]]
    ends = {counts[i - 1] for i in back}
    if not back or any(counts[i] != counts[0] for i in back) \
            or any(counts[i - 1] + stride <= total for i in back) and (len(ends) > 1 or max(counts) not in ends):
        return hits
    relaunched = {lines[i].offset for i in _relaunches(lines, back)}
    epoch, previous, seen = 0, None, False
    for h in hits:
        if h.record.kind == "train" and h.step is not None:
            if previous is not None and h.record.step < previous:
                epoch = 0 if h.offset in relaunched else epoch + 1
            previous, seen = h.record.step, True
            h.step = epoch * total + h.record.step
        elif seen and h.step is not None and (h.record.step is None or h.record.kind == "eval" and h.step == previous
                                              and h.record.total != total):
            h.step += epoch * total  # an evaluation placed at the training line before it (one counting its own
            # batches, 'Validation Batch: [300/391]', given that line's count: public satwong221, every epoch's
            # validation was at step 6400 of 4 epochs of 6468 batches)
    notes.append(f"the within-epoch counter (N / {total}) starts over {len(back)} time(s) on lines naming no epoch: "
                 f"read as {len(back) + 1} epochs of one training, epoch k at k x {total} + N")
    return hits


def items_after_training(hits: list) -> list:
    """``hits`` with the item counter of lines printed after the last training line naming an epoch no step: a
    breaker's ``Epoch e/20: train_loss=.., val_loss=..`` then ``Predicting test images...`` and ``Image i / 10, loss:
    .., dice: ..`` per image -- an evaluation pass after the training, whose ``i / 10`` as steps moved the epochs to
    steps 0..19. Those lines stay at the last epoch, as before the counter was read (records changed in place)."""
    epochs = [h.offset for h in hits if h.record.kind == "train" and h.record.epoch is not None]
    items = [h for h in hits if _counted(h)]
    if not epochs or not items or min(h.offset for h in items) < max(epochs):
        return hits
    for h in items:
        h.record = replace(h.record, step=None, own_step=False, total=None)
    return hits
