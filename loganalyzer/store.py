"""The incremental store: what earlier scans learnt, so a rescan reads only what changed.

Three tables (SQLAlchemy 2; any database URL: SQLite by default, PostgreSQL for a team or the service):

- ``sniffs``: what discovery found a candidate text file to be (format, appended-run count), by file, with the
  file's size, ctime (a chmod counts) and inode when it was sniffed: an unchanged CSV is never opened again; and
  a printed job log's (runs, points) as discovery measured it (``filestate.MEASURE_SUFFIX`` rows): an unchanged
  ``slurm-*.out`` is not parsed again to be grouped into runs.
- ``files``: per source file its size, ctime, inode, a hash of its first 4 KB, for event files the offset after
  the last good record, and the parsed file (points, problems, restarts, hparams): a run with one new or grown file
  re-reads only that file, an event file only its new bytes (``loganalyzer.filestate``).
- ``runs``: per run (its files as discovered, by absolute path) the fingerprint of everything its verdict depends
  on (files' size/ctime/inode, ``hparams.yaml``, the analysis options, the package's code) and the run's summary:
  an unchanged run is not re-judged at all.
- ``scans`` and ``alerts`` (``loganalyzer serve`` only, JSON, never pickle): its latest scans, and each alert it
  decided to send with its delivery state (so a restart neither resends nor forgets one).

The default store is ``store.sqlite`` in the user cache directory (``platformdirs``; ``LOGANALYZER_DB`` or
``--db URL`` name another, ``--no-cache`` uses none). The schema is created and upgraded by Alembic migrations
(``loganalyzer/migrations``); a store from a newer version, or a file that is no store, is refused with one line
(``StoreError``). An SQLite store already at the current schema is read with ``sqlite3`` and SQLAlchemy is
imported only when something is written (an unchanged rescan never imports it; ``store_tables.py`` holds the ORM
tables and the engine set-up). The ``runs`` summaries, ``files`` parsed points and ``sniffs`` results are pickled
(README "The store" and the service's "Security" say so): a store is trusted like the cache directory it lives in,
so a shared PostgreSQL store must be writable only by the people whose scans it serves.
"""
from __future__ import annotations

import json
import os
import pickle
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

# The Alembic revision this code writes; a store at another revision is upgraded (older) or refused (newer).
HEAD_REVISION = "0003"
BATCH = 500  # rows per IN (...) query and per insert


class StoreError(ValueError):
    """The store cannot be used: one line naming it and what to do."""


# SQLAlchemy (~0.25 s to import) and the tables (``store_tables``) are loaded on first use: a rescan served from
# an SQLite store at HEAD_REVISION reads it with sqlite3 and never needs them.
_SQL_NAMES = ("sa", "Base", "SniffRow", "FileRow", "RunRow", "ScanRow", "AlertRow", "_engine", "_migrate",
              "_database_problem", "TABLES")


def _load_sql() -> None:
    if "TABLES" in globals():
        return
    import sqlalchemy

    from . import store_tables

    globals().update(sa=sqlalchemy, **{name: getattr(store_tables, name) for name in _SQL_NAMES[1:]})


def __getattr__(name: str):
    if name in _SQL_NAMES:
        _load_sql()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


SCANS_KEPT = 10  # per set of roots: the newest scans; older rows are deleted when a scan is written


def default_url() -> str:
    """``LOGANALYZER_DB`` when set (a URL, an SQLite file path, or ``off``), else
    ``sqlite:///<user cache dir>/loganalyzer/store.sqlite``."""
    url = os.environ.get("LOGANALYZER_DB", "").strip()
    if url:
        return url if url.lower() in ("off", "none", "0") else url_for(url)
    import platformdirs

    return "sqlite:///" + str(Path(platformdirs.user_cache_dir("loganalyzer")) / "store.sqlite")


def url_for(db: str) -> str:
    """A database URL from ``--db``: a URL as it is, a plain path as an SQLite file."""
    return db if "://" in db else "sqlite:///" + str(Path(db).expanduser().resolve())


def pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes):
    """The value stored, or None when it cannot be read back (written by another version of the code)."""
    try:
        return pickle.loads(zlib.decompress(blob))
    except Exception:  # a class renamed or removed since: the row is simply a miss
        return None


@dataclass(frozen=True)
class RunRecord:
    key: str
    path: str
    fingerprint: str
    preview: bool
    summary: bytes  # pickle.dumps of the RunSummary, as the worker made it


