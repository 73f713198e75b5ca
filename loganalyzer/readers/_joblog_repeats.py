"""A printed series whose every step is printed k times (used by ``readers/joblog.py``).

Two processes of a ``torch.distributed`` job printing ``step 12: train loss 0.41`` on every rank into one stdout,
without a rank prefix (the reader picks rank 0 when there is one), interleave their lines in no fixed order: read as
they come, each step has k values and the curve zig-zags between the ranks' curves. A loop printing inside its
gradient-accumulation micro-batches prints each optimizer step k times too. Neither has one "right" line per step;
the per-step mean is the global loss of the ranks (equal shards) or of the accumulated batch, whatever the order.
A step printed k times with the same value (two log handlers, ``tee`` into the same file) is read once.
Validation series are left as printed: an evaluation printing its running average line by line (ImageNet's
ProgressMeter) repeats its step with values whose last one is the result, no mean.

A loop printing its epoch's running mean (public Aruen24/mobilenetv2-pytorch-2dliveness ``train.py``, d9e5ed1:
``print("Epoch: " + str(epoch+1) + "| train loss: " + str(total_train_loss/i))`` every 50 batches, then
``total_train_loss/len(train_loader)``) repeats its epoch with values whose LAST is the epoch's loss; their mean
weighs the epoch's first batches most. Running means are told from other repeats (``_running_means``): the moves
between a step's lines shrink (a mean of j values moves by about 1/j of a new batch's distance), and the batch
values they imply (``j x m_j - (j - 1) x m_(j-1)``) are never negative for a positive loss -- per-batch or per-rank
values zig-zag at the same size and imply negative batches. Then the last line of each step is read.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

_VAL = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test)(?:_|$)", re.IGNORECASE)
MIN_STEPS = 3  # fewer steps: too little to tell a pattern from a repeat
SHARE = 0.8  # of the steps printed exactly k times
MIN_RUNNING = 4  # lines a step for a running mean to be told
SHRINK = 0.55  # the median ratio of a step's later moves to its earlier ones below which its lines are running means
NEGATIVE = 0.02  # the share of implied batch values below zero a running mean may have (rounding)


def _running_means(values: np.ndarray, inverse: np.ndarray, counts: np.ndarray) -> bool:
    """Whether a positive series' lines at each step (in print order) are a running mean (module docstring)."""
    if counts.min() < MIN_RUNNING or not np.all(values > 0):
        return False
    negative = total = 0
    ratios = []
    for u in range(len(counts)):
        g = values[inverse == u]
        j = np.arange(1, len(g) + 1, dtype=np.float64)
        implied = j[1:] * g[1:] - j[:-1] * g[:-1]
        negative += int((implied < 0).sum())
        total += len(implied)
        moves = np.abs(np.diff(g))
        half = len(moves) // 2
        early = moves[:half].mean()
        if early > 0:
            ratios.append(moves[half:].mean() / early)
    return bool(ratios) and negative <= NEGATIVE * total and float(np.median(ratios)) < SHRINK


def mean_repeats(tags: list, steps: list, values: list, unlabelled: list) -> tuple[list, list, list, list[str]]:
    """(tags, steps, values) with each series that prints (almost) every step k >= 2 times read as one point per
    step (the mean of its values there, in the order of first appearance), and the notes saying so. Only series
    whose every line is ``unlabelled`` (no rank prefix, no user pattern: those see every rank on purpose)."""
    if len(steps) < 2 * MIN_STEPS:
        return tags, steps, values, []
    tag_arr = np.asarray(tags, dtype=object)
    step_arr = np.asarray(steps, dtype=np.int64)
    value_arr = np.asarray(values, dtype=np.float64)
    keep = np.ones(len(step_arr), dtype=bool)
    notes: list[str] = []
    out_values = value_arr.copy()
    for tag in dict.fromkeys(tags):
        if _VAL.search(tag):  # an evaluation printed as it goes (a running average): its last line is its value
            continue
        rows = np.flatnonzero(tag_arr == tag)
        if not all(unlabelled[i] for i in rows):
            continue
        uniq, first, inverse, counts = np.unique(step_arr[rows], return_index=True, return_inverse=True,
                                                 return_counts=True)
        if len(uniq) < MIN_STEPS:
            continue
        k = int(np.bincount(counts).argmax())
        if k < 2 or (counts == k).mean() < SHARE:
            continue
        span = f"{int(uniq[0]):,}–{int(uniq[-1]):,}"
        if _running_means(value_arr[rows], inverse, counts):
            last = np.zeros(len(uniq), dtype=np.int64)
            last[inverse] = np.arange(len(rows))  # the last row of each step (rows are in print order)
            keep[rows] = False
            keep[rows[last]] = True
            notes.append(f"{tag!r}: every step ({span}) printed {k} times as a running mean (each line the mean "
                         "so far); the last line of each step is its value")
            continue
        sums = np.bincount(inverse, weights=value_arr[rows], minlength=len(uniq))
        means = sums / counts
        same = bool(np.all(value_arr[rows] == means[inverse]))
        keep[rows] = False
        keep[rows[first]] = True
        out_values[rows[first]] = means
        if same:
            notes.append(f"{tag!r}: every step ({span}) printed {k} times with the same value (the log written twice: "
                         "two handlers, tee?); read once")
        else:
            notes.append(f"{tag!r}: every step ({span}) printed {k} times with other values (processes printing "
                         "without a rank prefix, or a line per micro-batch or batch at one step or epoch counter); the curve is "
                         "their per-step mean")
    if not notes:
        return tags, steps, values, []
    idx = np.flatnonzero(keep)
    return ([tags[i] for i in idx], step_arr[idx].tolist(), out_values[idx].tolist(), notes)


