"""A counter named after the training phase it counts (for ``readers/_progress.py``'s ``key: value`` lines).

``Fine-Tune Epoch 1 | Train Loss: 0.9624 | ...`` (public DarshilDC05/CNN_BiLSTM_Hangman_AI, after ``Epoch 1..5``)
and ``SupCon Step [10/200] - Loss: 4.5756`` (public Anurag9000/Image-Classification, a contrastive pre-training
before ``Epoch 1 Step [10/15446]``) name the line's epoch/step with the phase before it: read as a series
``Fine-Tune_Epoch`` (values 1, 2, 3) beside losses all placed at the last plain epoch (three fine-tune epochs at step
5), or a ``SupCon_Step`` series beside losses all at step 0. The counter is the line's; where it starts over, the
reader's run rules decide (a new training, or the same one continued). Words that say which epoch it is not
(``Best Epoch 12``, ``Total Steps 500``) keep their series.
"""
from __future__ import annotations

import re

_PHASE_COUNTERS = frozenset({"epoch", "ep", "step", "iter", "iteration"})  # "mae pretrain ep 3/25"
_PHASE_WORD = re.compile(r"[a-z][a-z0-9_-]{1,30}")
_NOT_PHASE = frozenset({"best", "last", "total", "max", "min", "num", "number", "saved", "save", "next", "previous",
                        "prev", "remaining", "stopped", "stop", "early", "patience", "per", "of", "at", "lr", "time",
                        "average", "avg", "mean"})
_SPLIT_WORDS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "dev", "test"})


def phase_counter(words: list[str]) -> str | None:
    """The counter word (``epoch``, ``step``...) of a key's lower-cased ``words`` naming a phase's counter, else
    None (a split's counter, ``val epoch``, is the caller's own rule)."""
    if words[-1] not in _PHASE_COUNTERS or words[0] in _NOT_PHASE or words[0] in _SPLIT_WORDS:
        return None
    return words[-1] if all(_PHASE_WORD.fullmatch(w) for w in words[:-1]) else None
