"""CS231n-style accuracy checks printed inside a training loop (used by ``_joblog_scan._scan`` when the log has
progress lines)::

    Epoch 0, Iteration 50, loss = 1.9839

    Checking accuracy on validation set
    Got 1815 / 3099 correct (58.57)

(the CS231n PyTorch assignment's ``check_accuracy``: ``print('Checking accuracy on validation set')`` or ``'.. on
test set'``, then ``print('Got %d / %d correct (%.2f)' % (num_correct, num_samples, 100 * acc))``; open runs
kwshmm185 ``DNN.ipynb`` / ``DNN2.ipynb``, every ``print_every`` iterations). The ``Got`` line holds no loss, so the
loss scan never saw it: each is ``val_accuracy`` (or ``test_accuracy``), the fraction correct, at the step of the
training line before it, as an evaluation line is.

Only a check right after a training line is read: the same function called again after training (the notebook's
later cells check the final and the saved best model, and the training loader, which the assignment's code also
calls 'validation set') follows another check, not a training line, and is no point of the curve; one line says how
many were left so.
"""
from __future__ import annotations

import bisect
import re

from ._progress import Record

NEEDLE = b"correct ("
_CHECK = re.compile(rb"^[ \t]*Checking accuracy on (validation|val|test|train(?:ing)?) set[ \t]*\r?\n[ \t]*Got[ \t]+"
                    rb"(\d+)[ \t]*/[ \t]*(\d+)[ \t]+correct[ \t]*\([ \t]*\d+(?:\.\d+)?[ \t]*\)[ \t]*\r?$", re.MULTILINE)
_SPLITS = {b"validation": "val", b"val": "val", b"test": "test", b"train": "train", b"training": "train"}


def got_correct_hits(data, size: int, hits: list, problems: list) -> list:
    """[(offset of the ``Got`` line, Record)] for each check right after a training hit (module docstring); a note
    naming the checks left unread is appended to ``problems`` (as text). ``hits``: the loss scan's, by offset."""
    if data.find(NEEDLE) < 0:
        return []
    train = sorted(h.offset for h in hits if h.record.kind == "train")
    if not train:
        return []
    out, left, last_train_used = [], 0, None
    for m in _CHECK.finditer(bytes(data[:size])):
        i = bisect.bisect_left(train, m.start()) - 1
        got = data.rfind(b"\n", 0, m.start(2)) + 1
        if i < 0 or train[i] == last_train_used:
            left += 1
            continue
        last_train_used = train[i]
        n, total = int(m.group(2)), int(m.group(3))
        if total <= 0:
            left += 1
            continue
        split = _SPLITS[m.group(1).lower()]
        out.append((got, Record("got_correct", ((f"{split}_accuracy", n / total),), kind="eval")))
    if left and out:
        problems.append(f"{left} 'Got n / m correct' check(s) follow another check, not a training line (the model "
                        "checked again after training): not read as points of the curve")
    return out
