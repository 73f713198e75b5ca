"""The session banners of a CycleGAN / pix2pix ``loss_log.txt`` (used by ``_joblog_cyclegan`` and ``joblog.parse``).

junyanz/pytorch-CycleGAN-and-pix2pix ``util/visualizer.py`` ``Visualizer.__init__`` appends ``================
Training Loss (<time.ctime()>) ================`` to ``loss_log.txt`` at every launch of ``train.py``; the loss lines
(``_joblog_cyclegan``) follow. Two things are read from those banners here.

``banner_kinds`` -- forks print other sections in the same banner shape and the same line shape: public
strokeapp155 ``loss_log.txt`` writes ``================ Validation Loss (<date>) ================`` after every
epoch, then the validation pass's lines ``(epoch: 1, iters: 100, ..) D_A: .. G_A: ..`` (its iters back at 100),
then ``================ Model Saved (..) ================`` and ``================ Training Loss (..) ================``
again. Read as training lines, every validation pass sent the step back and the file was split into 68 runs. A
line under a banner whose title names validation, evaluation or test is that pass's point: its series are
``val_<name>``, at the step of the last training line before it (the epoch it evaluates).

``join_resumed_sessions`` -- ``--continue_train`` loads the latest weights but the epoch counts from
``--epoch_count`` (default 1): a resumed launch that was not given it prints ``(epoch: 1, iters: ..)`` again, its
losses going on from where the last launch left them (public ganilla155 ``loss_log.txt``, GANILLA's fork of the same
code: 17 launches, cycle_A 2.49 at the first line, 0.88 at the end of the first launch, 1.14 at the first line of
the second, back at epoch 1). The step went back to the run's first, so each launch was a run of its own (16 runs).
A launch whose step went back that far (``joblog._segments``) is joined to the run before it when its losses
resumed: over the ``loss_`` series both print that fell over the run (its first three values' median ``FELL`` x or
more above its last three's; a run of ``4 x LOOK`` lines or more), most start (their first three's median, in log
scale) nearer where the launch before ended, or where that launch started (relaunched from the same checkpoint),
than where the run started -- a fresh training starts near the run's start and stays a run of its own, as before.
The joined launch's steps are continued after the run's last step (the counter restarted; the training did not),
with a note. A launch cut short -- ``SHORT`` x fewer lines than the relaunch after it, which prints the very same
first ``(epoch, iters)`` -- is not spliced into the series: the relaunch takes its place, its points replacing the
short launch's (the later points win, as at any resume; public ganilla155's 3-line launch between two launches
from epoch 3).
"""
from __future__ import annotations

import math
import re

from ._lazy import lazy_re

# '================ Training Loss (Sat Jun  6 16:47:21 2020) ================' and the forks' other titles
_BANNER = lazy_re(rb"(?m)^=+ ([A-Za-z][^(=\r\n]{0,60}?) \([^)\r\n]*\) =+[ \t]*\r?$")
_EVAL_TITLE = re.compile(rb"(?i)\b(?:val|valid|validation|eval|evaluation|test|testing)\b")
_TRAINING = b"Training Loss ("
LOOK = 3  # values whose median stands for where a launch starts or ends
SHORT = 4  # a launch printing a quarter of the lines of the relaunch from its start, or fewer, was cut short
FELL = 1.25  # a loss that fell this much over the run before can tell a resumed launch from a fresh one


