"""MLflow's SQL tracking store in a SQLite file: ``mlflow.db`` (``--backend-store-uri sqlite:///mlflow.db``).

MLflow 3 puts its file store (``mlruns/``, readers/mlflow.py) in maintenance mode and refuses it unless
``MLFLOW_ALLOW_FILE_STORE=true``: new runs go to a database, most often one SQLite file. Its schema (MLflow's
``store/tracking/dbmodels/models.py``, checked on mlflow 3.17 here):

- ``experiments(experiment_id, name, lifecycle_stage, ...)``;
- ``runs(run_uuid, name, status, start_time, end_time, lifecycle_stage, experiment_id, ...)``: ``status`` one of
  SCHEDULED, RUNNING, FINISHED, FAILED, KILLED; times in milliseconds since the epoch (``end_time`` NULL while
  running); ``lifecycle_stage`` 'deleted' once deleted (hidden by the UI until ``mlflow gc``);
- ``metrics(key, value, timestamp, run_uuid, step, is_nan)``: one row per logged point. ``SqlAlchemyStore.
  sanitize_metric_value`` stores NaN as ``value`` 0 with ``is_nan`` 1, and ±Inf as ±1.7976931348623157e308 (the
  largest double: "Sql can not represent Infs"); both are read back here as what was logged (NaN, ±Inf);
- ``params(key, value, run_uuid)``: strings.

Reading: one file holds many runs; ``run_names`` lists the active ones (experiment id, then start time) as
``<experiment>/<run name>`` (a name used twice gets `` (2)``), discovery makes each a run ``mlflow.db#<label>``
and ``read(..., segment=i)`` reads the i-th: its points in logged order (rowid: insertion order), ``wall_time``
the timestamp in seconds; hparams are its params (numbers as numbers) and ``mlflow.status``,
``mlflow.start_time``/``mlflow.end_time`` (seconds), ``mlflow.experiment``, for ``ending_tracker``. Deleted runs
are left out, said in one line. The file is opened from its bytes (``sqlite3.Connection.deserialize``: a bucket's
copy reads like a local one), once for all the runs in it: the last file opened is kept (keyed by path, size and
the header, whose change counter moves at every write). A SQLite file without MLflow's tables is no log: not a run.
"""
from __future__ import annotations

import math
import sqlite3
import threading

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile
from ._text import no_rows

FORMAT = "mlflow_db"
from ._discovery_names import SQLITE_SUFFIXES as SUFFIXES  # noqa: E402
_MAGIC = b"SQLite format 3\x00"
_INF = 1.7976931348623157e308  # sanitize_metric_value's stand-in for ±Inf
_NEEDED = {"runs": {"run_uuid", "name", "status", "experiment_id"}, "metrics": {"key", "value", "step", "is_nan"},
           "experiments": {"experiment_id", "name"}}
_LOCK = threading.Lock()
_LAST: list = [None, None]  # (key, connection) of the last file opened: one read serves every run in it


def sniff(name: str, head: bytes) -> bool:
    """A SQLite file named ``*.db``/``*.sqlite``/``*.sqlite3`` (the tables are checked by ``run_names``)."""
    return name.lower().endswith(SUFFIXES) and bytes(head[:16]) == _MAGIC


def _connect(data, path: str) -> sqlite3.Connection:
    if bytes(data[:16]) != _MAGIC:
        raise UnreadableFile(Problem(path, "no SQLite database (its first bytes are not 'SQLite format 3')"))
    key = (path, len(data), bytes(data[:100]))  # the header's change counter moves at every write
    with _LOCK:
        if _LAST[0] == key:
            return _LAST[1]
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            conn.deserialize(bytes(data))
            tables = {t: {c[1] for c in conn.execute(f'PRAGMA table_info("{t}")')} for t in _NEEDED}
        except sqlite3.DatabaseError as e:
            conn.close()
            raise UnreadableFile(Problem(path, f"a SQLite file that cannot be read ({e}); cut while copied?")) from None
        missing = [t for t, cols in tables.items() if not cols >= _NEEDED[t]]
        if missing:
            conn.close()
            raise UnreadableFile(Problem(path, "a SQLite database but no MLflow tracking store (no "
                                               f"{', '.join(missing)} table with MLflow's columns); not read"))
        if _LAST[1] is not None:
            _LAST[1].close()
        _LAST[:] = [key, conn]
        return conn


