"""The incremental store: what earlier scans learnt, so a rescan reads only what changed.

Three tables (SQLAlchemy 2; any database URL: SQLite by default, PostgreSQL for a team or the service):

- ``sniffs``: what discovery found a candidate text file to be (format, appended-run count), by file, with the
  file's size, mtime and inode when it was sniffed: an unchanged CSV is never opened again to be recognised.
- ``files``: per source file its size, mtime, inode, a hash of its first 4 KB, for event files the offset after
  the last good record, and the parsed file (points, problems, restarts, hparams): a run with one new or grown file
  re-reads only that file, an event file only its new bytes (``loganalyzer.filestate``).
- ``runs``: per run (its files as discovered, by absolute path) the fingerprint of everything its verdict depends
  on (files' size/mtime/inode, ``hparams.yaml``, the analysis options, the package's code) and the run's summary:
  an unchanged run is not re-judged at all.
- ``scans`` and ``alerts`` (``loganalyzer serve`` only, JSON, never pickle): its latest scans, and each alert it
  decided to send with its delivery state (so a restart neither resends nor forgets one).

The default store is ``store.sqlite`` in the user cache directory (``platformdirs``; ``LOGANALYZER_DB`` or
``--db URL`` name another, ``--no-cache`` uses none). The schema is created and upgraded by Alembic migrations
(``loganalyzer/migrations``); a store from a newer version, or a file that is no store, is refused with one line
(``StoreError``). Summaries are pickled: a store is trusted like the cache directory it lives in, so a shared
PostgreSQL store must be writable only by the people whose scans it serves.
"""
from __future__ import annotations

import json
import os
import pickle
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The Alembic revision this code writes; a store at another revision is upgraded (older) or refused (newer).
HEAD_REVISION = "0003"
BATCH = 500  # rows per IN (...) query and per insert


class StoreError(ValueError):
    """The store cannot be used: one line naming it and what to do."""


class Base(DeclarativeBase):
    pass


class SniffRow(Base):
    __tablename__ = "sniffs"
    path: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # absolute path
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mtime_ns: Mapped[int] = mapped_column(sa.BigInteger)
    inode: Mapped[int] = mapped_column(sa.BigInteger)
    result: Mapped[bytes] = mapped_column(sa.LargeBinary)  # pickled (format, count) or None


class FileRow(Base):
    __tablename__ = "files"
    path: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # absolute path
    given: Mapped[str] = mapped_column(sa.Text)  # the path as the scan named it (problems quote it)
    format: Mapped[str] = mapped_column(sa.String(64))
    segment: Mapped[int] = mapped_column(sa.Integer)  # -1: the whole file
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mtime_ns: Mapped[int] = mapped_column(sa.BigInteger)
    inode: Mapped[int] = mapped_column(sa.BigInteger)
    head_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    resume_offset: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    parsed: Mapped[bytes] = mapped_column(sa.LargeBinary)  # zlib(pickle) of filestate.Parsed
    updated: Mapped[float] = mapped_column(sa.Float)


class RunRow(Base):
    __tablename__ = "runs"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # sha256 of the run as discovered
    path: Mapped[str] = mapped_column(sa.Text)  # the run's absolute path, for people reading the store
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    preview: Mapped[bool] = mapped_column(sa.Boolean)  # the summary keeps its curves preview (reports)
    summary: Mapped[bytes] = mapped_column(sa.LargeBinary)  # pickle of summary.RunSummary (read back per run)
    updated: Mapped[float] = mapped_column(sa.Float)


class ScanRow(Base):
    """A finished scan of a set of roots, as the service keeps it (``loganalyzer serve``): JSON, never pickle."""
    __tablename__ = "scans"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    roots: Mapped[str] = mapped_column(sa.String(64), index=True)  # sha256 of the roots scanned, in order
    started: Mapped[float] = mapped_column(sa.Float)
    duration: Mapped[float] = mapped_column(sa.Float)
    runs: Mapped[int] = mapped_column(sa.Integer)
    errors: Mapped[int] = mapped_column(sa.Integer)
    report: Mapped[bytes] = mapped_column(sa.LargeBinary)  # zlib of the scan JSON (ScanReport.to_dict())


class AlertRow(Base):
    """An alert the service decided to send (``loganalyzer serve --notify-url``): JSON payload, delivery state."""
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 of (roots, run, kind, state, url)
    roots: Mapped[str] = mapped_column(sa.String(64), index=True)
    run: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))  # 'verdict' or 'ended'
    state: Mapped[str] = mapped_column(sa.String(64))  # the verdict or the ending cause alerted on
    previous: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    url: Mapped[str] = mapped_column(sa.Text)
    payload: Mapped[str] = mapped_column(sa.Text)  # the JSON body POSTed
    status: Mapped[str] = mapped_column(sa.String(16))  # pending, sent, failed
    attempts: Mapped[int] = mapped_column(sa.Integer)
    created: Mapped[float] = mapped_column(sa.Float)
    updated: Mapped[float] = mapped_column(sa.Float)
    last_error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


