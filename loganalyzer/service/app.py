"""The HTTP API of ``loganalyzer serve`` (FastAPI; OpenAPI at ``/docs``).

Routes: ``GET /api/health`` (never needs the token), ``GET /api/runs`` (filtered, sorted, paged: ``listing``),
``GET /api/runs/{id}`` (one run's scan JSON; ids hold ``/`` and may hold ``#``: send ``#`` as ``%23``, ``/`` as it
is or as ``%2F``), ``GET /api/runs/{id}/report`` (its HTML report: ``reports``), ``POST /api/scan`` (rescan now),
``POST /api/analyze`` (judge an uploaded log or run archive, nothing stored: ``upload``), ``GET /metrics``
(Prometheus text). With a token, every route but ``/api/health`` (and the schema pages ``/docs``,
``/openapi.json``, which hold no data) wants ``Authorization: Bearer TOKEN``; it is compared in constant time.
Errors are JSON: ``{"detail": "..."}`` (4xx for what the request got wrong, 500 for a bug, never a dead server).
Also ``GET /api/alerts`` (the latest alerts and their delivery), ``GET /api/errors`` (the files the latest scan
could not read, with why) and ``GET /report/{id}?exp=&sig=`` (a run's report by a signed link: ``reports``).
Every request must name an allowed ``Host``, and mutating ones must not come from another site (``guard``).
"""
from __future__ import annotations

import logging
import math
import shutil
from contextlib import asynccontextmanager
from urllib.parse import unquote

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..scan import package_version
from ..verdict import VERDICTS
from . import listing, upload
from .dashboard import dashboard_router
from .docs import docs_router
from .guard import LOOPBACK_HOSTS, GuardMiddleware
from .reports import REPORT_CSP, ReportError, Reports, link_ok, signed_link
from .security import token_matches
from .state import SCAN_BUCKETS, Service, Snapshot

log = logging.getLogger("loganalyzer.service")
MAX_PER_PAGE = 500
MAX_ANALYSES = 2  # uploads analysed at once; more get 429
LIST_FIELDS = listing.LIST_FIELDS


def _scan_info(snap: Snapshot) -> dict | None:
    if snap.started is None:
        return None
    return {"started": snap.started, "duration_s": round(snap.duration or 0.0, 4), "runs": len(snap.runs),
            "errors": len(snap.errors), "counts": snap.counts(), "from_store": snap.from_store}


_RUNS_PARAMS = frozenset({"verdict", "cause", "root", "since", "q", "sort", "page", "per_page"})


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def metrics_text(service: Service) -> str:
    """Prometheus text exposition (format 0.0.4): runs by verdict in the latest scan, scan durations (a histogram
    of this process's scans and the latest one), read errors and failed scans, alerts sent/failed/retried."""
    snap = service.snapshot
    lines = ["# HELP loganalyzer_runs Runs by verdict in the latest scan.", "# TYPE loganalyzer_runs gauge"]
    counts = snap.counts()
    for verdict in list(VERDICTS) + sorted(set(counts) - set(VERDICTS)):
        lines.append(f'loganalyzer_runs{{verdict="{_label(verdict)}"}} {counts.get(verdict, 0)}')
    gauges = [
        ("loganalyzer_scan_duration_seconds", "Seconds the latest scan took.", snap.duration),
        ("loganalyzer_last_scan_timestamp_seconds", "When the latest scan began (Unix time).", snap.started),
        ("loganalyzer_scan_errors", "Files the latest scan could not read.", len(snap.errors)),
    ]
    for name, text, value in gauges:
        lines += [f"# HELP {name} {text}", f"# TYPE {name} gauge"]
        lines.append(f"{name} {'NaN' if value is None else repr(float(value))}")
    name = "loganalyzer_scan_seconds"
    lines += [f"# HELP {name} Durations of this process's scans.", f"# TYPE {name} histogram"]
    total = 0
    for bound, count in zip(list(SCAN_BUCKETS) + ["+Inf"], service.scan_buckets):
        total += count
        lines.append(f'{name}_bucket{{le="{bound}"}} {total}')
    lines += [f"{name}_sum {service.scan_seconds!r}", f"{name}_count {total}"]
    notifier = service.notifier
    counters = [
        ("loganalyzer_scans_total", "Scans finished by this process.", service.scans),
        ("loganalyzer_scan_failures_total", "Scans by this process that failed (the previous result stays).",
         service.scan_failures),
        ("loganalyzer_alerts_queued_total", "Alerts (one per receiver) queued by this process.",
         service.alerts_queued),
        ("loganalyzer_alerts_sent_total", "Alerts delivered by this process.", notifier.sent if notifier else 0),
        ("loganalyzer_alerts_failed_total", "Alerts given up after their last try.",
         notifier.failed if notifier else 0),
        ("loganalyzer_alert_retries_total", "Failed alert deliveries that were retried.",
         notifier.retries if notifier else 0),
    ]
    for name, text, value in counters:
        lines += [f"# HELP {name} {text}", f"# TYPE {name} counter", f"{name} {value}"]
    return "\n".join(lines) + "\n"


