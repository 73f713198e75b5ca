"""SpeechBrain's test of the loaded checkpoint after training: no point of the curve (used by ``readers/joblog.py``).

SpeechBrain's recipes (``train.py``: ``on_stage_end`` for ``sb.Stage.TEST``) log, after ``brain.fit`` and
``brain.evaluate`` of the best (or last) checkpoint, ``self.hparams.train_logger.log_stats(stats_meta={"Epoch
loaded": self.hparams.epoch_counter.current}, test_stats=...)`` into ``train_log.txt``::

    epoch: 15 - train loss: 5.34e-01 - valid loss: 1.16, valid PER: 30.22
    Epoch loaded: 1 - test loss: 1.24, test PER: 32.31

``Epoch loaded`` names the checkpoint's epoch counter, not a step of the training: the lines (one per evaluation
run, often several appended to one log: public meld165 ``train_log.txt``, five ``Epoch loaded: 17 - test loss: ..``
lines) were read as ``test_loss`` points at the last epoch. They are left out here, and a note gives their values.
"""
from __future__ import annotations

import re

from ._linestart import line_start

_LOADED = re.compile(rb"[ \t]*Epoch loaded: *\d+ *- ")


def drop_loaded_evals(data, hits: list, notes: list) -> list:
    """``hits`` less those on SpeechBrain ``Epoch loaded: N - test ...`` lines (module docstring)."""
    if data.find(b"Epoch loaded:") < 0:
        return hits
    out, said = [], []
    for h in hits:
        start = line_start(data, h.offset, max(0, h.offset - 4096))
        if _LOADED.match(bytes(data[start:start + 64])):
            said.append(", ".join(f"{k} {v:.4g}" for k, v in h.record.values))
            continue
        out.append(h)
    if said:
        notes.append(f"{len(said)} SpeechBrain 'Epoch loaded: N - test ..' line(s) (a loaded checkpoint's test after "
                     f"training, no epoch's point): not read as points ({'; '.join(said[:3])})")
    return out