class Store:
    """One database. ``Store.open(url)`` creates or upgrades the schema; reads and writes are batched."""

    def __init__(self, engine: sa.Engine | None, url: str, sqlite_file: str | None = None):
        self._engine = engine
        self.url = url
        # an SQLite file at HEAD_REVISION: reads go through sqlite3 (no SQLAlchemy import); None: through the engine
        self._sqlite_file = sqlite_file

    @property
    def engine(self) -> sa.Engine:
        """The SQLAlchemy engine, made on first use (writes, the service, a store not read with sqlite3)."""
        if self._engine is None:
            _load_sql()
            self._engine = _engine(self.url)
        return self._engine

    @classmethod
    def open(cls, url: str | None = None) -> "Store":
        url = url or default_url()
        ready = _ready_sqlite_file(url)
        if ready is not None:
            return cls(None, url, ready)
        _load_sql()
        shown = _shown(url)
        try:
            engine = _engine(url)
            for attempt in range(6):  # a first scan elsewhere holding the new file a moment: wait, then go on
                try:
                    _migrate(engine, shown)
                    break
                except sa.exc.OperationalError as error:
                    if "locked" not in str(error) or attempt == 5:
                        raise
                    time.sleep(0.2 * (attempt + 1))
        except StoreError:
            raise
        except ModuleNotFoundError as error:
            raise StoreError(f"store {shown}: needs the Python package {error.name!r} (pip install it)") from None
        except sa.exc.ArgumentError as error:
            raise StoreError(f"store {shown}: not a database URL ({error})") from None
        except sa.exc.DatabaseError as error:
            raise StoreError(f"store {shown}: {_database_problem(url, error)}") from None
        except OSError as error:
            raise StoreError(f"store {shown}: {error.strerror or error}") from None
        return cls(engine, url)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    # ------------------------------------------------------------ reads

    def _raw(self, queries: Iterable[tuple[str, tuple]]) -> list | None:
        """The rows of each (SELECT, parameters) read with sqlite3, or None when this store is not read that way or
        sqlite3 failed (the caller then asks the engine, which reports errors as ever)."""
        if self._sqlite_file is None:
            return None
        try:
            with closing(sqlite3.connect(self._sqlite_file, timeout=60)) as db:
                out = []
                for sql, parameters in queries:
                    out.extend(db.execute(sql, parameters))
                return out
        except sqlite3.Error:
            self._sqlite_file = None
            return None

    def _raw_keyed(self, table: str, keys: Sequence[str], columns: Sequence[str]) -> list | None:
        sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {columns[0]} IN "
        chunks = (tuple(keys[i:i + BATCH]) for i in range(0, len(keys), BATCH))
        return self._raw((sql + "(" + ",".join("?" * len(chunk)) + ")", chunk) for chunk in chunks)

    def _rows(self, table, keys: Sequence[str], columns) -> Iterator:
        _load_sql()
        key_column = table.__table__.c[columns[0]]
        selected = [table.__table__.c[c] for c in columns]
        with self.engine.connect() as conn:
            for i in range(0, len(keys), BATCH):
                yield from conn.execute(sa.select(*selected).where(key_column.in_(keys[i:i + BATCH])))

    def sniffs(self, paths: Sequence[str]) -> dict[str, tuple]:
        """path -> ((size, mtime_ns, inode), result)"""
        raw = self._raw_keyed("sniffs", list(paths), ("path", "size", "mtime_ns", "inode", "result"))
        if raw is not None:
            return {row[0]: ((row[1], row[2], row[3]), row[4]) for row in raw}
        _load_sql()
        return {row.path: ((row.size, row.mtime_ns, row.inode), row.result)
                for row in self._rows(SniffRow, list(paths), ("path", "size", "mtime_ns", "inode", "result"))}

    def all_sniffs_under(self, prefix: str) -> dict[str, tuple]:
        """The sniff rows of files below the directory ``prefix`` (one query: a rescan of a tree)."""
        sep = "/" if "://" in prefix else os.sep
        pattern = prefix.rstrip(sep) + sep
        raw = self._raw([("SELECT path, size, mtime_ns, inode, result FROM sniffs WHERE substr(path, 1, ?) = ?",
                          (len(pattern), pattern))])
        if raw is not None:
            return {row[0]: ((row[1], row[2], row[3]), row[4]) for row in raw}
        _load_sql()
        query = sa.select(SniffRow.path, SniffRow.size, SniffRow.mtime_ns, SniffRow.inode, SniffRow.result).where(
            sa.func.substr(SniffRow.path, 1, len(pattern)) == pattern)
        with self.engine.connect() as conn:
            return {row.path: ((row.size, row.mtime_ns, row.inode), row.result) for row in conn.execute(query)}

    def has_runs_under(self, prefix: str) -> bool:
        """Some run below (or at) the directory ``prefix`` is kept: the tree was scanned before (one query, stopped
        at the first row found)."""
        sep = "/" if "://" in prefix else os.sep
        pattern = prefix.rstrip(sep) + sep
        raw = self._raw([("SELECT 1 FROM runs WHERE substr(path, 1, ?) = ? OR path = ? LIMIT 1",
                          (len(pattern), pattern, prefix.rstrip(sep)))])
        if raw is not None:
            return bool(raw)
        _load_sql()
        query = sa.select(RunRow.key).where(sa.or_(sa.func.substr(RunRow.path, 1, len(pattern)) == pattern,
                                                   RunRow.path == prefix.rstrip(sep))).limit(1)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    def runs(self, keys: Sequence[str]) -> dict[str, tuple[str, bool, bytes]]:
        """key -> (fingerprint, preview, pickled summary)"""
        raw = self._raw_keyed("runs", list(keys), ("key", "fingerprint", "preview", "summary"))
        if raw is not None:
            return {row[0]: (row[1], bool(row[2]), row[3]) for row in raw}
        _load_sql()
        return {row.key: (row.fingerprint, row.preview, row.summary)
                for row in self._rows(RunRow, list(keys), ("key", "fingerprint", "preview", "summary"))}

    def files(self, paths: Sequence[str]) -> dict[str, dict]:
        """absolute path -> the file's row as a dict (for ``filestate.SourceCache``)."""
        columns = ("path", "given", "format", "segment", "size", "mtime_ns", "inode", "head_hash", "resume_offset",
                   "parsed")
        raw = self._raw_keyed("files", list(paths), columns)
        if raw is not None:
            return {row[0]: dict(zip(columns, row)) for row in raw}
        _load_sql()
        return {row.path: dict(row._mapping) for row in self._rows(FileRow, list(paths), columns)}

    # ------------------------------------------------------------ writes

    def _replace(self, table, rows: list[dict]) -> None:
        """Insert or replace rows (by primary key), portable across databases: delete then insert, batched."""
        if not rows:
            return
        key = table.__table__.primary_key.columns.values()[0]
        with self.engine.begin() as conn:
            for i in range(0, len(rows), BATCH):
                chunk = rows[i:i + BATCH]
                conn.execute(sa.delete(table).where(key.in_([r[key.name] for r in chunk])))
                conn.execute(sa.insert(table), chunk)

    def put_sniffs(self, entries: dict[str, tuple]) -> None:
        _load_sql()
        self._replace(SniffRow, [{"path": p, "size": s[0], "mtime_ns": s[1], "inode": s[2], "result": r}
                                 for p, (s, r) in entries.items()])

    def put(self, runs: Iterable[RunRecord], files: Iterable[dict]) -> None:
        _load_sql()
        now = time.time()
        self._replace(FileRow, [{**f, "updated": now} for f in files])
        self._replace(RunRow, [{"key": r.key, "path": r.path, "fingerprint": r.fingerprint, "preview": r.preview,
                                "summary": r.summary, "updated": now} for r in runs])

    # ------------------------------------------------------------ the service's scans

    def put_scan(self, roots: str, started: float, duration: float, document: dict) -> None:
        """Keep one finished scan (``document``: the scan JSON); only the newest SCANS_KEPT per ``roots``."""
        blob = zlib.compress(json.dumps(document, allow_nan=False).encode(), 1)
        with self.engine.begin() as conn:
            conn.execute(sa.insert(ScanRow).values(roots=roots, started=started, duration=duration,
                                                  runs=len(document.get("runs", ())),
                                                  errors=len(document.get("errors", ())), report=blob))
            keep = sa.select(ScanRow.id).where(ScanRow.roots == roots).order_by(ScanRow.id.desc()).limit(SCANS_KEPT)
            conn.execute(sa.delete(ScanRow).where(ScanRow.roots == roots, ScanRow.id.not_in(keep.scalar_subquery())))

    def latest_scan(self, roots: str) -> dict | None:
        """The newest scan kept for ``roots``: {started, duration, document}, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(ScanRow.started, ScanRow.duration, ScanRow.report)
                               .where(ScanRow.roots == roots).order_by(ScanRow.id.desc()).limit(1)).first()
        if row is None:
            return None
        try:
            document = json.loads(zlib.decompress(row.report))
        except (zlib.error, ValueError):
            return None
        return {"started": row.started, "duration": row.duration, "document": document}

    # ------------------------------------------------------------ the service's alerts

    def claim_alerts(self, rows: Sequence[dict]) -> list[dict]:
        """Record alerts to send (dicts with key, roots, run, kind, state, previous, url, payload) unless their
        ``key`` is there already; returns the rows new here, with their ``id`` (status 'pending')."""
        if not rows:
            return []
        with self.engine.begin() as conn:
            known = set(conn.execute(sa.select(AlertRow.key).where(AlertRow.key.in_([r["key"] for r in rows])))
                        .scalars())
        fresh = []
        now = time.time()
        for row in rows:
            if row["key"] in known:
                continue
            try:
                with self.engine.begin() as conn:
                    new_id = conn.execute(sa.insert(AlertRow).values(
                        **row, status="pending", attempts=0, created=now, updated=now)).inserted_primary_key[0]
            except sa.exc.IntegrityError:  # another process claimed it first
                continue
            known.add(row["key"])
            fresh.append({**row, "id": new_id, "status": "pending", "attempts": 0})
        return fresh

    def update_alert(self, alert_id: int, status: str, attempts: int, error: str | None = None) -> None:
        """Record one delivery attempt's outcome (status: pending, sent or failed)."""
        with self.engine.begin() as conn:
            conn.execute(sa.update(AlertRow).where(AlertRow.id == alert_id).values(
                status=status, attempts=attempts, last_error=error, updated=time.time()))

    def alerts(self, roots: str, status: str | None = None) -> list[dict]:
        """The alerts kept for ``roots`` (oldest first), all or of one status."""
        _load_sql()
        query = sa.select(AlertRow).where(AlertRow.roots == roots).order_by(AlertRow.id)
        if status is not None:
            query = query.where(AlertRow.status == status)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query.with_only_columns(*AlertRow.__table__.c))]

    # ------------------------------------------------------------ the cache command

    def info(self) -> dict:
        with self.engine.connect() as conn:
            counts = {t.__tablename__: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                      for t in TABLES}
            sizes = conn.execute(sa.select(sa.func.sum(sa.func.length(FileRow.parsed)))).scalar_one() or 0
            sizes += conn.execute(sa.select(sa.func.sum(sa.func.length(RunRow.summary)))).scalar_one() or 0
            newest = conn.execute(sa.select(sa.func.max(RunRow.updated))).scalar_one()
        out = {"url": _shown(self.url), "revision": HEAD_REVISION, "runs": counts["runs"], "files": counts["files"],
               "sniffed": counts["sniffs"], "scans": counts["scans"], "data_bytes": int(sizes), "last_write": newest}
        path = _sqlite_path(self.url)
        if path is not None and os.path.exists(path):
            out["file_bytes"] = os.path.getsize(path)
        return out

    def clear(self) -> int:
        """Delete every row; returns how many runs were forgotten."""
        with self.engine.begin() as conn:
            count = conn.execute(sa.select(sa.func.count()).select_from(RunRow)).scalar_one()
            for table in TABLES:
                conn.execute(sa.delete(table))
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("VACUUM")
        return count


# ---------------------------------------------------------------- engine and schema


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        _load_sql()
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _sqlite_path(url: str) -> str | None:
    try:
        _load_sql()
        parsed = sa.engine.make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return parsed.database


def _ready_sqlite_file(url: str) -> str | None:
    """The file of a plain ``sqlite:///PATH`` URL when it is a store already at HEAD_REVISION (read with sqlite3,
    without SQLAlchemy); None for anything else (another database, a query string, a file to create, migrate or
    refuse: ``Store.open`` then goes the SQLAlchemy way, with its checks and messages)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or "%" in url:
        return None
    path = url[len(prefix):]
    if not path or path == ":memory:" or not os.path.isfile(path):
        return None
    try:
        with closing(sqlite3.connect(path, timeout=60)) as db:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return path if row is not None and row[0] == HEAD_REVISION else None
