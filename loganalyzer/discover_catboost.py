"""CatBoost's training directory (``train_dir``, by default ``catboost_info/``): one ``fit()``, one run.

CatBoost writes into it on every ``fit()`` (docs: "Output data", "Metrics and time information"):
``learn_error.tsv`` (``iter`` + the learn set's metrics), ``test_error.tsv`` (the eval set's, when ``eval_set`` is
given), ``time_left.tsv`` (``iter Passed Remaining``, milliseconds), ``catboost_training.json`` (the same numbers
again) and TensorBoard event files ``learn/events.out.tfevents`` and ``test/events.out.tfevents`` holding the same
curves as the TSVs. Read file by file that made four or five runs of one training (train and validation never side
by side, each curve twice, and a "run" of the time table).

The rule: a directory holding ``learn_error.tsv`` or ``test_error.tsv`` (sniffed as a CSV) beside ``time_left.tsv``
or CatBoost's ``learn/``/``test/`` event dirs is ONE run; ``learn`` is its training split and ``test`` its
validation split (``dir`` ``learn``/``test``, like Keras' ``train/``+``validation/``). Each TSV is a twin of its split's
event file (format ``catboost_tsv``, ``load_sources.TWIN_FORMATS``): each series is read once, from the event file,
the TSV read whole when that file gives nothing (a Git LFS pointer, not committed). ``time_left.tsv`` is timing,
no curve: it stays in the run as ``catboost_time``, whose reader gives no point and says so in one line.

A train dir committed with its event files alone (public hddcatboost119: ``catboost_info/learn/events.out.tfevents``
+ ``catboost_info/test/events.out.tfevents``, no TSV) had been two runs ``learn`` and ``test``, the evaluation set
judged as a training of its own. The rule: a directory whose event-holding children are ``learn/`` (and ``test/``),
nothing else, each holding event files only and ``learn/`` CatBoost's fixed file name ``events.out.tfevents`` (a
``SummaryWriter`` always adds ``.<time>.<host>``), is that one run, its splits as above.
"""
from __future__ import annotations

from .discover import _child, _parent  # relative tree paths, as discover walks them

ERROR_TABLES = {"learn_error.tsv": "learn", "test_error.tsv": "test"}
TIME_TABLE = "time_left.tsv"
SPLITS = ("learn", "test")


def _name(rel: str) -> str:
    return rel.rsplit("/", 1)[-1]


def catboost_dirs(tree) -> dict[str, list[tuple[str, str]]]:
    """CatBoost train dirs in ``tree`` (``discover._Tree``) -> their (relative file, split) TSVs; split '' for the
    time table."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for rel_file, fmt, count in tree.file_runs:
        name = _name(rel_file)
        if fmt == "csv" and count == 1 and (name in ERROR_TABLES or name == TIME_TABLE):
            tables.setdefault(_parent(rel_file), []).append((rel_file, ERROR_TABLES.get(name, "")))
    out = {}
    for d, files in tables.items():
        splits = {split for _, split in files}
        events = any(_child(d, s) in tree.event_files for s in SPLITS)
        if splits - {""} and ("" in splits or events) and d not in tree.event_files:
            out[d] = files
    return out


EVENT_NAME = "events.out.tfevents"  # CatBoost's TensorBoard file, no time/host suffix


def event_only_dirs(tree) -> list[str]:
    """CatBoost train dirs seen by their ``learn/`` (+ ``test/``) event dirs alone (public hddcatboost119)."""
    children: dict[str, set[str]] = {}
    for d in tree.event_files:
        if d != ".":
            children.setdefault(_parent(d), set()).add(_name(d))
    return sorted(d for d, names in children.items()
                  if "learn" in names and names <= set(SPLITS) and d not in tree.event_files
                  and EVENT_NAME in tree.event_files[_child(d, "learn")]
                  and not any(_child(d, s) in tree.own_dirs for s in names))


def claim(tree, claimed_by: dict) -> dict[str, list[tuple[str, str]]]:
    """Find CatBoost train dirs, claim their ``learn/``/``test/`` event dirs for them (``claimed_by``: event dir ->
    run) and take their TSVs out of ``tree.file_runs``; returns ``catboost_dirs``."""
    found = catboost_dirs(tree)
    for d in event_only_dirs(tree):
        found.setdefault(d, [])
    if not found:
        return found
    for d in found:
        for split in SPLITS:
            if _child(d, split) in tree.event_files and _child(d, split) not in claimed_by:
                claimed_by[_child(d, split)] = d
    taken = {rel for files in found.values() for rel, _ in files}
    tree.file_runs[:] = [item for item in tree.file_runs if item[0] not in taken]
    return found


def add_sources(runs, found: dict, owner_of) -> None:
    """Add each CatBoost dir's TSVs to its run (``discover_group._Runs``); ``owner_of(d)``: the run of dir ``d``."""
    from .discover import _relative

    for d, files in found.items():
        run = owner_of(d)
        for rel_file, split in files:
            where = _relative(d, run)
            where = f"{where}/{split}" if where and split else (split or where)
            runs.add(run, rel_file, "catboost_tsv" if split else "catboost_time", (), where)
