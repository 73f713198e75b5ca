"""Lightning's sanity-check validation written by the user's own call: left out of the validation series.

Before the first training batch, ``Trainer.fit`` runs ``num_sanity_val_steps`` (default 2) validation batches and
the ``validation_epoch_end`` / ``on_validation_epoch_end`` hooks. Lightning's own logging skips that pass
(``trainer/connectors/logger_connector/logger_connector.py``: nothing is logged while ``trainer.sanity_checking``),
but a module that writes through the logger itself (``self.logger.experiment.add_scalar("Validation/mae", mae,
self.current_epoch)``) writes the sanity pass too: a figure of two batches -- or of a metric object not yet updated,
``0.0`` -- at step 0, written again at step 0 by the first real validation (public gwnet-semink220, Graph WaveNet on
PEMS-BAY / METR-LA: ``Validation/mae`` 0.0, then 2.09, 2.07, ... 1.62 over 100 epochs; read with the 0.0 first, the
validation "rose" from its first point and three healthy runs were ``overfit`` 0.77-0.96).

``drop_sanity`` takes out, in an event file that carries Lightning's ``epoch`` key, the first point of a validation
tag (``val``/``valid``/``validation`` as a word of its name) when it was written at step 0 before any ``epoch``
point (before training began) and the tag's next point was written after training began: the sanity pass, said in
one note per file. A validation run before training on purpose (``trainer.validate`` then ``fit``) looks the same
and is left out the same way (the note names the value).
"""
from __future__ import annotations

import re

import numpy as np

_VAL = re.compile(r"(?:^|[^a-z])(?:val|valid|validation)(?:$|[^a-z])", re.IGNORECASE)


def drop_sanity(columns, path: str):
    """(columns without the sanity-check points, [Note]) of an event file's points in written order (module
    docstring); the columns unchanged and no note when there is none."""
    names = [str(t) for t in columns.tags]
    if "epoch" not in names or not len(columns):
        return columns, []
    codes = np.asarray(columns.tag_codes)
    epoch_at = np.flatnonzero(codes == names.index("epoch"))
    if not len(epoch_at):
        return columns, []
    begun = int(epoch_at[0])
    drop, said = [], []
    for code, name in enumerate(names):
        if name == "epoch" or not _VAL.search(name):
            continue
        at = np.flatnonzero(codes == code)
        if len(at) >= 3 and at[0] < begun < at[1] and int(columns.steps[at[0]]) == 0:
            drop.append(int(at[0]))
            said.append(f"{name} {float(columns.values[at[0]]):g}")
    if not drop:
        return columns, []
    from ..runs import Note

    keep = np.ones(len(columns), dtype=bool)
    keep[drop] = False
    line = (f"{len(drop)} validation point(s) written at step 0 before training began ({', '.join(said)}), the "
            "next one after it began: Lightning's sanity-check validation, left out")
    return columns.take(keep), [Note(path, line)]