TABLES = (SniffRow, FileRow, RunRow, ScanRow, AlertRow)
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

    def __init__(self, engine: sa.Engine, url: str):
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> "Store":
        url = url or default_url()
        shown = _shown(url)
        try:
            engine = _engine(url)
            _migrate(engine, shown)
        except StoreError:
            raise
        except ModuleNotFoundError as error:
            raise StoreError(f"store {shown}: needs the Python package {error.name!r} (pip install it)") from None
        except sa.exc.ArgumentError as error:
            raise StoreError(f"store {shown}: not a database URL ({error})") from None
        except sa.exc.DatabaseError as error:
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            raise StoreError(f"store {shown}: cannot be used ({reason}); `loganalyzer cache clear` empties "
                             f"it, --no-cache scans without it") from None
        except OSError as error:
            raise StoreError(f"store {shown}: {error.strerror or error}") from None
        return cls(engine, url)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ reads

    def _rows(self, table, keys: Sequence[str], columns) -> Iterator:
        key_column = table.__table__.c[columns[0]]
        selected = [table.__table__.c[c] for c in columns]
        with self.engine.connect() as conn:
            for i in range(0, len(keys), BATCH):
                yield from conn.execute(sa.select(*selected).where(key_column.in_(keys[i:i + BATCH])))

    def sniffs(self, paths: Sequence[str]) -> dict[str, tuple]:
        """path -> ((size, mtime_ns, inode), result)"""
        return {row.path: ((row.size, row.mtime_ns, row.inode), row.result)
                for row in self._rows(SniffRow, list(paths), ("path", "size", "mtime_ns", "inode", "result"))}

    def all_sniffs_under(self, prefix: str) -> dict[str, tuple]:
        """The sniff rows of files below the directory ``prefix`` (one query: a rescan of a tree)."""
        sep = "/" if "://" in prefix else os.sep
        pattern = prefix.rstrip(sep) + sep
        query = sa.select(SniffRow.path, SniffRow.size, SniffRow.mtime_ns, SniffRow.inode, SniffRow.result).where(
            sa.func.substr(SniffRow.path, 1, len(pattern)) == pattern)
        with self.engine.connect() as conn:
            return {row.path: ((row.size, row.mtime_ns, row.inode), row.result) for row in conn.execute(query)}

    def runs(self, keys: Sequence[str]) -> dict[str, tuple[str, bool, bytes]]:
        """key -> (fingerprint, preview, pickled summary)"""
        return {row.key: (row.fingerprint, row.preview, row.summary)
                for row in self._rows(RunRow, list(keys), ("key", "fingerprint", "preview", "summary"))}

    def files(self, paths: Sequence[str]) -> dict[str, dict]:
        """absolute path -> the file's row as a dict (for ``filestate.SourceCache``)."""
        columns = ("path", "given", "format", "segment", "size", "mtime_ns", "inode", "head_hash", "resume_offset",
                   "parsed")
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
        self._replace(SniffRow, [{"path": p, "size": s[0], "mtime_ns": s[1], "inode": s[2], "result": r}
                                 for p, (s, r) in entries.items()])

    def put(self, runs: Iterable[RunRecord], files: Iterable[dict]) -> None:
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
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _sqlite_path(url: str) -> str | None:
    try:
        parsed = sa.engine.make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return parsed.database


def _engine(url: str) -> sa.Engine:
    path = _sqlite_path(url)
    if path is None:
        return sa.create_engine(url, pool_pre_ping=True)
    if os.path.isdir(path):
        raise StoreError(f"store {path}: is a directory")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # several scans at once (CI shards, two terminals) wait, not fail
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    return engine


def _revision(conn) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _migrate(engine: sa.Engine, shown: str) -> None:
    """Bring the schema to HEAD_REVISION with Alembic (a no-op check when it is there already)."""
    with engine.connect() as conn:
        revision = _revision(conn)
        if revision == HEAD_REVISION:
            return
        names = set(sa.inspect(conn).get_table_names())
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "loganalyzer:migrations")
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if revision is not None and revision not in known:
        raise StoreError(f"store {shown}: written by a newer loganalyzer (schema {revision}); upgrade, or give "
                         f"another --db, or --no-cache")
    if revision is None and names & {t.__tablename__ for t in TABLES}:
        raise StoreError(f"store {shown}: has loganalyzer tables but no schema version; `loganalyzer cache clear "
                         f"--db ...` cannot fix it: remove the file or give another --db")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
