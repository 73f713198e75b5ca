"""Key and line-head rules of ``_progress``'s ``key value`` lines, kept apart (that module is past its size):

- fairseq's split-prefixed counters and speeds (``valid_num_updates``, ``train_wps``): the step, no series;
- an epoch tag opening the line (``[E2] step 10 loss ..``): the line's epoch.
"""
from __future__ import annotations

import re

# fairseq's json records name their counters and speeds by their split: {"epoch": 1, "valid_loss": "0.267", ..,
# "valid_wps": "636.6", "valid_num_updates": "794"} (public Fsoft-AIC/RoPADet train.out): the step and no series
# (placed at the epoch, 1..18, beside train_inner's num_updates 200..14200, they looked like a restart that dropped
# the training points)
_SPLIT_OF_KEY = re.compile(r"^(?:train|valid|val|test|eval|dev)_(?=\w)")


def unsplit(low: str) -> str:
    """A split-prefixed step or skipped key without its prefix (``valid_num_updates`` -> ``num_updates``); any other key
    as it is."""
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
