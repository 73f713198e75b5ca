"""Where a scan's work runs: in this process, in a pool of worker processes (``--jobs N``), or on a Dask cluster
(``--executor dask [--scheduler tcp://host:8786]``).

Every executor gives results in the order the work was handed over (``map_ordered``), so a parallel scan prints
exactly what a serial one prints. At most a few chunks per worker are in flight: memory stays at what the workers
hold (one run's scalars each) plus the summaries. The Dask executor also spreads discovery: a root made only of
directories is discovered one top-level directory per task (``discover_sharded``; the grouping rules never join
runs across two such directories). Dask is imported only when asked for (``pip install 'loganalyzer[dask]'``).
A scan of one such tree on a forked pool without a store or progress bar overlaps the two steps: each shard's runs
are judged as soon as the shard is discovered (``scan_stream``).
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from .discover import discover
from .executor_shards import (  # noqa: F401 (imported from here too)
    _shard_tasks, discover_sharded, shard_dirs)
from .runs import Run

from .names import EXECUTORS  # noqa: E402
# Fewer runs than this are judged in the calling process: starting workers would cost more than it saves (a
# forked worker starts in milliseconds; a spawned one, where this process runs threads, imports pandas first)
MIN_PARALLEL_RUNS = 8
MIN_SPAWNED_RUNS = 200
LAZY_READERS = frozenset({"joblog", "joblog_console"})  # not imported before the workers fork (``_warm_up``)


class ExecutorError(ValueError):
    """An executor that cannot run (no Dask, a scheduler that does not answer, a worker that died): one line."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class SerialExecutor:
    """Everything in the calling process, in order."""

    name = "serial"
    jobs = 1
    chunk_limit = 1
    judge = None  # (options, keep_curves, remember): the workers judge what they discover (executor_prejudge)
    judged = None  # Run -> its result judged where it was discovered, until ``batch.analyse_runs`` takes it

    def map_ordered(self, fn: Callable, items: Iterable, *args) -> Iterator:
        for item in items:
            yield fn(item, *args)

    def discover(self, path, problems: list) -> list[Run]:
        return discover(path, problems)

    def parallel(self, count: int) -> bool:
        return False

    def start(self) -> None:
        """Start the workers now (before a progress bar starts its thread: forked workers need a lone thread)."""

    def close(self) -> None:
        pass


def _ordered(submit: Callable, items: Iterable, window: int) -> Iterator:
    """Submit items, at most ``window`` unfinished at once, and yield the results in submission order."""
    pending: deque = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the scan in the parent, which stops the pool