def banner_kinds(data, offsets: list[int]) -> list[bool]:
    """For each line offset (rising), whether it sits under a validation / evaluation / test banner (module
    docstring); all False when the file prints no banner."""
    banners = [(m.start(), bool(_EVAL_TITLE.search(m.group(1)))) for m in _BANNER().finditer(bytes(data))]
    if not any(kind for _, kind in banners):
        return [False] * len(offsets)
    out, k, current = [], 0, False
    for offset in offsets:
        while k < len(banners) and banners[k][0] < offset:
            current = banners[k][1]
            k += 1
        out.append(current)
    return out


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _series(hits: list, lo: int, hi: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for h in hits[lo:hi]:
        if h.record.kind == "train":
            for tag, value in h.record.values:
                if tag.startswith("loss_") and value > 0 and math.isfinite(value):
                    out.setdefault(tag, []).append(value)
    return out


def _resumed(hits: list, run: tuple[int, int], before: tuple[int, int], after: tuple[int, int]) -> dict:
    """Where the launch ``after`` starts, by the fallen losses (module docstring): votes for ``"end"`` (where
    ``before``, the last launch of the run ``run``, ended), ``"again"`` (where ``before`` started: relaunched from
    the same checkpoint) and ``"start"`` (where the run started: a fresh training)."""
    first, prev, mine = _series(hits, *run), _series(hits, *before), _series(hits, *after)
    votes = {"start": 0, "end": 0, "again": 0}
    for tag, values in mine.items():
        if tag not in prev or tag not in first or len(first[tag]) < 4 * LOOK or len(prev[tag]) < LOOK:
            continue  # a run of a few lines tells no fall from noise
        start, end = _median(first[tag][:LOOK]), _median(first[tag][-LOOK:])
        if start < FELL * end:
            continue  # did not fall over the run: tells nothing
        b = math.log(_median(values[:LOOK]))
        near = {"start": abs(b - math.log(start)), "end": abs(b - math.log(_median(prev[tag][-LOOK:]))),
                "again": abs(b - math.log(_median(prev[tag][:LOOK])))}
        if before[0] == run[0]:
            near.pop("again")  # the run's first launch: started where the run did
        votes[min(near, key=near.get)] += 1
    return votes


def _banner_between(data, lo: int, hi: int) -> bool:
    return data is not None and bytes(data[lo:hi]).find(_TRAINING) >= 0


def join_resumed_sessions(data, hits: list, bounds: list[tuple[int, int]], notes: list[str]
                          ) -> list[tuple[int, int]]:
    """``bounds`` with each CycleGAN launch that resumed the run before it (module docstring) joined to it, its
    hits' ``step`` continued after that run's last (changed in place); a note for each join."""
    if len(bounds) < 2 or not any(h.record.shape == "cyclegan" for h in hits):
        return bounds
    out = [bounds[0]]
    launch = bounds[0]  # the last launch of the run being built
    for a, b in bounds[1:]:
        lo, hi = out[-1]
        ours = all(h.record.shape == "cyclegan" and h.step is not None for h in hits[lo:b])
        votes = _resumed(hits, (lo, hi), launch, (a, b)) if ours and _banner_between(
            data, hits[a - 1].offset, hits[a].offset) else {}
        if not votes or 2 * votes["start"] >= sum(votes.values()):  # a fresh training (or nothing tells)
            out.append((a, b))
            launch = (a, b)
            continue
        if _first_line(hits, a) == _first_line(hits, launch[0]) and launch[0] > lo \
                and SHORT * (launch[1] - launch[0]) <= b - a:  # a short launch relaunched from its start: replaced
            shift = min(h.step for h in hits[launch[0]:launch[1]]) - min(h.step for h in hits[a:b])
            said = "resumed from where the short launch before started (relaunched: its points replaced)"
        else:  # went on: its steps after the run's last
            steps = sorted({h.step for h in hits[lo:hi]})
            stride = max(1, _median([y - x for x, y in zip(steps, steps[1:])])) if len(steps) > 1 else 1
            shift = steps[-1] + stride - min(h.step for h in hits[a:b])
            said = "went on from where the launch before left them (--continue_train without --epoch_count)"
        for h in hits[a:b]:
            h.step += shift
        notes.append(f"a relaunch printed from epoch {hits[a].record.epoch:g} again while its losses {said}: one "
                     f"run, its steps {min(h.step for h in hits[a:b]) - shift:,}.. read as "
                     f"{min(h.step for h in hits[a:b]):,}..")
        out[-1] = (lo, b)
        launch = (a, b)
    return out


def _first_line(hits: list, i: int) -> tuple:
    """The printed (epoch, step) a launch's first training line starts at, before any shift."""
    h = hits[i]
    return h.record.epoch, h.record.step


def evaluation_points(train: list, passes: list) -> list:
    """``train`` ((offset, Record) of the training lines, in file order) with the lines under an evaluation banner
    (``passes``: (offset, epoch, iters, values, rank, stamp)) added as ``val_<name>`` points (``kind`` eval) at the
    step of the last training line before each (module docstring)."""
    from dataclasses import replace

    out, k = [], 0
    for offset, epoch, _iters, values, rank, stamp in passes:
        while k < len(train) and train[k][0] < offset:
            out.append(train[k])
            k += 1
        if out:
            at = out[-1][1]
            named = tuple(("val_" + tag, value) for tag, value in values)
            out.append((offset, replace(at, values=named, kind="eval", rank=rank, time=stamp)))
    return out + train[k:]
