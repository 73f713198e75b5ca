"""A metric file named with a qualifier before its metric word, beside a paired run's loss files.

Public kdflair201 (a knowledge-distillation study, one folder per model and fold) saves each series with
``np.savetxt``-like one-line CSVs: ``list_train_loss_fold0.csv``, ``list_val_loss_fold0.csv``, ``list_train_acc_fold0
.csv``, ``list_val_f1_fold0.csv`` ... and ``list_train_lgg_acc_fold0.csv`` / ``list_val_lgg_acc_fold0.csv`` (50 values
each: train 0.505 -> 0.92; validation 1.43 -> 4.0, a ratio the script calls an accuracy of its LGG class).
``discover_splitpair.metric_siblings`` joins a metric file whose name is a loss file's name with the loss word
replaced by a metric word (``acc`` for ``loss``); ``lgg_acc`` put ``lgg`` in front of it, so the name matched no loss
file and the two files were neither read nor named in any line (the stop-66 finding). The rule: a metric word with
ONE word before it that is no split, loss or metric word and no number (``lgg_acc``, ``top5_acc``, ``bal_acc``) is
a qualified metric when the name with ``<qualifier><sep><metric>`` replaced by ``loss`` is a loss file's name; its
series is named ``<split>_<qualifier>_<metric>`` (``train_lgg_acc``), so it never takes the plain ``acc`` file's
name."""
from __future__ import annotations

import re

_SEP = r"[_\-. ]"


def qualified(name: str, loss_names) -> tuple[str, str] | None:
    """``(qualified metric, the loss file's name it pairs with)`` for a file ``name`` beside ``loss_names``, or None
    (module docstring)."""
    from .discover_splitpair import LOSS_WORDS, METRIC_WORDS, TEST_WORDS, TRAIN_WORDS, VAL_WORDS

    stem = name.rsplit(".", 1)[0]
    words = [w for w in re.split(_SEP + "+", stem) if w]
    low = [w.lower() for w in words]
    found = [i for i, w in enumerate(low) if w in METRIC_WORDS]
    if len(found) != 1 or set(low) & LOSS_WORDS or found[0] == 0:
        return None
    i = found[0]
    q = low[i - 1]
    if q in TRAIN_WORDS | VAL_WORDS | TEST_WORDS | METRIC_WORDS or q.isdigit() or not q.isalnum():
        return None
    pattern = re.compile(r"(?i)(?<![A-Za-z0-9])" + re.escape(words[i - 1]) + _SEP + re.escape(words[i])
                         + r"(?![A-Za-z])")
    for loss in ("loss", "Loss", "LOSS", "losses"):
        as_loss = pattern.sub(loss, name, count=1)
        if as_loss != name and as_loss in loss_names:
            return f"{q}_{low[i]}", as_loss
    return None


def qualified_on_disk(path: str) -> str | None:
    """The qualified metric of the local file ``path`` (its folder's files as the loss names), or None."""
    import os

    folder, name = os.path.split(path)
    try:
        names = {n for n in os.listdir(folder or ".") if "loss" in n.lower()}
    except OSError:
        return None
    from .discover_splitpair import metric_word

    metric = metric_word(name)
    plain = re.compile(r"(?i)(?<![A-Za-z])" + re.escape(metric) + r"(?![A-Za-z])") if metric else None
    if plain is not None and any(plain.sub(w, name, count=1) in names for w in ("loss", "Loss", "LOSS", "losses")):
        return None  # the plain metric of its loss file (val_acc.txt beside val_loss.txt)
    found = qualified(name, names)
    return found[0] if found else None
