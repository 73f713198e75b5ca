"""A counter that went back to its start: a new training, or the same model trained on (one rule, two places).

``fit()`` called twice on one Keras model with one ``CSVLogger(append=True)`` and no ``initial_epoch`` writes
epochs 0..k, then 0..m again: the second fit continues the first (its loss goes on from where the first ended),
while a new model fitted into the same file starts over (its loss starts near the first fit's start). TensorBoard
tells these apart by value (``combine``'s ``counter_reset_continued`` / ``fresh_start_replaces``); so do the CSV
readers (``_blocks.Runs``: a continuation stays in its run, a fresh start is a run of its own). The readers are
stricter (``join_continued``: every series that moved must take a next step, none ``off_course``), and they also ask ``started_afresh``
on ``combine``'s ``decisive`` series, so that a part they join is one ``combine`` continues.
"""
from __future__ import annotations

import re

import numpy as np

# series every session of a run logs whatever it does (counters, clocks): never what decides
# counters and placeholders that never decide whether a session resumed or started over. ``hp_metric``: Lightning's
# TensorBoardLogger writes it (-1 unless set) at step 0 at every ``log_hyperparams`` -- each fit(), validate() and
# test() -- so a validate() after a fit starts "at step 0" by it alone (eighteenth set, l1-tokenizer v16: its whole
# validation curve was dropped as an abandoned timeline). ``time``: fastai's CSVLogger's epoch duration (``00:14``),
# a clock that goes on or back by a second whatever the model does
BOOKKEEPING = frozenset({"epoch", "global_step", "step", "_step", "_runtime", "_timestamp", "trainer/global_step",
                         "hp_metric", "time"})


def decisive(counts: dict[str, int]) -> str | None:
    """The series that decides: the one the earlier session logged most points of (name order breaks ties), among
    ``counts`` (name -> points of the earlier sessions, for the series both sessions log, bookkeeping left out)."""
    best = None
    for name in sorted(counts):
        if best is None or counts[name] > counts[best]:
            best = name
    return best


def started_afresh(before: np.ndarray, mine: np.ndarray) -> bool | None:
    """Whether the later session's first value is nearer the earlier sessions' first value than their last one
    (values in step order); None when it cannot be told (fewer than two finite earlier values, none later)."""
    vb = before[np.isfinite(before)]
    vm = mine[np.isfinite(mine)]
    if len(vb) < 2 or not len(vm):
        return None
    return bool(abs(vm[0] - vb[0]) < abs(vm[0] - vb[-1]))


def off_course(before: np.ndarray, mine: np.ndarray, band: bool = False) -> bool:
    """Whether the later session's first value is no next step of the earlier sessions (values in step order;
    two finite earlier values or more, one later): back toward where they started, or further from where they
    ended, by more than their last steps moved (the largest of their last five moves; 1.5 times that forward).
    A fresh model's first epoch (an epoch's mean loss, another initialisation) can be well below the first
    model's first epoch, nearer its last value than its first, even below it, yet it is no next step. With
    ``band`` (evaluations and metrics, not ``_training_loss``), a value inside the band of their last ten values
    (widened by the largest move among them, at least the smallest move the series ever made: an accuracy's 1/n)
    is a next step whichever way it went."""
    vb = before[np.isfinite(before)]
    vm = mine[np.isfinite(mine)]
    direction = np.sign(vb[-1] - vb[0])
    tolerance = float(np.abs(np.diff(vb[-6:])).max())
    progress = float((vm[0] - vb[-1]) * direction) if direction else -abs(float(vm[0] - vb[-1]))
    if not (progress < -tolerance or abs(progress) > 1.5 * tolerance):
        return False
    if not band:
        return True
    # a series that levelled off (or turned: a validation loss rising again) wanders within the band of its last
    # ten values, widened by the largest move among them: a next step may land anywhere in it
    # (opened set 93's cmrseg93: twenty fastai fit() calls on one model into one CSV, each later call's first
    # validation loss and Dice within the noise of the call before, but further from its last value than its
    # last moves went)
    # a loss that fell by decades, on its log scale: 17,209 -> 413 in moves of thousands takes no fresh 1.13 into
    # its band (musiceye78)
    if (vb > 0).all() and vm[0] > 0 and vb.max() >= 10 * vb.min():
        vb, vm = np.log(vb), np.log(vm[:1])
    recent = vb[-10:]
    moves = np.abs(np.diff(vb))
    quantum = float(moves[moves > 0].min()) if (moves > 0).any() else 0.0  # an accuracy of n samples moves by 1/n
    wander = 1.01 * max(float(np.abs(np.diff(recent)).max()) if len(recent) > 1 else 0.0, quantum)  # (float32)
    return not float(recent.min()) - wander <= float(vm[0]) <= float(recent.max()) + wander


# A series that moved less than this share of its size in the earlier sessions cannot tell a continuation from a
# fresh start: public Darejkal/DeepLearningProject ``output/log.txt``, eleven launches of a script whose loss stayed
# at ln 4 (1.38620-1.38636), each joined to the one before as "the same model trained on".
_STILL = 1e-3


def _continues(before: np.ndarray, mine: np.ndarray, band: bool = False) -> bool | None:
    """A series that moved in the earlier sessions says the later one continues them (True), starts over
    (False); None for a series that cannot tell (constant, too few values)."""
    afresh = started_afresh(before, mine)
    if afresh is None:
        return None
    finite = before[np.isfinite(before)]
    if finite.max() - finite.min() <= _STILL * np.abs(finite).max():
        return None  # constant, or as good as (a loss flat at chance, ln 4 = 1.3863 +- 1e-4): no direction to go on
    return not afresh and not off_course(before, mine, band)