def _start_method() -> str:
    """fork when this process runs no other thread (workers start at once, loganalyzer imported), else spawn."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _warm_up() -> None:
    """Import every reader and load the verdict model in this process, so that forked workers start with them. Not
    the job-log parser (~15 ms of regexes, in the parent's serial start-up): a worker imports it when a tree has job
    logs."""
    from .load import READER_MODULES, _reader
    from .model import load_default_model

    for fmt in READER_MODULES:
        if fmt in LAZY_READERS:
            continue
        try:
            _reader(fmt)
        except ImportError:  # an optional reader's dependency missing: the worker will say so for its files
            pass
    load_default_model()


class ProcessExecutor(SerialExecutor):
    """A pool of ``jobs`` worker processes, started on first use (forked when this process runs no other thread,
    so the workers start with loganalyzer already imported)."""

    name = "process"
    chunk_limit = 32  # runs per task at most: ~60 ms of work; fewer hand-overs (16: +0.2 s of this process's CPU
    # at 10,000 runs, on cores the workers need); the last chunks get smaller (batch._chunks)

    def __init__(self, jobs: int, always: bool = False):
        self.jobs = jobs
        self.always = always  # asked for by name (--executor process): used for any number of runs
        self.pool = None
        self.warm = False  # the workers discovered the runs: they judge them too
        self.frozen = False  # this executor froze the garbage collector (``_freeze``)

    def parallel(self, count: int) -> bool:
        if self.always or self.warm:
            return self.jobs > 1 and count > 0
        return self.jobs > 1 and count >= (MIN_PARALLEL_RUNS if _start_method() == "fork" else MIN_SPAWNED_RUNS)

    def _pool(self, warm: bool = True):
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            method = _start_method()
            if method == "fork" and warm:
                _warm_up()  # once here rather than once per forked worker
            if method == "fork":
                self.frozen = _freeze()
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                            initializer=_quiet_worker)
        return self.pool

    def discover(self, path, problems: list) -> list[Run]:
        """Each top-level directory discovered in a worker (``discover_sharded``) when the pool can fork; then the
        warm pool judges the runs, however few. The readers and the verdict model are loaded here once before the
        workers fork (``_warm_up``, ~0.07 s: a scan's readers import no pandas), not once in each worker."""
        if self.jobs < 2 or self.pool is not None or _start_method() != "fork":
            return discover(path, problems)
        shards = shard_dirs(os.fspath(path))
        if not shards:
            return discover(path, problems)
        self._pool()
        self.warm = True  # the workers discovered the runs: they judge them, however few
        return discover_sharded(self, path, shards, problems)

    def start(self) -> None:
        self._pool().submit(int).result()  # a forking pool forks all its workers at the first submit

    def map_ordered(self, fn: Callable, items: Iterable, *args) -> Iterator:
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool()
        try:
            yield from _ordered(lambda item: pool.submit(fn, item, *args), items, self.jobs * 4)
        except BrokenProcessPool:
            raise ExecutorError("a scan worker process died (out of memory? killed?); try fewer --jobs") from None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False


def _freeze() -> bool:
    """Move every object of this process out of the collector's reach until ``close`` (``gc.freeze``) before the
    workers fork, as Python's documentation advises for fork without exec: the workers' collections then never walk
    (nor copy, page by page) the modules, classes and model they inherit, and this process's collections skip them
    while the summaries pile up (~8% of a small-run scan's CPU). Not when the caller froze objects already."""
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


class DaskExecutor(SerialExecutor):
    """A dask.distributed client: of the cluster at ``scheduler``, or of a LocalCluster of ``jobs`` worker
    processes started here (and stopped by ``close``)."""

    name = "dask"
    chunk_limit = 64

    def __init__(self, jobs: int, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ExecutorError("--executor dask needs dask.distributed: pip install 'loganalyzer[dask]'") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler)  # timeout: dask's distributed.comm.timeouts.connect
            else:
                import dask

                # the workers' sampling profiler costs a worker ~30% of a small run's time; nobody reads it here
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, RuntimeError) as error:  # RuntimeError: a local worker did not start
            if self.cluster is not None:
                self.cluster.close()
            where = scheduler or "a local cluster"
            raise ExecutorError(f"cannot reach the Dask scheduler at {where}: {error}") from None
        self.jobs = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))

    def parallel(self, count: int) -> bool:
        return count > 0

    def map_ordered(self, fn: Callable, items: Iterable, *args) -> Iterator:
        yield from _ordered(lambda item: self.client.submit(fn, item, *args, pure=False), items, self.jobs * 4)

    def discover(self, path, problems: list) -> list[Run]:
        shards = shard_dirs(os.fspath(path))
        if not shards:
            return discover(path, problems)
        return discover_sharded(self, path, shards, problems)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@contextmanager
def open_executor(jobs: int | None = None, kind: str = "auto", scheduler: str | None = None):
    """The executor for a scan: ``kind`` 'serial', 'process' (a pool of ``jobs`` processes), 'dask' (the
    cluster at ``scheduler``, else a local one of ``jobs`` workers) or 'auto' (a pool when jobs > 1, Dask when a
    scheduler is given). ``jobs`` None: every core."""
    if kind not in EXECUTORS:
        raise ExecutorError(f"unknown executor {kind!r}; one of {', '.join(EXECUTORS)}")
    if jobs is not None and jobs < 1:
        raise ExecutorError(f"--jobs must be at least 1, got {jobs}")
    if scheduler and kind not in ("auto", "dask"):
        raise ExecutorError(f"--scheduler is for --executor dask, not {kind}")
    jobs = jobs or default_jobs()
    always = kind == "process"
    if kind == "auto":
        kind = "dask" if scheduler else ("process" if jobs > 1 else "serial")
    executor = {"serial": lambda: SerialExecutor(), "process": lambda: ProcessExecutor(jobs, always),
                "dask": lambda: DaskExecutor(jobs, scheduler)}[kind]()
    try:
        yield executor
    finally:
        executor.close()
