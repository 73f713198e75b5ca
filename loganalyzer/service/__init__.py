"""``loganalyzer serve``: the analysis service (issue 13). ``state.Service`` keeps the roots' latest scan current
(a poll thread over ``scan.scan(..., store=...)``); ``app.create_app`` is the HTTP API over it. Needs the
``service`` extra (fastapi, uvicorn): ``pip install 'loganalyzer[service]'``."""
from .state import Service, Snapshot  # noqa: F401

__all__ = ["Service", "Snapshot", "create_app"]


def __getattr__(name: str):
    if name == "create_app":  # fastapi only when the API is wanted
        from .app import create_app

        return create_app
    raise AttributeError(name)
