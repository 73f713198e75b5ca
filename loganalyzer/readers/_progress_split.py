"""The split a printed progress line belongs to, from the section word it opens with (for ``readers/_progress.py``).

Training scripts print their training and validation results on lines of one shape, told apart only by a word in
front: without the word the two made ONE ``loss`` series, two values at every step that the reader averaged.

- ``bracket_section(text)``: a line opening with a bracketed section naming validation or test, ``[Val] Epoch 3:
  loss = 0.1``, ``[Eval] ...``, ``[Diff-Val(Test-Normal)] Epoch 001 (Deterministic): loss = 0.007187`` (Python
  logging ``%(asctime)s - %(levelname)s - %(message)s``, public edtdiff phase3 ``train.log``, beside ``[Train] Epoch
  001: loss = 0.019304``); and a line opening with such a word before its counter, ``Val Epoch 3: loss 0.2``,
  ``Eval step 200 | loss 1.2`` (``_progress_text.sectioned`` reads the ones the word opens directly, ``Validation
  loss: 0.38``). The first split word of the section decides; its keys that name no split become ``val_<key>`` or
  ``test_<key>`` (curves take a test series for validation when there is none). A training section keeps its names
  (a bare ``loss`` is the training loss already).
- ``bar_split(desc)``: a tqdm bar whose description names validation (``Validate: 100%|███| 8/8 [00:00<00:00,
  19.12it/s, Val Loss=0.6106, Val Dice=0.000]``, public atisioma/Crack-SEG ``log/train.log``, beside ``Train Epoch
  0: ... 30/30 [..., Loss=0.4679, Dice=0.138]``): its counter counts validation batches, no training step, so the
  bar's values are an evaluation at the step of the training line before, its keys named as above. It had been
  read at step n (8) after training steps 30, 60...: the step went back and the log split into 61 runs.
"""
from __future__ import annotations

import re

from ._progress_lead import lead_split

_VAL_WORDS = frozenset({"val", "valid", "validate", "validating", "validation", "eval", "evaluate", "evaluating",
                        "evaluation", "dev"})
_TEST_WORDS = frozenset({"test"})
_TRAIN_WORDS = frozenset({"train", "training", "trn"})
# a key already naming its split (``val_loss``, ``Val Loss``, ``test/acc``, ``trainLoss``)
_NAMES_SPLIT = re.compile(r"(?i:(?:^|[_/.\s-])(?:train|training|trn|val|valid|validation|eval|evaluation|test|"
                          r"testing|dev)(?:$|[_/.\s-]))|^(?i:train|val|valid|eval|test|dev)(?=[A-Z_])")
_COUNTERS = frozenset({"epoch", "epochs", "step", "steps", "iter", "iteration", "batch"})
# '[Diff-Val(Test-Normal)] ...': a leading bracket of at most 48 characters
_BRACKET = re.compile(r"^\[([^\[\]]{1,48})\]")
# 'Val Epoch 3: ...', 'Eval step 200 | ...', '- Valid epoch 2 ...': a split word right before a counter
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
_WORD_COUNTER = re.compile(r"^(?:[-*>\u2022]\s*)?([A-Za-z]+)\s+(?:epoch|step|iter|iteration|batch)\b", re.IGNORECASE)


def _split_of(words) -> str | None:
    """'val', 'test', 'train' or None: the first split word among ``words``."""
    for word in words:
        low = word.lower()
        if low == "dev":  # a dev set beside a validation one (T5-Finetune prints both): its own names
            return "dev"
        if low in _VAL_WORDS:
            return "val"
        if low in _TEST_WORDS:
            return "test"
        if low in _TRAIN_WORDS:
            return "train"
    return None


def section_split(text: str) -> str | None:
    """'val', 'dev' or 'test' when ``text`` opens with a bracketed section or a split word before its counter naming
    validation or test (module docstring); None otherwise (a training section too)."""
    m = _BRACKET.match(text)
    if m is not None:
        split = _split_of(re.findall(r"[A-Za-z]+", m.group(1)))
    else:
        m = _WORD_COUNTER.match(text)
        split = _split_of([m.group(1)]) if m is not None else None
    if split is None:  # '[Epoch: 01] Valid acc: 0.84 | loss: 9.41': the word after the counter (``_progress_lead``)
        split = lead_split(text, _split_of)
    return split if split in ("val", "dev", "test") else None


def bar_split(desc: str) -> str | None:
    """'val', 'dev' or 'test' when a tqdm bar's description opens with a word naming validation or test, or names
    one as the first split word among its words (``Epoch 0 [Val]``, ``Epoch 3 val``: ``tqdm(desc=f"Epoch {ep}
    [Val]")``, a breaker's log, whose validation loss was read as training's)."""
    m = _FIRST_WORD.match(desc)
    split = _split_of([m.group(1)]) if m is not None else None
    if split is None:
        split = _split_of(re.findall(r"[A-Za-z]+", desc))
    return split if split in ("val", "dev", "test") else None


# a learning rate is the optimiser's, never a split's series: 'Step 0: Val Loss 4.8945 | LR: 2.97e-06' (public mchc105
# train_logs.txt, a validation line that prints the schedule's rate) was read as 'val_LR'
LEARNING_RATE = re.compile(r"(?i)^(?:(?:base|cur|curr|current|last)_?)?(?:lr|learning[_ ]?rate)(?:[_/]?\d+)?$")


def named(values, split: str) -> tuple:
    """``values`` ((tag, value) pairs) with each tag that names no split (nor a counter, nor a learning rate:
    ``LEARNING_RATE``) prefixed ``<split>_``."""
    return tuple((tag if _NAMES_SPLIT.search(tag) or tag.lower() in _COUNTERS or LEARNING_RATE.match(tag)
                  else f"{split}_{tag}", value) for tag, value in values)
