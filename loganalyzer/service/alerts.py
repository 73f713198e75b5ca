"""Alerts of ``loganalyzer serve --notify-url URL``: a JSON POST when a run turns ``nan`` / ``diverged`` /
``stalled``, or when its job log says the job ended with a failure cause (``ALERT_CAUSES``: every
``ending.CAUSES`` but ``completed`` and ``unknown``).

What is a transition. After each scan the runs are compared with the previous scan (in memory, or the one the store
kept from before a restart): a run whose verdict became an alert verdict, or whose ending became an alert cause, is
one alert (a run new since the previous scan counts, with ``previous: null``). The very first scan of a set of
roots has nothing to compare with: what is already failed then is the baseline, not news. Each alert is sent once
per run, transition and receiver: the store's ``alerts`` table keys it by (roots, run, kind, state, URL, the
previous scan's start time) and keeps its delivery state. The previous scan is kept in the store too, so the last
known state of every run survives a restart: a restart (even one between queueing an alert and keeping its scan)
resends nothing that was delivered and retries what was still pending, while a run that recovers and then goes
NaN again is a new transition (a later previous scan): a second alert.

Delivery never blocks scanning: ``submit`` records the alerts and queues them; one background thread POSTs them
(``urllib``; 10 s timeout) and retries network errors, 5xx, 408 and 429 with exponential backoff (``backoff``,
then doubling, at most ``max_delay`` apart) up to ``attempts`` tries. Then the alert is ``failed`` in the store, and
still retried every ``max_delay`` seconds (5 minutes) for ``MAX_AGE_S`` (a day) after it was made, across restarts
too: an outage of the receiver delays a page, it does not lose it. Any other answer (a 4xx) is final: ``rejected``.
``recent()`` lists the latest alerts with their status (``GET /api/alerts``). The body is the Slack
incoming-webhook shape (``text``, linking the dashboard's run page) plus structured fields: ``run``, ``verdict``,
``previous``, ``summary``, ``url`` (the dashboard's run page), ``api_url`` (the run's JSON), ``kind``
(verdict/ended), ``cause``, ``confidence``, ``time``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import json
import logging
import threading
import time
import urllib.error
from collections import deque
import urllib.request
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from urllib.parse import quote

from ..ending import CAUSES
from ..scan import package_version

log = logging.getLogger("loganalyzer.service.alerts")

ALERT_VERDICTS = ("nan", "diverged", "stalled")
ALERT_CAUSES = tuple(c for c in CAUSES if c not in ("completed", "unknown"))
RETRYABLE_STATUS = frozenset({408, 429})
MAX_DELAY_S = 300.0
MAX_AGE_S = 86400.0  # failed alerts are retried this long after they were made
RECENT = 200  # alerts kept in memory for GET /api/alerts when there is no store


@dataclasses.dataclass(frozen=True)
class Alert:
    """One run's change worth telling: ``kind`` 'verdict' (``state`` the new verdict) or 'ended' (the cause)."""
    run: str
    kind: str
    state: str
    previous: str | None
    verdict: str | None
    summary: str
    confidence: float | None


def _cause(run: dict | None) -> str | None:
    ended = None if run is None else run.get("ended")
    return ended.get("cause") if isinstance(ended, dict) else None


def transitions(previous: dict[str, dict] | None, current: Iterable[dict]) -> list[Alert]:
    """The alerts between two scans' runs (``previous``: run id -> run JSON, None for the baseline scan)."""
    if previous is None:
        return []
    out = []
    for run in current:
        old = previous.get(run["run"])
        verdict = run.get("verdict")
        if verdict in ALERT_VERDICTS and (old is None or old.get("verdict") != verdict):
            out.append(Alert(run["run"], "verdict", verdict, None if old is None else old.get("verdict"), verdict,
                             run.get("summary") or "", run.get("confidence")))
        cause = _cause(run)
        if cause in ALERT_CAUSES and (old is None or _cause(old) != cause):
            ended = run["ended"]
            out.append(Alert(run["run"], "ended", cause, _cause(old), verdict,
                             ended.get("summary") or run.get("summary") or "", run.get("confidence")))
    return out


