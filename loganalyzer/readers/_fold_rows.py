"""A loss file of a few equally long rows of numbers and no header, one row per cross-validation fold (or repeat),
the epochs along each row: ``np.savetxt(f'{model}_Train_Loss.csv', np.array(fold_losses), delimiter=', ')`` after
``fold_losses.append(epoch_losses)`` in a k-fold loop (public fsrcnn162 ``FSRCNN_Train_Loss.csv`` /
``FSRCNN_Test_Loss.csv``: 5 lines of 100 MSE values each, one line per fold of a 5-fold CV, the train and the test
file side by side). Before, ``_loss_shapes`` found no name for 100 unnamed columns and nothing was read.

Read as the folds' mean at each epoch (the value's place along the row, from 0), under the loss name the file gives
(``train_loss``, ``test_loss``, ``val_loss``; ``loss`` when it names no split), one line saying so. Only when the
file is named as one loss series (``<model>_<split>_loss``, ``<split>Loss``), holds ``MIN_FOLDS`` to ``MAX_FOLDS``
rows of ``MIN_EPOCHS`` or more numbers, one width, and every row looks like a loss curve (``_loss_shapes.curve_like``:
positive, smooth along the row) on one scale (row medians within 10x): a table of per-class or per-sample values
is no such thing. Rows whose levels fall row after row (``_epochs_of_batches``) are epochs of batch losses.
"""
from __future__ import annotations

import re
import statistics

from ._lazy import lazy_re

MIN_FOLDS, MAX_FOLDS = 2, 20
MIN_EPOCHS = 10
_NUMBER = lazy_re(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)$")
_STEM = lazy_re(r"(?:^|[^a-z])(train|training|val|valid|validation|test|eval)[_ -]?loss(?:es)?$", re.IGNORECASE)
_TAG = {"train": "train_loss", "training": "train_loss", "test": "test_loss"}


def _tag(name: str) -> str | None:
    """The loss series a file's name gives (``FSRCNN_Train_Loss`` -> ``train_loss``), None for another name."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _STEM().search(stem)
    return None if m is None else _TAG.get(m.group(1).lower(), "val_loss")


def _epochs_of_batches(medians: list[float]) -> bool:
    """Whether the rows are consecutive epochs of batch losses, not folds: each row's level below the row before
    and the last at most half the first (``np.savetxt('train_loss.csv', np.array(epoch_batch_losses))``, one row per
    epoch: medians 2.0, 1.3, 0.85, 0.56, ..). The folds of one cross-validation train from the same start, so their
    levels scatter around one value and never fall row after row that far."""
    return all(b < a for a, b in zip(medians, medians[1:])) and medians[-1] * 2 <= medians[0]


def read(rows: list[list[str]], name: str) -> tuple[bytes, str] | None:
    """(the CSV ``epoch,<tag>`` of the folds' mean, the line saying so) for such a file (module docstring), else
    None."""
    tag = _tag(name)
    if tag is None or not MIN_FOLDS <= len(rows) <= MAX_FOLDS:
        return None
    width = len(rows[0])
    if width < MIN_EPOCHS or any(len(r) != width or not all(_NUMBER().match(c) for c in r) for r in rows):
        return None
    from ._loss_shapes import curve_like

    folds = [[float(c) for c in r] for r in rows]
    if not all(curve_like(f) for f in folds):
        return None
    medians = [statistics.median(f) for f in folds]
    if max(medians) > 10 * min(medians) or _epochs_of_batches(medians):
        return None
    mean = [sum(col) / len(col) for col in zip(*folds)]
    out = f"epoch,{tag}\n" + "".join(f"{k},{v!r}\n" for k, v in enumerate(mean))
    return out.encode(), (f"no header: {len(rows)} lines of {width} numbers, one loss curve a line (the folds or "
                          f"repeats of a cross-validation, the epochs along each line): read as `{tag}`, their mean at "
                          f"each epoch, the value's place as the epoch")
