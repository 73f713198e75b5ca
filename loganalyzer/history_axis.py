"""Whether a saved Keras ``History`` dict counts epochs: ``pickle.dump(history.history, f)`` (``keras_pickle``),
``np.save("history.npy", history.history)`` (``keras_npy``) or ``np.savez`` of it (``keras_npz``).

``model.fit`` appends one value per epoch to every list of ``history.history`` (``loss``, ``val_loss``, each compiled
metric and its ``val_`` twin), and the readers put list index i at step i -- the same numbers as the
``CSVLogger``'s ``epoch`` column of the same fit. Until stop 67 the runs read from these files said "step 23" where
the CSVLogger of the same training said "epoch 23" (ux67: a Keras 3 ``model.fit`` of 80 epochs saved all three
ways, one folder; the CSV run read "lowest at epoch 23 (0.254)", the pickle and the .npy "lowest at step 23").

A dict counts epochs when it holds a series and its ``val_`` twin (``loss`` and ``val_loss``; a pickled list of
GAN losses has none) and every series has the same number of points (one per epoch; a custom loop's dict of
per-batch training losses beside per-epoch validation losses does not, and stays on steps).
"""
from __future__ import annotations

from collections.abc import Mapping

HISTORY_FORMATS = frozenset({"keras_pickle", "keras_npy", "keras_npz"})


def per_epoch_history(fmt: str, lengths: Mapping[str, int]) -> bool:
    """True when a run of format ``fmt`` whose series are ``lengths`` (tag -> number of points) is a Keras
    ``history.history`` dict, one point an epoch (module docstring); False for any other format or shape."""
    if fmt not in HISTORY_FORMATS or len(lengths) < 2:
        return False
    tags = {str(tag) for tag in lengths}
    if not any(t.startswith("val_") and t[4:] in tags for t in tags):
        return False
    return len(set(lengths.values())) == 1


def frame_lengths(scalars) -> dict[str, int]:
    """tag -> points of a tidy scalars table (``dir``/``tag``/``step``/``value`` columns; the run root's only: a
    history file has no sub-folders), {} when the table has none."""
    if scalars is None or "tag" not in scalars or not len(scalars):
        return {}
    if "dir" in scalars:
        scalars = scalars[scalars["dir"].astype(str) == ""]
    counts = scalars["tag"].astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items()}
