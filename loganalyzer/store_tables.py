"""The store's tables (SQLAlchemy ORM), apart from ``store.py`` so that a rescan whose answers all come from an
SQLite store at the current schema never imports SQLAlchemy (``store.Store`` reads such a store with ``sqlite3``).
"""
from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock (first scans at once may still race there)
    fcntl = None

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .store import HEAD_REVISION, StoreError, _shown, _sqlite_path


class Base(DeclarativeBase):
    pass


class SniffRow(Base):
    __tablename__ = "sniffs"
    path: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # absolute path
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mtime_ns: Mapped[int] = mapped_column(sa.BigInteger)  # local: st_ctime_ns (filestate.stat_key), remote: mtime
    inode: Mapped[int] = mapped_column(sa.BigInteger)
    result: Mapped[bytes] = mapped_column(sa.LargeBinary)  # pickled (format, count) or None


class FileRow(Base):
    __tablename__ = "files"
    path: Mapped[str] = mapped_column(sa.Text, primary_key=True)  # absolute path
    given: Mapped[str] = mapped_column(sa.Text)  # the path as the scan named it (problems quote it)
    format: Mapped[str] = mapped_column(sa.String(64))
    segment: Mapped[int] = mapped_column(sa.Integer)  # -1: the whole file
    size: Mapped[int] = mapped_column(sa.BigInteger)
    mtime_ns: Mapped[int] = mapped_column(sa.BigInteger)  # local: st_ctime_ns (filestate.stat_key), remote: mtime
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


# ---------------------------------------------------------------- engine and schema


def _database_problem(url: str, error) -> str:
    """What is wrong with a store the database refused, and the advice that fits (``cache clear`` fixes none)."""
    reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
    path = _sqlite_path(url)
    if path is not None:
        folder = os.path.dirname(path) or "."
        if "not a database" in reason:
            return f"not a loganalyzer store ({reason}): give another --db, or --no-cache"
        if "malformed" in reason:  # a damaged SQLite store: say how to fix
            # it -- 'cache clear' opens it like any command and cannot (stop-70 break test: a store cut to half its
            # size was "cannot be used (database disk image is malformed); give another --db", no way back named)
            return (f"cannot be used ({reason}): the store is damaged; delete {path} (it holds only what earlier "
                    "scans read: the next scan makes a new one), or give another --db, or --no-cache")
        if not os.access(folder, os.W_OK):
            return f"cannot be used ({reason}): directory {folder} is not writable; give another --db, or --no-cache"
        return f"cannot be used ({reason}); give another --db, or --no-cache"
    if isinstance(error, sa.exc.OperationalError):
        return f"cannot connect ({reason}): check the server and the URL, or --no-cache"
    return f"cannot be used ({reason}); give another --db, or --no-cache"


def _postgres_driver(url: str) -> str:
    """A bare ``postgresql://`` URL with the driver that is installed (psycopg2, the project's, or psycopg 3): which
    one SQLAlchemy means by the bare name changed between versions."""
    parsed = sa.engine.make_url(url)
    if parsed.drivername != "postgresql":
        return url
    for module, driver in (("psycopg2", "postgresql+psycopg2"), ("psycopg", "postgresql+psycopg")):
        if importlib.util.find_spec(module) is not None:
            return parsed.set(drivername=driver).render_as_string(hide_password=False)
    raise StoreError(f"store {_shown(url)}: needs a PostgreSQL driver: pip install psycopg2-binary (or psycopg), "
                     f"or 'loganalyzer[postgres]'")


def _engine(url: str) -> sa.Engine:
    path = _sqlite_path(url)
    if path is None:
        return sa.create_engine(_postgres_driver(url), pool_pre_ping=True)
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


@contextmanager
def _schema_lock(engine: sa.Engine):
    """Only one process creates or upgrades a schema at a time (two first scans at once, CI shards): on SQLite an
    flock on the store's directory (no extra file, never the database's own POSIX locks), on PostgreSQL an advisory
    lock held for the upgrade's transaction; the one that waited then finds the schema there."""
    path = _sqlite_path(str(engine.url))
    if path is not None and fcntl is not None:
        fd = os.open(os.path.dirname(path) or ".", os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with engine.begin() as conn:
                yield conn
        finally:
            os.close(fd)  # releases the flock
        return
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7391020555)"))
        yield conn


def _migrate(engine: sa.Engine, shown: str) -> None:
    """Bring the schema to HEAD_REVISION with Alembic (a no-op check when it is there already)."""
    with engine.connect() as conn:
        if _revision(conn) == HEAD_REVISION:
            return
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "loganalyzer:migrations")
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    with _schema_lock(engine) as conn:
        revision = _revision(conn)  # again, under the lock: another process may have just made it
        if revision == HEAD_REVISION:
            return
        names = set(sa.inspect(conn).get_table_names())
        if revision is not None and revision not in known:
            raise StoreError(f"store {shown}: written by a newer loganalyzer (schema {revision}); upgrade, or give "
                             f"another --db, or --no-cache")
        if revision is None and names & {t.__tablename__ for t in TABLES}:
            raise StoreError(f"store {shown}: has loganalyzer tables but no schema version; `loganalyzer cache "
                             f"clear --db ...` cannot fix it: remove the file or give another --db")
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
