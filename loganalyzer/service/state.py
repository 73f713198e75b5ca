"""What the service knows: the roots it watches, the store, the latest scan (in memory and in the store), and the
thread that rescans them.

Every scan goes through ``scan.scan(roots, store=...)`` (the same call as the CLI): unchanged files are not re-read
and unchanged runs are not re-judged. One scan at a time (a lock); a ``POST /api/scan`` during a background scan
waits for it and then scans again, so what it returns is never older than the request.

When to scan (``loganalyzer.service.watch``): at start, every ``poll`` seconds, and, for roots watched with
watchdog, soon after a change: ``changed()`` marks the tree dirty and the thread scans once it has been quiet for
``debounce`` seconds (or ``max_delay`` seconds after the first change, for a log written without pause).

After each scan: runs whose real path leaves the roots (reached through a symlink pointing out) are dropped and
named in the errors; each run's ``updated`` time is set (below); the changes worth an alert go to the notifier
(``loganalyzer.service.alerts``) before the scan is published and kept in the store.

``updated`` (what ``GET /api/runs?since=`` and ``sort=time`` use): for a local run, the newest modification time
of its files, i.e. when it last logged; for a run under a URL root, when the service first saw its current data.
It is recomputed only for runs that are new or whose scan JSON changed, and kept with the scan in the store.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Sequence

from ..fs import is_url
from ..names import VERDICTS
from ..render._text import severity_key
from ..scan import AnalysisOptions, ScanReport, scan
from .alerts import transitions
from .security import inside_roots

log = logging.getLogger("loganalyzer.service")


SCAN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)  # seconds, for /metrics
MAX_WALK = 2_000  # entries looked at to date one run's files


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """One finished scan as the API serves it: the runs' scan JSON worst first, and an index by run id.
    ``updated``: run id -> when its data last changed (Unix seconds; see the module docstring)."""
    runs: tuple[dict, ...] = ()
    errors: tuple[dict, ...] = ()
    started: float | None = None  # time.time() when the scan began
    duration: float | None = None  # seconds
    version: str | None = None
    from_store: bool = False  # loaded from the store at start-up, before this process scanned
    updated: dict = dataclasses.field(default_factory=dict, compare=False)

    @functools.cached_property
    def by_id(self) -> dict[str, dict]:
        return {run["run"]: run for run in self.runs}

    def counts(self) -> dict[str, int]:
        """Runs by verdict in the CLI summary's order (``render._text.verdict_counts``: nan, diverged, stalled,
        underfit, overfit, healthy, unknown, then any other label alphabetically), verdicts no run got left out;
        ``null`` verdicts (nothing to judge) last, under ``none``."""
        counts = Counter(run.get("verdict") or "none" for run in self.runs)
        rank = {label: i for i, label in enumerate(VERDICTS)}
        return {label: counts[label] for label in sorted(
            counts, key=lambda label: (label == "none", rank.get(label, len(rank)), label))}


def roots_key(roots: Sequence[str]) -> str:
    """The store's key for a set of roots (in the order given: that order makes the run ids)."""
    return hashlib.sha256(json.dumps(list(roots)).encode()).hexdigest()


def snapshot_of(report: ScanReport, started: float, duration: float,
                roots: Sequence[str] | None = None) -> tuple[Snapshot, dict]:
    """The snapshot and the scan JSON (runs worst first, ``render._text.severity_key``) of one report. With
    ``roots``, runs whose real path leaves them are left out (and named in the errors)."""
    document = report.to_dict()
    runs, errors = [], list(document["errors"])
    for run in sorted(report.runs, key=severity_key):
        if roots is not None and not inside_roots(run.path, roots):
            errors.append({"path": run.path, "message": "outside the served roots (a symlink pointing out): "
                                                        "not served"})
            continue
        runs.append(run.to_dict())
    document["runs"], document["errors"] = runs, errors
    snap = Snapshot(runs=tuple(runs), errors=tuple(errors), started=started, duration=duration,
                    version=report.version)
    return snap, document


