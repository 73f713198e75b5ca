"""``read_scalars`` of a big tree (raw view) on every core: the tree's top-level directories (``shard_dirs``: the
grouping rules never join runs across two of them) are discovered, read and combined in forked worker processes,
a few tasks per worker, and their sorted tables merged here. Output dirs of different runs never coincide, so each
task's table holds whole dirs and the raw view's rules (restarts purge within their own file) apply within it:
the merged table, and the warnings (discovery's in the walk's order, then each run's in run-id order), are what one
process gives.

Only where it pays: a local root holding only directories, at least ``MIN_ENTRIES`` entries one level below, and a
process that can fork (no other thread running) and is no daemonic pool worker; else ``read_parallel`` says None
and the caller reads the tree itself (as it does when a worker dies).
"""
from __future__ import annotations

import os

import numpy as np

from .combine import Combined, combine_columns
from .executor_shards import _entries, _prefixed, shard_dirs
from .runs import run_order

MIN_ENTRIES = 256  # fewer (runs, roughly) read faster in one process than a pool starts
TASKS_PER_JOB = 8  # tasks per worker: the last ones to finish are small


def read_parallel(path, jobs: int | None, warn) -> Combined | None:
    """The raw-view ``Combined`` of every run under ``path`` read on ``jobs`` processes (None: every core), its
    problems sent to ``warn`` in one process's order; None when the tree is not worth it (see the module)."""
    from .executor import _start_method, default_jobs
    from .fs import is_url

    jobs = default_jobs() if jobs is None else jobs
    path = os.fspath(path)
    if jobs < 2 or is_url(path) or not os.path.isdir(path) or _start_method() != "fork":
        return None
    import multiprocessing

    if multiprocessing.current_process().daemon:  # a pool's worker may not start processes of its own
        return None
    shards = shard_dirs(path)
    if not shards:
        return None
    found_tasks = _tasks(path, shards, jobs)
    if found_tasks is None:
        return None
    tasks, weights = found_tasks
    import gc
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .executor import _freeze, _quiet_worker

    _import_readers()  # once here, not in each worker
    frozen = _freeze()  # the workers' collections never walk what they inherit
    try:
        with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_worker) as pool:
            # heaviest first, so the last ones to finish are small; results in the tasks' order (merge's)
            futures = {}
            for i in sorted(range(len(tasks)), key=weights.__getitem__, reverse=True):
                futures[i] = pool.submit(_read_task, [(child, os.path.join(path, *child.split("/")))
                                                      for child in tasks[i]])
            _import_pandas()  # while the workers read (every one is forked by now), not after them
            results = [futures[i].result() for i in range(len(tasks))]
    except BrokenProcessPool:  # a worker killed (out of memory?): the caller reads the tree in its own process
        return None
    finally:
        if frozen:
            gc.unfreeze()
    found = sorted(((child, found) for task, parts in zip(tasks, results) for child, found in zip(task, parts[0])),
                   key=lambda item: item[0].split("/"))  # the walk's order of discovery problems
    for _, problems in found:
        warn(problems)
    for _, problems in sorted(((run_id, problems) for parts in results for run_id, problems in parts[1]),
                              key=lambda item: run_order(item[0])):
        warn(problems)
    return merge([parts[2] for parts in results])


def _import_pandas() -> None:
    """pandas, which the caller's table needs (~0.3 s of imports on a 2-core machine), imported while this process
    would only wait for the workers' results (10k tree, 8 paired whole-process runs: wall 0.94x median; peak RSS
    +38 MiB, pandas held next to the workers' tables)."""
    try:
        import pandas  # noqa: F401
    except ImportError:  # pragma: no cover - the caller says so when it builds the table
        pass


def _import_readers() -> None:
    """The modules discovery and the readers need (not the job-log parser: a worker imports it if a tree has job
    logs)."""
    from . import discover_group  # noqa: F401
    from .executor import LAZY_READERS
    from .load import READER_MODULES, _reader

    for fmt in READER_MODULES:
        if fmt not in LAZY_READERS:
            try:
                _reader(fmt)
            except ImportError:  # an optional reader's dependency missing: the worker says so for its files
                pass


