"""The per-run part of ``scan``: the store's answers for unchanged runs, the others loaded and judged on an executor
(``loganalyzer.executor``), the summaries back in discovery order and the store brought up to date.

Workers get a run (its id, files and the store's rows of its files) and give back its summary, pickled when the
store keeps it, and the rows of the files they read; only this process talks to the store. Runs with files that
could not be read are not kept (a permission fixed or a copy completed must show at the next scan).
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import pickle
from collections.abc import Callable, Sequence

from .executor import SerialExecutor
from .runs import Problem, Run
from .summary import RunSummary

WRITE_EVERY = 1000  # runs per store write: a scan stopped half-way keeps what it did


def analyse_chunk(tasks: list, options, keep_curves: bool, remember: bool) -> list[tuple]:
    """Load and judge each (index, run id, Run, file rows) task: [(index, summary or its pickle, file rows)]."""
    from .load import load_run
    from .load_batch import prefetch
    from .scan import configure_joblogs, summarise_run, with_replay

    if remember:  # the store's file states (filestate imports SQLAlchemy: not without a store)
        from .filestate import SourceCache
    configure_joblogs(options)  # a spawned (or Dask) worker has none of the parent's reader settings
    ready = {} if remember else prefetch([task[2] for task in tasks])  # plain CSVs: the C batch parser
    out = []
    for index, run_id, run, rows in tasks:
        sources = SourceCache(rows, len(run.files) > 1) if remember else _ready_or_read(ready) if ready else None
        loaded = load_run(run, histograms=options.replay, sources=sources, lazy=True)  # no DataFrame
        summary = summarise_run(loaded, run_id, options, keep_curves=keep_curves)
        if options.replay:
            summary = with_replay(summary, loaded, options)
        del loaded  # one run's scalars at a time per worker
        if remember:
            out.append((index, pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL), sources.rows_out))
        else:
            out.append((index, summary, ()))
    return out


def _with_judged(before: list, chunks):
    """The results judged where their runs were discovered (``executor_prejudge``: (index, (payload, rows))) as a
    first chunk, then ``chunks``."""
    if before:
        yield [(index, payload, rows) for index, (payload, rows) in before]
    yield from chunks


def _ready_or_read(ready: dict) -> Callable:
    """``load_run``'s ``sources``: a file's read from ``ready`` (``load_batch.prefetch``: plain Keras, Lightning and
    plain CSV files, ~40 us each instead of ~370 us through the per-file reader; the same columns and result,
    ``tests/test_batchcsv.py``), else read as usual."""
    return lambda file, read: (ready.get(file.path) if file.segment is None else None) or read()


def _loads(blob: bytes):
    try:
        return pickle.loads(blob)
    except Exception:  # written by another version of the code: a miss
        return None


def _chunks(items: list, size: int, jobs: int = 1) -> list[list]:
    """``items`` in chunks of ``size``, smaller ones at the end (a quarter of the remaining items per worker at
    most, down to one): the workers finish together instead of one judging a last whole chunk alone."""
    out, i = [], 0
    while i < len(items):
        k = max(1, min(size, (len(items) - i) // max(1, jobs * 4)))
        out.append(items[i:i + k])
        i += k
    return out


def analyse_runs(
    found: Sequence[tuple[str, Run]],
    options,
    *,
    keep_curves: bool = False,
    progress: Callable[[int, int], None] | None = None,
    executor=None,
    store=None,
) -> tuple[list[RunSummary], list[Problem]]:
    """The summaries of ``found`` ((run id, Run) in report order) and the errors of their unreadable files."""
    executor = executor or SerialExecutor()
    total = len(found)
    remember = store is not None and not options.replay  # a replay reads checkpoints the store does not track
    if remember:
        from .filestate import absolute, options_fingerprint, run_fingerprint, run_key
        from .store import RunRecord
    results: list[RunSummary | None] = [None] * total
    todo = list(range(total))
    keys = prints = None
    file_rows: dict[str, dict] = {}
    if remember:
        options_hash = options_fingerprint(options, keep_curves)
        keys = [run_key(run) for _, run in found]
        prints = [run_fingerprint(run, options_hash) for _, run in found]
        rows = store.runs(keys)
        todo = []
        for i, (run_id, run) in enumerate(found):
            row = rows.get(keys[i])
            summary = None
            if row is not None and prints[i] is not None and row[0] == prints[i] and (row[1] or not keep_curves):
                summary = _loads(row[2])
            if isinstance(summary, RunSummary):
                results[i] = dataclasses.replace(summary, run=run_id,
                                                 curves_preview=summary.curves_preview if keep_curves else {})
            else:
                todo.append(i)
        file_rows = store.files([absolute(f.path) for i in todo for f in found[i][1].files])

    judged = getattr(executor, "judged", None)  # runs judged where they were discovered (executor_prejudge)
    before = [(i, judged.pop(found[i][1])) for i in todo if found[i][1] in judged] if judged else []
    if judged:
        judged.clear()
    if before:
        done = {i for i, _ in before}
        todo = [i for i in todo if i not in done]
    if not executor.parallel(len(todo)):
        executor = SerialExecutor()
    executor.start()
    size = max(1, min(executor.chunk_limit, len(todo) // max(1, executor.jobs * 8)))
    tasks = [(i, found[i][0], found[i][1], {p: file_rows[p] for p in (absolute(f.path)
             for f in found[i][1].files) if p in file_rows} if remember else {}) for i in todo]
    del file_rows
    if progress is not None:
        progress(0, total)
    shown = 0
    writes: tuple[list, list] = ([], [])

    def flush() -> None:
        if writes[0] or writes[1]:
            with _store_errors():
                store.put(writes[0], writes[1])
            writes[0].clear()
            writes[1].clear()

    chunks = _chunks(tasks, size, executor.jobs)
    for chunk in _with_judged(before, executor.map_ordered(analyse_chunk, chunks, options, keep_curves, remember)):
        for index, payload, rows_out in chunk:
            if remember:
                summary = pickle.loads(payload)
                run = found[index][1]
                if not summary.errors and prints[index] is not None:
                    writes[0].append(RunRecord(keys[index], absolute(run.path), prints[index], keep_curves,
                                               payload))
                writes[1].extend(rows_out)
                if len(writes[0]) >= WRITE_EVERY:
                    flush()
            else:
                summary = payload
            if summary.run != found[index][0]:  # judged where it was discovered, under the shard's id for it
                summary = dataclasses.replace(summary, run=found[index][0])
            results[index] = summary
        while shown < total and results[shown] is not None:
            shown += 1
            if progress is not None:
                progress(shown, total)
    if remember:
        flush()
    while shown < total:
        shown += 1
        if progress is not None:
            progress(shown, total)
    errors = [error for summary in results for error in summary.errors]
    return results, errors


@contextlib.contextmanager
def _store_errors():
    """A store that fails while writing loses this scan's additions, not the scan: one warning line."""
    import sqlite3
    import sys

    try:
        yield
    except Exception as error:  # SQLAlchemy is imported only when the store needed it (store.Store reads)
        sa = sys.modules.get("sqlalchemy")
        if not (isinstance(error, sqlite3.Error) or (sa is not None and isinstance(error, sa.exc.SQLAlchemyError))):
            raise
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        import warnings

        warnings.warn(f"the store could not be written ({reason}); this scan's results are not kept", RuntimeWarning,
                      stacklevel=3)


