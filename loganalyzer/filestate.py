"""Per-file and per-run state for the incremental store (``loganalyzer.store``): what makes a file or a run
"unchanged", and how a grown event file is read from its last good record.

- ``SniffCache``: discovery's verdict on a candidate text file (``discover.SNIFF_CACHE``), reused while the file's
  size, change time and inode are the same (``stat_key``: ctime, so a chmod is a change too).
- ``SourceCache``: ``load_run(..., sources=...)``'s supplier of parsed files. An unchanged file comes from the
  store, while the code that parsed it is the running one (``code_fingerprint``); an event file that grew (same inode, same first 4 KB, bigger) is decoded from the offset after its last good
  record, and its new points appended to the stored ones -- exactly what decoding the whole file gives, since records
  are decoded independently (a tail with anything but a clean end or a record still being written is read whole);
  anything else is read as usual. Files that changed while being read are not remembered.
- ``run_key``/``run_fingerprint``: a run is re-judged only when its files, its ``hparams.yaml``, the analysis
  options or the package's code changed.

Remote files (fsspec URLs) are told apart by ``fs.stat_key`` (size, mtime, ETag from the tree's listing); they are
reused when unchanged, and read whole when they changed (no resume over the network).
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import os
import pickle

import numpy as np

from .runs import Problem, Run, SourceFile
from .store import pack, unpack

HEAD_BYTES = 4096
# The sniff rows' key of a job log's measure (``SniffCache.measure``): its absolute path and this (a unit separator
# no real path holds), so the row sits beside the file's own sniff row and moves with it in ``split``/``under``.
MEASURE_SUFFIX = "\x1fjoblog-runs"
_TRUNCATED = "truncated record at end of file"


def stat_key(path: str) -> tuple | None:
    """The store's key of a file: (size, ctime_ns, inode) of a local file, (size, mtime_ns, version) of a remote one
    (``fs.stat_key``: from the tree's listing); None when it cannot be told (gone, no permission to the folder).

    A local file's change time (``st_ctime_ns``), not its mtime: ctime moves whenever mtime does (a write, an
    ``os.utime``) and also when the file's permissions or owner change (``chmod 000`` after a scan: the rescan reads
    it again and reports it unreadable, as ``--no-cache`` does; issue 12), or when content is swapped in under an
    old mtime. It comes from the same ``os.stat``: no extra system call. The store's ``mtime_ns`` columns hold it.
    """
    from .fs import stat_key as key_of

    return key_of(path, ctime=True)


def absolute(path: str) -> str:
    """The store's key of a path: a local path made absolute (``os.path.abspath``), a URL as it is."""
    from .fs import is_url

    if is_url(path):
        return path
    head, tail = os.path.split(path)
    if not head or tail in ("", ".", ".."):
        return os.path.abspath(path)
    # abspath of a directory's file is the directory's abspath and the name: the directory's worked out once
    return os.path.join(_absolute_dir(os.getcwd(), head), tail)


@functools.lru_cache(maxsize=4096)
def _absolute_dir(cwd: str, head: str) -> str:
    return os.path.abspath(head)


def _local(path: str) -> bool:
    from .fs import is_url

    return not is_url(path)


def head_hash(path: str, length: int) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read(min(length, HEAD_BYTES))).hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- discovery


class SniffCache:
    """``discover``'s sniff results by absolute path; ``new`` holds what this scan learnt (for the store). A result
    is used only while the file's (size, ctime, inode) (``stat_key``) and the code (``code_fingerprint``) are those it was made
    with: after an upgrade, a file the old readers took for a CSV is sniffed again. ``measure``: a job log's run
    count, kept the same way (issue 12: an unchanged log was parsed in full at every rescan to be grouped)."""

    def __init__(self, known: dict[str, tuple] | None = None):
        self.known = known or {}  # abspath -> ((size, ctime_ns, inode), pickled (code_fingerprint(), result))
        self.new: dict[str, tuple] = {}

    def sniff(self, path: str, fresh, problems: list):
        before = len(problems)
        return self._cached(path, absolute(path), fresh, lambda: len(problems) == before)

    def measure(self, path: str, fresh, settings=()):
        """A job log's (runs, points) as discovery measures it (``readers._joblog_files._measure``: a full parse of
        the log), kept beside the file's sniff under ``path + MEASURE_SUFFIX`` with the job-log ``settings``
        (``_joblog_names.settings()``: user patterns change what a parse finds). ``fresh()`` gives (result, ok);
        a result made from a file that could not be read (ok False) is not kept, nor one of a file that changed
        while it was parsed. A rescan of an unchanged log (same size, ctime, inode, code, settings) parses nothing."""
        settings = _plain(settings)
        ok: list = []

        def made():
            result, readable = fresh()
            ok.append(readable)
            return (settings, result)

        usable = lambda kept: isinstance(kept, tuple) and len(kept) == 2 and kept[0] == settings  # noqa: E731
        return self._cached(path, absolute(path) + MEASURE_SUFFIX, made, lambda: ok[0], usable)[1]

    def _cached(self, path: str, key_path: str, fresh, keep, usable=lambda result: True):
        key = stat_key(path)
        if key is None:
            return fresh()
        hit = self.known.get(key_path)
        if hit is not None and hit[0] == key:
            try:
                code, result = pickle.loads(hit[1])
                if code == code_fingerprint() and usable(result):  # another version of the readers: ask again
                    return result
            except Exception:
                pass
        result = fresh()
        if keep() and stat_key(path) == key:  # a file that could not be read is asked again
            self.new[key_path] = (key, pickle.dumps((code_fingerprint(), result)))
        return result

    def under(self, directory: str) -> "SniffCache":
        """The part of the cache below ``directory`` (for a discovery shard on another process)."""
        return self.split([directory])[0]

    def split(self, directories: list[str]) -> list["SniffCache"]:
        """The parts of the cache below each of ``directories`` (none inside another), in one pass over the cache:
        each entry's parent directories are looked up, so 6,500 shards of a 30,000-entry cache cost 30,000 lookups
        a level, not 6,500 scans of the whole cache."""
        index: dict[str, int] = {}
        for i, directory in enumerate(directories):
            index[absolute(directory).rstrip("/" + os.sep)] = i
        parts: list[dict] = [{} for _ in directories]
        for p, v in self.known.items():
            parent = os.path.dirname(p)  # works for "/"-separated URLs too
            while parent:
                i = index.get(parent)
                if i is not None:
                    parts[i][p] = v
                    break
                up = os.path.dirname(parent)
                parent = up if up != parent else ""
        return [SniffCache(part) for part in parts]


