"""Files discovery took for training logs but could not read at all: a run each, ``unknown`` "could not be read".

An empty event file was always a run (found by its name, its reader says "empty file"), but a log found by its name
or first line that could not be read -- Lightning's ``metrics.csv`` created and never written (0 bytes), a
``training.log`` the user may not open, a Keras CSV whose header is Latin-1 or UTF-16 -- was only an error line, no
row: ``--fail-on unknown`` missed it (the newcomer's stop-27 report, item 8). Discovery marks such a file with a
``runs.UnreadLog`` problem; ``unread_runs`` takes those problems out of the list and makes each file a run of format
``unread`` (``readers/unread.py``), whose loading gives the error line (the loader's "permission denied", "empty
file", or the reader's encoding line) and ``scan.unreadable_verdict`` its row. Used by ``discover.discover`` (plain
and sharded walks) and ``load_parallel`` (``read_scalars`` of a big tree), so both name the same runs.
"""
from __future__ import annotations

import os

from .runs import Problem, Run, SourceFile, UnreadLog

FORMAT = "unread"


def unread_runs(problems: list, start: int, root: str, single: bool, taken: set[str]) -> list[Run]:
    """The ``UnreadLog`` problems appended to ``problems`` from index ``start`` on, removed from it, as runs: id the
    file's path below ``root`` (POSIX ``/``; the file's name when ``single``, ``root`` being the file itself), path
    the file. A file already in a run (``taken``: its source paths) stays an error line; one met twice is one run."""
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
        out.append(Run(run_id, problem.path, FORMAT, (SourceFile(problem.path, FORMAT),)))
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
