"""A split's own loss named two ways on one printed line (used by ``readers/joblog.py``)::

    | 2021-07-12 17:57:02 | INFO | Validation loss: 0.408, acc: 0.858, F1: 0.462   (public CED tuning_ner.log)

The printed-pair rule names the split's other values after the line's split (``val_acc``, ``val_F1``) but keeps the
key that names the split itself as printed (``Validation_loss``): one line, two spellings of one split, and the
validation loss apart from the names of its own metrics. A tag that is exactly a split word and
``loss``/``acc``/``accuracy`` in title case (``Validation_loss``, ``Valid_Loss``, ``Test_Acc``), on a record whose
other tags carry that split's lower-case prefix (``val_``, ``test_``, ``train_``), is written the same way
(``val_loss``), unless the log already has a series of that name; a tag spelled with the prefix itself
(``val_Loss``: a meter's ``val_`` + ``Loss``) is the reader's own naming and stays. A split printed after the
training's part of the line (``Epoch 1: Train loss: 1.0, acc: 0.65 | Validation loss: 1.2, acc: 0.55``: read as
``Validation_loss`` beside ``validation_acc``) is written with its standard prefix, both (``val_loss``,
``val_acc``). A title-case name on a line with no such prefixed tag (``Epoch 0 Train Loss: 617.4``, ``Epoch: 0 Val
Acc: 0.1015``) stays as printed: the readers keep a printed name's spelling, and the curves give it its role
(``Train_Loss`` is the training loss) whatever its case.
"""
from __future__ import annotations

import re

_TAG = re.compile(r"^(train|training|val|valid|validation|test|testing|eval|evaluation)_(loss|acc|accuracy)$",
                  re.IGNORECASE)
_SPLIT = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
          "testing": "test", "eval": "eval", "evaluation": "eval"}


def _renames(values: tuple, tags: set) -> dict:
    """{printed tag: new name} for the title-case split tags of one record beside that split's prefixed tags."""
    raw = {t.split("_", 1)[0] for t, _ in values if "_" in t}
    prefixes = {p for p in raw if p in _SPLIT.values()}
    out = {}
    for tag, _ in values if raw else ():
        m = _TAG.match(tag)
        if m is None or tag == tag.lower():
            continue
        split = _SPLIT[m.group(1).lower()]
        new = f"{split}_{m.group(2).lower()}"
        word = m.group(1).lower()
        if split in prefixes and m.group(1) != split and new not in tags:  # 'val_Loss': the prefix's own spelling
            out[tag] = new
        elif word != split and word in raw and new not in tags:  # 'Validation loss: .., acc: ..' mid-line
            out[tag] = new
            for t, _ in values:
                if t.startswith(word + "_") and f"{split}_{t[len(word) + 1:]}" not in tags:
                    out[t] = f"{split}_{t[len(word) + 1:]}"
    return out


def standard_names(hits: list, rebuild) -> list:
    """``hits`` with each title-case split tag met beside its split's prefixed tags renamed, on every line that
    prints it (module docstring); ``rebuild(hit, values)``: the hit with those values."""
    tags = {t for h in hits for t, _ in h.record.values}
    if not any(_TAG.match(t) and t != t.lower() for t in tags):
        return hits
    renames: dict = {}
    for h in hits:
        renames.update(_renames(h.record.values, tags))
    if not renames or len(set(renames.values())) < len(renames):  # 'Val_Loss' and 'Valid_Loss' both: as printed
        return hits
    return [h if not any(t in renames for t, _ in h.record.values)
            else rebuild(h, tuple((renames.get(t, t), v) for t, v in h.record.values)) for h in hits]
