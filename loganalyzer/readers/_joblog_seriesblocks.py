"""A log printed series by series (for ``_joblog_segments``): each metric's whole history, then the next metric's
from the first epoch again.

A script that keeps per-epoch lists and prints them after training, one list at a time (public har3dcnn160
``training_results.txt``: ``Validation Loss for Epoch #1 : 2.10`` .. ``#3``, then ``Validation Accuracy for Epoch
#1 ..`` .. ``#3``, then ``Training Loss ..``, then ``Training Accuracy ..``), goes back to epoch 1 at each new
metric. ``_segments`` took each step back to the first epoch for another training, and the last metric was read as
a run of its own. A step back opens no run when it starts such a block: the line holds one series that no earlier
line printed, its block and the block before it (one other series) each run ``MIN_BLOCK`` lines or more, as many
lines, from the same step. A second training prints the same series again (or several per line), so it
still splits.

Two phases that each print one loss of its own name (``pretrain_loss`` for 6 epochs, then ``finetune_loss`` from
epoch 1 again, brk59 R3) look the same, but a series-by-series print repeats one loss per split: a block of a loss
opens no run only when every loss block before it names the same loss but for its split word (``Validation Loss``
then ``Training Loss``; a bare ``loss`` then ``training loss`` is a second training naming its loss).
"""
from __future__ import annotations

import re

MIN_BLOCK = 2
_SPLIT_WORD = re.compile(r"(?i)train(?:ing)?|val(?:id(?:ation)?)?|test(?:ing)?|eval(?:uation)?|dev")


def _loss_stem(tag: str) -> tuple[str, str] | None:
    """(a loss's name less its split word and separators, the split word); None for no loss."""
    if "loss" not in tag.lower():
        return None
    split = _SPLIT_WORD.search(tag)
    return re.sub(r"[\W_]+", "", _SPLIT_WORD.sub("", tag)).lower(), split.group(0).lower() if split else ""


def _same_loss_other_split(tag: str, earlier) -> bool:
    """Whether ``tag`` is no loss, or each loss in ``earlier`` names the same loss under another named split."""
    mine = _loss_stem(tag)
    if mine is None:
        return True
    others = [k for k in map(_loss_stem, earlier) if k is not None]
    return all(mine[1] and k[1] and k[0] == mine[0] and k[1] != mine[1] for k in others)


def _blocks(hits: list) -> list[tuple[int, int, str | None]]:
    """(first index, length, the one series or None) of each run of consecutive lines holding the same one series."""
    out: list[list] = []
    for i, h in enumerate(hits):
        tags = {t for t, _ in h.record.values}
        tag = next(iter(tags)) if len(tags) == 1 else None
        if tag is not None and out and out[-1][2] == tag:
            out[-1][1] += 1
        else:
            out.append([i, 1, tag])
    return [tuple(b) for b in out]


def block_starts(hits: list) -> frozenset:
    """The indexes of ``hits`` that open a series block (module docstring): the block and the one before it each
    hold one series over ``MIN_BLOCK`` lines or more, as many lines from the same first step (each metric's whole
    history over the same epochs: a pre-training's ``cost`` for 10 epochs, then a fine-tuning's ``validation error``
    from its first epoch, is a second run -- public DeepLearningTutorials' SdA.py, tests/test_rd57a.py)."""
    starts, seen, prev = set(), set(), None
    for first, length, tag in _blocks(hits):
        if tag is not None and prev is not None and prev[2] is not None and tag not in seen \
                and min(prev[1], length) >= MIN_BLOCK and length == prev[1] \
                and hits[first].step == hits[prev[0]].step and _same_loss_other_split(tag, seen):
            starts.add(first)
        for h in hits[first:first + length]:
            seen |= {t for t, _ in h.record.values}
        prev = (first, length, tag)
    return frozenset(starts)
