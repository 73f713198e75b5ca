"""What a browser must not be able to do to ``loganalyzer serve``: DNS rebinding and cross-site requests.

- The ``Host`` header must name this service (``allowed_hosts``): loopback names and addresses, the ``--host``,
  the ``--public-url``'s host, and what ``--allowed-host`` / ``[serve] allowed_hosts`` add (``*`` allows any).
  A page on ``evil.example`` that rebinds its name to 127.0.0.1 sends ``Host: evil.example``: 400.
- Requests that change something (every method but GET, HEAD, OPTIONS) coming from a browser must come from the
  service's own pages: an ``Origin`` header naming another origin, or ``Sec-Fetch-Site: cross-site`` /
  ``same-site``, is a 403. Clients that are no browser (curl, scripts) send neither header and pass.

Both are plain ASGI middleware: they answer before any route runs.
"""
from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def host_name(value: str) -> str:
    """The host of a ``Host`` header or a netloc (``[::1]:8080`` -> ``::1``, ``Example.COM.:80`` -> ``example.com``)."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def allowed_hosts(host: str, public_url: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    """The host names a request may name: loopback, ``host`` (for a wildcard bind: this machine's name and
    addresses), ``public_url``'s host and ``extra``."""
    names = list(LOOPBACK_HOSTS)
    if host in WILDCARD_BINDS:
        for name in {socket.gethostname(), socket.getfqdn()}:
            names.append(name)
            try:
                names += [info[4][0] for info in socket.getaddrinfo(name, None)]
            except OSError:
                pass
    else:
        names.append(host)
    if public_url:
        got = urlsplit(public_url).hostname
        if got:
            names.append(got)
    names += list(extra)
    out: list[str] = []
    for name in names:
        name = name if name == "*" else host_name(name)
        if name and name not in out:
            out.append(name)
    return out


async def _refuse(send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, separators=(",", ":")).encode()  # as every other response
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """The Host allow-list and the same-origin rule for mutating requests (module docstring)."""

    def __init__(self, app, hosts: Iterable[str] = LOOPBACK_HOSTS):
        self.app = app
        self.hosts = {h if h == "*" else host_name(h) for h in hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        host = host_name(headers.get("host", ""))
        if "*" not in self.hosts and host not in self.hosts:
            return await _refuse(send, 400, f"Host {host!r} is not allowed: this service answers to "
                                            f"{', '.join(sorted(self.hosts))} (add --allowed-host NAME)")
        if scope["type"] == "http" and scope.get("method", "GET") not in SAFE_METHODS:
            problem = cross_site(headers)
            if problem:
                return await _refuse(send, 403, f"cross-site request refused: {problem}")
        return await self.app(scope, receive, send)


def cross_site(headers: dict[str, str]) -> str | None:
    """Why a mutating request looks cross-site (its ``Origin`` is not the ``Host`` it was sent to, or the browser
    says it is not same-origin), or None."""
    site = headers.get("sec-fetch-site")
    if site in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site: {site}"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin == "null":
        return "Origin: null"
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or (parts.netloc or "").lower() != headers.get("host", "").lower():
        return f"Origin {origin} is not this service"
    return None
