"""``loganalyzer serve``: the HTTP API over the roots' latest scan (``loganalyzer.service``; fastapi + uvicorn from
the ``service`` extra, imported only when the command runs).

Settings: flags, else the ``[serve]`` table of the config file (``--config FILE``, else the nearest
``loganalyzer.toml`` / ``[tool.loganalyzer.serve]`` at or above the first root, or the current directory), else the
defaults. The same config's analysis keys (``num_classes``, ...) apply to every scan the service makes.
"""
from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import click

from ._common import CliError

DEFAULTS = {"host": "127.0.0.1", "port": 8080, "poll": 30.0, "watch": "auto", "max_upload_mb": 200.0, "jobs": 1}


def _token(token_file: str | None) -> str | None:
    if token_file is None:
        return None
    try:
        token = Path(token_file).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise CliError(f"{token_file}: {error.strerror or error}") from None
    if not token:
        raise CliError(f"{token_file}: the token file is empty")
    return token


def _settings(config_file: Path | None, roots: tuple[str, ...]):
    """(config file or None, its [serve] table)."""
    from ..config import ConfigError, find_config, serve_settings

    source = config_file
    if source is None:
        start = roots[0] if roots else Path.cwd()
        source = find_config(start if "://" in str(start) or os.path.exists(start) else Path.cwd())
    if source is None:
        return None, {}
    try:
        return source, serve_settings(source)
    except ConfigError as error:
        raise CliError(str(error)) from None


def _store_files(url: str) -> list[str]:
    """The SQLite store's file and its journals: their changes are the service's own, not news."""
    from ..store import _sqlite_path

    path = _sqlite_path(url)
    return [] if path is None else [path + suffix for suffix in ("", "-wal", "-shm", "-journal")]


@click.command("serve", short_help="Serve the runs' verdicts over HTTP, rescanning as the logs grow.",
               epilog="Exit status: 0 stopped (Ctrl-C); 2 a usage mistake (a root that does not exist, a missing "
                      "--token-file, --host without a token, the port in use, a store that cannot be used).")
@click.argument("paths", nargs=-1, metavar="[ROOT]...")
@click.option("--root", "roots", multiple=True, metavar="PATH_OR_URL",
              help="A directory or URL (s3://, gs://, ...) of training logs; repeat for several (config: roots). "
                   "Roots may also be given as arguments, as to scan: 'serve runs/ more/'.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The config file ([serve] table and analysis keys); default: the nearest loganalyzer.toml.")
@click.option("--db", metavar="URL", help="The store: an SQLAlchemy URL or an SQLite file path (default: the user "
                                         "cache directory, or LOGANALYZER_DB; 'off' for none).")
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), help="Port to listen on (default 8080).")
@click.option("--token-file", type=click.Path(dir_okay=False), metavar="FILE",
              help="A file holding a token: then every route but /api/health wants 'Authorization: Bearer TOKEN'. "
                   "Required when --host is not a loopback address.")
@click.option("--poll", type=click.FloatRange(min=0.1), metavar="SECONDS",
              help="Rescan the roots this often (default 30; only changed files are read again); with watchdog "
                   "too, as a safety net.")
@click.option("--watch", type=click.Choice(["auto", "watchdog", "poll"]),
              help="auto (default): file-system events for local roots, polling for network file systems and "
                   "URLs; watchdog: events wherever possible; poll: polling only.")
@click.option("--notify-url", "notify_urls", multiple=True, metavar="URL",
              help="POST a JSON alert here (Slack incoming-webhook shape) when a run turns nan/diverged/stalled or "
                   "its job ends with a crash; repeatable.")
@click.option("--public-url", metavar="URL", help="The service's address as people reach it (links in alerts; "
                                                   "default http://HOST:PORT).")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001), metavar="MB",
              help="Largest upload POST /api/analyze accepts (default 200); an archive may expand to 10 times this.")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes judging runs during a scan (default 1).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another host name clients may reach the service by (the Host header; besides localhost, the "
                   "--host and the --public-url's host); '*' for any; repeatable (config: allowed_hosts).")
