"""A verdict on a printed log with no step says its points by their record number, not "step N".

A printed log whose progress lines carry no step or epoch (``Meta batch loss: 236.01``, ``Total train loss:
10897.7``) has its points at their ordinals: the reader counts them (``readers/joblog``) and the job log's ending
says so with ``unit`` "record" (``readers/_joblog_ending._progress_of``, ``ending.conclude``). The verdict's words
are written for a step axis: public ANarayan/DAMSL-CS224N-FinalProject ``train.log`` (commit fedf0d8e) was told
"Keep the checkpoint from step 187", a step no line prints and no checkpoint is named by. ``as_records(verdict)``
rewrites every "step N" / "steps N-M" of its summary, findings and advice to "record N" / "records N-M" (the
evidence keeps its keys: the numbers are the same points); a verdict naming no step is returned as it is.
"""
from __future__ import annotations

import dataclasses
import re

_STEP = re.compile(r"\b([Ss])tep(s?)(\s+)(?=\d)")


def _words(text: str) -> str:
    return _STEP.sub(lambda m: ("R" if m.group(1) == "S" else "r") + "ecord" + m.group(2) + m.group(3), text)


def as_records(verdict):
    """``verdict`` (``verdict_base.Verdict``) with its "step N" said "record N" (module docstring)."""
    findings = tuple(dataclasses.replace(f, message=_words(f.message)) for f in verdict.findings)
    return dataclasses.replace(verdict, summary=_words(verdict.summary), findings=findings,
                               advice=tuple(_words(a) for a in verdict.advice))


def record_unit(ended) -> bool:
    """Whether a job log's ending (``ending.Ended`` or None) says its steps count records."""
    return ended is not None and getattr(ended, "detail", {}).get("unit") == "record"