ANALYZE_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {"file": {
        "type": "string", "format": "binary",
        "description": "One log file (event file, CSV, trainer_state.json, job log...) or a .zip/.tar.gz of a "
                       "run directory."}}}}}}}


def create_app(service: Service, token: str | None = None, *, manage: bool = True,
               limits: upload.UploadLimits | None = None, allowed_hosts=LOOPBACK_HOSTS) -> FastAPI:
    """The API over ``service``. ``manage``: start the scan thread (and watchers, notifier) when the server starts
    and stop them (closing the store) when the server stops. ``limits``: for ``POST /api/analyze``.
    ``allowed_hosts``: the names the ``Host`` header may give (``guard.allowed_hosts``)."""
    limits = limits or upload.UploadLimits()
    reports = Reports(service)
    analyses = {"running": 0}

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if manage:
            service.start()
        try:
            yield
        finally:
            if manage:
                service.stop()

    app = FastAPI(title="loganalyzer", version=package_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Per-run verdicts of training logs, kept current as the logs grow.")
    app.add_middleware(GuardMiddleware, hosts=allowed_hosts)
    bearer = HTTPBearer(auto_error=False, description="The token of --token-file (when the server has one).")

    @app.exception_handler(Exception)
    async def bug(_request: Request, error: Exception) -> JSONResponse:  # a bug answers 500 JSON, the server lives
        log.exception("unhandled error")
        return JSONResponse({"detail": f"internal error: {type(error).__name__}"}, status_code=500)

    def authorised(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if token is None:
            return
        if credentials is None or credentials.scheme.lower() != "bearer" or not token_matches(
                credentials.credentials, token):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})

    guarded = [Depends(authorised)]
    app.include_router(dashboard_router(service, guarded))
    app.include_router(docs_router())

    @app.get("/api/health", summary="Is the service up; the latest scan")
    def health() -> dict:
        notifier = service.notifier
        return {"status": "ok", "version": package_version(), "roots": service.roots,
                "scans": service.scans, "scanning": service.scanning, "last_error": service.last_error,
                "watch": service.watch, "last_scan": _scan_info(service.snapshot),
                "alerts": {"receivers": 0, "queued": 0, "sent": 0, "failed": 0, "pending": 0} if notifier is None
                else {"receivers": len(notifier.urls), "queued": service.alerts_queued, "sent": notifier.sent,
                      "failed": notifier.failed, "pending": notifier.pending}}

    @app.get("/api/errors", dependencies=guarded, summary="The files the latest scan could not read, and why")
    def errors() -> dict:
        snap = service.snapshot
        return {"scan": _scan_info(snap), "errors": [{"path": e.get("path"), "message": e.get("message")}
                                                     for e in snap.errors]}

    @app.get("/api/alerts", dependencies=guarded, summary="The latest alerts (newest first) and their delivery",
             description="status: pending (being tried), sent, failed (the receiver was unreachable: retried every "
                         "few minutes for a day, across restarts), rejected (the receiver answered 4xx).")
    def alerts(limit: int = Query(100, ge=1, le=1000)) -> dict:
        notifier = service.notifier
        return {"receivers": 0 if notifier is None else len(notifier.urls),
                "alerts": [] if notifier is None else notifier.recent(limit)}

    @app.get("/api/runs", dependencies=guarded, summary="The runs of the latest scan: filtered, sorted, paged",
             description=listing.__doc__)
    def runs(request: Request,
             verdict: list[str] | None = Query(None, description="Only runs with this verdict (e.g. nan, healthy); "
                                                                 "repeat it or separate with commas: any of them."),
             cause: list[str] | None = Query(None, description="Only runs whose job ended with this cause (e.g. "
                                                               "cuda_oom); repeatable, comma-separated."),
             root: list[str] | None = Query(None, description="Only runs under this root (as served, or its "
                                                              "position); repeatable, comma-separated."),
             since: str | None = Query(None, description="Only runs updated at or after this time: ISO 8601 "
                                                         "(UTC unless it names a zone) or Unix seconds."),
             q: str | None = Query(None, description="Only runs whose id matches this regex (case-insensitive; "
                                                     "an invalid or too slow regex is a 400)."),
             sort: str = Query("severity", description="severity (worst first) or time (latest update first)."),
             page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=MAX_PER_PAGE)) -> dict:
        unknown = sorted(set(request.query_params) - _RUNS_PARAMS)
        if unknown:  # newcomer35: '?limit=2' answered 50 runs, the word ignored
            raise HTTPException(400, f"unknown query parameter {unknown[0]!r}; known: "
                                     f"{', '.join(sorted(_RUNS_PARAMS))}")
        snap = service.snapshot
        try:
            chosen = listing.select(snap, service.roots, verdict=verdict, cause=cause, root=root, since=since, q=q,
                                    sort=sort)
        except listing.ListingError as error:
            raise HTTPException(400, str(error)) from None
        start = (page - 1) * per_page
        return {"total": len(chosen), "page": page, "per_page": per_page,
                "pages": max(1, math.ceil(len(chosen) / per_page)), "scan": _scan_info(snap),
                "runs": [listing.row(r, snap.updated.get(r["run"])) for r in chosen[start:start + per_page]]}

    def report_page(run_id: str) -> HTMLResponse:
        found = service.snapshot.by_id.get(run_id)
        if found is None:
            raise HTTPException(404, f"no run {run_id!r} in the latest scan")
        try:
            page = reports.html(found)
        except ReportError as error:
            raise HTTPException(error.status, error.detail) from None
        return HTMLResponse(page, headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-store",
                                           "Referrer-Policy": "no-referrer"})

    @app.get("/api/runs/{run_id:path}/report-link", dependencies=guarded,
             summary="A link to one run's HTML report that needs no token header (signed, valid an hour)")
    def report_link(run_id: str, request: Request) -> dict:
        if run_id not in service.snapshot.by_id:
            raise HTTPException(404, f"no run {run_id!r} in the latest scan")
        url, expires = signed_link(run_id)
        # an absolute path (behind a proxy's prefix: the app's root_path): it resolves against any request URL
        return {"url": request.scope.get("root_path", "").rstrip("/") + "/" + url, "expires": expires}

    @app.get("/report/{run_id:path}", include_in_schema=False)
    def signed_report(run_id: str, exp: int = 0, sig: str = "") -> HTMLResponse:
        if not link_ok(run_id, exp, sig):
            if token is None and run_id in service.snapshot.by_id:  # an old link, no token: a fresh one
                return RedirectResponse("/" + signed_link(run_id)[0], status_code=303)
            raise HTTPException(403, "this report link is wrong or expired: open the report from the dashboard "
                                     "again")
        return report_page(run_id)

    @app.get("/api/runs/{run_id:path}/report", dependencies=guarded, response_class=HTMLResponse,
             summary="One run's HTML report (charts, evidence, findings, advice)",
             responses={403: {"description": "the run's files lead outside the roots"},
                        404: {"description": "no such run"}, 409: {"description": "the run is gone"}})
    def report(run_id: str) -> HTMLResponse:
        snap = service.snapshot
        found = snap.by_id.get(run_id)
        if found is None and f"{run_id}/report" in snap.by_id:  # a run whose id ends in /report
            return JSONResponse(snap.by_id[f"{run_id}/report"])
        return report_page(run_id)

    @app.get("/api/runs/{run_id:path}", dependencies=guarded, summary="One run's scan JSON",
             description="Run ids contain '/' and may contain '#' (appended runs of one file): URL-encode '#' as "
                         "%23 (and '%' as %25); '/' may stay as it is.")
    def run(run_id: str) -> dict:
        found = service.snapshot.by_id.get(run_id)
        if found is None:
            found = service.snapshot.by_id.get(unquote(run_id))  # a client that encoded twice
        if found is None:
            raise HTTPException(404, f"no run {run_id!r} in the latest scan")
        return found

    @app.post("/api/scan", dependencies=guarded, summary="Rescan every root now; the counts")
    def rescan() -> dict:
        try:
            snap = service.rescan()
        except FileNotFoundError as error:
            raise HTTPException(409, f"a root is gone: {error.filename or error}") from None
        except Exception as error:
            raise HTTPException(500, f"the scan failed: {type(error).__name__}: {error}") from None
        return _scan_info(snap)

    @app.post("/api/analyze", dependencies=guarded, openapi_extra=ANALYZE_BODY,
              summary="Judge one uploaded log file or a .zip/.tar.gz of a run directory (nothing is stored)",
              description=upload.__doc__,
              responses={400: {"description": "bad upload or unsafe archive"}, 413: {"description": "too large"},
                         415: {"description": "not multipart/form-data"}, 422: {"description": "nothing to judge"},
                         429: {"description": "too many analyses at once"}})
    async def analyze(request: Request) -> dict:
        if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            raise HTTPException(415, "send multipart/form-data with the log or archive in the field 'file'")
        cap = limits.max_bytes + 64 * 1024  # the multipart framing around the file
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > cap:
            raise HTTPException(413, f"the upload is over {limits.max_bytes >> 20} MB (--max-upload-mb)")
        if analyses["running"] >= MAX_ANALYSES:
            raise HTTPException(429, f"{MAX_ANALYSES} analyses are running: try again shortly")
        analyses["running"] += 1
        work = upload.temp_dir()
        try:
            return await _analyze(request, work, cap)
        finally:
            analyses["running"] -= 1
            shutil.rmtree(work, ignore_errors=True)

    async def _analyze(request: Request, work: str, cap: int) -> dict:
        from starlette.formparsers import MultiPartException, MultiPartParser

        parser = MultiPartParser(request.headers, upload.counted(request.stream(), cap), max_files=1, max_fields=8)
        try:
            form = await parser.parse()
        except upload.BodyTooLarge:
            raise HTTPException(413, f"the upload is over {limits.max_bytes >> 20} MB (--max-upload-mb)") from None
        except MultiPartException as error:
            raise HTTPException(400, f"bad multipart body: {error.message}") from None
        try:
            sent = form.get("file")
            if sent is None or isinstance(sent, str):
                raise HTTPException(400, "no file: send the log or archive in the multipart field 'file'")
            saved = f"{work}/body"
            with open(saved, "wb") as out:
                while block := await sent.read(1 << 20):
                    out.write(block)
            name = sent.filename or "upload.log"
        finally:
            await form.close()
        try:
            run_dir = await run_in_threadpool(upload.prepare, saved, name, work, limits)
            document = await run_in_threadpool(upload.analyze_dir, run_dir, "upload", limits)
        except upload.UploadError as error:
            raise HTTPException(error.status, error.detail) from None
        document["upload"] = {"name": upload.safe_file_name(name)}
        return document

    @app.get("/metrics", dependencies=guarded, response_class=PlainTextResponse,
             summary="Prometheus metrics: runs by verdict, scan durations, errors, alerts")
    def metrics() -> PlainTextResponse:
        return PlainTextResponse(metrics_text(service), media_type="text/plain; version=0.0.4; charset=utf-8")

    return app
