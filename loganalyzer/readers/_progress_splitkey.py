"""Key and line-head rules of ``_progress``'s ``key value`` lines, kept apart (that module is past its size):

- fairseq's split-prefixed counters and speeds (``valid_num_updates``, ``train_wps``): the step, no series;
- an epoch tag opening the line (``[E2] step 10 loss ..``): the line's epoch;
- a counter named before its split, ``Epoch train: [0/14], Step train: [1/92], Loss train: 8.3567, Perplexity
  train: 4258.4148`` (public cs5260cap70 ``training_log.txt``, a captioning LM): ``Epoch train`` is the epoch (``train
  epoch``) and ``Step train`` the batch of that epoch (``step``, with its ``/92`` the batches per epoch); they were
  series ``Epoch_train``/``Step_train`` (counters, no values) and the points stood at ordinal steps. A validation or
  test split's counters (``Epoch val: [0/14], Step val: [3/10]``) are no training step: no series, no step (the
  line's values are an evaluation at the training step before it).
"""
from __future__ import annotations

import re

# fairseq's json records name their counters and speeds by their split: {"epoch": 1, "valid_loss": "0.267", ..,
# "valid_wps": "636.6", "valid_num_updates": "794"} (public Fsoft-AIC/RoPADet train.out): the step and no series
# (placed at the epoch, 1..18, beside train_inner's num_updates 200..14200, they looked like a restart that dropped
# the training points)
_SPLIT_OF_KEY = re.compile(r"^(?:train|valid|val|test|eval|dev)_(?=\w)")


_COUNTER_SPLIT = re.compile(r"^(epoch|step|iter|iteration|batch)[ _](train|training|val|valid|validation|eval|test)$")


def unsplit(low: str) -> str:
    """A split-prefixed step or skipped key without its prefix (``valid_num_updates`` -> ``num_updates``), a counter
    named before its split as the counter (module docstring); any other key as it is."""
    c = _COUNTER_SPLIT.match(low)
    if c is not None:
        if c.group(2).startswith("train"):
            return "train epoch" if c.group(1) == "epoch" else "step"
        return "eta"  # a validation pass's counter: a skipped key (its values at the training step before it)
    m = _SPLIT_OF_KEY.match(low)
    if m is None:
        return low
    rest = low[m.end():]
    return rest if rest in ("num_updates", "wps", "ups", "wpb", "bsz", "wall", "train_wall", "gb_free") else low


# '[E2] step 10 loss 0.004' (public 2025DL-TEAM3/skeleton_hw train_log.txt: the step starts over every epoch, the
# epoch only in the tag): read as 'Epoch 2 step 10 ..' (it was one training split in three runs)
_EPOCH_TAG = re.compile(r"\[(?:E|Ep|EP|Epoch|epoch|ep)\s*(\d+)(?:\s*/\s*\d+)?\]\s*(?=[A-Za-z])")


def epoch_tag(text: str) -> str:
    """``text`` with an opening epoch tag written as ``Epoch N`` (``[E2] step 10 ..`` -> ``Epoch 2 step 10 ..``);
    any other text as it is."""
    tag = _EPOCH_TAG.match(text)
    return text if tag is None else f"Epoch {tag.group(1)} " + text[tag.end():]
