"""One Keras ``History`` saved key by key, one file of one number per line each: ONE run.

DeepFilter (fperdigon/DeepFilter, ECG baseline-wander removal in Keras; public deepfilter160 ``results*/``) saves
every key of ``model.fit(...).history`` with ``np.savetxt(f"{key}.txt", history[key])``: ``loss.txt``,
``val_loss.txt``, ``mad_loss.txt``, ``val_mad_loss.txt``, ``ssd_loss.txt``, ``val_ssd_loss.txt`` (the model's loss
and the metrics it was compiled with: custom losses named ``*_loss``), ``mean_squared_error.txt``,
``val_mean_squared_error.txt``... ``discover_splitpair`` paired each ``X_loss`` with ``val_X_loss``: three runs
(``loss``, ``mad``, ``ssd``) where the script trained one model once, each judged alone.

The rule (``fold``): among the split-pair runs of one directory, the run of the plain ``loss``/``val_loss`` files takes the other pair runs of that directory whose files are all one number per line, as many
lines as its own loss file: they are the same history's keys. Their series are named by the key
(``train_mad_loss``, ``val_mad_loss``: ``history_key``), not ``train_loss`` a second time. Keras's long metric names
saved so (``mean_absolute_error.txt``) stay unread as before: read beside the loss, deepfilter160's linear variant's
validation MAE turned its rising validation loss from overfit (its label) to healthy -- a verdict question, left.
"""
from __future__ import annotations

import os
import re

from .runs import Run

_SPLIT_PREFIX = re.compile(r"^(?:val|valid|validation|train|training|test)_")
_KEYED_LOSS = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*_loss$")


def bare_key(name: str) -> str:
    """A file's history key less its split prefix (``val_mad_loss.txt`` -> ``mad_loss``)."""
    return _SPLIT_PREFIX.sub("", name.rsplit(".", 1)[0].lower())


def history_key(path: str) -> str | None:
    """``mad_loss`` for ``mad_loss.txt`` / ``val_mad_loss.txt`` beside the plain ``loss`` file of the same extension
    (one history saved key by key: the module docstring), else None. Local files only (a sibling elsewhere: not
    known, so None)."""
    folder, name = os.path.split(path)
    key = bare_key(name)
    if not _KEYED_LOSS.fullmatch(key):
        return None
    ext = os.path.splitext(name)[1]
    return key if os.path.isfile(os.path.join(folder or ".", "loss" + ext)) else None


def fold(fs, runs: list[Run]) -> list[Run]:
    """``runs`` (``discover_splitpair.pair``'s) with each directory's key-by-key history files in one run."""
    if len(runs) < 2:
        return runs
    by_dir: dict[str, list[Run]] = {}
    for run in runs:
        by_dir.setdefault(run.path, []).append(run)
    out = []
    for d, group in by_dir.items():
        main = [r for r in group if "loss" in {bare_key(os.path.basename(f.path)) for f in r.files}]
        lines = _lines(fs, [f for f in main[0].files if bare_key(os.path.basename(f.path)) == "loss"][0].path) \
            if len(group) > 1 and len(main) == 1 else 0
        taken = [r for r in group if lines and r is not main[0]
                 and all(_lines(fs, f.path) == lines for f in r.files)]
        if not taken:
            out.extend(group)
            continue
        base = main[0]
        out.append(Run(base.id, base.path, base.format, base.files + tuple(f for r in taken for f in r.files)))
        out.extend(r for r in group if r is not base and r not in taken)
    return out


def _lines(fs, path: str) -> int:
    """How many lines of one number each the file holds (0: another shape, or not readable)."""
    from .discover_splitpair import one_number_lines

    try:
        with fs.open_bytes(path) as buffer:
            data = bytes(buffer)
    except OSError:
        return 0
    return sum(1 for line in data.splitlines() if line.strip()) if one_number_lines(data) else 0
