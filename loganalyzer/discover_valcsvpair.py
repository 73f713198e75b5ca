"""A training's per-epoch loss CSV and its validation CSV named ``val_<the training file's ending>``: one run.

Public clipcapmed221 (ClipCap-style captioning, BiomedCLIP prefix + GPT-2, one folder a fold) writes
``positive_vs_negative_fold_1_loss_per_epoch.csv`` (``epoch,mean_loss``: 1.967 @ 0 -> 0.00042 @ 14) and
``val_loss_per_epoch.csv`` (``epoch,checkpoint,val_loss,val_batches,val_samples``: 0.211 @ 0, best 0.146 @ 1, 0.323 @
14) side by side. Discovered file by file they were two runs: the training judged without its validation (healthy)
and the validation alone as a training of its own. ``discover_splitpair`` pairs files whose names are the same once
the split words are left out (``<model>_train_loss.csv`` + ``<model>_val_loss.csv``); here the training file's name
carries the run's name and no split word, and the validation file only the split word and the shared ending.

The rule: in one directory exactly two plain (or Keras-like) CSV logs, one run each, neither kept apart as a summary;
one named by the validation split (``split_of_name`` ``val``), the other by none; the words of the validation file's
name less its split words (``loss_per_epoch``) at least one, and the training file's name ending in them; the same
first header cell, a step/epoch axis (``discover_csvpair._AXES``), at least 2 rows each; each file with a series named
as a loss, no series name in both, and every validation step one of the training's steps. The run is the training
file's (its id), format ``csv+csv`` (``discover_csvpair``: each file read with its own reader, its series under
their own names); a line on every load names the two files (``discover_csvpair.pair_notes``).
"""
from __future__ import annotations

import re

import numpy as np

from .runs import Run, SourceFile

_WORDS = re.compile(r"[A-Za-z]+|\d+")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name.rsplit(".", 1)[0])]


def _named_pair(names: list[str]) -> int | None:
    """The index of the training file of two file names (module docstring's naming), or None."""
    from .discover_splitpair import VAL_WORDS, split_of_name

    splits = [split_of_name(n) for n in names]
    if sorted(map(str, splits)) != ["", "val"]:
        return None
    k = splits.index("")
    rest = [w for w in _words(names[1 - k]) if w not in VAL_WORDS]
    train = _words(names[k])
    return k if rest and len(train) > len(rest) and train[-len(rest):] == rest else None


def join(file_runs: list[tuple], full, keep: set = frozenset()) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's training + ``val_`` CSV pair made one run of the
    training file (module docstring). ``file_runs``: (rel file, format, count) of ``discover_group._group``."""
    from .discover_csvpair import _AXES, FORMAT, _series, _shape, _text, two_csvs

    gone, joined = set(), []
    for csvs, paths in two_csvs(file_runs, full, keep):
        k = _named_pair([i[0].rsplit("/", 1)[-1] for i in csvs])
        if k is None:
            continue
        texts = [_text(p) for p in paths]
        if None in texts:
            continue
        shapes = [_shape(t) for t in texts]
        if shapes[0][0] != shapes[1][0] or shapes[0][0] not in _AXES or min(s[1] for s in shapes) < 2:
            continue
        series = [_series(p, i[1]) for p, i in zip(paths, csvs)]
        if None in series or set(series[0]) & set(series[1]) \
                or not all(any("loss" in t.lower() for t in s) for s in series):
            continue
        train_steps = set().union(*(np.asarray(s).tolist() for s, _ in series[k].values()))
        if not all(set(np.asarray(s).tolist()) <= train_steps for s, _ in series[1 - k].values()):
            continue
        (t_rel, t_fmt, _), (v_rel, v_fmt, _) = csvs[k], csvs[1 - k]
        gone.update((t_rel, v_rel))
        joined.append(Run(t_rel, full(t_rel), FORMAT, (SourceFile(full(t_rel), t_fmt), SourceFile(full(v_rel), v_fmt))))
    return [i for i in file_runs if i[0] not in gone], joined
