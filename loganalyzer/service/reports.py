"""``GET /api/runs/{id}/report``: the HTML report (``render.report_text(report, "html")``) of one run of the latest
scan, made by scanning that run's path again with ``keep_curves=True`` (the charts need the curves, which the
snapshot does not keep). Before anything is read the run's path is checked to lie inside the roots with no symlink
below it pointing out (``security``). Pages are kept per (run, scan JSON) for the last few runs asked; charts are
drawn one report at a time (matplotlib is not thread-safe).

The page is all inline CSS and JavaScript, so it is served with its own Content-Security-Policy (``REPORT_CSP``:
inline code only, nothing fetched from anywhere). A browser cannot send the token to a new tab: the dashboard asks
``GET /api/runs/{id}/report-link`` (with the token) for a link ``/report/{id}?exp=...&sig=...``, signed with a
secret of this process (HMAC-SHA256) and valid for ``LINK_SECONDS``, and opens that."""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import OrderedDict

from ..scan import scan
from .security import escaping_links, inside_roots

CACHED = 16
LINK_SECONDS = 3600
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
              "font-src data:; base-uri 'none'; form-action 'none'")
_draw = threading.Lock()
_SECRET = secrets.token_bytes(32)


def signature(run_id: str, expires: int) -> str:
    """The signature of a report link of ``run_id`` valid until ``expires`` (Unix seconds)."""
    return hmac.new(_SECRET, f"{expires}\n{run_id}".encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()


def signed_link(run_id: str, seconds: int = LINK_SECONDS) -> tuple[str, int]:
    """(``report/{id}?exp=..&sig=..`` relative to the dashboard, its expiry)."""
    from urllib.parse import quote

    expires = int(time.time()) + seconds
    return f"report/{quote(run_id, safe='/')}?exp={expires}&sig={signature(run_id, expires)}", expires


def link_ok(run_id: str, expires: int, sig: str) -> bool:
    """Whether ``sig`` signs ``run_id`` until ``expires`` and that time has not passed."""
    return expires >= time.time() and hmac.compare_digest(sig.encode("ascii", "replace"),
                                                          signature(run_id, expires).encode())


class ReportError(Exception):
    """The report cannot be made: ``status`` (403, 404, 409, 500) and one line."""

    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


class Reports:
    """HTML reports of single runs for ``service`` (a ``state.Service``), a small LRU cache in front."""

    def __init__(self, service):
        self.service = service
        self._cache: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def html(self, run: dict) -> str:
        """The report page of ``run`` (its scan JSON from the snapshot). Raises ReportError."""
        key = (run["run"], hashlib.sha256(json.dumps(run, sort_keys=True).encode()).hexdigest())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        page = self._make(run)
        with self._lock:
            self._cache[key] = page
            while len(self._cache) > CACHED:
                self._cache.popitem(last=False)
        return page

    def _make(self, run: dict) -> str:
        roots = self.service.roots
        path = run.get("path") or ""
        if not inside_roots(path, roots):
            raise ReportError(403, f"run {run['run']!r} lies outside the served roots")
        links = escaping_links(path, roots)
        if links:
            raise ReportError(403, f"run {run['run']!r} has symlinks pointing outside the served roots "
                                   f"({', '.join(links[:3])}): not read")
        try:
            report = scan([path], options=self.service.options, keep_curves=True, jobs=1)
        except FileNotFoundError:
            raise ReportError(409, f"run {run['run']!r} is gone from disk since the last scan") from None
        chosen = _match(report.runs, run)
        if chosen is None:
            raise ReportError(409, f"run {run['run']!r} is no longer found at its path since the last scan")
        chosen = _with_sibling(chosen, run, self.service.options)
        one = dataclasses.replace(report, runs=(dataclasses.replace(chosen, run=run["run"]),), errors=())
        from ..render import report_text

        with _draw:
            return report_text(one, "html", scanned=[run["run"]], workers=1)


def _with_sibling(chosen, run: dict, options):
    """The rescanned run judged against the sibling the tree's scan named (``siblings.against_sibling``): a rescan
    of one path cannot see its siblings, and the report must say what the dashboard says."""
    ev = run.get("evidence") or {}
    sibling, first, final = ev.get("sibling"), ev.get("sibling_initial"), ev.get("sibling_final")
    if not getattr(options, "siblings", True) or not isinstance(sibling, str) or not all(
            isinstance(v, (int, float)) for v in (first, final)):
        return chosen
    from ..siblings import against_sibling

    span = ev.get("sibling_span")
    return against_sibling(chosen, sibling, float(first), float(final),
                           float(span) if isinstance(span, (int, float)) else None)


def _match(runs, run: dict):
    """The run of a rescan of ``run['path']`` that is ``run`` (the path's own run; for a file of several appended
    runs, the one with the same ``#N``)."""
    same = [r for r in runs if r.path == run.get("path")] or list(runs)
    if len(same) <= 1:
        return same[0] if same else None
    suffix = run["run"].rpartition("#")[2] if "#" in run["run"] else None
    for r in same:
        if suffix is not None and r.run.endswith("#" + suffix):
            return r
    return same[0]
