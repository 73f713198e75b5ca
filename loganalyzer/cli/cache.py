"""``loganalyzer cache info|clear``: what the incremental store (``loganalyzer.store``) holds, and emptying it."""
from __future__ import annotations

import datetime
import json
import os

import click

from ._common import CliError

_DB = click.option("--db", metavar="URL",
                   help="The store: an SQLAlchemy URL or an SQLite file path (default: the user cache directory, "
                        "or LOGANALYZER_DB).")


def _open(db: str | None):
    """The store, or one line: a read-only command never creates a store at a mistyped path."""
    from ..store import Store, _sqlite_path, default_url, url_for

    url = url_for(db) if db else default_url()
    if url.lower() in ("off", "none", "0"):
        raise CliError("LOGANALYZER_DB is off: there is no store; give --db URL")
    path = _sqlite_path(url)
    if path is not None and not os.path.exists(path):
        raise CliError(f"no store at {path} (a scan makes it there; check --db / LOGANALYZER_DB)")
    return Store.open(url)


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


@click.group("cache", short_help="What the store of earlier scans holds; empty it.")
def cache_group() -> None:
    """The store that lets a rescan read only what changed (runs, files, discovery results; SQLite in the user
    cache directory unless --db or LOGANALYZER_DB names another database)."""


@cache_group.command("info")
@_DB
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of lines.")
def info_command(db: str | None, as_json: bool) -> None:
    """Where the store is and how much it holds."""
    store = _open(db)
    try:
        info = store.info()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    when = "never" if info["last_write"] is None else datetime.datetime.fromtimestamp(
        info["last_write"]).isoformat(sep=" ", timespec="seconds")
    click.echo(f"store:      {info['url']}")
    click.echo(f"runs:       {info['runs']:,} judged (last written {when})")
    kept, known = info["files"], info["sniffed"]
    click.echo(f"files:      {kept:,} parsed file{'' if kept == 1 else 's'} kept (their scalars), {known:,} "
               f"file{'' if known == 1 else 's'} recognised (their format)")
    size = f"{_size(info['data_bytes'])} of data"
    if "file_bytes" in info:
        size += f", {_size(info['file_bytes'])} on disk"
    click.echo(f"size:       {size}")
    click.echo(f"schema:     {info['revision']}")


@cache_group.command("clear")
@_DB
def clear_command(db: str | None) -> None:
    """Forget every run and file: the next scan reads everything again."""
    store = _open(db)
    try:
        count = store.clear()
        url = store.info()["url"]
    finally:
        store.close()
    click.echo(f"Cleared {url}: {count:,} run{'s' if count != 1 else ''} forgotten.")
