"""What the service knows: the roots it watches, the store, the latest scan (in memory and in the store), and the
thread that rescans every ``poll`` seconds.

Every scan goes through ``scan.scan(roots, store=...)`` (the same call as the CLI): unchanged files are not re-read
and unchanged runs are not re-judged. One scan at a time (a lock); a ``POST /api/scan`` during a poll scan waits
for it and then scans again, so what it returns is never older than the request.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence

from ..render._text import severity_key
from ..scan import AnalysisOptions, ScanReport, scan

log = logging.getLogger("loganalyzer.service")


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """One finished scan as the API serves it: the runs' scan JSON worst first, and an index by run id."""
    runs: tuple[dict, ...] = ()
    errors: tuple[dict, ...] = ()
    started: float | None = None  # time.time() when the scan began
    duration: float | None = None  # seconds
    version: str | None = None
    from_store: bool = False  # loaded from the store at start-up, before this process scanned

    @property
    def by_id(self) -> dict[str, dict]:
        return {run["run"]: run for run in self.runs}

    def counts(self) -> dict[str, int]:
        """Runs by verdict (``null`` verdicts, i.e. nothing to judge, under ``none``)."""
        return dict(Counter(run.get("verdict") or "none" for run in self.runs))


def roots_key(roots: Sequence[str]) -> str:
    """The store's key for a set of roots (in the order given: that order makes the run ids)."""
    return hashlib.sha256(json.dumps(list(roots)).encode()).hexdigest()


def snapshot_of(report: ScanReport, started: float, duration: float) -> tuple[Snapshot, dict]:
    """The snapshot and the scan JSON (runs worst first, ``render._text.severity_key``) of one report."""
    document = report.to_dict()
    document["runs"] = [run.to_dict() for run in sorted(report.runs, key=severity_key)]
    snap = Snapshot(runs=tuple(document["runs"]), errors=tuple(document["errors"]), started=started,
                    duration=duration, version=report.version)
    return snap, document


class Service:
    """The roots, the store and the latest snapshot. ``start()`` begins the poll thread (which scans at once);
    ``rescan()`` scans now; ``stop()`` ends the thread and closes the store."""

    def __init__(self, roots: Sequence[str], store=None, *, poll: float = 30.0,
                 options: AnalysisOptions | None = None, jobs: int | None = 1):
        if not roots:
            raise ValueError("the service needs at least one root")
        self.roots = [str(r) for r in roots]
        self.store = store  # a store.Store, or None (nothing kept across restarts)
        self.poll = poll
        self.options = options
        self.jobs = jobs
        self.key = roots_key(self.roots)
        self.snapshot = Snapshot()
        self.scans = 0  # finished scans by this process
        self.scan_failures = 0  # scans that raised (the previous snapshot stays)
        self.last_error: str | None = None
        self.scanning = False
        self.generation = 0  # +1 each time a scan is published: the dashboard's live updates wait on it
        self._changed = threading.Condition()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
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
                                     version=doc.get("version"), from_store=True)

    # ------------------------------------------------------------ scanning

    def rescan(self) -> Snapshot:
        """Scan every root now (through the store) and publish the result; raises what the scan raised (the
        previous snapshot stays, ``scan_failures`` counts it)."""
        with self._lock:
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
            snap, document = snapshot_of(report, started, duration)
            self.snapshot = snap
            self._published()
            self.scans += 1
            self.last_error = None
            if self.store is not None:
                try:
                    self.store.put_scan(self.key, started, duration, document)
                except Exception as error:  # the scan stands; only its copy in the store is missing
                    log.warning("could not keep the scan in the store: %s", error)
            return snap

    def _published(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def wait_for_change(self, after: int, timeout: float) -> int:
        """Block until ``generation`` is past ``after`` or ``timeout`` seconds pass; the generation then."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation > after, timeout)
            return self.generation

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.rescan()
            except Exception:
                log.exception("scan failed")
            if self._stop.wait(self.poll):
                break

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="loganalyzer-poll", daemon=True)
            self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.store is not None:
            self.store.close()