def _runs(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT r.run_uuid, r.name, e.name, r.status, r.start_time, r.end_time, "
        "COALESCE(r.lifecycle_stage, 'active') FROM runs r LEFT JOIN experiments e "
        "ON e.experiment_id = r.experiment_id ORDER BY r.experiment_id, r.start_time, r.run_uuid").fetchall()


def _labels(rows: list[tuple]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for uuid, name, experiment, *_ in rows:
        label = f"{experiment or 'experiment'}/{name or uuid[:8]}"
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def run_names(data, path: str) -> tuple[str, ...]:
    """The labels of the file's active runs, in reading order (see the module docstring). Raises
    ``UnreadableFile`` for a file that is no MLflow store."""
    try:
        rows = [r for r in _runs(_connect(data, path)) if r[6] != "deleted"]
    except sqlite3.Error as e:
        raise UnreadableFile(Problem(path, f"an MLflow store that could not be queried: {e}")) from None
    return tuple(_labels(rows))


def _number(text: str):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return text
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """The points of the ``segment``-th active run (the first when None) as bare columns, its params and status
    as hparams. Raises ``UnreadableFile`` for a file that is no MLflow store or holds no active run."""
    conn = _connect(data, path)
    try:
        return _read(conn, path, segment)
    except sqlite3.Error as e:  # a store of an MLflow schema this reader does not know
        raise UnreadableFile(Problem(path, f"an MLflow store that could not be queried: {e}")) from None


def _read(conn: sqlite3.Connection, path: str, segment: int | None) -> tuple[ScalarColumns, ReadResult]:
    rows = _runs(conn)
    active = [r for r in rows if r[6] != "deleted"]
    problems: list[Problem] = []
    deleted = len(rows) - len(active)
    if deleted and not segment:
        problems.append(Problem(path, f"{deleted} deleted MLflow run(s) skipped, as MLflow hides them "
                                      "(`mlflow gc` removes them)"))
    if not active or (segment or 0) >= len(active):
        raise UnreadableFile(Problem(path, "an MLflow store with no active run" if not active else
                                     "the run listed at discovery is gone (the store changed since)"))
    uuid, name, experiment, status, start, end, _ = active[segment or 0]
    points = conn.execute("SELECT key, value, step, timestamp, is_nan FROM metrics WHERE run_uuid = ? "
                          "ORDER BY rowid", (uuid,)).fetchall()
    names: dict[str, int] = {}
    codes = np.fromiter((names.setdefault(p[0], len(names)) for p in points), dtype=np.int64, count=len(points))
    values = np.array([math.nan if p[4] else p[1] for p in points], dtype=np.float64)
    values[values == _INF], values[values == -_INF] = math.inf, -math.inf
    steps = np.array([p[2] for p in points], dtype=np.int64)
    walls = np.array([p[3] / 1000.0 if p[3] is not None else math.nan for p in points], dtype=np.float64)
    hparams = {k: _number(v) for k, v in conn.execute("SELECT key, value FROM params WHERE run_uuid = ? "
                                                      "ORDER BY key", (uuid,))}
    hparams.update({"mlflow.status": status, "mlflow.experiment": experiment, "mlflow.run_name": name,
                    "mlflow.run_id": uuid})
    for key, ms in (("mlflow.start_time", start), ("mlflow.end_time", end)):
        if ms is not None:
            hparams[key] = ms / 1000.0
    if not points:
        problems.append(Problem(path, f"MLflow run {_labels([active[segment or 0]])[0]!r} logged no metric"))
    columns = ScalarColumns(list(names), codes, steps, values, walls)
    return columns, ReadResult(no_rows(), tuple(problems), hparams=hparams)


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """``read_columns`` as a table (``tag``, ``step``, ``value``, ``wall_time``)."""
    from . import scalar_frame

    columns, result = read_columns(data, path, segment)
    tags = [columns.tags[c] for c in columns.tag_codes]
    return ReadResult(scalar_frame(tags, columns.steps, columns.values, columns.wall_times), result.problems,
                      hparams=result.hparams)