def _tasks(path: str, shards: list[str], jobs: int) -> tuple[list[list[str]], list[int]] | None:
    """The shards (one level deeper where one holds many entries) in ``jobs * TASKS_PER_JOB`` tasks of about equal
    numbers of entries, in order, and each task's entries; None for a tree of fewer than ``MIN_ENTRIES`` entries.
    A directory of many files (a folder of Keras logs) stays one task, of its weight."""
    sizes = [max(1, _entries(os.path.join(path, child))) for child in shards]
    total = sum(sizes)
    if total < MIN_ENTRIES:
        return None
    limit = max(1, total // (jobs * TASKS_PER_JOB))
    weighted: list[tuple[str, int]] = []
    for child, size in zip(shards, sizes):
        inner = shard_dirs(os.path.join(path, child)) if size > limit else None
        weighted.extend([(f"{child}/{sub}", 1) for sub in inner] if inner else [(child, size)])
    tasks: list[list[str]] = [[]]
    weights = [0]
    for child, size in weighted:
        if tasks[-1] and weights[-1] + size > limit:
            tasks.append([])
            weights.append(0)
        tasks[-1].append(child)
        weights[-1] += size
    return tasks, weights


def _read_task(shards: list[tuple[str, str]]) -> tuple[list[list], list[tuple[str, list]], tuple]:
    """In a worker: discover each (relative, full path) shard, read its runs and combine them (raw view). Returns
    each shard's discovery problems, (run id, problems) of the runs that had some, and the combined columns."""
    from .discover import discover
    from .load import run_pieces
    from .load_batch import prefetch

    from .fs import read_once

    found, runs = [], []
    pieces, run_problems = [], []
    with read_once():  # a small CSV opened once, by discovery (``fs.read_once``)
        for child, full in shards:
            problems: list = []
            runs.extend(_prefixed(run, child) for run in discover(full, problems))
            found.append(problems)
        runs = sorted(runs, key=lambda run: run_order(run.id))
        ready = prefetch(runs)  # plain CSV files parsed many at a time
        for run in runs:
            problems = []
            pieces.extend(run_pieces(run, False, problems.extend, ready))
            if problems:
                run_problems.append((run.id, problems))
    c = combine_columns(pieces, resolve=False)
    return found, run_problems, (c.dir_names, _narrow(c.dir_codes), c.tag_names, _narrow(c.tag_codes), c.steps,
                                 c.values, c.wall_times)


def _narrow(codes: np.ndarray) -> np.ndarray:
    """Codes in half the bytes to send back (they index a few thousand names)."""
    return codes.astype(np.int32) if len(codes) and int(codes.max(initial=0)) < 2**31 else codes


def merge(parts: list[tuple]) -> Combined:
    """One ``Combined`` from tables of disjoint dirs, each sorted by dir, tag, step: rows ordered by dir name
    (stable: each dir's rows keep their order), tag codes remapped to the sorted union of the tag names."""
    parts = [p for p in parts if len(p[4])]
    if not parts:
        return combine_columns([], resolve=False)
    dir_names = sorted((name for p in parts for name in p[0]), key=run_order)
    tag_names = sorted({name for p in parts for name in p[2]})
    dir_index = {name: i for i, name in enumerate(dir_names)}
    tag_index = {name: i for i, name in enumerate(tag_names)}
    dir_codes = np.concatenate([np.array([dir_index[n] for n in p[0]], dtype=np.int64)[p[1]] for p in parts])
    tag_codes = np.concatenate([np.array([tag_index[n] for n in p[2]], dtype=np.int64)[p[3]] for p in parts])
    steps, values, walls = (np.concatenate([p[k] for p in parts]) for k in (4, 5, 6))
    if (dir_codes[1:] < dir_codes[:-1]).any():  # the tasks' dirs interleave in name order
        order = np.argsort(dir_codes, kind="stable")  # sorted runs, one per task: a merge
        dir_codes, tag_codes = dir_codes[order], tag_codes[order]
        steps, values, walls = steps[order], values[order], walls[order]
    return Combined(dir_names, dir_codes, tag_names, tag_codes, steps, values, walls)