def _unchanged_sniffs(known: dict) -> bool:
    """Every file the store sniffed below the tree is as it was (``filestate.stat_key``): the tree is then listed in
    this process, its sniffs answered by the store, with no worker pool started and no readers or verdict model
    loaded for it (issue 12: ~20% of the CPU and wall time of a 1,000-run unchanged rescan). A grown job log is
    parsed while the tree is discovered (``SniffCache.measure``): a tree with one is still discovered, and its logs
    judged, on the pool. One ``stat`` per sniffed file (the sniffs then repeat it)."""
    from .filestate import MEASURE_SUFFIX, stat_key

    for path, (key, _) in known.items():
        if stat_key(path[:-len(MEASURE_SUFFIX)] if path.endswith(MEASURE_SUFFIX) else path) != key:
            return False
    return True


class ScanContext:
    """A scan's executor and store: discovery with the store's sniff results, analysis with its run results."""

    def __init__(self, executor, store):
        self.executor = executor
        self.store = store

    def discover(self, path, problems: list, options=None, keep_curves: bool = False) -> list[Run]:
        """The runs under ``path``; with ``options``, a pool's or a cluster's workers also judge the job-log runs of
        the shards they discover (``executor_prejudge``; ``analyse`` takes their results)."""
        if options is not None and self.executor.name != "serial":
            self.executor.judge = (options, keep_curves, self.store is not None and not options.replay)
            if getattr(self.executor, "judged", None) is None:
                self.executor.judged = {}
        if self.store is None:
            return self.executor.discover(path, problems)
        from .discover import SNIFF_CACHE
        from .filestate import SniffCache

        from .filestate import MEASURE_SUFFIX, absolute

        key = absolute(os.fspath(path))
        known: dict = {}
        with _store_errors():
            known = (self.store.sniffs([key, key + MEASURE_SUFFIX]) if os.path.isfile(path)  # a job log's measure
                     else self.store.all_sniffs_under(key))
        cache = SniffCache(known)
        rescan = False
        if not os.path.isfile(path) and "://" not in key:
            with _store_errors():
                rescan = _unchanged_sniffs(known) if known else self.store.has_runs_under(key)
        token = SNIFF_CACHE.set(cache)
        try:
            if rescan:
                from .discover import discover

                runs = discover(path, problems)
            else:
                runs = self.executor.discover(path, problems)
        finally:
            SNIFF_CACHE.reset(token)
        if cache.new:
            with _store_errors():
                self.store.put_sniffs(cache.new)
        return runs

    def stream(self, path, options, keep_curves: bool, problems: list):
        """(summaries, errors) of the tree at ``path`` discovered and judged at once on the pool
        (``scan_stream``), or None: without a store only."""
        if self.store is not None:
            return None
        from .scan_stream import stream_scan

        return stream_scan(self.executor, path, options, keep_curves, problems)

    def analyse(self, found, options, *, keep_curves: bool = False, progress=None):
        return analyse_runs(found, options, keep_curves=keep_curves, progress=progress, executor=self.executor,
                            store=self.store)


@contextlib.contextmanager
def scan_context(jobs: int | None = 1, executor: str = "auto", scheduler: str | None = None, store=None):
    """Open the executor (``executor.open_executor``) and the store (a ``Store``, a URL, or None for none) for one
    scan, and close what was opened here."""
    from .executor import open_executor

    opened = None
    if isinstance(store, (str, os.PathLike)):
        from .store import Store, url_for

        store = opened = Store.open(url_for(os.fspath(store)))
    if store is not None:  # the code's fingerprint as the scan starts: an upgrade or edit during the scan must not
        from .filestate import code_fingerprint  # file the old code's results under the new code's fingerprint

        code_fingerprint()
    try:
        with open_executor(jobs, executor, scheduler) as pool:
            yield ScanContext(pool, store)
    finally:
        if opened is not None:
            opened.close()
