"""A printed split-and-metric name written in title case, named as the field names it (used by
``readers/joblog.py``)::

    Epoch 0 Train Loss: 617.4788018465042          (public tangzyer/mixmatchonsubset nohup.log)
    Epoch: 0 Val Acc: 0.1015
    | 2021-07-12 17:57:02 | INFO | Validation loss: 0.408, acc: 0.858, F1: 0.462   (public CED tuning_ner.log)

The printed pair rule keeps a key's words as printed (``Train_Loss``, ``Val_Acc``), and in the last line names the
split's other values ``val_acc``, ``val_F1`` but leaves ``Validation_loss``: two spellings of one split on one line.
A tag that is exactly a split word and ``loss``/``acc``/``accuracy`` (``Train_Loss``, ``Training_loss``,
``Validation_Accuracy``, ``Valid_Acc``, ``Test_Loss``) is written the way lower-case lines are read
(``train_loss``, ``val_acc``, ``val_accuracy``, ``test_loss``), unless the log already has a series of that name
(two lines printing both spellings stay apart). A lower-case tag is a script's own spelling (fairseq's
``valid_loss``, ``training_loss``) and is kept. Other names (``True_Loss``: a script's own term) are kept.
"""
from __future__ import annotations

import re

_TAG = re.compile(r"^(train|training|val|valid|validation|test|testing|eval|evaluation)_(loss|acc|accuracy)$",
                  re.IGNORECASE)
_SPLIT = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
          "testing": "test", "eval": "eval", "evaluation": "eval"}


def standard_names(hits: list, rebuild) -> list:
    """``hits`` with each title-case split tag renamed (module docstring); ``rebuild(hit, values)``."""
    tags = {t for h in hits for t, _ in h.record.values}
    renames = {}
    for tag in tags:
        m = _TAG.match(tag)
        if m is None or tag == tag.lower():  # 'valid_loss' (fairseq's), 'training_loss': a script's own spelling
            continue
        new = f"{_SPLIT[m.group(1).lower()]}_{m.group(2).lower()}"
        if new != tag and new not in tags:
            renames[tag] = new
    if len(set(renames.values())) < len(renames):  # 'Val_Loss' and 'Valid_Loss' both: left as printed
        seen: dict = {}
        for tag, new in list(renames.items()):
            seen.setdefault(new, []).append(tag)
        renames = {t: n for t, n in renames.items() if len(seen[n]) == 1}
    if not renames:
        return hits
    return [h if not any(t in renames for t, _ in h.record.values)
            else rebuild(h, tuple((renames.get(t, t), v) for t, v in h.record.values)) for h in hits]
