"""One metric name logged from both ``training_step`` and ``validation_step`` (Lightning: ``self.log("mse", ...)`` in
both): training and validation values in one series.

Lightning's logger connector keeps one metric per name, whichever hook logged it (``LightningModule.log`` ->
``_ResultCollection``; the ``val_``/``train_`` prefixes are the user's only way to tell them apart), and hands the
training hook's metrics to the logger at its logging steps and the validation loop's at the epoch's end, each call
``log_metrics(metrics, step)`` with the global step (pytorch_lightning/loops/fit_loop.py,
``trainer/connectors/logger_connector``). ``CSVLogger`` writes one row per call (``metrics.csv``: a validation row
carries the ``val_*`` columns and no training-only one, at the step of the training row before it);
``TensorBoardLogger`` one ``add_scalar`` per key of the call, in the call's order. So a name without a split word
logged by both hooks gets points of both kinds, the validation ones usually at the same step as a training one.

Here a *call* is a CSV row, or in an event file a run of consecutive points at one step with no tag twice. A call
is a validation call when it holds a validation-named series (``val_loss``, ``valid/acc``, ``validation_f1``) and no
training-named one, a training call the other way round; a series without a split word in its name that has points
in both kinds of call is shared.
"""
from __future__ import annotations

import re

import numpy as np

# split words as a prefix or suffix part of a name (Lightning, Keras, HF, timm naming)
_VAL = re.compile(r"(?:^|[/_.\-])(?:val|valid|validation|eval|dev)(?:$|[/_.\-])", re.I)
_TRAIN = re.compile(r"(?:^|[/_.\-])(?:train|training|trn)(?:$|[/_.\-])", re.I)
_COUNTERS = frozenset({"epoch", "step", "global_step", "hp_metric"})
_OTHER = re.compile(r"(?:^|[/_.\-])(?:test|lr|learning_rate|momentum)(?:$|[/_.\-])|^lr-", re.I)


def split_of(name: str) -> str | None:
    """'val', 'train' or None (no split word, or both) for a series name."""
    val, train = _VAL.search(name) is not None, _TRAIN.search(name) is not None
    return "val" if val and not train else "train" if train and not val else None


def candidates(names: list[str]) -> list[int]:
    """Indices of the names that could be shared: no split word, no counter/test/LR name; [] unless the names hold
    both a training-named and a validation-named series (else no call can be told apart). Remembered per list of
    names (a tree's files repeat a few header/tag lists: two regex searches a name otherwise)."""
    key = tuple(names)
    try:
        got = _CANDIDATES.get(key)
    except TypeError:  # an unhashable name: nothing to remember
        return _candidates(names)
    if got is None:
        if len(_CANDIDATES) >= 4096:
            _CANDIDATES.clear()
        got = _CANDIDATES[key] = tuple(_candidates(names))
    return list(got)


_CANDIDATES: dict[tuple, tuple] = {}


def _candidates(names: list[str]) -> list[int]:
    splits = [split_of(n) for n in names]
    if "val" not in splits or "train" not in splits:
        return []
    return [i for i, (n, s) in enumerate(zip(names, splits))
            if s is None and n.rsplit("/", 1)[-1] not in _COUNTERS and _OTHER.search(n) is None]


def call_kinds(present: np.ndarray, splits: list[str | None]) -> np.ndarray:
    """Per call (rows of ``present``, a calls x series bool matrix): 1 training, 2 validation, 0 neither/both."""
    val = np.array([s == "val" for s in splits], dtype=bool)
    train = np.array([s == "train" for s in splits], dtype=bool)
    has_val = present[:, val].any(axis=1) if val.any() else np.zeros(len(present), bool)
    has_train = present[:, train].any(axis=1) if train.any() else np.zeros(len(present), bool)
    return np.where(has_train & ~has_val, 1, np.where(has_val & ~has_train, 2, 0))


def event_calls(codes: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Call index of each point of an event file (points in written order): a new call where the step changes or
    a tag comes again (only the runs of one step holding a tag twice are walked point by point)."""
    n = len(codes)
    runs = np.zeros(n, dtype=np.int64)
    runs[1:] = np.cumsum(steps[1:] != steps[:-1])
    keys = runs * (int(codes.max()) + 1 if n else 1) + codes
    _, first = np.unique(keys, return_index=True)
    again = np.ones(n, dtype=bool)
    again[first] = False  # a tag's second point within its run of one step
    if not again.any():
        return runs
    starts = np.zeros(n, dtype=bool)
    starts[0] = True
    starts[1:] = runs[1:] != runs[:-1]
    for r in np.unique(runs[again]).tolist():  # runs is sorted: each run's rows are one slice
        a, z = int(np.searchsorted(runs, r, "left")), int(np.searchsorted(runs, r, "right"))
        seen: set = set()
        for i, c in enumerate(codes[a:z].tolist(), start=a):
            if c in seen:
                starts[i] = True
                seen = set()
            seen.add(c)
    return np.cumsum(starts) - 1


def shared_in_events(tags: list[str], codes: np.ndarray, steps: np.ndarray) -> list[tuple[str, int, int]]:
    """(tag, training points, validation points) of each tag of an event file holding both kinds."""
    names = [str(t) for t in tags]
    cands = candidates(names)
    if not cands or not len(codes):
        return []
    calls = event_calls(codes, steps)
    present = np.zeros((int(calls[-1]) + 1, len(names)), dtype=bool)
    present[calls, codes] = True
    kinds = call_kinds(present, [split_of(n) for n in names])
    out = []
    for i in cands:
        k = kinds[calls[codes == i]]
        n_train, n_val = int((k == 1).sum()), int((k == 2).sum())
        if n_train and n_val:
            out.append((names[i], n_train, n_val))
    return out


def split_rows(tags: list[str], present: np.ndarray) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Of a CSV's value columns (``present``: rows x columns, a cell holding a number), each shared column whose
    rows are all told apart: (column, its training rows, its validation rows) as bool masks over the rows."""
    cands = candidates(tags)
    if not cands:
        return []
    kinds = call_kinds(present, [split_of(t) for t in tags])
    out = []
    for i in cands:
        rows = present[:, i]
        train, val = rows & (kinds == 1), rows & (kinds == 2)
        if train.any() and val.any() and not (rows & (kinds == 0)).any():
            out.append((i, train, val))
    return out


def split_names(name: str, taken: set[str]) -> tuple[str, str] | None:
    """The names of a shared series' two halves: ``train_<name>``/``val_<name>`` (the prefixes Lightning users
    write), None when the table has either name already."""
    head, _, last = name.rpartition("/")
    pre = head + "/" if head else ""
    names = (f"{pre}train_{last}", f"{pre}val_{last}")
    return None if set(names) & taken else names
