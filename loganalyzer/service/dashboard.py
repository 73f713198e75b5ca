"""The dashboard of ``loganalyzer serve`` at ``/`` (HTML and JavaScript shipped in the package; no CDN), with the
routes only it needs. ``dashboard_router(service, guarded)`` is mounted by ``app.create_app``."""
from __future__ import annotations

from fastapi import APIRouter

from .state import Service


def dashboard_router(service: Service, guarded: list) -> APIRouter:
    """The dashboard's routes over ``service``; ``guarded``: the dependencies that check the token."""
    return APIRouter()
