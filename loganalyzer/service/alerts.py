"""Alerts of ``loganalyzer serve --notify-url URL``: a JSON POST when a run turns ``nan`` / ``diverged`` /
``stalled``, or when its job log says the job ended with a failure cause (``ALERT_CAUSES``: every
``ending.CAUSES`` but ``completed`` and ``unknown``).

What is a transition. After each scan the runs are compared with the previous scan (in memory, or the one the store
kept from before a restart): a run whose verdict became an alert verdict, or whose ending became an alert cause, is
one alert (a run new since the previous scan counts, with ``previous: null``). The very first scan of a set of
roots has nothing to compare with: what is already failed then is the baseline, not news. Each alert is sent once
per run, state and receiver: the store's ``alerts`` table keys it by (roots, run, kind, state, URL) and keeps its
delivery state, so a restart resends nothing that was delivered and retries what was still pending.

Delivery never blocks scanning: ``submit`` records the alerts and queues them; one background thread POSTs them
(``urllib``; 10 s timeout) and retries network errors, 5xx, 408 and 429 with exponential backoff (``backoff``,
then doubling, at most 5 minutes apart) up to ``attempts`` tries; any other answer is final. The body is the Slack
incoming-webhook shape (``text``) plus structured fields: ``run``, ``verdict``, ``previous``, ``summary``, ``url``,
``kind`` (verdict/ended), ``cause``, ``confidence``, ``time``.
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
    link = f"{public_url.rstrip('/')}/api/runs/{quote(alert.run, safe='/')}"
    if alert.kind == "verdict":
        was = f"was {alert.previous}" if alert.previous else "new run"
        text = f":rotating_light: run `{alert.run}` turned *{alert.state}* ({was}): {alert.summary} <{link}>"
    else:
        text = f":rotating_light: the job of run `{alert.run}` ended: *{alert.state}*: {alert.summary} <{link}>"
    return {"text": text, "run": alert.run, "kind": alert.kind, "verdict": alert.verdict,
            "previous": alert.previous, "cause": alert.state if alert.kind == "ended" else None,
            "summary": alert.summary, "confidence": alert.confidence, "url": link,
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def alert_key(roots: str, alert: Alert, url: str) -> str:
    return hashlib.sha256(json.dumps([roots, alert.run, alert.kind, alert.state, url]).encode()).hexdigest()


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
                 attempts: int = 6, backoff: float = 1.0, timeout: float = 10.0):
        self.urls = list(urls)
        self.store = store
        self.roots = roots
        self.public_url = public_url
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
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

    def submit(self, alerts: Sequence[Alert]) -> int:
        """Record ``alerts`` (one per receiver, once ever) and queue the new ones; how many were queued. Quick:
        the POSTs happen on the thread."""
        if not alerts or not self.urls:
            return 0
        rows = []
        for alert in alerts:
            body = payload(alert, self.public_url)
            for url in self.urls:
                rows.append({"key": alert_key(self.roots, alert, url), "roots": self.roots, "run": alert.run,
                             "kind": alert.kind, "state": alert.state, "previous": alert.previous, "url": url,
                             "payload": json.dumps(body)})
        if self.store is not None:
            fresh = self.store.claim_alerts(rows)
        else:
            fresh = []
            for row in rows:
                if row["key"] not in self._seen:
                    self._seen.add(row["key"])
                    fresh.append({**row, "id": None, "attempts": 0})
        for row in fresh:
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
                for row in self.store.alerts(self.roots, status="pending"):
                    if row["url"] in self.urls:
                        self._enqueue(row, time.monotonic())
            except Exception as error:
                log.warning("could not read pending alerts from the store: %s", error)
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

    def _attempt(self, row: dict) -> None:
        attempts = row.get("attempts", 0) + 1
        ok, retry, error = post(row["url"], json.loads(row["payload"]), self.timeout)
        row = {**row, "attempts": attempts}
        if ok:
            self.sent += 1
            status = "sent"
            log.info("alert sent: %s %s=%s -> %s", row["run"], row["kind"], row["state"], row["url"])
        elif retry and attempts < self.attempts:
            self.retries += 1
            status = "pending"
            delay = min(MAX_DELAY_S, self.backoff * 2 ** (attempts - 1))
            log.warning("alert to %s failed (%s); try %d of %d in %.1f s", row["url"], error, attempts + 1,
                        self.attempts, delay)
            self._enqueue(row, time.monotonic() + delay)
        else:
            self.failed += 1
            status = "failed"
            log.error("alert to %s given up after %d tries: %s", row["url"], attempts, error)
        if self.store is not None and row.get("id") is not None:
            try:
                self.store.update_alert(row["id"], status, attempts, error)
            except Exception as store_error:
                log.warning("could not record an alert's delivery: %s", store_error)
