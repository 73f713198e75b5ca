"""ALIGNN's per-epoch loss files (for ``json_history``): ``history_train.json`` and ``history_val.json``, lists of
per-epoch rows of six numbers with no names.

The writer (usnistgov/alignn ``alignn/train.py``, 2024 on): each epoch ``history_train.append([running_loss,
running_loss1, running_loss2, running_loss3, running_loss4, running_loss5])`` then ``dumpjson(filename=os.path.join(
config.output_dir, "history_train.json"), data=history_train)``, the same for ``history_val.json`` after the
validation pass; ``loss = loss1 + loss2 + loss3 + loss4 + loss5`` with ``loss1`` the graph-wise output's loss (times
``graphwise_weight``), ``loss2`` atom-wise, ``loss3`` the gradient (forces), ``loss4`` the stress, ``loss5`` the
additional output; a term whose weight is 0 stays 0.0 every epoch. Open alignnshift187 (``history_train.json`` +
``history_val.json`` of a fine-tune, ``history_train.json`` alone of a training from scratch) was not discovered:
rows of numbers under no loss name.

Read: the file's split is its name's (``history_val.json`` -> ``val_``); the first number is the epoch's ``loss``
(``val_loss``), the others ``loss_graphwise``, ``loss_atomwise``, ``loss_grad``, ``loss_stress``,
``loss_additional`` (with the split's prefix); a term that is 0.0 at every epoch is no series (a weight of 0), said
in one line, and so is a term equal to the total at every epoch (the only one weighted); the row's place is the epoch (from 0). Rows of any other width are not ALIGNN's 2024 rows and are left
to the other shapes (an older ALIGNN wrote ``[mean_out, mean_atom, mean_grad, mean_stress]`` MAEs: what its columns
are is not in the file). The pair is one run: ``discover_alignn``.
"""
from __future__ import annotations

import re

from ..runs import Problem

NAMES = ("loss", "loss_graphwise", "loss_atomwise", "loss_grad", "loss_stress", "loss_additional")
FILE = re.compile(r"(?i)^history_(train|val)\.json$")
_HEAD = re.compile(rb"^\s*\[\s*\[\s*[-+]?(?:\d|\.\d|NaN|Infinity)")


def split_of(name: str) -> str | None:
    """'train' / 'val' for ALIGNN's ``history_<split>.json`` file name, else None."""
    m = FILE.match(name.replace("\\", "/").rsplit("/", 1)[-1])
    return m.group(1).lower() if m else None


def sniff(name: str, head: bytes) -> bool:
    """ALIGNN's ``history_train.json`` / ``history_val.json`` starting with a list of number rows."""
    return split_of(name) is not None and _HEAD.match(bytes(head).lstrip(b"\xef\xbb\xbf")) is not None


def rows(obj, path: str, problems: list) -> dict | None:
    """``{"epoch": [0, 1, ..], "loss": [..], ...}`` (``val_`` names in ``history_val.json``) for ALIGNN's rows of six
    numbers (module docstring), or None for anything else."""
    split = split_of(path)
    if split is None or not isinstance(obj, list) or not obj:
        return None
    if not all(isinstance(r, list) and len(r) == len(NAMES)
               and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in r) for r in obj):
        return None
    prefix = "val_" if split == "val" else ""
    out: dict = {"epoch": list(range(len(obj)))}
    zero, same = [], []
    for k, name in enumerate(NAMES):
        column = [float(r[k]) for r in obj]
        if k and all(v == 0.0 for v in column):
            zero.append(prefix + name)
            continue
        if k and column == out[prefix + "loss"]:
            same.append(prefix + name)  # the one term with a weight: the total again
            continue
        out[prefix + name] = column
    problems.append(Problem(path, f"ALIGNN's {split} history: {len(obj)} per-epoch rows of 6 numbers with no names, "
                                  f"read as its writer orders them (total loss, graph-wise, atom-wise, gradient, "
                                  f"stress, additional), the row's place the epoch"
                                  + (f"; {', '.join(zero)} 0.0 at every epoch (a weight of 0): no series"
                                     if zero else "")
                                  + (f"; {', '.join(same)} equal to the total at every epoch: no series of its own"
                                     if same else "")))
    return out
