"""A log printed series by series (for ``_joblog_segments``): each metric's whole history, then the next metric's
from the first epoch again.

A script that keeps per-epoch lists and prints them after training, one list at a time (public har3dcnn160
``training_results.txt``: ``Validation Loss for Epoch #1 : 2.10`` .. ``#3``, then ``Validation Accuracy for Epoch
#1 ..`` .. ``#3``, then ``Training Loss ..``, then ``Training Accuracy ..``), goes back to epoch 1 at each new
metric. ``_segments`` took each step back to the first epoch for another training, and the last metric was read as
a run of its own. A step back opens no run when it starts such a block: the line holds one series that no earlier
line printed, the line before it holds one other series, and that series' block (``MIN_BLOCK`` lines or more, one
series each) began at the same step. A second training prints the same series again (or several per line), so it
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


def block_starts(hits: list) -> frozenset:
    """The indexes of ``hits`` that open a series block (module docstring)."""
    starts, seen, block_tag, block_first, block_len = set(), set(), None, None, 0
    for i, h in enumerate(hits):
        tags = {t for t, _ in h.record.values}
        tag = next(iter(tags)) if len(tags) == 1 else None
        if tag is not None and tag == block_tag:
            block_len += 1
            continue
        if tag is not None and block_tag is not None and tag not in seen and block_len >= MIN_BLOCK \
                and h.step == block_first and _same_loss_other_split(tag, seen | {block_tag}):
            starts.add(i)
        seen |= tags
        if block_tag is not None:
            seen.add(block_tag)
        block_tag, block_first, block_len = tag, h.step, 1
    return frozenset(starts)
