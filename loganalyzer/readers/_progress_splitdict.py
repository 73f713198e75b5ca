"""A split's metrics printed as a Python dict after the split's name (PyG GraphGym's ``logging.log``:
``train: {'epoch': 0, 'eta': 12.95, 'loss': 1.9459, 'lr': 0.01, ..., 'accuracy': 0.1302}`` then
``val: {'epoch': 0, 'loss': 1.8403, ...}``; ``graphgym/logger.py`` ``logging.info('{}: {}'.format(self.name, stats))``).

The dict looks like the HF Trainer's, but the name before it is the split and its ``epoch`` is the step: read here
as ``<split>_<key>`` (``train_loss``, ``val_loss``, ``test_accuracy``) at the printed epoch, so the two splits are two
series, never one ``loss`` interleaving training and validation values.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

_HEAD = re.compile(r"(train|training|val|valid|validation|eval|test)\s*:\s*\{'")
_PAIR = re.compile(r"'([^']+)':\s*(?:'([^']*)'|([-+\w.]+))")
_SKIP = ("epoch", "step")


def split_dict(text: str) -> Record | None:
    """The record of a ``<split>: {'epoch': N, 'loss': ...}`` line, or None."""
    m = _HEAD.match(text)
    if m is None or "'epoch'" not in text:
        return None
    split = m.group(1)
    values, epoch = [], None
    for key, quoted, bare in _PAIR.findall(text[m.end() - 2:]):
        value = to_float(quoted if quoted else bare)
        if value is None:
            continue
        if key == "epoch":
            epoch = value
        elif key not in _SKIP:
            values.append((f"{split}_{key}", value))
    if epoch is None or not values or not float(epoch).is_integer():
        return None
    kind = "train" if split.startswith("train") else "eval"
    return Record("split_dict", tuple(values), step=int(epoch), epoch=float(epoch), kind=kind, own_step=True)
