"""``GET /api/runs/{id}/report``: the HTML report (``render.report_text(report, "html")``) of one run of the latest
scan, made by scanning that run's path again with ``keep_curves=True`` (the charts need the curves, which the
snapshot does not keep). Before anything is read the run's path is checked to lie inside the roots with no symlink
below it pointing out (``security``). Pages are kept per (run, scan JSON) for the last few runs asked; charts are
drawn one report at a time (matplotlib is not thread-safe)."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict

from ..scan import scan
from .security import escaping_links, inside_roots

CACHED = 16
_draw = threading.Lock()


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
        one = dataclasses.replace(report, runs=(dataclasses.replace(chosen, run=run["run"]),), errors=())
        from ..render import report_text

        with _draw:
            return report_text(one, "html", scanned=[run["run"]], workers=1)


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
