"""``loganalyzer serve``: the HTTP API over the roots' latest scan (``loganalyzer.service``; fastapi + uvicorn from
the ``service`` extra, imported only when the command runs)."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import click

LOOPBACK_NAMES = ("localhost",)


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _token(token_file: str | None) -> str | None:
    if token_file is None:
        return None
    try:
        token = Path(token_file).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise click.ClickException(f"{token_file}: {error.strerror or error}") from None
    if not token:
        raise click.ClickException(f"{token_file}: the token file is empty")
    return token


@click.command("serve", short_help="Serve the runs' verdicts over HTTP, rescanning as the logs grow.")
@click.option("--root", "roots", multiple=True, required=True, metavar="PATH_OR_URL",
              help="A directory or URL (s3://, gs://, ...) of training logs; repeat for several.")
@click.option("--db", metavar="URL", help="The store: an SQLAlchemy URL or an SQLite file path (default: the user "
                                         "cache directory, or LOGANALYZER_DB; 'off' for none).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="A file holding a token: then every route but /api/health wants 'Authorization: Bearer TOKEN'. "
                   "Required when --host is not a loopback address.")
@click.option("--poll", default=30.0, show_default=True, type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="Rescan the roots this often (only changed files are read again).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Processes judging runs during a scan.")
def serve_command(roots: tuple[str, ...], db: str | None, host: str, port: int, token_file: str | None,
                  poll: float, jobs: int) -> None:
    """Watch ROOTs and answer over HTTP: GET /api/runs, /api/runs/{id}, /api/health, /metrics; POST /api/scan;
    the API's documentation at /docs."""
    try:
        import uvicorn

        from ..service.app import create_app
    except ModuleNotFoundError as error:
        raise click.ClickException(f"`loganalyzer serve` needs the Python package {error.name!r}: "
                                   f"pip install 'loganalyzer[service]'") from None
    from ..fs import path_problem
    from ..service.state import Service
    from ..store import Store, StoreError, default_url, url_for

    for root in roots:
        problem = path_problem(root)
        if problem:
            raise click.ClickException(problem)
    token = _token(token_file)
    if token is None and not _loopback(host):
        raise click.ClickException(f"--host {host} is reachable from other machines: give --token-file")
    url = url_for(db) if db and db.lower() not in ("off", "none", "0") else (db or default_url())
    store = None
    if url.lower() not in ("off", "none", "0"):
        try:
            store = Store.open(url)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
    roots = tuple(r if "://" in r else os.path.abspath(r) for r in roots)
    service = Service(roots, store, poll=poll, jobs=jobs)
    click.echo(f"loganalyzer serve: {len(roots)} root(s), store {'none' if store is None else store.info()['url']}, "
               f"rescanning every {poll:g} s, http://{host}:{port}/docs", err=True)
    uvicorn.run(create_app(service, token), host=host, port=port, log_level="info")