def _plain(settings) -> tuple:
    """Job-log settings as kept with a measure: compiled patterns by their source (equal across processes)."""
    return tuple(tuple(getattr(p, "pattern", p) for p in part) if isinstance(part, (tuple, list)) else part
                 for part in settings or ())


# ---------------------------------------------------------------- parsed files


def storable(source):
    """A copy of a loader ``_Source`` to keep: its points (``columns``), problems, restarts, hparams and whatever
    else the loader keeps per file (a job log's facts), without the reader's table (the columns hold the same
    points) or histograms (a replay is never served from the store)."""
    kept = copy.copy(source)
    if kept.result is not None:
        from .readers import NO_ROWS  # the empty table without building it: a cold scan imports no pandas

        kept.result = dataclasses.replace(kept.result, scalars=NO_ROWS)
    kept.histograms = None
    return kept


def _stored_source(blob: bytes, file: SourceFile):
    """The stored parse of ``file``, or None when there is none to use: made by another version of the readers
    (its code fingerprint differs: the run would be re-judged on the old reader's points and warnings), an error."""
    from .load import _Source

    stored = unpack(blob)
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != code_fingerprint():
        return None
    source = stored[1]
    if not isinstance(source, _Source) or source.error is not None or source.columns is None:
        return None
    source.file = file
    return source


def _resume_offset(source, size: int) -> int | None:
    """Where to go on reading an event file: after its last good record. None when the file has problems other
    than a record cut at its end (such a file is read whole when it changes)."""
    problems = source.result.problems
    if not problems:
        return size
    if len(problems) == 1 and problems[0].offset is not None and problems[0].message.startswith(_TRUNCATED):
        return problems[0].offset
    return None


class SourceCache:
    """``load_run``'s ``sources``: stored files for unchanged ones, tails of grown event files, reads otherwise.

    ``rows``: the store's rows of this run's files (``Store.files``); ``remember_all``: keep the parsed copy of
    every file (a run of several files), not only event files. ``rows_out`` collects the rows to write back.
    """

    def __init__(self, rows: dict[str, dict], remember_all: bool):
        self.rows = rows
        self.remember_all = remember_all
        self.rows_out: list[dict] = []
        self.reused = self.resumed = self.read = 0

    def __call__(self, file: SourceFile, read):
        path_key = absolute(file.path)
        key = stat_key(file.path)
        row = self.rows.get(path_key)
        segment = -1 if file.segment is None else file.segment
        if key is not None and row is not None and (row["given"], row["format"], row["segment"]) == (
                file.path, file.format, segment):
            if (row["size"], row["mtime_ns"], row["inode"]) == key:
                source = _stored_source(row["parsed"], file)
                if source is not None:
                    self.reused += 1
                    return source
            elif file.format == "tensorboard" and row["resume_offset"] is not None and _local(file.path):
                source = self._resume(file, row, key)
                if source is not None:
                    self.resumed += 1
                    return source
        self.read += 1
        source = read()
        if key is not None and source.error is None and (self.remember_all or file.format == "tensorboard"):
            if stat_key(file.path) == key:  # not written to while it was read
                self._remember(file, path_key, key, storable(source))
        return source

    def _remember(self, file: SourceFile, absolute: str, key: tuple, source, head: str | None = None):
        offset = _resume_offset(source, key[0]) if file.format == "tensorboard" and _local(file.path) else None
        if offset is not None and head is None:
            head = head_hash(file.path, offset)
        self.rows_out.append({
            "path": absolute, "given": file.path, "format": file.format,
            "segment": -1 if file.segment is None else file.segment, "size": key[0], "mtime_ns": key[1],
            "inode": key[2], "head_hash": head, "resume_offset": None if head is None else offset,
            "parsed": pack((code_fingerprint(), source))})

    def _resume(self, file: SourceFile, row: dict, key: tuple):
        offset = row["resume_offset"]
        if key[2] != row["inode"] or key[0] < offset:
            return None  # replaced or cut: read whole
        old = _stored_source(row["parsed"], file)
        if old is None or getattr(old, "facts", None) is not None:
            return None
        try:
            with open(file.path, "rb") as f:
                head = f.read(min(offset, HEAD_BYTES))
                f.seek(offset)
                tail = f.read()
        except OSError:
            return None
        if hashlib.sha256(head).hexdigest() != row["head_hash"] or stat_key(file.path) != key \
                or offset + len(tail) != key[0]:
            return None
        source = extend_events(old, tail, offset, file.path)
        if source is None:
            return None
        self._remember(file, absolute(file.path), key, source, row["head_hash"])
        return source


