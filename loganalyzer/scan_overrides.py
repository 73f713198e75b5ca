"""A series override (``--train-series`` / ``--val-series``) that names a series of no run at all: an ``OptionError``
after the scan, listing the close matches among every run's series (``scan.scan``). Split from scan.py (issue 12 made
it import its stages lazily, which put it over 400 lines)."""
from __future__ import annotations

import difflib
from collections.abc import Sequence

from .config import OVERRIDES, AnalysisOptions, OptionError
from .summary import RunSummary


def check_overrides_matched(summaries: Sequence[RunSummary], options: AnalysisOptions) -> None:
    """An override that names a series of no run at all is a mistake, not a per-run fact: OptionError listing the
    close matches among every run's series. (Runs that could not be read have no series and do not count.)"""
    readable = [run for run in summaries if run.series]
    for option in OVERRIDES:
        spec = getattr(options, option)
        if spec is None or not readable:
            continue
        if all(option in _overrides_missed(run) for run in readable):
            flag = "--" + option.replace("_", "-")
            score = next((m["message"] for run in readable for m in run.analysis.evidence["override_not_found"]
                          if m["option"] == option and "grows as the model improves" in m["message"]), None)
            if score is not None:  # the series exists, but it is no loss: say that, not "names no series"
                raise OptionError(f"{flag} / {score}")
            names = sorted({s.name for run in readable for s in run.series} | {s.tag for run in readable
                                                                                for s in run.series})
            close = difflib.get_close_matches(spec, names, n=5, cutoff=0.5)
            hint = ("close matches: " + ", ".join(close)) if close else (
                "series: " + ", ".join(names[:15]) + (f", ... ({len(names) - 15} more)" if len(names) > 15 else ""))
            raise OptionError(f"{flag} / {option} {spec!r} names no series of any run "
                              f"({_plural_runs(len(readable))} scanned); {hint}")


def _plural_runs(count: int) -> str:
    return f"{count:,} run" + ("" if count == 1 else "s")


def _overrides_missed(run: RunSummary) -> set[str]:
    if run.analysis is None:
        return set()
    return {miss["option"] for miss in run.analysis.evidence.get("override_not_found", ())}
