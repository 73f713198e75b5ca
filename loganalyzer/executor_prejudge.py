"""A shard's job-log runs judged by the worker that discovered the shard (``--jobs N``, Dask; issue 12).

Discovery parses every printed job log in full to count its runs and points (``readers._joblog_files._measure``);
the parse is kept in that process (``readers._joblog_cache``) for the loader's read of the same log. A shard is
discovered on one worker, but its runs were then judged on whichever worker took their chunk, which parsed every
log again: a ``--jobs 2`` scan of 12 printed logs of 10,000 lines each (one directory each) made 20 parses where
a serial scan makes 12-14, 42.5 s of CPU instead of 30 s (on this shared 2-core machine, load ~11).

Now ``_discover_shard`` judges, right after discovering a shard and in the same process, the runs of that shard
that hold a job log this process parsed while discovering it (``parsed_paths``: still in the parse cache, whose
bounds keep memory where it was: at most ``MEASURED_LOGS`` logs / ``MEASURED_HITS`` parsed lines), and hands back
their results beside the runs; ``batch.analyse_runs`` and ``scan_stream`` take them instead of judging those runs
again. The results are what ``batch.analyse_chunk`` gives (the same call), so the report is the serial scan's:
a summary made under another id gets the scan's id as any summary does (``batch`` and ``scan_stream`` replace it).
Runs whose logs were not parsed here (a store's remembered measure, a log past the cache's bounds, runs of other
formats) are judged as before.

``judge``: None (discovery only) or (options, keep_curves, remember) as ``batch.analyse_chunk`` takes them.
"""
from __future__ import annotations

import sys

from .runs import Run


def parsed_paths() -> set[str]:
    """Paths of the job logs whose parse this process keeps (empty when no job log was parsed here)."""
    joblog = sys.modules.get("loganalyzer.readers.joblog")
    if joblog is None:
        return set()
    return joblog._CACHE.paths()


def judged_here(runs: list[Run], judge, child: str) -> list | None:
    """For each of ``runs`` (discovered under the shard ``child``, ids relative to it): ``(payload, rows)`` as
    ``analyse_chunk`` gives them when one of its files is a job log parsed in this process, else None; None for
    the whole list when ``judge`` is None or no run qualifies."""
    if judge is None:
        return None
    parsed = parsed_paths()
    if not parsed:
        return None
    tasks = [(i, child if run.id == "." else f"{child}/{run.id}", run, {}) for i, run in enumerate(runs)
             if any(f.path in parsed for f in run.files)]
    if not tasks:
        return None
    from .batch import analyse_chunk

    options, keep_curves, remember = judge
    out: list = [None] * len(runs)
    for index, payload, rows in analyse_chunk(tasks, options, keep_curves, remember):
        out[index] = (payload, rows)
    return out
