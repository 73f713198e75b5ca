"""A tag naming two splits: which one it was evaluated on (used by ``curves_names._marker``).

A tag whose words name two splits (``train`` and ``val``, ``test`` and ``val``) was marked ``'conflict'`` and took
no role, so the run's validation loss was never read although it was logged. Two shapes say plainly which split
the values come from:

- **A namespace and a split leaf**: the tag's last ``/``-part is a split word alone and its earlier parts name a
  split too: ``test/val`` beside ``test/test`` (public sdfinetune228, Stable Diffusion fine-tune sweeps, the
  ``test/`` section holding the loss on each held-out set: ``test/val`` best 0.0574 at step 400, 0.0850 at 10,000
  while ``loss/train`` fell, a clear overfit judged on ``test/test``, logged as a constant 0 in one run, or on
  nothing). The leaf is the split: ``test/val`` -> ``'val'``, ``eval/train`` -> ``'train'``.
- **The objective's own name after a split**: ``<split> training loss`` (public fercnn227, a FER2013 CNN written
  with ``SummaryWriter.add_scalar(f"{phase} training loss", ..)``: ``val training loss`` best 0.01156 at step
  5,114, 0.0209 at 23,192, +81%, beside ``train training loss`` 0.0150 -> 0.0032: the validation loss took no
  role and the run was `healthy` 0.89 on accuracy alone). A train word standing directly before the loss word
  names the objective ("the training loss"), and the split word before it, the only other one, says where it was
  measured: ``val training loss`` -> ``'val'``.

A third shape names the split by an abbreviation no other tag uses as a word: ``sel_loss`` / ``sel_auc``, the
loss and score on the model-selection split (public mikapneu227 ``history_f0_s0.csv``: ``fold,seed,epoch,train_loss,
train_loc_loss,sel_loss,sel_auc,lr,sec,is_best``; ``p5_head_em_f0``, labelled `overfit`: sel_loss best 0.739 at
epoch 4, 0.826-0.841 after, was `healthy` on training alone, as were the two `healthy` runs beside it).
``selection_split(tag_words)``: ``'val'`` for a tag of exactly two words, ``sel`` first (``SEL``), else None; the
word alone is no marker (``epoch_sel_End_to_end_1`` names a run: public university122).

``resolve(tag, tag_words)``: ``tag`` the raw tag, ``tag_words`` its words (``curves_names.words``); returns
``'train'``, ``'val'``, ``'test'`` or ``'conflict'`` when neither shape holds. Pure, never raises.
"""
from __future__ import annotations

_TRAIN = frozenset({"train", "training", "trn"})
_LOSS = frozenset({"loss", "losses", "cost", "objective"})


def resolve(tag: str, tag_words: list[str], split_of) -> str:
    """The split a two-split tag was measured on (module docstring), else ``'conflict'``. ``split_of(word)`` gives
    a word's split (``'train'``, ``'val'``, ``'test'``) or None."""
    parts = [p for p in tag.replace("\\", "/").split("/") if p.strip()]
    if len(parts) >= 2:
        from .curves_names import words

        leaf = words(parts[-1])
        if len(leaf) == 1 and split_of(leaf[0]) is not None:
            return split_of(leaf[0])
    splits = [(i, split_of(w)) for i, w in enumerate(tag_words) if split_of(w) is not None]
    if len(splits) == 2:
        (i, first), (j, second) = splits
        objective = tag_words[j] in _TRAIN and j + 1 < len(tag_words) and tag_words[j + 1] in _LOSS
        if objective and first != "train" and i < j:
            return first
    return "conflict"


SEL = "sel"


def selection_split(tag_words: list[str]) -> str | None:
    """``'val'`` for ``sel_<x>`` (the model-selection split's loss or score, module docstring), else None."""
    return "val" if len(tag_words) == 2 and tag_words[0] == SEL else None
