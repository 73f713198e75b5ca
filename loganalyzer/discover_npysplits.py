"""One training's per-epoch metrics saved as 1-D ``.npy`` files beside its loss array, named ``<metric>_<split>``.

A DGL graph-regression trainer (public hgfpqm9167, a hetero-graph QM9 repository: ``np.save(f"{out}/loss.npy",
losses)`` once a batch, then ``np.save(f"{out}/rmse_tr.npy", ...)``, ``rmse_vl.npy``, ``r2_tr.npy``, ``r2_vl.npy``
once an epoch, 200 values each) saves the training loss and the epochs' train/validation scores into one folder.
Only ``loss.npy`` was named like a series (``keras_npy``), so the validation scores -- the only held-out curve of the
run -- were never read. The rule: a 1-D ``.npy`` run named as one loss series (``loss.npy``, ``train_loss.npy``) and,
beside it, 1-D numeric ``.npy`` files whose names are a metric word and a split word (either order:
``rmse_vl``, ``val_acc``, ``r2_tr``; ``keras_npy.split_metric_name``) are ONE run, named by the loss file; each
file's series keeps its file's stem as its name (``rmse_vl``). Files of other lengths keep their own index as step
(``curves`` places a split of a few points at the epoch ends it estimates, saying so).
"""
from __future__ import annotations

import re

from .runs import Run, SourceFile

_LOSS_STEM = re.compile(r"(?i)^(?:(?:train|training|trn|tr)[_-]?)?loss(?:es)?$")


def join(fs, file_runs: list, full) -> tuple[list, list[Run]]:
    """``file_runs`` (relative file, format, count) less the loss ``.npy`` files joined with their split-named
    metric siblings, and those runs."""
    from .readers import keras_npy

    runs, taken = [], set()
    for rel_file, fmt, _count in file_runs:
        d, _, name = rel_file.rpartition("/")
        if fmt != "keras_npy" or not name.lower().endswith(".npy") or not _LOSS_STEM.match(name[:-4]):
            continue
        try:
            entries = sorted(e.name for e in fs.list_dir(full(d) if d else full(".")) if e.is_file)
        except OSError:
            continue
        siblings = []
        for other in entries:
            if other == name or not keras_npy.split_metric_name(other):
                continue
            rel = f"{d}/{other}" if d else other
            try:
                head = bytes(fs.read_head(full(rel), 4096))
            except OSError:
                continue
            if keras_npy.why_not(other, head) is None:
                siblings.append(rel)
        if not siblings:
            continue
        sources = tuple(SourceFile(full(f), "keras_npy", "") for f in [rel_file, *siblings])
        runs.append(Run(rel_file, full(d) if d else full("."), "keras_npy", sources))
        taken.update([rel_file, *siblings])
    return [item for item in file_runs if item[0] not in taken], runs
