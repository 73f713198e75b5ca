"""The Theano deep-learning tutorials' fine-tuning lines (``joblog``'s fallbacks).

``logistic_sgd.py``, ``mlp.py``, ``convolutional_mlp.py``, ``SdA.py`` and ``DBN.py`` of the LISA lab's
DeepLearningTutorials (and the many scripts built on them: a stacked contractive autoencoder's ``slurm.out``) print,
at each validation during fine-tuning::

    epoch 1, minibatch 120/120, validation error 86.933333 %
         epoch 1, minibatch 120/120, test error of best model 86.933333 %

(``'epoch %i, minibatch %i/%i, validation error %f %%'``; the test line only when the validation improved), after the
pre-training's ``Pre-training layer 0, epoch 0, cost 0.200519`` lines (``_joblog_costnamed``). No loss word: the
pre-training was read and every fine-tuning (five in that log, one after another) was left out. Read here: the
validation error (percent, as printed) at the epoch counted from 0 (the minibatch counted in it when any line
validates within an epoch: step = (epoch - 1) x minibatches + minibatch for every line, one unit in a file -- brk57's
``minibatch 50/100`` then ``100/100`` lines had been read as steps 50, 0, 150, 1, ..); each fine-tuning starts its
epochs again, a run of its own (its lines open runs although validation-named: ``_joblog_evalcounter.OWN_CURVES``).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_NEEDLE = b", validation error "
_LINE = re.compile(rb"^[ \t]*epoch (\d+), minibatch (\d+)/(\d+), validation error (" + NUMBER.encode() + rb") ?%")
MIN_LINES = 3


def finetune_hits(data, size: int, hits: list, hit) -> list:
    """``hits`` with the tutorials' validation lines added (module docstring); ``hit(offset, record)`` makes one."""
    if data.find(_NEEDLE) < 0:
        return hits
    found, pos = [], 0
    while (p := data.find(_NEEDLE, pos)) >= 0:
        start = data.rfind(b"\n", 0, p) + 1
        end = data.find(b"\n", p)
        end = size if end < 0 else end
        pos = end + 1
        m = _LINE.match(bytes(data[start:end]))
        if m is None:
            continue
        found.append((start, int(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4))))
    if len(found) < MIN_LINES:
        return hits
    within = any(n < total for _, _, n, total, _ in found)  # validated within an epoch: steps in minibatches for all
    found = [hit(start, Record("theano", (("validation_error", err),), own_step=True, phase="fine-tuning",
                               step=(epoch - 1) * total + n if within else epoch - 1, epoch=float(epoch - 1)))
             for start, epoch, n, total, err in found]  # (the tutorials count epochs from 1)
    return sorted(hits + found, key=lambda h: h.offset)
