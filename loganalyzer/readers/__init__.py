"""Readers: one module per log format, all producing the same tidy scalars table.

Contract every reader keeps:
- input is the file's bytes (``bytes``/``memoryview``/``mmap``) plus the path used in messages, never an open
  local path, so the same reader serves local files, object stores and uploads;
- output is a ``ReadResult``: a DataFrame with columns ``tag`` (str), ``step`` (int64), ``value`` (float64, NaN and
  ±Inf exactly as logged) and ``wall_time`` (float64 seconds since the epoch, NaN when the format has none), rows in
  the order they were written (later rows win on repeated steps, the loader applies that), plus the problems met;
- a file that cannot be read at all raises ``UnreadableFile`` carrying one Problem; a partly bad file returns what
  it could read and lists the problems. Never any other exception for bad input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..runs import Problem

if TYPE_CHECKING:  # pandas where a table is built (a rescan served from the store never imports it)
    import pandas as pd


class UnreadableFile(Exception):
    """The whole file could not be read; ``problem`` says which file and why, in one line."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_FRESH = object()  # ReadResult's hparams not given: a new dict (the field's default_factory)


@dataclass(frozen=True)
class ReadResult:
    scalars: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    hparams: dict = field(default_factory=dict)
    # (row, step) pairs: at that row the writer logged a restart (TensorBoard SessionLog.START); rows written
    # earlier in the same directory with step >= that step are orphans of the crashed job and are dropped,
    # as TensorBoard does.
    restarts: tuple[tuple[int, int], ...] = ()
    # rows where a later session of the same writer starts inside this file (a W&B run whose step metric went
    # back: a second ``trainer.train()``, resumed from a checkpoint, in the same W&B run): the loader makes each
    # session a combine piece of its own, so the resume rules apply to it as to a new file.
    sessions: tuple[int, ...] = ()
    # every point as logged when ``scalars`` is a reading of them (a job log's series printed k times a step, averaged
    # per step: ``_joblog_repeats``): what the raw view (``read_scalars(resolve=False)``) shows; None: ``scalars``
    raw_scalars: pd.DataFrame | None = None

    def __init__(self, scalars, problems=(), hparams=_FRESH, restarts=(), sessions=(), raw_scalars=None):
        """The generated ``__init__`` (set in ``__dict__``, not by a frozen setattr a field: ~1.9 -> ~1 us; a
        reader builds one a file); ``hparams`` a new dict when not given."""
        d = self.__dict__
        d["scalars"], d["problems"], d["hparams"] = scalars, problems, {} if hparams is _FRESH else hparams
        d["restarts"], d["sessions"], d["raw_scalars"] = restarts, sessions, raw_scalars


@dataclass(frozen=True, eq=False)
class ScalarColumns:
    """A reader's table as bare columns: what the loader combines without building a DataFrame per file
    (per-file DataFrames dominate the time of scans over many small runs). ``tags`` may hold a name twice or a
    name no row uses; ``tag_codes`` index into it."""

    tags: list
    tag_codes: np.ndarray  # int64
    steps: np.ndarray  # int64
    values: np.ndarray  # float64
    wall_times: np.ndarray  # float64

    def __init__(self, tags, tag_codes, steps, values, wall_times):
        """The generated ``__init__``, set in ``__dict__`` (see ``ReadResult.__init__``)."""
        d = self.__dict__
        d["tags"], d["tag_codes"], d["steps"], d["values"], d["wall_times"] = tags, tag_codes, steps, values, wall_times

    def __len__(self) -> int:
        return len(self.steps)

    def take(self, rows) -> "ScalarColumns":
        """The rows ``rows`` (a slice or index array) as columns of their own, the same tags."""
        return ScalarColumns(self.tags, self.tag_codes[rows], self.steps[rows], self.values[rows],
                             self.wall_times[rows])

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "ScalarColumns":
        import pandas as pd

        tag = frame["tag"].array
        if not isinstance(tag, pd.Categorical):
            tag = pd.Categorical(np.asarray(tag, dtype=object))
        return cls(
            tags=[str(t) for t in tag.categories],
            tag_codes=tag.codes.astype(np.int64, copy=False),
            steps=frame["step"].to_numpy(dtype=np.int64),
            values=frame["value"].to_numpy(dtype=np.float64),
            wall_times=frame["wall_time"].to_numpy(dtype=np.float64),
        )


def scalar_frame(tags, steps, values, wall_times=None) -> pd.DataFrame:
    """Build a reader's table with the exact dtypes of the contract (``tag`` categorical: few tags, many rows)."""
    import pandas as pd

    steps = np.asarray(steps, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    if wall_times is None:
        wall_times = np.full(len(steps), np.nan)
    if not isinstance(tags, pd.Categorical):
        tags = pd.Categorical(np.asarray(tags, dtype=object) if len(tags) else np.array([], dtype=object))
    return pd.DataFrame(
        {"tag": tags, "step": steps, "value": values, "wall_time": np.asarray(wall_times, dtype=np.float64)}
    )


def point_columns(tags, steps, values) -> ScalarColumns:
    """``ScalarColumns.from_frame(scalar_frame(tags, steps, values))`` without pandas: the distinct tags sorted (a
    categorical's categories), each point's code into them, NaN wall times."""
    names = sorted(set(tags))
    code = {t: i for i, t in enumerate(names)}
    n = len(tags)
    return ScalarColumns(names, np.fromiter((code[t] for t in tags), dtype=np.int64, count=n),
                         np.asarray(steps, dtype=np.int64), np.asarray(values, dtype=np.float64), np.full(n, np.nan))


def empty_frame() -> pd.DataFrame:
    return scalar_frame([], [], [], [])


class _NoRows:
    """The empty table a ``read_columns`` result carries (its points are in the columns), built on first use: the
    bare-columns path of a scan never needs it, nor pandas. Any use (attributes, ``len``, indexing, pickling)
    behaves as the empty DataFrame ``empty_frame()`` gives."""

    __slots__ = ()

    def frame(self) -> pd.DataFrame:
        return _empty_table()

    def __getattr__(self, name):
        return getattr(_empty_table(), name)

    def __len__(self) -> int:
        return 0

    def __getitem__(self, key):
        return _empty_table()[key]

    def __iter__(self):
        return iter(_empty_table())

    def __reduce__(self):
        return (_empty_table, ())

    def __repr__(self) -> str:
        return repr(_empty_table())


@lru_cache(maxsize=1)
def _empty_table() -> pd.DataFrame:
    """The one empty table of this process (``NO_ROWS`` and the store's stored sources share it)."""
    return empty_frame()


NO_ROWS = _NoRows()
