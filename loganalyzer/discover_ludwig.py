"""Ludwig's experiment directory (``ludwig train``/``ludwig experiment``: ``results/experiment_run[_N]/``): one run.

Ludwig writes ``training_statistics.json`` (every epoch's metrics per split, ``readers/_ludwig.py``),
``description.json`` and ``model/`` (the weights, ``model_hyperparameters.json``, ``training_set_metadata.json``, the
resume state ``training_progress.json`` and TensorBoard summaries in ``model/logs/training`` and
``model/logs/validation``). Read file by file that made three runs of one training: the statistics (refused), the
resume state (refused: it holds no history) and the event files. The rule: a directory holding
``training_statistics.json`` is the run; event dirs below its ``model/logs/`` are sources of it (``dir`` their path
below the run), and ``model/training_progress.json`` (resume state: counters and best values, no curve) is not read.
"""
from __future__ import annotations

from .discover import _child, _parent  # relative tree paths, as discover walks them

STATS = "training_statistics.json"
PROGRESS = "model/training_progress.json"
LOGS = "model/logs"


def claim(tree, claimed_by: dict) -> list[str]:
    """Ludwig experiment dirs in ``tree`` (``discover._Tree``): their event dirs below ``model/logs`` claimed
    (``claimed_by``: event dir -> run), their resume state taken out of ``tree.file_runs``; returns the dirs (each
    keeps its ``training_statistics.json`` in ``tree.file_runs``, grouped by ``add_sources``)."""
    dirs = [_parent(rel) for rel, fmt, count in tree.file_runs
            if fmt == "json_history" and count == 1 and rel.rsplit("/", 1)[-1] == STATS]
    if not dirs:
        return dirs
    state = {_child(d, PROGRESS) for d in dirs}
    tree.file_runs[:] = [item for item in tree.file_runs if item[0] not in state]
    for d in dirs:
        below = _child(d, LOGS) + "/"
        for event_dir in tree.event_files:
            if event_dir.startswith(below) and event_dir not in claimed_by:
                claimed_by[event_dir] = d
    stats = {_child(d, STATS) for d in dirs}
    tree.file_runs[:] = [item for item in tree.file_runs if item[0] not in stats]
    return dirs


def add_sources(runs, dirs: list[str]) -> None:
    """Each Ludwig dir's statistics as a source of its run (``discover_group._Runs``)."""
    for d in dirs:
        runs.add(d, _child(d, STATS), "json_history", (), "")
