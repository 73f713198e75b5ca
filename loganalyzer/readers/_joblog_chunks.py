"""Chunks of one training whose step counter starts again under a header line that counts up (used by
``readers/joblog.py``).

A loop that counts its iterations within an epoch or a task, and says which one above them, prints:

    Training at Epoch #0...                      (public mlproj68 trainlog.txt, a super-resolution trainer:
    \tIteration:0 | Mov Avg Loss:0.6199          ``\\tIteration:{i} | Mov Avg Loss:{x}`` every 10 iterations,
    ...                                           starting again at 0 each epoch)
    Training at Epoch #1...
    \tIteration:0 | Mov Avg Loss:0.0655

    -----------run 0 training batch 0-------------   (public ocl68 train.out, RaptorMai/online-continual-learning:
    ==>>> it: 1, avg. loss: 6.254216, ...           each task of the data stream counted from ``it: 1``)
    -----------run 0 training batch 1-------------

    [01:53:19] task=0  epoch=0  train_loss=1.563   (public hybridcl198 split_cifar100_ewc_seed42.log, a continual-
    ...                                             learning trainer: one epoch per task of a 20-task stream, each
    [01:53:25] task=1  epoch=0  train_loss=1.7666   task's line under a banner that names the task 1-based)

The step went back to its start at every header, so each epoch (task) was a run of its own (19, 10 and 20 runs). Where
a line right above a run's first line (one of the 3 nearest holding a number) and the same line above the run before
it are the same text but for one number, one more than before (every other number the same; the lines nearer the runs
the same but for their numbers), the run is the same training going on: it joins the run
before, its steps shifted to follow that run's last step (one stride on), with a note. So does a run whose first line
leads with such a counter of its own (``task=1``, ``stage: 2``: the first ``name=N``/``name: N`` on the line, a name of
``_OWN_PARTS``) one more than the run before's first line, the names after it the same (``epoch``, ``train_loss``).

    Epoch: 2/256 | [Learning the patterns]       (public pneudet227 TRAIN_LOG.txt, a pneumonia classifier: an outer
    Taking a subset of [2048]...                  loop of 256 "epochs", each a Keras fit() of 8 (later 6) epochs on
    Setting model OneCycleLr::maxlr to [0.01]...  a fresh subset; the header 5 numbered lines above the fit's first
    Setting model subset epoch.c to [8]...        line, so the 3 nearest were all the same: 255 runs of 8 points,
    Epoch 1/8                                     one of them judged `nan`)
    256/256 [=====] - 55s 166ms/step - loss: 20.4375 - accuracy: 0.6216 - val_loss: 15.7907 - ...

The ``_NEAR`` (3) nearest numbered lines are looked at, and down to ``_NEAR_LED`` (5) a line led by its counter out of
a total (``Epoch: 2/256 | ..``).
"""
from __future__ import annotations

import re

_NUMBER = re.compile(rb"\d+")
_LOOK = 4096  # bytes looked at above a run's first line for its header
_NEAR = 3  # numbered lines looked at above it
_NEAR_LED = 5  # and for a header led by its counter out of a total ('Epoch: 2/256 | ..'): an outer loop's header sits
# above a block of 4 set-up lines (public pneudet227 TRAIN_LOG.txt -- module docstring); a plain count that deep is
# a config dump's (public csta task0.log: 'current_task : 1' 4 lines up, a new fine-tune: tests/test_printed38b)


def _headers(data, offset: int, floor: int) -> list[bytes]:
    """The last ``_NEAR`` non-blank lines holding a number that end before ``offset`` (not before ``floor``),
    nearest first."""
    lo = max(floor, offset - _LOOK)
    lines = bytes(data[lo:offset]).splitlines()
    if lo > floor:
        lines = lines[1:]  # (cut by the window)
    out = []
    for line in reversed(lines):
        line = line.strip()
        if line and _NUMBER.search(line) and len(line) <= 200:
            out.append(line)
            if len(out) == _NEAR_LED:
                break
    return out


def _chunk_after(before: list[bytes], after: list[bytes]) -> bool:
    """Whether one of the lines above a run counts one up from the same line above the run before, the lines
    nearer the run the same but for their numbers (``size: (4500, 84, 84, 3)`` under the task's banner)."""
    for near, (x, y) in enumerate(zip(before, after)):
        if near >= _NEAR and (_LED.match(x) is None or _LED.match(y) is None):
            continue  # deeper than _NEAR: only an 'Epoch: N/T' header
        if _counts_up(x, y):
            return all(_NUMBER.sub(b"#", p) == _NUMBER.sub(b"#", q) for p, q in zip(before[:near], after[:near]))
    return False


