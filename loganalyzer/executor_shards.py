"""Discovery in shards (``--jobs``, Dask): the top-level directories of a root that holds only directories are
discovered apart (``shard_dirs``: the grouping rules never join runs across two of them), grouped into tasks of
about equal numbers of entries, on the executor's workers, and their runs put back together in the order
``discover`` gives (``discover_sharded``)."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from .discover import KERAS_SUBDIRS, SKIPPED_DIRS, SNIFF_CACHE, discover
from .runs import Run, run_order

_CHECKPOINT = re.compile(r"^checkpoint-\d+$")


def discover_sharded(executor, path, shards: list[str], problems: list) -> list[Run]:
    """What ``discover(path)`` gives, its top-level directories (``shard_dirs``) discovered on ``executor``: a
    directory holding much of the tree is split one level further (``shard_dirs`` of it again), and the directories
    are handed over in tasks of about equal numbers of entries, the largest first. The store's sniff cache
    (``SNIFF_CACHE``) goes to each task and what they learnt comes back into it. With ``executor.judge`` set
    (``batch.ScanContext.discover``), a shard's job-log runs are judged where it was discovered
    (``executor_prejudge``) and their results kept in ``executor.judged`` (Run -> result) for ``analyse_runs``."""
    cache = SNIFF_CACHE.get()
    judge = getattr(executor, "judge", None)
    tasks, items = shard_items(path, shards, executor.jobs, cache, judge)
    found: dict[str, tuple] = {}
    for task, results in zip(tasks, executor.map_ordered(_discover_shards, items)):
        found.update(zip(task, results))
    return gathered(found, problems, cache, judged=executor.judged if judge is not None else None)


def shard_items(path, shards: list[str], jobs: int, cache=None, judge=None) -> tuple[list[list[str]], list[tuple]]:
    """The shards grouped into tasks (``_shard_tasks``) and the item ``_discover_shards`` takes for each task: the
    shards' full paths, their part of the sniff ``cache`` (or None), the job-log settings, the scanned path and
    ``judge`` (``executor_prejudge``: None, or how the shard's job-log runs are judged where it is discovered)."""
    from .readers import _printed_names as joblog  # the settings: no job-log module imported

    settings = joblog.settings()  # the job-log globs decide what discovery finds
    tasks = _shard_tasks(os.fspath(path), shards, jobs)
    full = {child: os.path.join(path, *child.split("/")) for task in tasks for child in task}
    parts = dict(zip(full, cache.split(list(full.values())))) if cache is not None else {}
    return tasks, [([(child, full[child], parts.get(child)) for child in task], settings, os.fspath(path), judge)
                   for task in tasks]


def gathered(found: dict[str, tuple], problems: list, cache=None, prefix: bool = True, judged=None) -> list[Run]:
    """The runs of every shard (``found``: shard -> what ``_discover_shard`` gave, its runs' ids already prefixed
    with the shard when not ``prefix``) as ``discover`` of the root gives them, sorted by id; the shards' problems
    appended to ``problems`` in the walk's order; the results of runs judged where they were discovered put in
    ``judged`` (a dict, Run as ``discover`` of the root gives it -> result), when given."""
    runs: list[Run] = []
    for child in sorted(found, key=lambda c: [part for part in c.split("/")]):  # the walk's order of problems
        shard_runs, shard_problems, learnt = found[child][:3]
        shard_runs = [_prefixed(run, child) for run in shard_runs] if prefix else shard_runs
        runs.extend(shard_runs)
        if judged is not None and len(found[child]) > 3 and found[child][3] is not None:
            judged.update((run, result) for run, result in zip(shard_runs, found[child][3]) if result is not None)
        problems.extend(shard_problems)
        if cache is not None:
            cache.new.update(learnt)
    return sorted(runs, key=lambda run: run_order(run.id))


def listing(path: str) -> list | None:
    """The entries of directory ``path`` (``os.DirEntry``), None when it cannot be listed: one listing gives a
    shard's size and, when it is split, its sub-directories (``shard_dirs(path, listed)``)."""
    try:
        with os.scandir(path) as it:
            return list(it)
    except OSError:
        return None


def _shard_tasks(path: str, shards: list[str], jobs: int) -> list[list[str]]:
    """The shards (relative POSIX paths) grouped into tasks of about equal weight (entries ~ runs), heaviest first."""
    listed = [listing(os.path.join(path, child)) for child in shards]
    sizes = [max(1, len(entries or ())) for entries in listed]
    limit = max(1, sum(sizes) // max(1, jobs * 4))
    weighted: list[tuple[str, int]] = []
    for child, size, entries in zip(shards, sizes, listed):
        inner = shard_dirs(os.path.join(path, child), entries) if size > limit and entries is not None else None
        if inner:
            weighted.extend((f"{child}/{sub}", 1) for sub in inner)
        else:
            weighted.append((child, size))
    tasks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    weight = 0
    for child, size in weighted:
        if current and weight + size > limit:
            tasks.append((weight, current))
            current, weight = [], 0
        current.append(child)
        weight += size
    if current:
        tasks.append((weight, current))
    tasks.sort(key=lambda t: -t[0])  # stable: equal weights keep the walk's order
    return [task for _, task in tasks]


def _discover_shards(item) -> list[tuple[list[Run], list, dict, list | None]]:
    shards, settings, top, judge = item
    return [_discover_shard((full, cache, settings, top), judge, child) for child, full, cache in shards]


def _discover_shard(item, judge=None, child: str = "") -> tuple[list[Run], list, dict, list | None]:
    """(runs, problems, what the sniff cache learnt, the results of the runs judged here: ``executor_prejudge``)."""
    from .executor_prejudge import judged_here
    from .readers import _printed_names as joblog  # the settings: no job-log module imported

    path, cache, settings, top = item
    joblog.configure(*settings)
    problems: list = []
    token = SNIFF_CACHE.set(cache)
    try:
        runs = discover(path, problems, top=top)  # a link back into the scanned tree is not followed
    finally:
        SNIFF_CACHE.reset(token)
    return runs, problems, ({} if cache is None else cache.new), judged_here(runs, judge, child)


def _prefixed(run: Run, child: str) -> Run:
    """A run found under ``root/child`` with its id as discovering ``root`` gives it."""
    return Run(child if run.id == "." else f"{child}/{run.id}", run.path, run.format, run.files)


# faccessat relative to an open directory, with the effective ids as stat uses (Linux, the BSDs)
_ACCESS_AT = os.access in os.supports_dir_fd and os.access in os.supports_effective_ids


@contextmanager
def _holds_metrics(path: str) -> Iterator:
    """``name -> os.path.exists(path/name/metrics.csv)``, asked relative to ``path`` opened once where the system
    can (``faccessat``): the kernel then resolves two names instead of the whole path each time (the 10k bench
    tree's lightning_logs, 2,500 version dirs: ``shard_dirs`` 9.7 -> 5.2 ms, before the parallel reader's workers
    start)."""
    from .discover import LIGHTNING_METRICS

    fd = None
    if _ACCESS_AT:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            fd = None
    if fd is None:
        yield lambda name: os.path.exists(os.path.join(path, name, LIGHTNING_METRICS))
        return
    try:
        yield lambda name: os.access(f"{name}/{LIGHTNING_METRICS}", os.F_OK, dir_fd=fd, effective_ids=True)
    finally:
        os.close(fd)


def shard_dirs(path: str, entries: list | None = None) -> list[str] | None:
    """The top-level directories of ``path`` when discovering each apart gives exactly what discovering ``path``
    gives, else None: the root holds no files, no directory is a symlink, and none has a name whose meaning
    depends on its parent (``train``/``val``/... of a Keras run, ``checkpoint-N`` of a HuggingFace run) or on its
    siblings (W&B ``run-*``/``offline-run-*`` dirs: the sessions of one resumed run are one run; Lightning
    ``version_N`` dirs some of which hold no ``metrics.csv``: ``discover_twins``; a ``wandb`` dir beside others: W&B's
    copies of a sibling logdir's event files, ``discover_wandb``). ``entries``: ``path``'s listing (``listing``)
    when the caller has it."""
    if entries is None:
        entries = listing(path)
        if entries is None:
            return None
    shards = []
    for entry in entries:
        name = entry.name
        if name[:1] == ".":
            continue
        try:
            if entry.is_symlink() or not entry.is_dir():
                return None
        except OSError:
            return None
        if name not in SKIPPED_DIRS:
            shards.append(name)
    # names whose meaning depends on their parent or siblings (see above): one of them anywhere, and no shards
    if not _PARENTAL.isdisjoint(shards) or any(name.startswith(_SIBLING_PREFIXES) and (
            name[0] != "c" or _CHECKPOINT.match(name)) for name in shards):
        return None
    shards.sort()
    from .discover_twins import candidates_below

    with _holds_metrics(path) as holds:
        if candidates_below(shards, holds):
            return None  # Lightning's two loggers of one training in version_N and version_N+1: one run
    if "wandb" in shards and len(shards) > 1:  # W&B's copies of a sibling logdir's event files: discover_wandb
        return None
    return shards if len(shards) > 1 else None


_PARENTAL = KERAS_SUBDIRS | {"latest-run", "metrics"}
# W&B run dirs (the sessions of one id are one run) and HF checkpoint-N dirs (``_CHECKPOINT`` decides)
_SIBLING_PREFIXES = ("run-", "offline-run-", "checkpoint-")
