"""A scan of one local tree on a forked pool (``--jobs N``, no store, no progress bar) with discovery and judging
overlapped: the tree's top-level directories are discovered on the workers (``executor_shards``) and each task's
runs are handed out to be judged as soon as that task comes back, in chunks of at most ``chunk_limit`` runs, instead
of after the whole tree is discovered (the workers went idle while the parent gathered every shard, then waited for
the first chunk). A shard's job-log runs come back judged with the shard (``executor_prejudge``: the worker that
parsed a log to discover it reads the run from that parse). Chunks get smaller once every run is known
(``batch._chunks``' rule), so the workers finish together.

A run is judged under the id ``scan`` would give it alone (``_display_id``); once every shard is back the runs are
put in ``discover``'s order and given their ids by the rules ``scan`` applies (``scan_ids.add_found``): a run met
twice (a symlink inside the tree) is dropped, and a summary whose id changed (a suffix for a clash) is renamed. The
report is the one the two-step scan gives, byte for byte.
"""
from __future__ import annotations

import dataclasses
import gc
import os
from collections import deque

from .batch import analyse_chunk
from .executor_shards import _discover_shards, _prefixed, gathered, shard_dirs, shard_items
from .fs import is_url
from .runs import Problem
from .scan_ids import _display_id, _display_root, add_found
from .summary import RunSummary


def stream_scan(executor, path, options, keep_curves: bool, problems: list) -> tuple[list, list] | None:
    """(summaries in report order, their runs' errors) of the tree at ``path``, discovery problems appended to
    ``problems``; None (nothing done) where the tree or the executor does not allow it: then ``scan`` discovers,
    then judges."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    from .executor import ExecutorError, ProcessExecutor, _start_method

    if not isinstance(executor, ProcessExecutor) or executor.jobs < 2 or executor.pool is not None \
            or _start_method() != "fork" or is_url(os.fspath(path)):
        return None
    shards = shard_dirs(os.fspath(path))
    if not shards:
        return None
    pool = executor._pool()
    executor.warm = True
    tasks, items = shard_items(path, shards, executor.jobs, judge=(options, keep_curves, False))
    root = _display_root(path)
    discovering = {pool.submit(_discover_shards, item): task for item, task in zip(items, tasks)}
    pending = set(discovering)
    found: dict[str, tuple] = {}
    summaries: dict[int, RunSummary] = {}  # id(run) -> its summary
    queue: deque = deque()  # (index, id, run, file rows) tasks not handed out yet
    judging = 0
    window, limit = executor.jobs * 4, executor.chunk_limit
    collecting = gc.isenabled()  # off while the summaries pile up (they hold no cycles): a collection every few
    gc.disable()  # chunks walked them all, ~0.1 s of this process's CPU at 10,000 runs, taken from the workers
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = discovering.pop(future, None)
                if task is None:  # a chunk judged
                    judging -= 1
                    for index, summary, _ in future.result():
                        summaries[index] = summary
                    continue
                for child, (shard_runs, shard_problems, learnt, judged) in zip(task, future.result()):
                    runs = [_prefixed(run, child) for run in shard_runs]
                    found[child] = (runs, shard_problems, learnt)
                    for run, result in zip(runs, judged or [None] * len(runs)):  # judged there: executor_prejudge
                        if result is not None:
                            summaries[id(run)] = result[0]
                        else:
                            queue.append((id(run), _display_id(path, run.id, False, root), run, {}))
            while queue and judging < window:
                size = limit if discovering else max(1, min(limit, len(queue) // window))
                chunk = [queue.popleft() for _ in range(min(size, len(queue)))]
                pending.add(pool.submit(analyse_chunk, chunk, options, keep_curves, False))
                judging += 1
    except BrokenProcessPool:
        raise ExecutorError("a scan worker process died (out of memory? killed?); try fewer --jobs") from None
    finally:
        if collecting:
            gc.enable()
    ordered: list = []
    add_found(ordered, path, gathered(found, problems, prefix=False), set(), set(), {}, False)
    out = []
    for run_id, run in ordered:
        summary = summaries[id(run)]
        out.append(summary if summary.run == run_id else dataclasses.replace(summary, run=run_id))
    errors: list[Problem] = [error for summary in out for error in summary.errors]
    return out, errors
