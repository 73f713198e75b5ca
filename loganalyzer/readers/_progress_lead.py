"""A split word between a printed line's counter and its metrics (for ``readers/_progress_split.section_split``).

``_progress_split`` reads a section the line OPENS with (``[Val] Epoch 3: loss = 0.1``, ``Val Epoch 3: loss 0.2``);
``_progress_text.sectioned`` one opening the line's text (``Validation loss: 0.38``). Many scripts print the counter
first and the split word after it, with a plain ``loss`` key on both lines:

    2023.01.18 17:14:14 [Epoch: 01] Train acc: 0.8006 | loss: 11.1589
    2023.01.18 17:15:04 [Epoch: 01] Valid acc: 0.8429 | loss: 9.4068

(public GiveMeTheReason/gesture-navigation ``outputs/train_log01.txt``; ``Epoch 2 - Validation BLEU: BLEU-1 71.65``
of 1025378573/T5-Finetune). Without the rule the two ``loss`` values made ONE series, averaged per epoch with a
warning: the validation loss was lost. ``lead_split(text)`` is the split named by the first split word (a whole
word: ``test.py`` is none) before the line's first metric -- in its text or as the first word of a two-word key
(``Valid acc``) -- when no other split's word follows on the line (``val acc 0.5 | train loss 0.3`` is two parts,
``_progress._sectioned``'s). A training split names nothing (a bare ``loss`` is the training loss already).
"""
from __future__ import annotations

import re

_WORD = re.compile(r"(?<![\w./-])([A-Za-z]+)(?![\w./-])")
_LATE = None  # ``_progress``'s _KV, EPOCH_KEYS, STEP_KEYS


def lead_split(text: str, split_of) -> str | None:
    """'val', 'dev' or 'test' when a split word stands before the first metric of ``text`` and no other split's word
    after it (module docstring); None otherwise. ``split_of(words)`` gives a word list's first split."""
    global _LATE
    if _LATE is None:  # (imported late, once: ``_progress`` imports this module's user)
        from ._progress import EPOCH_KEYS, _STEP_SET as STEP_KEYS  # (a set: only looked up)
        from ._progress_kv import kv_matches  # (``_progress``'s _KV matches, remembered for the line)
        _LATE = kv_matches, EPOCH_KEYS, STEP_KEYS
    kv_matches, EPOCH_KEYS, STEP_KEYS = _LATE

    first = None
    for m in kv_matches(text):
        low = m.group(1).lower()
        last = low.split()[-1]  # 'END epoch:1 val loss_avg: ..' (PaddleVideo): a counter's two-word key is no metric
        if low not in STEP_KEYS and low not in EPOCH_KEYS and last not in STEP_KEYS and last not in EPOCH_KEYS:
            first = m
            break
    if first is None:
        return None
    key = first.group(1).split()
    head = _WORD.findall(text[:first.start()]) + (key[:1] if len(key) == 2 else [])
    split = split_of(head)
    if split is None or split == "train":
        return None
    rest = text[first.start() + (len(key[0]) if len(key) == 2 else 0):]
    later = {split_of([w]) for w in _WORD.findall(rest)} - {None}
    return split if later <= {split} else None