@click.option("--notify-attempts", default=6, show_default=True, type=click.IntRange(min=1), hidden=True)
@click.option("--notify-backoff", default=1.0, show_default=True, type=click.FloatRange(min=0.0), hidden=True)
@click.option("--notify-max-delay", default=300.0, show_default=True, type=click.FloatRange(min=0.01), hidden=True)
@click.option("--debounce", default=1.0, show_default=True, type=click.FloatRange(min=0.0), hidden=True)
def serve_command(paths, roots, config_file, db, host, port, token_file, poll, watch, notify_urls, public_url,
                  max_upload_mb, jobs, allowed_hosts, notify_attempts, notify_backoff, notify_max_delay,
                  debounce) -> None:
    """Watch ROOTs, keep every run's verdict current, alert when a run blows up, and serve the dashboard at / and
    the API: GET /api/runs, /api/runs/{id}, /api/runs/{id}/series, /api/runs/{id}/report, /api/events (live),
    /api/health, /metrics; POST /api/scan, /api/analyze; the API's documentation at /docs.

    \b
    Examples:
      loganalyzer serve runs/                  (the same as --root runs/)
      loganalyzer serve --root /shared/runs --root s3://team-bucket/runs --db postgresql://me@db/loganalyzer \\
          --host 0.0.0.0 --token-file ~/.loganalyzer-token --notify-url https://hooks.slack.com/services/...
    """
    from ..config import ConfigError, OptionError, analysis_options
    from ..fs import path_problem
    from ..service.alerts import Notifier
    from ..service.guard import allowed_hosts as hosts_for
    from ..service.security import is_loopback
    from ..service.state import Service, roots_key
    from ..service.upload import UploadLimits
    from ..service.watch import WatchError, plan
    from ..store import Store, StoreError, default_url, url_for

    roots = tuple(roots) + tuple(paths)  # 'serve runs/' as 'scan runs/' (newcomer35: "unexpected extra arguments")
    source, conf = _settings(config_file, roots)

    def pick(flag, key):
        return flag if flag not in (None, ()) else conf.get(key, DEFAULTS.get(key))

    roots = tuple(pick(roots, "roots") or ())
    if not roots:
        raise click.UsageError("give the roots to serve: loganalyzer serve PATH_OR_URL... (or --root, or "
                               "roots = [...] in the [serve] table of the config)")
    host, port, poll, watch = pick(host, "host"), pick(port, "port"), pick(poll, "poll"), pick(watch, "watch")
    db, token_file, jobs = pick(db, "db"), pick(token_file, "token_file"), pick(jobs, "jobs")
    notify_urls = list(pick(notify_urls, "notify_url") or ())
    for url in notify_urls:
        if not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r} is not an http(s):// URL", param_hint="--notify-url")
    for root in roots:
        problem = path_problem(root)
        if problem:
            raise CliError(problem)
    token = _token(token_file)
    if token is None and not is_loopback(host):
        raise CliError(f"--host {host} is reachable from other machines: give --token-file")
    try:
        import uvicorn

        from ..service.app import create_app
    except ModuleNotFoundError as error:
        raise CliError(f"`loganalyzer serve` needs the Python package {error.name!r}: "
                                   f"pip install 'loganalyzer[service]'") from None
    roots = tuple(r if "://" in r else os.path.abspath(r) for r in roots)
    try:
        options = analysis_options(list(roots), source if source is not None else False)
        watching = plan(roots, watch)
    except (ConfigError, OptionError, WatchError) as error:
        raise CliError(str(error)) from None
    url = url_for(db) if db and db.lower() not in ("off", "none", "0") else (db or default_url())
    listening = _bind(host, port)  # before the store and the banner: a port in use is one line, nothing made
    store = None
    if url.lower() not in ("off", "none", "0"):
        try:
            store = Store.open(url)
        except StoreError as error:
            listening.close()
            raise CliError(str(error)) from None
    shown_host = host if host not in ("0.0.0.0", "::", "") else socket.gethostname()
    public_url = pick(public_url, "public_url") or f"http://{shown_host}:{port}"
    notifier = None
    if notify_urls:
        notifier = Notifier(notify_urls, store, roots_key(roots), public_url=public_url, attempts=notify_attempts,
                            backoff=notify_backoff, max_delay=notify_max_delay)
    service = Service(roots, store, poll=poll, jobs=jobs, options=options, notifier=notifier, watch=watching,
                      debounce=debounce, ignore=_store_files(url) if store is not None else ())
    max_bytes = int(pick(max_upload_mb, "max_upload_mb") * (1 << 20))
    limits = UploadLimits(max_bytes=max_bytes, max_extract_bytes=10 * max_bytes)
    how = ", ".join(sorted({f"{mode}" for mode in watching.values()}))
    click.echo(f"loganalyzer serve: {len(roots)} root(s) ({how}), store "
               f"{'none' if store is None else store.info()['url']}, rescanning every {poll:g} s, "
               f"{len(notify_urls)} alert receiver(s), http://{host}:{port}/docs", err=True)
    hosts = hosts_for(host, public_url, pick(allowed_hosts, "allowed_hosts") or ())
    config = uvicorn.Config(create_app(service, token, limits=limits, allowed_hosts=hosts), host=host, port=port,
                            log_level="info")
    uvicorn.Server(config).run(sockets=[listening])


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound as uvicorn would bind it; a port in use or an address this machine does not have
    is a usage mistake (exit 2), said before anything else happens."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise CliError(f"--host {host}: {error.strerror or error}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise CliError(f"{host}:{port} is already in use (give --port)") from None
        raise CliError(f"{host}:{port}: cannot listen there ({error.strerror or error})") from None
    sock.set_inheritable(True)
    return sock