def sanity_check(tags: list, steps: list, values: list) -> tuple[list[int] | None, list[str]]:
    """(the rows to keep, None for all; the note) leaving out a validation series' first line when it is PyTorch Lightning's sanity check:
    ``Trainer(num_sanity_val_steps=2)`` runs the validation loop on two batches before training, so a LightningModule
    printing in ``on_validation_epoch_end`` prints epoch 0's (or 1's, counted from 1) validation line twice -- first
    from an untrained model (public eraimagenet154 ``EPOCH 1 VAL - Loss: 6.9117, Acc: 0.00%`` before any training
    line, then ``EPOCH 1 VAL - Loss: 5.9321, Acc: 4.10%`` after epoch 1). Only when that series' first step is printed
    exactly twice, no other of its steps is repeated, and no training (non-validation) value was printed before it;
    said in a note. Lightning runs the sanity check at the start of every ``fit``, a resumed one too
    (``trainer.fit(model, ckpt_path=...)``): a session appended to the same file opens with the validation line of the
    epoch it resumes at, before that epoch's training (brk58 #8: ``EPOCH 11 VAL`` then ``EPOCH 11 TRAIN`` then
    ``EPOCH 11 VAL``). Such a repeated step's first line is left out too: one printed exactly twice, a training value
    at that step printed between the two and none before the first (``_resumed_sanity``)."""
    first_train = next((i for i, t in enumerate(tags) if not _VAL.search(str(t))), len(tags))
    drop: set[int] = set()
    names: list[str] = []
    for tag in dict.fromkeys(tags):
        if not _VAL.search(str(tag)):
            continue
        at = [i for i, t in enumerate(tags) if t == tag]
        own = [steps[i] for i in at]
        if len(at) < MIN_STEPS or len(set(own)) == len(own):
            continue
        counts = Counter(own)
        firsts = [] if at[0] > first_train or own[0] != own[1] or own[0] != min(own) or counts[own[0]] != 2 \
            else [at[0]]
        repeated = {v for v, k in counts.items() if k > 1} - ({own[0]} if firsts else set())
        resumed = _resumed_sanity(tags, steps, at, own, repeated)
        if resumed is None or not firsts and not resumed:
            continue
        drop.update(firsts + resumed)
        names.append(str(tag))
    if not drop:
        return None, []
    keep = [i for i in range(len(tags)) if i not in drop]
    at_steps = ", ".join(str(s) for s in list(dict.fromkeys(steps[i] for i in sorted(drop)))[:5])
    note = (f"{', '.join(map(repr, names))}: the first line (step {at_steps}), printed before that step's training "
            "and printed again for the same step, is a sanity check's validation (Lightning's, at the start of each "
            "fit): left out")
    return keep, [note]


def _resumed_sanity(tags: list, steps: list, at: list[int], own: list, repeated: set) -> list[int] | None:
    """The rows (first of two) of a validation series' repeated steps ``repeated`` that are a resumed session's
    sanity check (``sanity_check``'s docstring), or None when some repeated step is not one (a real repeat: kept)."""
    if repeated and not _trains_first(tags, steps, at, own, repeated):
        return None  # a loop validating before it trains (every epoch's val line above its train line): no sanity
    out = []
    for s in sorted(repeated):
        rows = [i for i, v in zip(at, own) if v == s]
        if len(rows) != 2:
            return None
        trained = [i for i, t in enumerate(tags) if steps[i] == s and not _VAL.search(str(t))]
        if not any(rows[0] < i < rows[1] for i in trained) or any(i < rows[0] for i in trained):
            return None
        out.append(rows[0])
    return out


def _trains_first(tags: list, steps: list, at: list[int], own: list, repeated: set) -> bool:
    """Whether the validation series' lines of its other steps follow their step's training line (the loop trains,
    then validates): only then is a validation line above its step's training a sanity check, not the loop's order."""
    first_train: dict = {}
    for i, t in enumerate(tags):
        if not _VAL.search(str(t)):
            first_train.setdefault(steps[i], i)
    after = [first_train[v] < i for i, v in zip(at, own) if v not in repeated and v in first_train]
    return len(after) >= MIN_STEPS and sum(after) > len(after) / 2
