"""PyG GraphGym's results directory (``graphgym/logger.py``, ``graphgym/utils/agg_runs.py``): one run per seed.

A GraphGym experiment writes ``<out_dir>/<seed>/`` per seed: ``train/stats.json``, ``val/stats.json`` and
``test/stats.json`` (JSON lines, one dict per logged epoch: ``{"epoch": 0, "loss": 1.9459, "lr": 0.01, ...,
"accuracy": 0.13}``; validation and test every ``eval_period`` epochs), ``logging.log`` (the same dicts printed as
``train: {...}`` / ``val: {...}`` lines, with the model printout) and ``config.yaml``. ``agg_runs`` then writes
``<out_dir>/agg/<split>/stats.json`` (the mean over seeds with ``<key>_std`` spreads), ``best.json`` and TensorBoard
copies of those, and ``agg_batch`` a grid's ``agg/<split>.csv``/``<split>_best.csv``/``<split>_bestepoch.csv`` (one row
per configuration: a results table).

Read file by file that made three runs of every seed (validation judged as a training curve, train and validation
never side by side) and runs of the aggregates. The rule: a directory whose ``train/stats.json`` has a ``val/`` or
``test/`` twin is ONE run (the seed dir), each split's file its ``dir`` ``train``/``val``/``test`` (as Keras'
``train/``+``validation/`` event dirs); its ``logging.log`` is read only for the job's ending (``segment=-1``: its
dicts are the same points). An ``agg/`` directory holding such splits, or a grid's ``agg/*.csv`` tables, is a summary
over seeds / configurations, not a training: left out with one line naming it.
"""
from __future__ import annotations

import re

from .discover import _child, _parent  # relative tree paths, as discover walks them
from .runs import Problem, SourceFile

SPLITS = ("train", "val", "test")
STATS = "stats.json"
LOG = "logging.log"
AGG = "agg"
_AGG_TABLE = re.compile(r"(?:train|val|test)(?:_best|_bestepoch)?\.csv$")


def _name(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


def _split_stats(tree) -> dict[str, dict[str, str]]:
    """dir -> {split: its stats.json} for every dir whose ``train/stats.json`` has a val/test twin."""
    found: dict[str, dict[str, str]] = {}
    for rel_file, fmt, count in tree.file_runs:
        if fmt == "json_history" and count == 1 and _name(rel_file) == STATS:
            split_dir = _parent(rel_file)
            if split_dir != "." and _name(split_dir) in SPLITS:
                found.setdefault(_parent(split_dir), {})[_name(split_dir)] = rel_file
    return {d: splits for d, splits in found.items() if "train" in splits and len(splits) > 1}


def claim(tree, problems: list, full) -> dict[str, dict[str, str]]:
    """Take GraphGym's seed dirs and aggregates out of ``tree`` (``discover._Tree``): returns the seed dirs
    (dir -> {split: relative stats.json}); the aggregates are dropped with one ``Problem`` each (``full(rel)``: the
    full path)."""
    seeds = _split_stats(tree)
    agg = {d for d in seeds if _name(d) == AGG}
    tables: dict[str, list[str]] = {}
    for rel_file, fmt, _count in tree.file_runs:
        d = _parent(rel_file)
        if _name(d) == AGG and _AGG_TABLE.fullmatch(_name(rel_file)) and fmt in ("csv", "keras_csv"):
            tables.setdefault(d, []).append(rel_file)
    if not seeds and not tables:
        return {}
    dropped: set[str] = set()
    for d in sorted(agg):
        below = d + "/"
        dropped.update(rel for rel, *_ in tree.file_runs if rel.startswith(below))
        for event_dir in [e for e in tree.event_files if e.startswith(below)]:
            del tree.event_files[event_dir]
        problems.append(Problem(full(d), "GraphGym's aggregate over seeds (the mean and *_std of each split's "
                                         "stats.json, best.json, their TensorBoard copies): a summary of the "
                                         "seed runs beside it, not a run; left out"))
        del seeds[d]
    for d, files in sorted(tables.items()):
        dropped.update(files)
        names = ", ".join(_name(f) for f in sorted(files))
        problems.append(Problem(full(d), f"GraphGym's grid results ({names}): one row per configuration, a results "
                                         "table, not a training curve; left out"))
    for splits in seeds.values():
        dropped.update(splits.values())
    tree.file_runs[:] = [item for item in tree.file_runs if item[0] not in dropped]
    return seeds


def add_sources(runs, seeds: dict, tree) -> None:
    """Add each seed dir's split files to its run (``discover_group._Runs``), its ``logging.log`` (taken out of
    ``tree.job_logs``) for the ending only."""
    if not seeds:
        return
    logs = {_child(d, LOG) for d in seeds}
    taken = [rel for rel in tree.job_logs if rel in logs]
    tree.job_logs[:] = [rel for rel in tree.job_logs if rel not in logs]
    for d, splits in seeds.items():
        for split in SPLITS:
            if split in splits:
                runs.add(d, splits[split], "json_history", (SPLITS.index(split),), split)
    for rel in taken:
        d = _parent(rel)
        runs.sources.setdefault(d, []).append((("~",), SourceFile(runs.full(rel), "joblog", "", -1)))
