"""A run judged on part of its files: said in its own row, not only in the global error list (newcomer ux69, F7).

A run whose files were read in part -- one of its two event files of mode 000 (``tb/healthy`` of the ux69 repro:
``events.out.tfevents.9.host.extra: permission denied``), an empty ``metrics.csv`` beside its event files, a
truncated copy -- was judged on the rest and shown as a plain row (``healthy 0.65``); the only trace was the
``Errors (not read)`` list under the table, which ``--quiet``, the JSON's run object and the dashboard's run page
do not show with the run. ``partial_read`` adds to such a run's verdict:

- a finding ``files_not_read``: "1 of 2 files not read: events.out.tfevents.9.host.extra: permission denied; the
  verdict rests on the other file" (the file named below the run's folder; the first one, and how many more);
- the same count before its summary, ``[1 of 2 files not read] ...``, so the one line of ``--quiet``, the
  Markdown/CSV rows, the service's list and its alerts carry it.

The confidence is left as it is: it is the verdict's probability given the points that were read, and how much the
missing file weighs is not known (a duplicate writer's copy, a side log, or half the run): a fixed cut would state
a precision there is none of. The row says it instead, and ``--strict`` exits 3 as for any file not read.
A run none of whose files could be read keeps its ``unknown`` "could not be read" verdict (``scan.unreadable_verdict``).
"""
from __future__ import annotations

import dataclasses
import os

from .verdict_base import Finding, Verdict

KIND = "files_not_read"


def partial_read(analysis: Verdict | None, loaded) -> Verdict | None:
    """``analysis`` with the ``files_not_read`` finding and summary mark when some of ``loaded``'s files (a
    ``runs.LoadedRun``: ``errors`` against ``run.files``) could not be read and the run was still judged; else
    ``analysis`` unchanged (None, no error, or the run's "could not be read" verdict)."""
    errors = tuple(getattr(loaded, "errors", ()) or ())
    if analysis is None or not errors or analysis.evidence.get("reason") == "unreadable":
        return analysis
    run = loaded.run
    failed = list(dict.fromkeys(e.path for e in errors))
    total = max(len({f.path for f in run.files} | set(failed)), len(failed))
    first = errors[0]
    more = f" (and {len(failed) - 1:,} more)" if len(failed) > 1 else ""
    rest = "the other file" if total - len(failed) == 1 else f"the other {total - len(failed):,} files"
    count = f"{len(failed):,} of {total:,} file{'s' if total != 1 else ''} not read"
    message = f"{count}: {_name(first.path, run.path)}: {first.message}{more}; the verdict rests on {rest}"
    return dataclasses.replace(analysis, summary=f"[{count}] {analysis.summary}",
                               findings=(Finding(KIND, message),) + tuple(analysis.findings))


def _name(path: str, run_path: str) -> str:
    """``path`` below the run's folder (POSIX '/'), or its own name when the run is a file or it lies elsewhere."""
    try:
        rel = os.path.relpath(path, run_path)
    except ValueError:
        return os.path.basename(path)
    return os.path.basename(path) if rel == "." or rel.startswith("..") else rel.replace(os.sep, "/")
