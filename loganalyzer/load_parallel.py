"""``read_scalars`` of a big tree (raw view) on every core: the tree's top-level directories (``shard_dirs``: the
grouping rules never join runs across two of them) are discovered, read and combined in forked worker processes
and in this one (``load_share``: a few tasks per process, each taken when the last is done), and their sorted
tables merged here. Output dirs of different runs never coincide, so each
task's table holds whole dirs and the raw view's rules (restarts purge within their own file) apply within it:
the merged table, and the warnings (discovery's in the walk's order, then each run's in run-id order), are what one
process gives.

Only where it pays: a local root holding only directories, at least ``MIN_ENTRIES`` entries one level below, and a
process that can fork (no other thread running) and is no daemonic pool worker; else ``read_parallel`` says None
and the caller reads the tree itself (as it does when a worker dies).
"""
from __future__ import annotations

import os
from contextlib import contextmanager

import numpy as np

from .combine import Combined, combine_columns
from .executor_shards import listing, shard_dirs
from .load_share import TaskQueue, read_queued
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

    from .executor import _freeze

    from . import load_handover

    _import_readers()  # once here, not in each worker
    fds = load_handover.open_files(len(tasks))  # the tables come back in memory files (None: through the pipe)
    frozen = _freeze()  # the workers' collections never walk what they inherit
    ending = None
    queue = None
    try:
        # heaviest first, so the last ones to finish are small; results in the tasks' order (merge's)
        queue = TaskQueue(path, tasks, sorted(range(len(tasks)), key=weights.__getitem__, reverse=True), fds)
        workers = max(1, min(jobs, len(tasks)) - 1)  # and this process
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_start, initargs=(os.getpid(),))
        try:
            futures = [pool.submit(read_queued) for _ in range(workers)]  # every worker forks here
            _import_pandas()
            own = queue.read(False)
            handed = {i: parts for future in futures for i, parts in future.result().items()}
        except BaseException:
            queue.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        ending = _stopped(pool)
        try:
            results = [own[i] if i in own else (*handed[i][:2], load_handover.get(fds[i], handed[i][2]))
                       if fds else handed[i] for i in range(len(tasks))]
        except OSError:  # a memory file short: read as for a killed worker
            return None
        found = sorted(((child, found) for task, parts in zip(tasks, results)
                        for child, found in zip(task, parts[0])),
                       key=lambda item: item[0].split("/"))  # the walk's order of discovery problems
        for _, problems in found:
            warn(problems)
        for _, problems in sorted(((run_id, problems) for parts in results for run_id, problems in parts[1]),
                                  key=lambda item: run_order(item[0])):
            warn(problems)
        return merge([parts[2] for parts in results])
    except BrokenProcessPool:  # a worker killed (out of memory?): the caller reads the tree in its own process
        return None
    finally:
        if queue is not None:
            queue.close()
        load_handover.close_files(fds)
        if frozen:
            gc.unfreeze()
        if ending is not None:
            ending.join()


def _stopped(pool):
    """``pool`` shut down without waiting for its workers to end, and the pool's thread that waits for them (to
    join once the merge is done: no thread left running, so a next call can fork), or None when it was waited
    for. The workers' ends (each frees its memory, its exit reaped) then run beside the merge: ~10-20 ms of the
    10k bench tree's call, under load ~2-4, were the parent's wait for them."""
    ending = getattr(pool, "_executor_manager_thread", None)  # CPython's (3.9+); else waited for here
    pool.shutdown(wait=ending is None)
    return ending


def _worker_start(parent: int) -> None:
    """A worker's start: Ctrl-C left to the parent (``executor._quiet_worker``), and an end when the parent is gone.
    A parent killed outright (SIGKILL, the out-of-memory killer) left its workers waiting on the pool's queues for
    ever (their pipes stay open in the sibling workers), each holding its memory and the memory files of the tables
    it had written; a thread sees the worker handed to another parent and ends it (checked twice a second)."""
    import threading
    import time

    from .executor import _quiet_worker

    _quiet_worker()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="loganalyzer-parent-watch", daemon=True).start()


