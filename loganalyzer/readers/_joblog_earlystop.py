"""PyTorch Lightning's ``EarlyStopping`` messages as the only record of a training (used by ``readers/joblog.py``
when no line names a loss).

Lightning's ``callbacks/early_stopping.py`` (``_improvement_message``, with ``verbose=True``) logs, each time the
monitored metric improves::

    Metric val_loss improved. New best score: 0.052                                        (the first time)
    Metric val_loss improved by 0.009 >= min_delta = 0.0. New best score: 0.043

(``[rank: 0] `` ahead of it when several processes train), and when it stops the training ``Monitored metric
val_loss did not improve in the last 5 records. Best score: 0.035. Signaling Trainer to stop.``. A job whose
progress bar was off (``enable_progress_bar=False``) and that logged its metrics only to a logger printed nothing
else (public molgat166 ``sage.out``: a GNN regressor's 22 improvements and its stop): the log read as "no line
holds a loss" though it shows the validation loss falling and levelling off. Read here: each ``New best score``
as a point of the monitored metric's series (its name as printed; a ``val``-named metric is an evaluation), step =
the improvement's count (1, 2, ...: the epochs without improvement print nothing, so the epochs are not known). The
series is the best value so far -- it never rises -- which a note says. At least ``MIN_LINES`` improvements.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

MIN_LINES = 3
# whatever a logger puts before the message: Python logging's default ``%(levelname)s:%(name)s:%(message)s``
# (``logging.basicConfig(level=logging.INFO)``, the usual way Lightning's ``lightning.pytorch.callbacks.early_stopping``
# logger reaches a file: ``INFO:lightning.pytorch.callbacks.early_stopping:Metric val_loss improved ...``), a timestamp
# and level (``2024-03-01 12:00:01,123 - INFO - Metric ...``), Lightning's ``[rank: 0] ``: the message itself is
# specific enough (brk60 W7: the prefixed lines were read as nothing)
_LINE = re.compile(rb"(?m)^[^\n]{0,200}?(?<![\w.])Metric (?P<name>\S+) improved(?: by " + NUMBER.encode()
                   + rb" >= min_delta = " + NUMBER.encode() + rb")?\. New best score: (?P<v>" + NUMBER.encode()
                   + rb")[ \t\r]*$")
NOTE = ("no line names a loss; Lightning EarlyStopping's 'New best score' lines are read as the monitored metric "
        "(the best value so far, one point per improvement: epochs without improvement print nothing)")


def early_stopping_only(data, notes: list, hit) -> list:
    """The hits (``hit(offset, record)``) of a log holding only EarlyStopping's improvement lines (module
    docstring) of one metric, or []."""
    if data.find(b"New best score: ") < 0:
        return []
    found = [m for m in _LINE.finditer(data)]
    if len(found) < MIN_LINES or len({m.group("name") for m in found}) != 1:
        return []
    name = found[0].group("name").decode("utf-8", "replace")
    kind = "eval" if re.match(r"(?i)val|valid|eval|test", name) else "train"
    notes.append(NOTE)
    return [hit(m.start(), Record("kv", ((name, float(m.group("v"))),), step=i + 1, own_step=True, kind=kind))
            for i, m in enumerate(found)]
