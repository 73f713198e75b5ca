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
log after a cycle that reached the epoch's end (its last count within one stride of TOTAL), the lines are one
training, epoch ``k`` (counted from 0 at the log's first line) at ``k x TOTAL + N``; the lines placed after a
training line (its evaluations) move with it. A count going back anywhere else (a relaunch cut mid-epoch) leaves
the steps as they were. One note says so.
"""
from __future__ import annotations


def _counted(h) -> bool:
    r = h.record
    return (r.kind == "train" and r.own_step and r.epoch is None and r.total is not None and r.step is not None
            and r.per_epoch is None)


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
    if not back or any(counts[i] != counts[0] or counts[i - 1] + stride <= total for i in back):
        return hits
    epoch, previous, seen = 0, None, False
    for h in hits:
        if h.record.kind == "train" and h.step is not None:
            if previous is not None and h.record.step < previous:
                epoch += 1
            previous, seen = h.record.step, True
            h.step = epoch * total + h.record.step
        elif seen and h.step is not None and h.record.step is None:
            h.step += epoch * total  # an evaluation placed at the training line before it
    notes.append(f"the within-epoch counter (N / {total}) starts over {len(back)} time(s) on lines naming no epoch: "
                 f"read as {len(back) + 1} epochs of one training, epoch k at k x {total} + N")
    return hits