def _import_pandas() -> None:
    """pandas, which the caller's table needs (~0.3 s of imports on a 2-core machine), imported once the workers
    are forked (they never build a frame), while they read (10k tree, 8 paired whole-process runs when this process
    only waited for them: wall 0.94x median; peak RSS +38 MiB, pandas held next to the workers' tables)."""
    try:
        import pandas  # noqa: F401
    except ImportError:  # pragma: no cover - the caller says so when it builds the table
        pass


def _import_readers() -> None:
    """The modules discovery and the readers need, and those ``_read_task`` imports on its first use (the batch CSV
    parser, the twin/quiet-version rules, the grouping's per-tool rules, the sniff chain: ~17 ms a worker
    otherwise). Not the job-log modules (``readers._joblog_files`` and the parser): a worker imports them when its
    task holds a job log; the 10k bench tree holds none, and they were ~25-50 ms of this process's time before any
    worker started (each imported from source where Python writes no bytecode)."""
    import importlib

    from .discover_sniff import _sniffers

    for name in ("discover_group", "discover_quiet", "discover_twins", "load_batch", "readers._batchcsv",
                 "discover_graphgym", "discover_ludwig", "discover_catboost", "discover_dvclive",
                 "discover_allennlp", "discover_hydra", "discover_mmengine", "discover_splitpair", "discover_formattwins",
                 "discover_csvpair", "discover_evalpair", "discover_jobpair", "discover_joeypair", "discover_tbexports"):
        importlib.import_module(f".{name}", __package__)
    _sniffers()
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
    listed = [listing(os.path.join(path, child)) for child in shards]  # each listed once: size and split
    sizes = [max(1, len(entries or ())) for entries in listed]
    total = sum(sizes)
    if total < MIN_ENTRIES:
        return None
    limit = max(1, total // (jobs * TASKS_PER_JOB))
    weighted: list[tuple[str, int]] = []
    for child, size, entries in zip(shards, sizes, listed):
        inner = shard_dirs(os.path.join(path, child), entries) if size > limit and entries is not None else None
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


def _read_task(root: str, shards: list[str], fd: int | None = None) -> tuple[list[list], list[tuple[str, list]],
                                                                             tuple]:
    """``_read_shards`` with the cyclic garbage collector off for the task (~600 runs of the 10k bench tree): what
    it reads is freed by reference counts, and the collections it triggered (~150 young, ~14 middle and one full
    over the 10k tree) found nothing to free (~2.7% of the workers' CPU, 4 paired rounds); on again after the
    task, so a cycle made while reading is collected then. ``fd``: the task's memory file, where the table's
    arrays go (``load_handover.put``)."""
    import gc

    if not gc.isenabled():
        return _handed(_read_shards(root, shards), fd)
    gc.disable()
    try:
        return _handed(_read_shards(root, shards), fd)
    finally:
        gc.enable()


def _handed(parts: tuple, fd: int | None) -> tuple:
    """``parts`` with the table's arrays in the memory file ``fd`` (None: as they are, for the pipe)."""
    if fd is None:
        return parts
    from .load_handover import put

    return (*parts[:2], put(fd, parts[2]))


def _read_shards(root: str, shards: list[str]) -> tuple[list[list], list[tuple[str, list]], tuple]:
    """In a worker: discover the task's shards (relative paths under ``root``) in one walk, read their runs and
    combine them (raw view). Returns the discovery problems (all given to the first shard: the task's shards are
    consecutive in the walk's order), (run id, problems) of the runs that had some, and the combined columns.

    One walk of the shards rather than one ``discover`` each: the same runs (``shard_dirs``: none is grouped with
    another), ~20 us less per shard (10k tree: 7,500 shards)."""
    from .discover import _walk
    from .discover_group import _group
    from .discover_twins import join_logger_twins
    from .discover_unread import unread_runs
    from .fs import LOCAL_FS, read_once
    from .load import run_pieces
    from .load_batch import prefetch

    found: list = []
    pieces, run_problems = [], []
    with read_once():  # a small CSV opened once, by discovery (``fs.read_once``)
        walked = _walk(LOCAL_FS, root, found, shards)
        runs = join_logger_twins(LOCAL_FS, _group(LOCAL_FS, root, walked, found))
        runs += unread_runs(found, 0, root, False, {f.path for run in runs for f in run.files}, runs)  # as discover()
        from .discover_passed import passed_over  # as discover(): a run folder's unread files, a line each
        passed_over(LOCAL_FS, root, runs, found, "dir", with_root=False, listings=walked.listings)
        from .discover_compressed import compressed_logs  # as discover()
        compressed_logs(runs, found, walked.listings)
        runs = sorted(runs, key=lambda run: run_order(run.id))
        ready = prefetch(runs)  # plain CSV files parsed many at a time
        for run in runs:
            problems = []
            pieces.extend(run_pieces(run, False, problems.extend, ready))
            if problems:
                run_problems.append((run.id, problems))
    return [found] + [[] for _ in shards[1:]], run_problems, _packed(pieces)


def _packed(pieces: list[tuple]) -> tuple:
    """``pack(combine_columns(pieces, resolve=False))``, the series told from the sort's pair ranks
    (``combine_raw(series=True)``) where the raw view's fast path takes the pieces: no row-long dir/tag codes."""
    from .combine import RAW_FAST
    from .combine_raw import combine_raw

    full = [(p[0], p[1], p[2], p[3] if len(p) > 3 else (p[0] or ".")) for p in pieces if len(p[1])]
    if not full or not RAW_FAST[0]:
        return pack(combine_columns(pieces, resolve=False))
    return _pack_series(*combine_raw(full, series=True))


_NAN_BITS = np.array(np.nan).view(np.uint64)  # the NaN the readers write where a format has no wall time


def pack(c: Combined) -> tuple:
    """A raw-view table in fewer bytes to send back to the parent (~116 -> ~50 MB for the 10k bench tree): the dir
    and tag codes as runs of one (dir, tag) (the rows are sorted by dir, tag, step: one run per series), steps as
    int32 where every step fits, wall times without the rows that hold numpy's NaN (most formats have no clock).
    ``merge`` takes these; every value comes back bit for bit."""
    n = len(c.steps)
    cut = np.flatnonzero((c.dir_codes[1:] != c.dir_codes[:-1]) | (c.tag_codes[1:] != c.tag_codes[:-1])) + 1
    starts = np.r_[0, cut] if n else cut
    blocks = np.stack([c.dir_codes[starts], c.tag_codes[starts], np.diff(np.r_[starts, n])]).astype(np.int64)
    return _pack_series(c.dir_names, c.tag_names, blocks, c.steps, c.values, c.wall_times)


def _pack_series(dir_names: list, tag_names: list, blocks: np.ndarray, steps: np.ndarray, values: np.ndarray,
                 wall_times: np.ndarray) -> tuple:
    """``pack``'s tuple of a table given as series (``blocks``: dir code, tag code, row count of each)."""
    if len(steps) and -2**31 <= int(steps.min()) and int(steps.max()) < 2**31:
        steps = steps.astype(np.int32)
    no_clock = wall_times.view(np.uint64) == _NAN_BITS
    return (dir_names, tag_names, blocks, steps, values, np.packbits(no_clock), wall_times[~no_clock])


def _wall_times(parts: list[tuple]) -> np.ndarray:
    """The wall-time column of packed parts, in their order: written part by part into one array, a part whose rows
    all have a clock (event files) or none (most other formats) without its mask (the whole-table mask, NaN fill
    and masked assignment cost 20-90 ms of the parent's merge of the 10k bench tree, 3.6M rows, after the workers)."""
    walls = np.empty(sum(len(p[3]) for p in parts))
    at = 0
    for p in parts:
        n, clocked = len(p[3]), p[6]
        part = walls[at:at + n]
        if len(clocked) == n:
            part[:] = clocked
        elif not len(clocked):
            part.fill(np.nan)
        else:
            part.fill(np.nan)
            part[~np.unpackbits(p[5], count=n).view(bool)] = clocked
        at += n
    return walls


def merge(parts: list[tuple]) -> Combined:
    """One ``Combined`` from packed tables (``pack``) of disjoint dirs, each sorted by dir, tag, step: rows ordered
    by dir name (stable: each dir's rows keep their order), tag codes remapped to the sorted union of the tag names.
    Moved as whole series (a dir's series are one task's): the row order comes from a stable sort of the series,
    not of the rows. Its columns are written to small pages (``_small_pages``)."""
    with _small_pages():
        return _merge(parts)


@contextmanager
def _small_pages():
    """numpy's advice to the kernel to back arrays of 4 MiB and more with 2 MiB pages (``MADV_HUGEPAGE``) off
    inside: the merged table's ~100 MB (10k bench tree) are first written there, in this process's memory, and on
    a virtual machine whose host takes back the guest's big free blocks (virtio-balloon free page reporting: here
    of 8 MiB and more, ``page_reporting_order=11``) a huge page comes from such a block and is backed by the host
    at its first write, while 4 KiB pages come from the recently freed ones. The merge took 0.25-2.0 s (0.2-0.5 s
    of it system time) in 7 of 8 calls under load ~6, 0.09 s in the eighth; on 4 KiB pages (~25,000 faults)
    0.13-0.22 s in all 8 (0.065-0.14 s on a quieter machine, against 0.02-0.09 s where no huge page stalled). The
    setting is numpy's process-wide flag, put back on the way out (no other thread runs: ``read_parallel``)."""
    advise = _huge_page_switch()
    old = advise(False) if advise else None
    try:
        yield
    finally:
        if advise:
            advise(old)


def _huge_page_switch():
    """numpy's ``_set_madvise_hugepage`` (sets the flag, returns the old one), None where numpy has none."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage  # numpy >= 2
    except ImportError:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                from numpy.core.multiarray import _set_madvise_hugepage
            except ImportError:
                return None
    return _set_madvise_hugepage


def _merge(parts: list[tuple]) -> Combined:
    parts = [p for p in parts if len(p[3])]
    if not parts:
        return combine_columns([], resolve=False)
    dir_names = _in_run_order([p[0] for p in parts])
    tag_names = sorted({name for p in parts for name in p[1]})
    dir_index = {name: i for i, name in enumerate(dir_names)}
    tag_index = {name: i for i, name in enumerate(tag_names)}
    block_dir = np.concatenate([np.array([dir_index[n] for n in p[0]], dtype=np.int64)[p[2][0]] for p in parts])
    block_tag = np.concatenate([np.array([tag_index[n] for n in p[1]], dtype=np.int64)[p[2][1]] for p in parts])
    block_len = np.concatenate([p[2][2] for p in parts])
    steps = np.concatenate([p[3] for p in parts], dtype=np.int64)  # int32 parts widened as copied: no int32 table
    values = np.concatenate([p[4] for p in parts])
    walls = _wall_times(parts)
    if (block_dir[1:] < block_dir[:-1]).any():  # the tasks' dirs interleave in name order: series moved whole
        order = np.argsort(block_dir, kind="stable")
        starts = np.cumsum(block_len) - block_len
        block_dir, block_tag, block_len = block_dir[order], block_tag[order], block_len[order]
        rows = np.arange(len(steps)) + np.repeat(starts[order] - (np.cumsum(block_len) - block_len), block_len)
        steps, values, walls = steps[rows], values[rows], walls[rows]
    # the codes in the width pandas' Categorical keeps (int16 for 10,000 dirs): no int64 copies of 3.6M rows
    return Combined(dir_names, np.repeat(block_dir.astype(_code_type(len(dir_names))), block_len), tag_names,
                    np.repeat(block_tag.astype(_code_type(len(tag_names))), block_len),
                    steps, values, walls)


def _in_run_order(lists: list[list[str]]) -> list[str]:
    """The names of ``lists`` (each in run order, ``combine_raw``) sorted by ``run_order``: joined as they are
    where each list's first name sorts no earlier than the last one before it (the tasks' dirs follow the walk:
    ~30 keys instead of 10,000 for the 10k bench tree, 20.5 -> 18.3 ms of the parent's merge, best of 25), else
    sorted (a stable sort: the same list either way)."""
    lists = [names for names in lists if names]
    if all(run_order(a[-1]) <= run_order(b[0]) for a, b in zip(lists, lists[1:])):
        return [name for names in lists for name in names]
    return sorted((name for names in lists for name in names), key=run_order)


def _code_type(categories: int) -> type:
    """The integer type ``pd.Categorical`` stores codes of ``categories`` names in (pandas'
    ``coerce_indexer_dtype``), so that building the frame copies no codes."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return kind
    return np.int64
