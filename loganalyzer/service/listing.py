"""``GET /api/runs``: the filters, orders and pages over the latest snapshot (pure functions of it; the route in
``app.py`` turns ``ListingError`` into a 400).

Filters (all optional, combined with AND): ``verdict`` (one of ``verdict.VERDICTS``), ``cause`` (one of
``ending.CAUSES``: how the run's job ended, from its job log), ``root`` (a configured root as given to the
service, or its position 0, 1, ...), ``since`` (an ISO 8601 time, e.g. ``2024-05-01T08:00:00Z`` (no zone: UTC), or
Unix seconds), on the run's ``updated`` time (``state`` module docstring: when its logs last changed), ``q`` (a
case-insensitive regular expression searched in the run id; text that is not a valid expression is matched as a
plain substring). Orders: ``severity`` (worst first: ``render._text.severity_key``, the snapshot's order) or
``time`` (most recently updated first).
"""
from __future__ import annotations

import math
import os
import re
from datetime import datetime, timezone

from ..ending import CAUSES
from ..fs import is_url
from ..verdict import VERDICTS
from .state import Snapshot

SORTS = ("severity", "time")
MAX_QUERY = 300  # characters of q: a regex is run on every run id
# The fields of a run in the list; GET /api/runs/{id} gives all of them.
LIST_FIELDS = ("run", "path", "format", "verdict", "confidence", "summary")


class ListingError(ValueError):
    """A filter value that cannot be used: one line for the 400 answer."""


def parse_since(text: str) -> float:
    """Unix seconds from ``text``: a number (Unix seconds) or an ISO 8601 date/time (UTC when it names no zone)."""
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(value):
            raise ListingError(f"since: {text!r} is not a time")
        return value
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ListingError(f"since: {text!r} is neither Unix seconds nor an ISO 8601 time "
                           f"(e.g. 2024-05-01T08:00:00Z)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def id_matcher(q: str):
    """A predicate on run ids for ``q`` (regex, else substring; case-insensitive)."""
    if len(q) > MAX_QUERY:
        raise ListingError(f"q: at most {MAX_QUERY} characters")
    try:
        pattern = re.compile(q, re.IGNORECASE)
    except re.error:
        lowered = q.lower()
        return lambda run_id: lowered in run_id.lower()
    return lambda run_id: pattern.search(run_id) is not None


def root_of(roots: list[str], value: str) -> str:
    """The configured root ``value`` names (itself, or its position)."""
    if value in roots:
        return value
    if value.isdigit() and int(value) < len(roots):
        return roots[int(value)]
    stripped = value.rstrip("/")
    for root in roots:
        if root.rstrip("/") == stripped:
            return root
    raise ListingError(f"root: {value!r} is not one of the served roots ({', '.join(roots)}; or their positions "
                       f"0..{len(roots) - 1})")


def _under(path: str, root: str) -> bool:
    sep = "/" if is_url(root) else os.sep
    base = root.rstrip(sep)
    return path == base or path.startswith(base + sep)


def row(run: dict, updated: float | None) -> dict:
    """One run as the list shows it."""
    out = {key: run.get(key) for key in LIST_FIELDS}
    ended = run.get("ended")
    out["ended"] = None if not ended else ended.get("cause")
    out["points"] = sum(s.get("points", 0) for s in run.get("series", ()))
    out["last_step"] = max((s["last_step"] for s in run.get("series", ()) if s.get("last_step") is not None),
                           default=None)
    out["updated"] = None if updated is None else datetime.fromtimestamp(updated, timezone.utc).isoformat(
        timespec="seconds")
    return out


def select(snap: Snapshot, roots: list[str], *, verdict: str | None = None, cause: str | None = None,
           root: str | None = None, since: str | None = None, q: str | None = None,
           sort: str = "severity") -> list[dict]:
    """The runs of ``snap`` that pass the filters, in the order asked. Raises ListingError."""
    if verdict is not None and verdict not in VERDICTS:
        raise ListingError(f"unknown verdict {verdict!r}; one of: {', '.join(VERDICTS)}")
    if cause is not None and cause not in CAUSES:
        raise ListingError(f"unknown cause {cause!r}; one of: {', '.join(CAUSES)}")
    if sort not in SORTS:
        raise ListingError(f"sort: one of {', '.join(SORTS)}, got {sort!r}")
    chosen_root = None if root is None else root_of(roots, root)
    after = None if since is None else parse_since(since)
    matches = None if not q else id_matcher(q)
    updated = snap.updated
    out = []
    for run in snap.runs:
        if verdict is not None and run.get("verdict") != verdict:
            continue
        if cause is not None and (run.get("ended") or {}).get("cause") != cause:
            continue
        if chosen_root is not None and not _under(str(run.get("path", "")), chosen_root):
            continue
        if after is not None and (updated.get(run["run"]) or 0.0) < after:
            continue
        if matches is not None and not matches(str(run.get("run", ""))):
            continue
        out.append(run)
    if sort == "time":  # stable: equal times keep the severity order
        out.sort(key=lambda r: -(updated.get(r["run"]) or 0.0))
    return out
