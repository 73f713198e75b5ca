"""The dashboard of ``loganalyzer serve`` at ``/`` (HTML and JavaScript shipped in the package; no CDN), with the
routes only it needs. ``dashboard_router(service, guarded)`` is mounted by ``app.create_app`` before the API's own
routes, so ``GET /api/runs/{id}/series`` is matched here before the API's ``/api/runs/{id:path}`` catch-all.

- ``GET /`` the page (``static/index.html``; it holds no data, so it needs no token: with a token configured the
  page asks for it once, keeps it in localStorage and sends ``Authorization: Bearer`` on every fetch).
- ``GET /static/{name}`` its script and styles: ``dashboard.js``/``dashboard.css`` from ``static/``, and the chart
  module ``chart.js``/``chart.css`` that the HTML report inlines (``render/templates``): one chart code for both.
- ``GET /api/runs/{id}/series`` one run's curves: every scalar series re-read from the run's path
  (``render.series_data``: ``discover`` + ``load_run``), downsampled with every evidence point kept
  (``render.downsample``), wall times, hparams, the evidence steps to mark. Only paths inside the roots are read.
- ``GET /api/events`` server-sent events: ``scan`` each time a scan is published (``service.generation``), a
  ``: keep-alive`` comment every ``KEEPALIVE`` seconds; the stream ends when the client leaves, when the server
  shuts down, or after ``STREAM_SECONDS`` (the page reconnects).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import threading
import time
from collections import OrderedDict
from importlib import resources

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ..render.series_data import SeriesError, run_series
from ..verdict import evidence_steps
from .security import escaping_links, inside_roots
from .state import Service

KEEPALIVE = 15.0  # seconds between keep-alive comments
POLL = 0.25  # seconds between looks at service.generation (an async poll: no thread held per client)
STREAM_SECONDS = 300.0  # a stream ends after this long; the page reconnects at once
CACHED = 64  # series answers kept (run id + scan JSON hash)
MARKS = ("first_nonfinite_step", "divergence_start_step", "best_val_step", "best_step", "plateau_start_step")
STATIC = {"dashboard.js": ("service", "application/javascript"), "dashboard.css": ("service", "text/css"),
          "chart.js": ("render", "application/javascript"), "chart.css": ("render", "text/css"),
          "docs.js": ("service", "application/javascript"), "docs.css": ("service", "text/css")}


def _asset(name: str) -> str:
    where = STATIC[name][0] if name in STATIC else "service"
    if where == "render":
        return resources.files("loganalyzer.render").joinpath("templates", name).read_text(encoding="utf-8")
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _server_exiting() -> bool:
    """uvicorn caught SIGINT/SIGTERM: its handler is a bound method of the Server, whose ``should_exit`` is then
    set. uvicorn waits for open responses before it stops, so an endless stream must notice and end."""
    try:
        handler = signal.getsignal(signal.SIGTERM)
    except ValueError:  # not the main thread's interpreter
        return False
    return bool(getattr(getattr(handler, "__self__", None), "should_exit", False))


def scan_event(service: Service) -> dict:
    """What a ``scan`` event says: the generation, when the scan began, its run count and counts by verdict."""
    snap = service.snapshot
    return {"generation": service.generation, "started": snap.started, "runs": len(snap.runs),
            "counts": snap.counts(), "scanning": service.scanning}


class SeriesCache:
    """Series answers by (run id, points, hash of the run's scan JSON): a run re-judged gets fresh curves."""

    def __init__(self):
        self._items: OrderedDict[tuple, dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> dict | None:
        """The answer kept for ``key`` or None."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: tuple, value: dict) -> None:
        """Keep ``value`` (the oldest answers go past ``CACHED``)."""
        with self._lock:
            self._items[key] = value
            while len(self._items) > CACHED:
                self._items.popitem(last=False)


def series_answer(service: Service, run: dict, max_points: int) -> dict:
    """The ``/series`` document of ``run`` (its scan JSON). Raises HTTPException (403, 404)."""
    roots = service.roots
    path = run.get("path") or ""
    if not inside_roots(path, roots):
        raise HTTPException(403, f"run {run['run']!r} lies outside the served roots")
    links = escaping_links(path, roots)
    if links:
        raise HTTPException(403, f"run {run['run']!r} has symlinks pointing outside the served roots: not read")
    evidence = evidence_steps(run.get("evidence") or {})
    try:
        got = run_series(path, run["run"], run.get("roles") or {}, evidence.values(), max_points=max_points,
                         other_points=max(50, max_points // 2), max_series=64)
    except SeriesError as error:
        raise HTTPException(error.status, error.detail) from None
    return {**got, "verdict": run.get("verdict"), "confidence": run.get("confidence"),
            "marks": {k: v for k, v in evidence.items() if k in MARKS}}


def dashboard_router(service: Service, guarded: list) -> APIRouter:
    """The dashboard's routes over ``service``; ``guarded``: the dependencies that check the token."""
    router = APIRouter()
    cache = SeriesCache()

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(_asset("index.html"), headers={"Cache-Control": "no-cache"})

    @router.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            raise HTTPException(404, f"no static file {name!r}")
        return Response(_asset(name), media_type=STATIC[name][1], headers={"Cache-Control": "no-cache"})

    @router.get("/api/runs/{run_id:path}/series", dependencies=guarded,
                summary="One run's curves: every series downsampled, every evidence point kept",
                responses={403: {"description": "the run's files lead outside the roots"},
                           404: {"description": "no such run, or gone from disk"}})
    def series(run_id: str, points: int = Query(600, ge=20, le=5000, description="Points per series at most.")) \
            -> dict:
        found = service.snapshot.by_id.get(run_id)
        if found is None:
            raise HTTPException(404, f"no run {run_id!r} in the latest scan")
        key = (run_id, points, hashlib.sha256(json.dumps(found, sort_keys=True).encode()).hexdigest())
        answer = cache.get(key)
        if answer is None:
            answer = series_answer(service, found, points)
            cache.put(key, answer)
        return answer

    @router.get("/api/events", dependencies=guarded, summary="Server-sent events: one 'scan' event per new scan",
                response_class=StreamingResponse)
    async def events(request: Request) -> StreamingResponse:
        async def stream():
            seen = service.generation
            begun = last = time.monotonic()
            yield f"retry: 2000\nevent: hello\ndata: {json.dumps(scan_event(service))}\n\n"
            while True:
                await asyncio.sleep(POLL)
                now = time.monotonic()
                if await request.is_disconnected() or _server_exiting() or now - begun > STREAM_SECONDS:
                    return
                if service.generation != seen:
                    seen = service.generation
                    last = now
                    yield f"event: scan\ndata: {json.dumps(scan_event(service))}\n\n"
                elif now - last > KEEPALIVE:
                    last = now
                    yield ": keep-alive\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    return router
