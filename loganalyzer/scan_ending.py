"""How a job's ending meets the verdict, for ``scan`` (after both): ``--fail-on`` matching and the verdict annotated
with the job's ending. Split from ``ending`` (a reader-side stage) so that it never imports the verdict stage."""
from __future__ import annotations

from dataclasses import replace

from typing import TYPE_CHECKING

from .verdict_base import Finding
from .verdict_text import releaded

if TYPE_CHECKING:  # the job-ending reader (its ~30 regexes) is imported where a job log is read
    from .ending import Ended


def matches_fail_on(summary, names) -> set[str]:
    """The ``--fail-on`` words a run matches: its verdict, and its job's ``ended.cause`` when it has a job log.
    ``summary`` is a ``scan.RunSummary`` (or anything with ``verdict`` and ``ended``)."""
    names = set(names)
    terms = {getattr(summary, "verdict", None)}
    ended = getattr(summary, "ended", None)
    cause = ended.get("cause") if isinstance(ended, dict) else getattr(ended, "cause", None)
    if cause:
        terms.add(cause)
    return {t for t in terms if t in names}


def annotate_verdict(verdict, ended: Ended | None):
    """The verdict with the job's ending added: a finding quoting the decisive line, the cause's advice after the
    curve's, and for a run too short to judge (``unknown``) a summary saying how the job ended. The curve verdict
    itself is never changed: a run can be ``nan`` and end at ``time_limit``."""
    if ended is None or verdict is None:
        return verdict
    where = f" ({ended.lines[-1][0]}:{ended.lines[-1][1]})" if ended.lines else ""
    finding = Finding("ended_" + ended.cause, ended.summary + where, ended.step)
    curve = verdict.advice
    if ended.cause not in ("completed", "unknown"):
        # the job died: its curve may be sound, but "Nothing to fix" above the cause's advice contradicts it
        curve = releaded(curve, "The curve itself shows no fault up to where the job stopped; ")
    advice = curve + tuple(a for a in ended.advice if a not in curve)
    summary = verdict.summary
    if verdict.label == "unknown" and ended.cause not in ("completed", "unknown"):
        summary = f"{summary.rstrip('.')}; the job {ended.summary}." if summary else f"The job {ended.summary}."
    return replace(verdict, findings=(finding,) + verdict.findings, advice=advice, summary=summary)
