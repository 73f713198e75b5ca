"""``joblog.parse``'s results kept in this process, so that a log is parsed once per scan (issue 12).

Discovery parses every job log to count its runs and points (``_joblog_files._measure``, under ``measuring()``);
then the loader reads each run, parsing the same bytes again. A scan of a tree discovers every log before it reads
the first run, so a cache of the last few logs alone thrashed: with 5 or more logs every log was parsed twice (9
logging logs of 2k-18k lines: 18 parses, 34 s CPU). Two parts, both bounded:

- ``measured``: logs discovery parsed and no reader has read yet, oldest first, at most ``MEASURED_LOGS`` logs
  and ``MEASURED_HITS`` parsed lines in all (~740 bytes a line kept: ~75 MB); a log over that limit alone goes to
  ``recent`` as before; the oldest are dropped past the limits; a log leaves when a reader takes it (into
  ``recent``);
- ``recent``: the ``RECENT`` logs read last (a log of several runs is read once per run).

On a pool (``--jobs N``, Dask) discovery runs on the workers: the worker that discovered a shard judges the shard's
runs whose logs it parsed, from this cache (``loganalyzer.executor_prejudge``), so a log is parsed once there too.

Keyed by ``joblog._key`` (path, length, first and last 4 KiB of the bytes): a log that changed is parsed again.
``clear()`` empties both (``_printed_names.configure``: other settings; tests and benchmarks: a cold parse).
"""
from __future__ import annotations

from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

RECENT = 4
MEASURED_LOGS = 64
MEASURED_HITS = 100_000

_measuring: ContextVar[bool] = ContextVar("joblog_measuring", default=False)


@contextmanager
def measuring():
    """Within: ``parse`` is discovery's measure of the log (its result kept in ``measured`` for the loader)."""
    token = _measuring.set(True)
    try:
        yield
    finally:
        _measuring.reset(token)


class ParseCache:
    """The parsed logs of this process (see the module's docstring); ``get`` None when the key is not kept."""

    def __init__(self):
        self.recent: OrderedDict = OrderedDict()
        self.measured: OrderedDict = OrderedDict()  # key -> (log, its hit count when kept)
        self.measured_hits = 0

    def get(self, key):
        log = self.recent.get(key)
        if log is not None:
            self.recent.move_to_end(key)
            return log
        kept = self.measured.get(key)
        if kept is None:
            return None
        if not _measuring.get():  # the loader's read: from now on one of the recent logs
            del self.measured[key]
            self.measured_hits -= kept[1]
            self._recent(key, kept[0])
        return kept[0]

    def put(self, key, log) -> None:
        hits = len(log.hits)
        if not _measuring.get() or hits > MEASURED_HITS:
            self._recent(key, log)
            return
        self.measured[key] = (log, hits)
        self.measured_hits += hits
        while self.measured_hits > MEASURED_HITS or len(self.measured) > MEASURED_LOGS:
            _, (_, dropped) = self.measured.popitem(last=False)
            self.measured_hits -= dropped

    def _recent(self, key, log) -> None:
        self.recent[key] = log
        while len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def paths(self) -> set[str]:
        """The paths of the logs whose parse is kept here, measured or recent (``executor_prejudge``)."""
        return {key[0] for key in self.measured} | {key[0] for key in self.recent}

    def clear(self) -> None:
        self.recent.clear()
        self.measured.clear()
        self.measured_hits = 0

    def __len__(self) -> int:
        return len(self.recent) + len(self.measured)