# a header led by its counter out of a total, a label after it: 'Epoch: 17/256 | [Fine tuning]' after 'Epoch: 16/256 |
# [Learning the patterns]' (pneudet227: the outer loop's phase named, one training going on)
_LED = re.compile(rb"^[\W_]*[A-Za-z]+[ \t]*[:#]?[ \t]*\d+[ \t]*/[ \t]*\d+(?![\d.])")


def _counts_up(before: bytes, after: bytes) -> bool:
    """Whether ``after`` is ``before`` with one of its numbers one more (the rest of the line the same; or, for a
    line led by ``<word> N/T``, the rest after that counter anything)."""
    if _NUMBER.sub(b"#", before) != _NUMBER.sub(b"#", after):
        a, b = _LED.match(before), _LED.match(after)
        if a is None or b is None:
            return False
        before, after = a.group(0), b.group(0)
    a, b = _NUMBER.findall(before), _NUMBER.findall(after)
    changed = [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(changed) != 1 or int(changed[0][2]) != int(changed[0][1]) + 1:
        return False
    counted = list(_NUMBER.finditer(after))[changed[0][0]]
    word = _WORD_BEFORE.search(after[:counted.start()])
    return word is not None and word.group(1).lower() in _PARTS  # an epoch's, a task's number: a part of one


_WORD_BEFORE = re.compile(rb"([A-Za-z]+)[^A-Za-z0-9]*$")
# what a header counts when each number is a part of one training: its epochs, the tasks or batches of a data
# stream. Not a fold, trial, seed or experiment (a fresh model each: ``FOLD 1`` above a fresh bar per epoch,
# tests/test_readers19e), nor a count in a config dump above each launch (public csta task0.log: ``total_classifiers
# : 1`` then ``: 2`` above a fine-tune on the next task, logged and labelled as runs of their own)
_PARTS = frozenset({b"epoch", b"epochs", b"ep", b"task", b"batch", b"part", b"chunk", b"stage", b"phase", b"shard",
                    b"segment"})


_OWN = re.compile(rb"\b([A-Za-z]+)\s*[=:]\s*(\d+)\b")
_KEYS = re.compile(rb"([A-Za-z_][\w/@.-]*)\s*[=:]")
# a counter on the training line itself: the tasks (experiences) of a data stream, the stages of one schedule; not
# ``epoch``/``step`` (the counter that went back) nor a fold, trial or seed (a fresh model each)
_OWN_PARTS = frozenset({b"task", b"experience", b"stage", b"phase", b"part", b"chunk", b"segment", b"shard"})


def _line_at(data, offset: int) -> bytes:
    end = data.find(b"\n", offset)
    return bytes(data[offset:end if end >= 0 else len(data)])


def _own_counts_up(before: bytes, after: bytes) -> bool:
    """Whether ``after`` leads with an ``_OWN_PARTS`` counter one more than ``before``'s, the names after it the
    same."""
    a, b = _OWN.search(before), _OWN.search(after)
    if a is None or b is None or a.group(1).lower() != b.group(1).lower() or a.group(1).lower() not in _OWN_PARTS:
        return False
    return int(b.group(2)) == int(a.group(2)) + 1 and _KEYS.findall(before[a.end():]) == _KEYS.findall(after[b.end():])


def join_counted_chunks(data, hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    """``bounds`` with each run under a header counting one up from the run before's joined to it, its hits'
    steps shifted (in place)."""
    if data is None or len(bounds) < 2 or any(h.step is None for h in hits):
        return bounds
    out = [bounds[0]]
    previous = _headers(data, hits[bounds[0][0]].offset, 0)
    joined, opened = 0, bounds[0][0]
    for a, b in bounds[1:]:
        header = _headers(data, hits[a].offset, data.find(b"\n", hits[a - 1].offset) + 1)  # below the last line read
        if _chunk_after(previous, header) or _own_counts_up(_line_at(data, hits[opened].offset),
                                                             _line_at(data, hits[a].offset)):
            first, _ = out[-1]
            steps = sorted({h.step for h in hits[first:a]})
            stride = max(steps[-1] - steps[-2], 1) if len(steps) > 1 else 1
            shift = steps[-1] + stride - min(h.step for h in hits[a:b])
            for h in hits[a:b]:
                h.step += shift
            out[-1] = (first, b)
            joined += 1
        else:
            out.append((a, b))
        previous, opened = header, a
    if joined:
        notes.append(f"the step counter started again {joined} time(s) where a header line or the line's own task / "
                     "stage counter counted up (an epoch's or a task's number): one training, its steps continued "
                     "after each part")
    return out
