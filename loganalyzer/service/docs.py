"""``GET /docs``: the API's documentation, offline. FastAPI's Swagger UI page loads its script and styles from a CDN
(no such assets ship in an installed Python package here), which breaks the service's promise to run offline and
tells two third parties who opened the page. This page is the package's own: ``static/docs.js`` reads
``/openapi.json`` (same origin) and lists every route with its parameters, request body and answers, linking the
raw schema. It holds no data, so it needs no token."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>loganalyzer API</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="static/dashboard.css"><link rel="stylesheet" href="static/docs.css">
</head><body>
<header class="top"><h1><a href="./">loganalyzer</a></h1><span class="meta">API reference ·
<a href="openapi.json">openapi.json</a></span></header>
<main id="docs"><p class="meta">loading openapi.json…</p></main>
<script src="static/docs.js"></script>
</body></html>
"""


def docs_router() -> APIRouter:
    router = APIRouter()

    @router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE, headers={"Cache-Control": "no-cache"})

    return router
