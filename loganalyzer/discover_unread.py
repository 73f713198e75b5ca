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

from .runs import Run, SourceFile, UnreadLog

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
