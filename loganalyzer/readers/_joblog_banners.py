"""Trainings of a step-less printed log introduced by a banner line (used by ``readers/joblog.py``).

A log that prints no step (``Test set: Average loss: 1.3833, Accuracy: 5356/10000``: its points are at their
ordinals) never goes back a step, so ``joblog._segments`` cannot see where one training ends and the next begins:
public PabloC-c/Tesis ``train_output.txt`` holds 21 trainings of four epochs (three activations x seven batch sizes),
each after ``intento con batch size : 16`` -- read as one run of 84 points. The rule: a line that is no progress line,
printed before a run's first point and again (the same once its numbers are left out) between its later points,
opens a training each time it is printed, when that makes pieces of at least ``MIN_POINTS`` points each (of one
series: a piece of one point per series is one evaluation, ``_most_points``) and the line is not printed between
most points (a ``Saving model...`` after every epoch is no banner).

A line naming an epoch (``Epoch 2/20``, dashes under it or not) is the epoch's header, not a training's banner, while
its number counts up: a training opens only where that number goes back (``Epoch 1/20`` again). Logs of a PyTorch
quickstart-style loop under such headers (``loss: 0.53  [ 6464/60000]``: the batch counter restarting each epoch, no
epoch on the batch lines) were one run per epoch block (readers35c).
"""
from __future__ import annotations

import re

from ._joblog_loopheads import counts, inner_starts

MIN_POINTS = 2
_DIGITS = re.compile(rb"\d+(?:\.\d+)?")
_SPACE = re.compile(rb"\s+")
_EPOCH = re.compile(rb"(?i)\bepoch\b\W{0,3}(\d+)")
_EPOCH_KEY = re.compile(rb"(?i)\bepoch\b\W{0,3}#")


# a progress bar's redraw is no banner: tqdm's first redraws after a pause print 's/it', the later ones 'it/s', so
# '#%|▏ | #/# [#:#<#:#, #.#s/it]' came back at each epoch's start (public Bargain18/AISL-UBEV train.out: one
# training's 20 validations were 20 runs)
_BAR = re.compile(rb"%\||(?:it/s|s/it|it)\]")


def _lines(data, lo: int, hi: int) -> set:
    out = set()
    for line in bytes(data[max(lo, hi - (1 << 16)):hi]).splitlines():
        key = _SPACE.sub(b" ", _DIGITS.sub(b"#", line)).strip()
        if _BAR.search(key):
            continue
        if len(key) >= 4 and any(c.isalpha() for c in key.decode("utf-8", "replace")):
            out.add(key)
    return out


def _epoch_of(data, lo: int, hi: int, key: bytes) -> int | None:
    """The epoch number a header line ``key`` (as ``_lines`` makes it) printed between ``lo`` and ``hi`` names, or
    None when ``key`` names no epoch."""
    if not _EPOCH_KEY.search(key):
        return None
    for line in reversed(bytes(data[max(lo, hi - (1 << 16)):hi]).splitlines()):
        if _SPACE.sub(b" ", _DIGITS.sub(b"#", line)).strip() == key:
            found = _EPOCH.search(line)
            return int(found.group(1)) if found else None
    return None


def _going_back(data, hits: list, starts: list[int], key: bytes, b: int) -> list[int]:
    """``starts`` (hit indexes after each print of ``key``, the run's first hit first, the run ending at ``b``)
    kept only where an epoch header's number does not count on from the one before it, or where a ``k/N`` loop
    header starts over with every loop around it (``_joblog_loopheads``): all of them when ``key`` names no epoch
    and counts nothing."""
    if not _EPOCH_KEY.search(key) and counts(key):
        return inner_starts(data, hits, starts[0], b, key, starts, _end_of_line)
    numbers = [_epoch_of(data, _end_of_line(data, hits[i - 1].offset) if i else 0, hits[i].offset, key)
               for i in starts]
    if any(n is None for n in numbers):
        return starts
    return [starts[0]] + [i for i, n, before in zip(starts[1:], numbers[1:], numbers) if n <= before]


def _end_of_line(data, offset: int) -> int:
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1


def stepless(hits: list, a: int, b: int, least: int) -> bool:
    """Whether the run of ``hits[a:b]`` has >= 2 x ``least`` records, none with a step or an epoch: the runs a
    split of step-less logs (banners here, start-overs in ``_startover``) may cut."""
    return b - a >= 2 * least and all(h.record.step is None and h.record.epoch is None for h in hits[a:b])


def _most_points(hits: list, lo: int, hi: int) -> int:
    """The most points one series has in ``hits[lo:hi]``: a piece whose every series has one point is one
    evaluation, not a training (public tianti1/ECGMind ``finetune.log``: each epoch prints ``accuracy = ..,
    macro_f1 = .., AUROC = ..`` then ``min_loss:.., val_loss:..`` under a tqdm bar and sklearn's classification
    report, and the report's header split one 145-epoch training into 145 runs of two lines)."""
    counts: dict = {}
    for h in hits[lo:hi]:
        for tag, _ in h.record.values:
            counts[tag] = counts.get(tag, 0) + 1
    return max(counts.values(), default=0)


def split_banners(data, hits: list, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) split at each banner line of a step-less run (module
    docstring)."""
    out = []
    for a, b in bounds:
        if not stepless(hits, a, b, MIN_POINTS):
            out.append((a, b))
            continue
        before = _lines(data, _end_of_line(data, hits[a - 1].offset) if a else 0, hits[a].offset)
        gaps = [_lines(data, _end_of_line(data, hits[i - 1].offset), hits[i].offset) & before
                for i in range(a + 1, b)]
        counts: dict = {}
        for gap in gaps:
            for key in gap:
                counts[key] = counts.get(key, 0) + 1
        best = None
        for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if n * 2 > len(gaps):
                continue
            starts = _going_back(data, hits, [a] + [a + 1 + k for k, gap in enumerate(gaps) if key in gap], key, b)
            pieces = list(zip(starts, starts[1:] + [b]))
            if all(hi - lo >= MIN_POINTS and _most_points(hits, lo, hi) >= MIN_POINTS for lo, hi in pieces):
                best = pieces
                break
        for lo, hi in (best or [])[1:]:  # each training counts its points from 1, as the first
            shift = hits[lo].step - hits[a].step
            for h in hits[lo:hi]:
                h.step -= shift
        out.extend(best or [(a, b)])
    return out
