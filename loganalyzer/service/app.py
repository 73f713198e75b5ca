"""The HTTP API of ``loganalyzer serve`` (FastAPI; OpenAPI at ``/docs``).

Routes: ``GET /api/health`` (never needs the token), ``GET /api/runs`` (paged, worst first), ``GET /api/runs/{id}``
(one run's scan JSON; ids hold ``/`` and may hold ``#``: send ``#`` as ``%23``, ``/`` as it is or as ``%2F``),
``POST /api/scan`` (rescan now), ``GET /metrics`` (Prometheus text). With a token, every route but
``/api/health`` (and the schema pages ``/docs``, ``/openapi.json``, which hold no data) wants
``Authorization: Bearer TOKEN``; it is compared in constant time. Errors are JSON: ``{"detail": "..."}``.
"""
from __future__ import annotations

import math
import secrets
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..scan import package_version
from ..verdict import VERDICTS
from .dashboard import dashboard_router
from .state import Service, Snapshot

MAX_PER_PAGE = 500
# The fields of a run in the list; GET /api/runs/{id} gives all of them.
LIST_FIELDS = ("run", "path", "format", "verdict", "confidence", "summary")


def _row(run: dict) -> dict:
    row = {key: run.get(key) for key in LIST_FIELDS}
    ended = run.get("ended")
    row["ended"] = None if not ended else ended.get("cause")
    row["points"] = sum(s.get("points", 0) for s in run.get("series", ()))
    return row


def _scan_info(snap: Snapshot) -> dict | None:
    if snap.started is None:
        return None
    return {"started": snap.started, "duration_s": round(snap.duration or 0.0, 4), "runs": len(snap.runs),
            "errors": len(snap.errors), "counts": snap.counts(), "from_store": snap.from_store}


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def metrics_text(service: Service) -> str:
    """Prometheus text exposition (format 0.0.4) of the latest scan and of this process's scans."""
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
    counters = [
        ("loganalyzer_scans_total", "Scans finished by this process.", service.scans),
        ("loganalyzer_scan_failures_total", "Scans by this process that failed (the previous result stays).",
         service.scan_failures),
    ]
    for name, text, value in counters:
        lines += [f"# HELP {name} {text}", f"# TYPE {name} counter", f"{name} {value}"]
    return "\n".join(lines) + "\n"


def create_app(service: Service, token: str | None = None, *, manage: bool = True) -> FastAPI:
    """The API over ``service``. ``manage``: start the poll thread when the server starts and stop it (closing
    the store) when the server stops."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if manage:
            service.start()
        try:
            yield
        finally:
            if manage:
                service.stop()

    app = FastAPI(title="loganalyzer", version=package_version(), lifespan=lifespan,
                  description="Per-run verdicts of training logs, kept current as the logs grow.")
    bearer = HTTPBearer(auto_error=False, description="The token of --token-file (when the server has one).")

    def authorised(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
        if token is None:
            return
        given = "" if credentials is None else credentials.credentials
        if credentials is None or credentials.scheme.lower() != "bearer" or not secrets.compare_digest(
                given.encode(), token.encode()):
            raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer TOKEN'",
                                headers={"WWW-Authenticate": "Bearer"})

    guarded = [Depends(authorised)]
    app.include_router(dashboard_router(service, guarded))

    @app.get("/api/health", summary="Is the service up; the latest scan")
    def health() -> dict:
        return {"status": "ok", "version": package_version(), "roots": service.roots,
                "scans": service.scans, "scanning": service.scanning, "last_error": service.last_error,
                "last_scan": _scan_info(service.snapshot)}

    @app.get("/api/runs", dependencies=guarded, summary="The runs of the latest scan, worst first, paged")
    def runs(verdict: str | None = Query(None, description="Only runs with this verdict (e.g. nan, healthy)."),
             q: str | None = Query(None, description="Only runs whose id contains this (case-insensitive)."),
             page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=MAX_PER_PAGE)) -> dict:
        snap = service.snapshot
        if verdict is not None and verdict not in VERDICTS:
            raise HTTPException(400, f"unknown verdict {verdict!r}; one of: {', '.join(VERDICTS)}")
        chosen = [r for r in snap.runs if (verdict is None or r.get("verdict") == verdict)
                  and (not q or q.lower() in str(r.get("run", "")).lower())]
        start = (page - 1) * per_page
        return {"total": len(chosen), "page": page, "per_page": per_page,
                "pages": max(1, math.ceil(len(chosen) / per_page)),
                "scan": _scan_info(snap), "runs": [_row(r) for r in chosen[start:start + per_page]]}

    @app.get("/api/runs/{run_id:path}", dependencies=guarded, summary="One run's scan JSON",
             description="Run ids contain '/' and may contain '#' (appended runs of one file): URL-encode '#' as "
                         "%23 (and '%' as %25); '/' may stay as it is.")
    def run(run_id: str) -> dict:
        found = service.snapshot.by_id.get(run_id)
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

    @app.get("/metrics", dependencies=guarded, response_class=PlainTextResponse,
             summary="Prometheus metrics: runs by verdict, last scan duration, errors")
    def metrics() -> PlainTextResponse:
        return PlainTextResponse(metrics_text(service), media_type="text/plain; version=0.0.4; charset=utf-8")

    return app