def _past_best(tags: list[str], columns: list, earlier: np.ndarray, mine: np.ndarray, votes: dict) -> bool:
    """Whether every series that moved in the earlier run (two or more) starts the later part beyond the best it
    ever reached there, in its own direction (a loss below its lowest, an accuracy above its highest), the
    decisive one included: a jump too big for ``off_course``, yet no fresh model -- an untrained one's first epoch
    does not beat every validation a trained one printed. public KyotoSunshine/CNN-for-handwritten-kanji
    ``logs/model_training_log.txt`` (Keras 1 ``fit(verbose=2)``): ``fit`` stopped early at epoch 19 (loss 0.48,
    val_acc 0.916, best 0.919), then ``fit`` again on the same model, ``Epoch 1/50`` at loss 0.21, val_acc 0.972 (a
    lower learning rate): it was split into two runs."""
    moved = [t for t, v in votes.items() if v is not None]
    losses = [t for t in moved if _training_loss(t)]
    if len(moved) < 2 or not losses:
        return False
    for tag in moved:
        nums = columns[tags.index(tag)]
        vb = nums.values[np.flatnonzero(earlier & nums.present)]
        vm = nums.values[np.flatnonzero(mine & nums.present)]
        vb, vm = vb[np.isfinite(vb)], vm[np.isfinite(vm)]
        direction = np.sign(vb[-1] - vb[0])
        best = vb.max() if direction > 0 else vb.min()
        if not direction or (vm[0] - best) * direction <= 0:
            return False
        if tag == losses[0] and abs(vm[0] - vb[-1]) > _JUMP * abs(vb[-1] - vb[0]):
            return False  # the training loss fell again by more than half its first descent: a fresh, better model
    return True


# A second fit() at a lowered learning rate gains a share of what the first gained (kanji: 9% of its descent, the
# augmented kanji run 35%); a fresh model of another setup starts its whole descent anew, its first epoch's mean
# even below the first model's last (tests/test_readers_text.py's appended Keras fits: 103%).
_JUMP = 0.5
_VAL = re.compile(r"(?:^|[_/ ])(?:val|valid|validation|eval|test|dev)")


def _training_loss(tag: str) -> bool:
    """A series named as a loss with no evaluation split word: a training loss. It never takes the band of its last
    values as a next step (``off_course``), as evaluations and metrics that wander in their noise may: a second
    training of a slowly falling loss starts inside that band too (tests/test_readers28's other-arguments relaunch,
    test_readers29b's k-fold folds)."""
    low = tag.lower()
    return low.endswith("loss") and not _VAL.search(low)


def join_continued(tags: list[str], columns: list, counter: np.ndarray, keep: np.ndarray,
                   segments: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """``segments`` (each kept row's run, from ``_blocks.segment_rows``) with every run that continues the one
    before it joined to it: the earlier run spans two counters or more, every series both log that moved in the
    earlier run goes on from where it ended (neither ``started_afresh`` nor ``off_course``), and the ``decisive``
    series is no fresh start for ``combine`` either. A part that cannot be told stays a run of its own; and (first kept row of each joined part, the counter the run before it reached, the decisive
    series) for the warnings. ``columns``: ``_text.Numbers`` per tag (values, present)."""
    out = segments.copy()
    count = int(segments.max(initial=-1)) + 1
    if count < 2:
        return out, []
    joined = []
    current = 0  # the run the next part may join
    for part in range(1, count):
        earlier = keep & (out == current)
        mine = keep & (segments == part)
        spans = counter[earlier]
        if len(spans) < 2 or np.nanmax(spans) <= np.nanmin(spans):
            current = part
            continue
        counts = {}
        for tag, nums in zip(tags, columns):
            if tag in BOOKKEEPING or tag.rsplit("/", 1)[-1] in BOOKKEEPING:
                continue
            n = int((nums.present & earlier).sum())
            if n and (nums.present & mine).any():
                counts[tag] = counts.get(tag, 0) + n
        name = decisive(counts)  # what combine's resume rules decide on: it must not call it a fresh start
        votes = {}
        for tag in counts:
            nums = columns[tags.index(tag)]
            b = np.flatnonzero(earlier & nums.present)
            m = np.flatnonzero(mine & nums.present)
            votes[tag] = _continues(nums.values[b], nums.values[m], band=not _training_loss(tag))
            if tag == name and started_afresh(nums.values[b], nums.values[m]):
                votes[tag] = False
        said = [v for v in votes.values() if v is not None]
        if said and not all(said) and _past_best(tags, columns, earlier, mine, votes):
            said = [True]  # a second fit() at a lowered learning rate: every series jumped past its best
        if not said or not all(said):  # a fresh start, or nothing tells: a run of its own
            current = part
            continue
        out[mine] = current
        name = next(t for t in sorted(votes, key=lambda t: (t.rsplit("/", 1)[-1] != "loss", t))
                    if votes[t] is not None)
        joined.append((int(np.flatnonzero(mine)[0]), int(np.nanmax(spans)), name))
    # runs numbered 0.. again in file order
    kept = out[keep]
    _, renumbered = np.unique(kept, return_inverse=True)
    out[keep] = renumbered
    return out, joined
