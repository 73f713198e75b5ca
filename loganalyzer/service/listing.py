"""``GET /api/runs``: the filters, orders and pages over the latest snapshot (pure functions of it; the route in
``app.py`` turns ``ListingError`` into a 400).

Filters (all optional, combined with AND): ``verdict`` (one of ``verdict.VERDICTS``), ``cause`` (one of
``ending.CAUSES``: how the run's job ended, from its job log), ``root`` (a configured root as given to the
service, or its position 0, 1, ...), ``since`` (an ISO 8601 time, e.g. ``2024-05-01T08:00:00Z`` (no zone: UTC), or
Unix seconds), on the run's ``updated`` time (``state`` module docstring: when its logs last changed), ``q`` (a
case-insensitive regular expression searched in the run id, like the dashboard's run regex; an invalid expression is
a 400). ``verdict``, ``cause`` and ``root`` may be repeated or comma-separated: a run passes when it has any of the
values. Orders: ``severity`` (worst first: ``render._text.severity_key``, the snapshot's order) or ``time`` (most
recently updated first).

``q`` runs with the ``regex`` package under a deadline (``QUERY_SECONDS`` for all the run ids together, the GIL
released): a pattern that backtracks for ever (``(a|aa)+$``) is a 400, never a stalled server.
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable
from datetime import datetime, timezone

from ..ending import CAUSES
from ..fs import is_url
from ..render._text import ended_word
from ..verdict import VERDICTS
from .state import Snapshot

SORTS = ("severity", "time")
MAX_QUERY = 300  # characters of q: a regex is run on every run id
QUERY_SECONDS = 0.5  # time for q over all the run ids of one request
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


def id_matcher(q: str, seconds: float = QUERY_SECONDS):
    """A predicate on run ids for the regex ``q`` (case-insensitive); all its calls together may take ``seconds``,
    then it raises ListingError. An invalid regex is a ListingError."""
    import regex  # the service extra: matching with a timeout

    if len(q) > MAX_QUERY:
        raise ListingError(f"q: at most {MAX_QUERY} characters")
    try:
        pattern = regex.compile(q, regex.IGNORECASE | regex.VERSION0)
    except (regex.error, ValueError, OverflowError) as error:
        raise ListingError(f"q: invalid regex: {error}") from None
    deadline = [None]

    def matches(run_id: str) -> bool:
        now = time.monotonic()
        if deadline[0] is None:
            deadline[0] = now + seconds
        try:
            return pattern.search(run_id, timeout=max(0.001, deadline[0] - now), concurrent=True) is not None
        except TimeoutError:
            raise ListingError(f"q: the regex took over {seconds:g} s on the run ids (nested quantifiers such as "
                               f"(a+)+ backtrack): simplify it") from None
    return matches


def values(given: str | Iterable[str] | None) -> list[str] | None:
    """A filter's values: a repeated parameter and comma-separated values alike; None when none is given."""
    if given is None:
        return None
    items = [given] if isinstance(given, str) else list(given)
    out = [v.strip() for item in items for v in item.split(",") if v.strip()]
    return out or None


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
    """One run as the list shows it. ``ended``: the scan's word for how its job ended (``render._text.ended_word``:
    a cause of ``ending.CAUSES``, but "not recorded" for a plain script's log that simply stops, as the scan table,
    CSV and Markdown say; the ``cause`` filter still takes ``unknown``), None for a run without a job log."""
    out = {key: run.get(key) for key in LIST_FIELDS}
    out["ended"] = ended_word(run) if run.get("ended") else None
    out["points"] = sum(s.get("points", 0) for s in run.get("series", ()))
    out["last_step"] = max((s["last_step"] for s in run.get("series", ()) if s.get("last_step") is not None),
                           default=None)
    out["updated"] = None if updated is None else datetime.fromtimestamp(updated, timezone.utc).isoformat(
        timespec="seconds")
    return out


def select(snap: Snapshot, roots: list[str], *, verdict=None, cause=None, root=None, since: str | None = None,
           q: str | None = None, sort: str = "severity") -> list[dict]:
    """The runs of ``snap`` that pass the filters, in the order asked (``verdict``/``cause``/``root``: a value, a
    list, comma-separated values: any of them). Raises ListingError."""
    verdicts, causes, chosen = values(verdict), values(cause), values(root)
    for given, known, what in ((verdicts, VERDICTS, "verdict"), (causes, CAUSES, "cause")):
        for value in given or ():
            if value not in known:
                raise ListingError(f"unknown {what} {value!r}; one of: {', '.join(known)}")
    if sort not in SORTS:
        raise ListingError(f"sort: one of {', '.join(SORTS)}, got {sort!r}")
    chosen_roots = None if chosen is None else [root_of(roots, r) for r in chosen]
    after = None if since is None else parse_since(since)
    matches = None if not q else id_matcher(q)
    updated = snap.updated
    out = []
    for run in snap.runs:
        if verdicts is not None and run.get("verdict") not in verdicts:
            continue
        if causes is not None and (run.get("ended") or {}).get("cause") not in causes:
            continue
        if chosen_roots is not None and not any(_under(str(run.get("path", "")), r) for r in chosen_roots):
            continue
        if after is not None and (updated.get(run["run"]) or 0.0) < after:
            continue
        if matches is not None and not matches(str(run.get("run", ""))):
            continue
        out.append(run)
    if sort == "time":  # stable: equal times keep the severity order
        out.sort(key=lambda r: -(updated.get(r["run"]) or 0.0))
    return out