def extend_events(old, tail: bytes, offset: int, path: str):
    """``old`` (the ``_Source`` of an event file decoded up to ``offset``, the end of its last good record) plus the
    records in ``tail`` (the bytes from ``offset`` on); None when the tail holds anything a whole-file read would
    treat differently (damaged records, hparams)."""
    from .readers import ScalarColumns, tensorboard

    if len(old.columns) == 0:  # its "holds no scalar" line may no longer hold: read it whole
        return None
    decoded = tensorboard.decode(tail, details=True)
    raw = decoded["problems"]
    if decoded["hparams"] or len(raw) > 1 or (raw and not raw[0][1].startswith(_TRUNCATED)):
        return None
    problems = tuple(Problem(path, message, offset=at + offset) for at, message in raw)
    kept = tuple(p for p in old.result.problems if p.offset is None or p.offset < offset)
    columns = old.columns
    tags = list(columns.tags)
    index = {t: i for i, t in enumerate(tags)}
    remap = np.array([index.setdefault(t, len(index)) for t in decoded["tags"]], dtype=np.int64)
    tags.extend(list(index)[len(tags):])
    codes = np.frombuffer(decoded["tag_index"], dtype=np.int32).astype(np.int64)
    n = len(columns.steps)
    new = copy.copy(old)
    new.columns = ScalarColumns(
        tags=tags,
        tag_codes=np.concatenate([columns.tag_codes, remap[codes] if len(codes) else codes]),
        steps=np.concatenate([columns.steps, np.frombuffer(decoded["step"], dtype=np.int64)]),
        values=np.concatenate([columns.values, np.frombuffer(decoded["value"], dtype=np.float64)]),
        wall_times=np.concatenate([columns.wall_times, np.frombuffer(decoded["wall_time"], dtype=np.float64)]),
    )
    new.result = dataclasses.replace(
        old.result, problems=kept + problems,
        restarts=tuple(old.result.restarts) + tuple((int(i) + n, int(s)) for i, s in decoded["restarts"]))
    return new


# ---------------------------------------------------------------- runs


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's version and its files' sizes and mtimes: editing the code (or upgrading) re-judges runs."""
    from . import __version__

    root = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256(__version__.encode())
    for directory, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".json", ".so", ".c")):
                st = os.stat(os.path.join(directory, name))
                h.update(f"{os.path.relpath(os.path.join(directory, name), root)}:{st.st_size}:"
                         f"{st.st_mtime_ns};".encode())
    return h.hexdigest()


def options_fingerprint(options, keep_curves: bool) -> str:
    text = json.dumps(options.to_dict(), sort_keys=True, default=repr)
    return hashlib.sha256(f"{code_fingerprint()}|{text}".encode()).hexdigest()


def run_key(run: Run) -> str:
    """The run as discovered (paths as given and absolute, formats, dirs, segments): its row in the store."""
    files = tuple((f.path, absolute(f.path), f.format, f.dir, f.segment) for f in run.files)
    return hashlib.sha256(repr((absolute(run.path), run.path, run.format, files)).encode()).hexdigest()


def run_fingerprint(run: Run, options_hash: str) -> str | None:
    """Everything the run's summary depends on besides its description: its files' (size, ctime, inode) (``stat_key``), the
    ``hparams.yaml`` beside a directory run, the options and the code. None when a file cannot be stat'ed (gone,
    or not local): such a run is judged afresh and not remembered."""
    from .load_sources import is_file_run  # not .load: a cached rescan imports no loader (issue 12)

    stats = [stat_key(f.path) for f in run.files]
    if None in stats:
        return None
    if not is_file_run(run):
        stats.append(stat_key(run.path.rstrip("/") + "/hparams.yaml" if not _local(run.path)
                              else os.path.join(run.path, "hparams.yaml")))
    return hashlib.sha256(repr((options_hash, stats)).encode()).hexdigest()
