"""Files discovery took for training logs but could not read at all: a run each, ``unknown`` "could not be read".

An empty event file was always a run (found by its name, its reader says "empty file"), but a log found by its name
or first line that could not be read -- Lightning's ``metrics.csv`` created and never written (0 bytes), a
``training.log`` the user may not open, a Keras CSV whose header is Latin-1 or UTF-16 -- was only an error line, no
row: ``--fail-on unknown`` missed it (the newcomer's stop-27 report, item 8). Discovery marks such a file with a
``runs.UnreadLog`` problem; ``unread_runs`` takes those problems out of the list and makes each file a run of format
``unread`` (``readers/unread.py``), whose loading gives the error line (the loader's "permission denied", "empty
file", or the reader's encoding line) and ``scan.unreadable_verdict`` its row. Used by ``discover.discover`` (plain
and sharded walks) and ``load_parallel`` (``read_scalars`` of a big tree), so both name the same runs.

A run's id is decided by discovery, never by whether the read succeeded (newcomer ux69, finding 6): a Lightning
``metrics.csv`` that could be read is a run named by its folder (``noperm_run``), so an unread one (permission
denied, 0 bytes: created, not yet written) is named by its folder too, not ``noperm_run/metrics.csv`` -- the
service's store, alert history, JSON diffed between CI runs and ``/api/runs/{id}`` links keep one id once the
permission is fixed or the copy completes. When that folder already is a run (its event files: the readable
``metrics.csv`` would have joined it), the file becomes a source of that run, whose loading reports it as a file of
the run not read (``verdict_unread``), not a second run under the same id. Limit: a ``metrics.csv`` with no ``step``
and ``epoch`` columns is a plain CSV run named ``folder/metrics.csv`` once readable; unread, its columns are unknown
and the Lightning name (by far the common writer of that file name) is taken.
"""
from __future__ import annotations

import os
from dataclasses import replace

from .runs import Problem, Run, SourceFile, UnreadLog

FORMAT = "unread"
LIGHTNING_METRICS = "metrics.csv"  # discover.LIGHTNING_METRICS: a run named by its folder


def unread_runs(problems: list, start: int, root: str, single: bool, taken: set[str],
                runs: list[Run] | None = None) -> list[Run]:
    """The ``UnreadLog`` problems appended to ``problems`` from index ``start`` on, removed from it, as runs: id the
    file's path below ``root`` (POSIX ``/``; the file's name when ``single``, ``root`` being the file itself), path
    the file; a ``metrics.csv`` (Lightning's name) the id of its folder (``'.'`` for ``root``), path that folder, as
    when it is read. When ``runs`` (the runs found so far) holds a run of that id, the file is added to that run's
    sources (``runs`` is updated in place) and no run is made. A file already in a run (``taken``: its source
    paths) stays an error line; one met twice is one run."""
    by_id = {run.id: i for i, run in enumerate(runs)} if runs is not None else {}
    out: list[Run] = []
    keep: list = []
    made: set[str] = set()
    for problem in problems[start:]:
        if not isinstance(problem, UnreadLog) or problem.path in taken:
            keep.append(problem)
            continue
        if problem.path in made:
            continue
        made.add(problem.path)
        run_id = os.path.basename(problem.path) if single else \
            os.path.relpath(problem.path, root).replace(os.sep, "/")
        path = problem.path
        if not single and os.path.basename(problem.path) == LIGHTNING_METRICS:  # named by its folder, as when read
            path = os.path.dirname(problem.path)
            run_id = run_id.rsplit("/", 1)[0] if "/" in run_id else "."
            if run_id in by_id:  # the folder's run (its event files): one of its files, not read
                i = by_id[run_id]
                runs[i] = replace(runs[i], files=runs[i].files + (SourceFile(problem.path, FORMAT),))
                continue
        out.append(Run(run_id, path, FORMAT, (SourceFile(problem.path, FORMAT),)))
    problems[start:] = keep
    return out


_LOG_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".log", ".txt", ".out", ".err", ".db", ".sqlite", ".wandb")


def dead_entries(entries: list, path: str, problems: list, looks_like_log) -> None:
    """An error line for each entry of directory ``path`` that is neither a file nor a directory (a broken symbolic
    link, a socket, a FIFO) but is named like a log (``looks_like_log(name)`` or a log suffix): before newcomer34 a
    dangling ``events.out.tfevents.*`` link was skipped in silence and the scan said only "no training runs found"."""
    for entry in entries:
        name = entry.name
        if entry.is_dir or entry.is_file or name.startswith(".") or not (
                looks_like_log(name) or name.lower().endswith(_LOG_SUFFIXES)):
            continue
        full = os.path.join(path, name)
        if os.path.islink(full):
            why = f"a broken symbolic link (to {os.readlink(full)}); not read"
        else:
            why = "not a regular file (a socket, FIFO or device); not read"
        problems.append(Problem(full, why))