def newest_mtime(path: str) -> float | None:
    """The newest modification time (Unix seconds) of the file ``path`` or of the files below the directory
    ``path`` (at most MAX_WALK entries looked at); None when nothing can be read."""
    try:
        if not os.path.isdir(path):
            return os.stat(path).st_mtime
        newest, seen = None, 0
        for directory, _dirs, files in os.walk(path):
            for name in files:
                seen += 1
                if seen > MAX_WALK:
                    return newest
                try:
                    mtime = os.stat(os.path.join(directory, name)).st_mtime
                except OSError:
                    continue
                newest = mtime if newest is None else max(newest, mtime)
        return newest
    except OSError:
        return None


class Service:
    """The roots, the store and the latest snapshot. ``start()`` begins the scan thread (which scans at once) and
    the watchers; ``rescan()`` scans now; ``changed(path)`` asks for a rescan soon; ``stop()`` ends them all and
    closes the store. ``notifier``: an ``alerts.Notifier`` (or None); ``watch``: root -> 'watchdog'/'poll'
    (``watch.plan``; default: poll everything); ``ignore``: paths whose changes are not news (the store's files)."""

    def __init__(self, roots: Sequence[str], store=None, *, poll: float = 30.0,
                 options: AnalysisOptions | None = None, jobs: int | None = 1, notifier=None,
                 watch: dict[str, str] | None = None, debounce: float = 1.0, max_delay: float = 5.0,
                 ignore: Sequence[str] = ()):
        if not roots:
            raise ValueError("the service needs at least one root")
        self.roots = [str(r) for r in roots]
        self.store = store  # a store.Store, or None (nothing kept across restarts)
        self.poll = poll
        self.options = options
        self.jobs = jobs
        self.notifier = notifier
        self.watch = dict(watch or {root: "poll" for root in self.roots})
        self.debounce = debounce
        self.max_delay = max_delay
        self.ignore = list(ignore)
        self.key = roots_key(self.roots)
        self.snapshot = Snapshot()
        self.scans = 0  # finished scans by this process
        self.scan_failures = 0  # scans that raised (the previous snapshot stays)
        self.scan_buckets = [0] * (len(SCAN_BUCKETS) + 1)  # histogram of scan durations (last: +Inf)
        self.scan_seconds = 0.0
        self.alerts_queued = 0
        self.last_error: str | None = None
        self.scanning = False
        self.generation = 0  # +1 each time a scan is published: the dashboard's live updates wait on it
        self._changed = threading.Condition()
        self._lock = threading.Lock()
        self._wake = threading.Condition()
        self._dirty_first: float | None = None  # monotonic time of the first change not yet scanned
        self._dirty_last = 0.0
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._watcher = None
        self._load_stored()

    def _load_stored(self) -> None:
        """Serve the newest scan the store kept for these roots until this process's first scan ends."""
        if self.store is None:
            return
        try:
            kept = self.store.latest_scan(self.key)
        except Exception as error:  # a store that cannot answer is not a reason to refuse to start
            log.warning("could not read the last scan from the store: %s", error)
            return
        if kept is not None:
            doc = kept["document"]
            self.snapshot = Snapshot(runs=tuple(doc.get("runs", ())), errors=tuple(doc.get("errors", ())),
                                     started=kept["started"], duration=kept["duration"],
                                     version=doc.get("version"), from_store=True,
                                     updated=dict(doc.get("service", {}).get("updated", {})))

    # ------------------------------------------------------------ scanning

    def rescan(self) -> Snapshot:
        """Scan every root now (through the store) and publish the result; raises what the scan raised (the
        previous snapshot stays, ``scan_failures`` counts it)."""
        with self._lock:
            with self._wake:  # what changed before this scan began is in it
                self._dirty_first = None
            self.scanning = True
            started = time.time()
            clock = time.perf_counter()
            try:
                report = scan(self.roots, options=self.options, store=self.store, jobs=self.jobs)
            except Exception as error:
                self.scan_failures += 1
                self.last_error = f"{type(error).__name__}: {error}"
                raise
            finally:
                self.scanning = False
            duration = time.perf_counter() - clock
            snap, document = snapshot_of(report, started, duration, self.roots)
            previous = self.snapshot
            snap = dataclasses.replace(snap, updated=self._updated(snap, previous, started))
            self._alert(previous, snap)
            self.snapshot = snap
            self._published()
            self.scans += 1
            self.scan_seconds += duration
            self.scan_buckets[bisect.bisect_left(SCAN_BUCKETS, duration)] += 1
            self.last_error = None
            if self.store is not None:
                document["service"] = {"updated": snap.updated}
                try:
                    self.store.put_scan(self.key, started, duration, document)
                except Exception as error:  # the scan stands; only its copy in the store is missing
                    log.warning("could not keep the scan in the store: %s", error)
            return snap

    def _updated(self, snap: Snapshot, previous: Snapshot, started: float) -> dict[str, float]:
        old_runs, old_times = previous.by_id, previous.updated
        out = {}
        for run in snap.runs:
            rid = run["run"]
            if rid in old_times and old_runs.get(rid) == run:
                out[rid] = old_times[rid]
                continue
            path = run.get("path") or ""
            mtime = None if is_url(path) else newest_mtime(path)
            out[rid] = round(mtime if mtime is not None else started, 3)
        return out

    def _alert(self, previous: Snapshot, snap: Snapshot) -> None:
        if self.notifier is None:
            return
        try:  # the baseline (no earlier scan of these roots) alerts nothing
            found = transitions(None if previous.started is None else previous.by_id, snap.runs)
            self.alerts_queued += self.notifier.submit(found, episode=previous.started)
        except Exception:  # alerts must never cost a scan
            log.exception("could not queue alerts")

    def _published(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def wait_for_change(self, after: int, timeout: float) -> int:
        """Block until ``generation`` is past ``after`` or ``timeout`` seconds pass; the generation then."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation > after, timeout)
            return self.generation

    # ------------------------------------------------------------ when to scan

    def changed(self, path: str = "") -> None:
        """A file under a root changed (the watcher's callback): rescan once things are quiet."""
        with self._wake:
            now = time.monotonic()
            if self._dirty_first is None:
                self._dirty_first = now
            self._dirty_last = now
            self._wake.notify_all()

    def _wait_for_reason(self) -> bool:
        """Wait for the next scan's time (``poll`` seconds, or a debounced change); False when stopping."""
        with self._wake:
            deadline = time.monotonic() + self.poll
            while not self._stopping and self._dirty_first is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return True
                self._wake.wait(left)
            while not self._stopping and self._dirty_first is not None:
                due = min(self._dirty_last + self.debounce, self._dirty_first + self.max_delay)
                left = due - time.monotonic()
                if left <= 0:
                    break
                self._wake.wait(left)
            return not self._stopping

    def _loop(self) -> None:
        while not self._stopping:
            try:
                self.rescan()
            except Exception:
                log.exception("scan failed")
            if not self._wait_for_reason():
                break

    def start(self) -> None:
        """Start the notifier, the watchers and the scan thread (which scans at once)."""
        if self._thread is not None:
            return
        if self.notifier is not None:
            self.notifier.start()
        watched = [root for root, how in self.watch.items() if how == "watchdog"]
        if watched:
            from .watch import Watcher

            self._watcher = Watcher(watched, self.changed, self.ignore)
            for root in self._watcher.start():
                self.watch[root] = "poll"
        self._thread = threading.Thread(target=self._loop, name="loganalyzer-scan", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop watching and scanning (a scan under way finishes first), stop the notifier (undelivered alerts
        stay pending in the store), close the store."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.notifier is not None:
            self.notifier.stop()
        if self.store is not None:
            self.store.close()