def payload(alert: Alert, public_url: str) -> dict:
    """The JSON body of one alert (Slack's ``text`` plus the structured fields)."""
    base = public_url.rstrip("/")
    link = f"{base}/#run={quote(alert.run, safe='/')}"  # the dashboard's run page (asks for the token itself)
    if alert.kind == "verdict":
        was = f"was {alert.previous}" if alert.previous else "new run"
        text = f":rotating_light: run `{alert.run}` turned *{alert.state}* ({was}): {alert.summary} <{link}>"
    else:
        text = f":rotating_light: the job of run `{alert.run}` ended: *{alert.state}*: {alert.summary} <{link}>"
    return {"text": text, "run": alert.run, "kind": alert.kind, "verdict": alert.verdict,
            "previous": alert.previous, "cause": alert.state if alert.kind == "ended" else None,
            "summary": alert.summary, "confidence": alert.confidence, "url": link,
            "api_url": f"{base}/api/runs/{quote(alert.run, safe='/')}",
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def alert_key(roots: str, alert: Alert, url: str, episode: float | None = None) -> str:
    """The alert's identity: one per run, transition (``episode``: when the scan it was compared with began) and
    receiver."""
    parts = [roots, alert.run, alert.kind, alert.state, url] + ([] if episode is None else [round(episode, 6)])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def post(url: str, body: dict, timeout: float = 10.0) -> tuple[bool, bool, str | None]:
    """POST ``body`` as JSON: (delivered, worth retrying, error line)."""
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "User-Agent": f"loganalyzer/{package_version()}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
            return True, False, None
    except urllib.error.HTTPError as error:
        retry = error.code >= 500 or error.code in RETRYABLE_STATUS
        return False, retry, f"HTTP {error.code} {error.reason}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return False, not isinstance(error, ValueError), f"{type(error).__name__}: {reason}"


class Notifier:
    """Queues alerts to ``urls`` and delivers them from one background thread (see the module docstring).
    ``store``: a ``store.Store`` (alerts kept across restarts) or None (kept in memory only). Counters: ``sent``,
    ``failed`` (given up), ``retries``."""

    def __init__(self, urls: Sequence[str], store, roots: str, *, public_url: str = "http://127.0.0.1:8080",
                 attempts: int = 6, backoff: float = 1.0, timeout: float = 10.0, max_delay: float = MAX_DELAY_S,
                 max_age: float = MAX_AGE_S):
        self.urls = list(urls)
        self.store = store
        self.roots = roots
        self.public_url = public_url
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self.max_delay = max_delay
        self.max_age = max_age
        self._recent: deque = deque(maxlen=RECENT)  # the alerts of this process (no store: GET /api/alerts)
        self.sent = self.failed = self.retries = 0
        self._seen: set[str] = set()  # keys claimed, when there is no store
        self._queue: list = []  # heap of (due, seq, item)
        self._seq = itertools.count()
        self._cv = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        with self._cv:
            return len(self._queue)

    def submit(self, alerts: Sequence[Alert], episode: float | None = None) -> int:
        """Record ``alerts`` (one per receiver and transition: ``episode``, when the scan they were found against
        began) and queue the new ones; how many were queued. Quick: the POSTs happen on the thread."""
        if not alerts or not self.urls:
            return 0
        rows = []
        for alert in alerts:
            body = payload(alert, self.public_url)
            for url in self.urls:
                rows.append({"key": alert_key(self.roots, alert, url, episode), "roots": self.roots, "run": alert.run,
                             "kind": alert.kind, "state": alert.state, "previous": alert.previous, "url": url,
                             "payload": json.dumps(body)})
        if self.store is not None:
            fresh = self.store.claim_alerts(rows)
        else:
            fresh = []
            for row in rows:
                if row["key"] not in self._seen:
                    self._seen.add(row["key"])
                    fresh.append({**row, "id": None, "attempts": 0, "status": "pending"})
        now = time.time()
        for row in fresh:
            row.setdefault("created", now)
            self._remember(row)
            self._enqueue(row, time.monotonic())
        return len(fresh)

    def _enqueue(self, row: dict, due: float) -> None:
        with self._cv:
            heapq.heappush(self._queue, (due, next(self._seq), row))
            self._cv.notify_all()

    def start(self) -> None:
        """Start the delivery thread, queueing first what the store kept as still pending."""
        if self._thread is not None:
            return
        if self.store is not None:
            try:
                for status in ("pending", "failed"):
                    for row in self.store.alerts(self.roots, status=status):
                        if row["url"] in self.urls and time.time() - (row.get("created") or 0) < self.max_age:
                            self._enqueue(row, time.monotonic())
            except Exception as error:
                log.warning("could not read undelivered alerts from the store: %s", error)
        self._thread = threading.Thread(target=self._loop, name="loganalyzer-alerts", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _next(self) -> dict | None:
        with self._cv:
            while not self._stopping:
                if self._queue and self._queue[0][0] <= time.monotonic():
                    return heapq.heappop(self._queue)[2]
                wait = None if not self._queue else max(0.0, self._queue[0][0] - time.monotonic())
                self._cv.wait(wait)
            return None

    def _loop(self) -> None:
        while (row := self._next()) is not None:
            try:
                self._attempt(row)
            except Exception:  # a bug here must not end the thread: the alert is dropped, logged
                log.exception("alert delivery failed")

    def _remember(self, row: dict) -> None:
        with self._cv:
            for i, kept in enumerate(self._recent):
                if kept["key"] == row["key"]:
                    self._recent[i] = row
                    return
            self._recent.append(row)

    def recent(self, limit: int = 100) -> list[dict]:
        """The latest alerts, newest first: run, kind, state, previous, receiver, status (pending, sent, failed:
        retried later, rejected), attempts, last error, times."""
        rows = None
        if self.store is not None:
            try:
                rows = self.store.alerts(self.roots)[-limit:]
            except Exception as error:
                log.warning("could not read the alerts from the store: %s", error)
        if rows is None:
            with self._cv:
                rows = list(self._recent)[-limit:]
        fields = ("id", "run", "kind", "state", "previous", "url", "status", "attempts", "last_error", "created",
                  "updated")
        return [{k: row.get(k) for k in fields} for row in reversed(rows)]

    def _attempt(self, row: dict) -> None:
        attempts = row.get("attempts", 0) + 1
        ok, retry, error = post(row["url"], json.loads(row["payload"]), self.timeout)
        was = row.get("status")
        row = {**row, "attempts": attempts, "last_error": error, "updated": time.time()}
        if ok:
            self.sent += 1
            status = "sent"
            log.info("alert sent: %s %s=%s -> %s", row["run"], row["kind"], row["state"], row["url"])
        elif retry and attempts < self.attempts:
            self.retries += 1
            status = "pending"
            delay = min(self.max_delay, self.backoff * 2 ** (attempts - 1))
            log.warning("alert to %s failed (%s); try %d of %d in %.1f s", row["url"], error, attempts + 1,
                        self.attempts, delay)
            self._enqueue({**row, "status": status}, time.monotonic() + delay)
        elif retry:
            status = "failed"  # kept, and retried every max_delay seconds until it is max_age old
            if was != "failed":
                self.failed += 1
            age = time.time() - (row.get("created") or time.time())
            if age + self.max_delay < self.max_age:
                log.error("alert to %s failed %d times (%s): retrying every %.0f s", row["url"], attempts, error,
                          self.max_delay)
                self._enqueue({**row, "status": status}, time.monotonic() + self.max_delay)
            else:
                log.error("alert to %s given up after %d tries: %s", row["url"], attempts, error)
        else:
            self.failed += 1
            status = "rejected"
            log.error("alert to %s refused (%s): not retried", row["url"], error)
        self._remember({**row, "status": status})
        if self.store is not None and row.get("id") is not None:
            try:
                self.store.update_alert(row["id"], status, attempts, error)
            except Exception as store_error:
                log.warning("could not record an alert's delivery: %s", store_error)
