"""Values carried in a tqdm bar's description, not its postfix (used by ``_progress_bars._tqdm`` and ``joblog._scan``):
PyTorch-Encoding / GluonCV segmentation's ``tbar.set_description('Epoch %d, training loss %.3f' % ...)`` and
``'Epoch %d, validation pixAcc: %.3f, mIoU: %.3f'``::

    Epoch 0, training loss 0.830: 100%|█████████| 185/185 [13:55<00:00,  4.52s/it]
    Epoch 0, validation pixAcc: 0.901, mIoU: 0.418: 100%|█████████| 63/63 [02:10<00:00,  2.07s/it]

and the same words on a plain line (GluonCV monodepth2: ``Epoch 19, validation abs_REL: 0.091 sq_REL: 0.778 RMSE:
4.420, RMSE_log: 0.181 Delta_1: 0.919 ...``, beside ``Epoch 19 iteration 3750/3981: training loss 0.083``).
Training values are ``training_<name>`` at the epoch (the step of a per-epoch bar); validation values ``val_<name>``
(``kind='eval'``) at the epoch too when drawn as a bar (PSPNet's log skips a training bar: epoch 45 is validation
only), at the training step before them on a plain line (monodepth2's training lines step by iteration). A bar redrawn in place counts once per epoch (its last redraw:
``joblog._rows`` keeps a bar's last value at a step). A name printed twice on one line (monodepth2 prints ``Delta_2``
for its third threshold) keeps both values: the second is ``<name>_2``.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, tag_name, to_float

NEEDLE = b", validation "  # the validation lines hold no loss: looked for too
_DESC = re.compile(r"^Epoch\s+(\d+),\s+(training|validation)\s+(.+)$")
_PAIR = re.compile(r"([A-Za-z][\w]*):?\s+(" + NUMBER + r")(?![\w.])(?=[\s,:]|$)")


def epoch_desc(desc: str, shape: str = "tqdm") -> Record | None:
    """The record of a description ``Epoch N, training|validation <name> <value>[, ...]``, or None."""
    m = _DESC.match(desc.strip())
    if m is None:
        return None
    pairs = _PAIR.findall(m.group(3))
    if not pairs or _PAIR.sub("", m.group(3)).strip(" ,:;") != "":
        return None  # words other than name/value pairs: not this shape
    prefix = "training_" if m.group(2) == "training" else "val_"
    values, seen = [], {}
    for key, raw in pairs:
        value = to_float(raw)
        if value is None:
            continue
        name = prefix + tag_name(key)
        seen[name] = seen.get(name, 0) + 1
        values.append((name if seen[name] == 1 else f"{name}_{seen[name]}", value))
    if not values:
        return None
    epoch = int(m.group(1))
    if m.group(2) == "validation":  # a bar's: at its epoch, as the training bar's (an epoch without one: its own)
        return Record(shape, tuple(values), step=epoch if shape == "tqdm" else None, epoch=float(epoch), kind="eval")
    return Record(shape, tuple(values), step=epoch, epoch=float(epoch))


def desc_line(segment: bytes) -> Record | None:
    """The record of a printed validation line of this shape (a bar's last redraw or a plain line), or None."""
    text, rank, stamp = clean(segment)
    i = text.find("%|")
    if i >= 0:
        text = text[:i].rstrip("0123456789 ").rstrip(":")
    record = epoch_desc(text, "tqdm" if i >= 0 else "desc")
    if record is not None and (rank is not None or stamp is not None):
        record = Record(record.shape, record.values, record.step, record.epoch, record.kind, rank, None, stamp)
    return record
