"""``RemoteFileSystem``: an fsspec file system (S3, GCS, ``file://``, ``memory://``...) seen through the calls of
``fs.LocalFileSystem``; paths are URLs. ``fs.filesystem_for`` makes one for a URL.

Requests, which set the pace on object storage (each costs a round trip, 10-50 ms on S3):

- Listing. Discovery lists the whole tree under the scanned URL once (``find``: on S3/GCS one request per 1,000
  keys; only names and sizes are kept, the backend's own listing cache is dropped) and answers the walk from it.
  The last ``KEPT_TREES`` listings stay registered, so the loader knows sizes and which optional files exist
  (``may_exist``: no request for a ``hparams.yaml`` that is not there).
- Read-ahead. A file of a listed tree no bigger than ``AHEAD_MAX_FILE`` is fetched together with the next
  ``AHEAD_FILES - 1`` such files of the listing (concurrent ranged GETs; the scan reads runs in that order), and
  kept for the next read (``AHEAD_BYTES`` at most, ``AHEAD_SECONDS`` at most): one round
  trip per batch instead of per file, and a CSV sniffed by discovery is not fetched again by the loader. Discovery's
  sniffing fetches ahead only the candidate text files it will sniff.
- Other files. One ranged GET of the first ``FIRST_READ`` bytes (the whole file when shorter: no HEAD first); a
  longer file goes on in ranged GETs of ``CHUNK`` bytes, ``PARALLEL`` at a time, into a temporary file that is
  memory-mapped, so at most FIRST_READ + PARALLEL * CHUNK bytes of it are ever in memory.
- ``read_range(url, start, end)`` is one ranged GET, never from the read-ahead (for a grown file's new bytes).
"""
from __future__ import annotations

import errno
import hashlib
import posixpath
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .fs import _URL, DirEntry, _mapped, storage_error

FIRST_READ = 8 << 20
CHUNK = 8 << 20
PARALLEL = 4
KEPT_TREES = 4
AHEAD_FILES = 32
AHEAD_MAX_FILE = 1 << 20
AHEAD_BYTES = 64 << 20
AHEAD_SECONDS = 120.0


def _covers(root: str, key: str) -> bool:
    return key == root or key.startswith(root.rstrip("/") + "/")


class _Listing:
    """A remote tree as listed once: children (name -> (is_dir, is_file)) by directory key, sizes by file key, and
    the files fetched ahead (key -> (time, bytes), oldest first)."""

    def __init__(self):
        self.children: dict[str, dict[str, tuple[bool, bool]]] = {}
        self.sizes: dict[str, int] = {}
        self.stamps: dict[str, tuple[int, int]] = {}  # file key -> (mtime_ns, version): see ``stat_key``
        self._order: list[str] | None = None
        self._index: dict[str, int] = {}
        self._kept: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._kept_bytes = 0
        self._lock = threading.Lock()

    def add(self, root: str, key: str, is_file: bool, size: int, stamp: tuple[int, int] = (0, 0)) -> None:
        rel = key[len(root):].strip("/") if key.startswith(root) else ""
        parts = rel.split("/")
        if not rel or "" in parts:
            return  # the root itself, or a key with '//' in it
        parent = root
        for i, part in enumerate(parts):
            here = self.children.setdefault(parent, {})
            was_dir, was_file = here.get(part, (False, False))
            last = i == len(parts) - 1
            here[part] = (was_dir or not (last and is_file), was_file or (last and is_file))
            parent = f"{parent}/{part}"
        if is_file:
            self.sizes[parent] = size
            self.stamps[parent] = stamp

    def batch(self, key: str, wanted: Callable[[str], bool] | None) -> list[str]:
        """``key`` and the next small files after it in key order (``wanted`` ones only, when given)."""
        with self._lock:
            if self._order is None:
                self._order = sorted(self.sizes)
                self._index = {k: i for i, k in enumerate(self._order)}
            out, i = [key], self._index.get(key, len(self._order)) + 1
            while len(out) < AHEAD_FILES and i < len(self._order):
                k = self._order[i]
                if self.sizes[k] <= AHEAD_MAX_FILE and k not in self._kept and (wanted is None or wanted(k)):
                    out.append(k)
                i += 1
            return out

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > AHEAD_SECONDS:  # old: read it again
                self._kept_bytes -= len(self._kept.pop(key)[1])
                return None
            return found[1]

    def keep(self, key: str, data: bytes) -> None:
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._kept_bytes -= len(old[1])
            self._kept[key] = (time.monotonic(), data)
            self._kept_bytes += len(data)
            while self._kept_bytes > AHEAD_BYTES and self._kept:
                self._kept_bytes -= len(self._kept.popitem(last=False)[1][1])


_TREES: "OrderedDict[str, _Listing]" = OrderedDict()  # the last KEPT_TREES trees listed, by root key


def _latest_listing(key: str) -> _Listing | None:
    """The newest listing of a tree holding ``key``."""
    for root, listing in reversed(list(_TREES.items())):  # a copy: another thread may be listing a tree
        if _covers(root, key):
            return listing
    return None


def _stamp(info: dict) -> tuple[int, int]:
    """(modification time in ns, a number for the object's version: ETag/generation) from a backend's info."""
    when = next((info[k] for k in ("LastModified", "mtime", "updated", "created") if info.get(k) is not None), 0)
    try:
        if isinstance(when, str):
            import datetime

            when = datetime.datetime.fromisoformat(when.replace("Z", "+00:00"))
        mtime_ns = int(when.timestamp() * 1e9) if hasattr(when, "timestamp") else int(float(when) * 1e9)
    except (TypeError, ValueError, OverflowError):
        mtime_ns = 0
    version = next((str(info[k]) for k in ("ETag", "etag", "generation", "md5Hash", "VersionId") if info.get(k)), "")
    return mtime_ns, int(hashlib.sha1(version.encode()).hexdigest()[:15], 16) if version else 0


def _sniffed(key: str) -> bool:
    from .discover import TEXT_SUFFIXES

    return key.endswith(TEXT_SUFFIXES) and not posixpath.basename(key).startswith(".")


class RemoteFileSystem:
    """An fsspec file system seen through ``fs.LocalFileSystem``'s calls; paths are URLs (``s3://bucket/key``)."""

    sep = "/"

    def __init__(self, url: str):
        import fsspec

        try:
            self.fs, root_key = fsspec.core.url_to_fs(url)
        except (ImportError, ValueError) as error:  # package not installed; 'Protocol not known'
            raise storage_error(error, url) from error
        self.root_url = url.rstrip("/") if not url.endswith("://") else url
        self.root_key = root_key.rstrip("/") or root_key
        self._tree: tuple[str, _Listing] | None = None  # this walk's listing: (root key, listing)

    # names
    def key(self, url: str) -> str:
        """The file system's own path of a URL (``bucket/prefix/file`` for ``s3://bucket/prefix/file``)."""
        if url == self.root_url or url.rstrip("/") == self.root_url:
            return self.root_key
        if url.startswith(self.root_url + "/"):
            return f"{self.root_key}/{url[len(self.root_url) + 1:]}".rstrip("/")
        return RemoteFileSystem(url).root_key

    def join(self, parent: str, name: str) -> str:
        return f"{parent.rstrip('/')}/{name}"

    def name(self, url: str) -> str:
        return posixpath.basename(url.rstrip("/"))

    def parent(self, url: str) -> str:
        scheme = _URL.match(url).group(0)
        rest = url[len(scheme):].rstrip("/")
        return scheme + rest.rsplit("/", 1)[0] if "/" in rest else url

    # what is there
    def _listing(self, key: str) -> _Listing | None:
        if self._tree is not None and _covers(self._tree[0], key):
            return self._tree[1]
        return None

    def kind(self, url: str) -> str | None:
        """'dir', 'file' or None (nothing there); from this walk's listing once there is one, else one request."""
        key = self.key(url)
        if self._tree is None and key == self.root_key:  # discovery starts here: list the tree at once
            self._list_tree(key, url)
        listing = self._listing(key)
        if listing is not None and key != self._tree[0]:
            parent, name = key.rsplit("/", 1)
            flags = listing.children.get(parent, {}).get(name)
            return None if flags is None else "dir" if flags[0] else "file"
        if listing is not None and listing.children.get(key):
            return "dir"
        try:
            info = self.fs.info(key)
        except FileNotFoundError:
            return None
        except Exception as error:
            raise storage_error(error, url) from error
        return "dir" if info.get("type") == "directory" else "file"

    def list_dir(self, url: str) -> list[DirEntry]:
        """Entries of a directory, from one recursive listing of the tree (made at the first call under it, or the
        scan's listing of a tree holding it: a run's side folder read after discovery costs no request)."""
        key = self.key(url)
        listing = self._listing(key) or _latest_listing(key) or self._list_tree(key, url)
        return [DirEntry(name, is_dir, is_file) for name, (is_dir, is_file) in listing.children.get(key, {}).items()]

    def _list_tree(self, key: str, url: str) -> _Listing:
        listing = _Listing()
        try:
            self.fs.invalidate_cache(key)  # a rescan sees what is there now
            found = self.fs.find(key, detail=True)
        except FileNotFoundError:
            found = {}
        except Exception as error:
            raise storage_error(error, url) from error
        finally:
            self.fs.invalidate_cache(key)  # the backend's own copy of the listing is not kept
        for name, info in found.items():
            is_file = info.get("type") != "directory" and not name.endswith("/")
            listing.add(key, name.rstrip("/"), is_file, int(info.get("size") or 0), _stamp(info))
        del found
        self._tree = (key, listing)
        _TREES.pop(key, None)
        if listing.children:  # a file, or nothing: no tree worth keeping
            _TREES[key] = listing
        while len(_TREES) > KEPT_TREES:
            _TREES.popitem(last=False)
        return listing

    def dir_identity(self, url: str) -> object:
        return self.key(url)

    def stat_key(self, url: str) -> tuple[int, int, int] | None:
        """(size, mtime_ns, version) of a file, like ``fs.stat_key``'s (size, mtime_ns, inode) for a local one:
        from the newest listing when the file is in one (no request), else one request; None when it is gone."""
        key = self.key(url)
        listing = _latest_listing(key)
        if listing is not None and key in listing.sizes:
            return (listing.sizes[key], *listing.stamps[key])
        try:
            info = self.fs.info(key)
        except Exception:
            return None
        return None if info.get("type") == "directory" else (int(info.get("size") or 0), *_stamp(info))

    def may_exist(self, url: str) -> bool:
        """False when a listing shows ``url`` is not there (spares a request for an optional file)."""
        key = self.key(url)
        listing = _latest_listing(key)
        if listing is None or "/" not in key:
            return True
        parent, name = key.rsplit("/", 1)
        return name in listing.children.get(parent, {})

    # reading
    def read_range(self, url: str, start: int, end: int | None = None) -> bytes:
        """Bytes ``start:end`` (one ranged GET; short at the end of the file, empty past it)."""
        key = self.key(url)
        try:
            return self.fs.cat_file(key, start=start, end=end)
        except OSError as error:
            if error.errno == errno.EINVAL:  # HTTP 416: the range starts at or past the end (or the file is empty)
                try:
                    size = self.fs.size(key)
                except Exception:
                    size = None
                if size is not None and start >= size:
                    return b""
            raise storage_error(error, url) from error
        except Exception as error:
            raise storage_error(error, url) from error

    def _ahead(self, url: str, wanted: Callable[[str], bool] | None = None) -> bytes | None:
        """The whole file from the read-ahead (fetching it with the next files of its listing when it is not
        there yet); None when it is no small file of a listed tree. Each GET asks for ``AHEAD_MAX_FILE + 1``
        bytes: a file that grew since it was listed comes whole, or, past that size, is read the usual way."""
        key = self.key(url)
        listing = _latest_listing(key)
        size = None if listing is None else listing.sizes.get(key)
        if not size or size > AHEAD_MAX_FILE:  # not listed, empty when listed (a ranged GET of it is refused), big
            return None
        data = listing.get(key)
        if data is not None:
            return data
        keys = [k for k in listing.batch(key, wanted) if listing.sizes[k] > 0]
        try:
            results = self.fs.cat_ranges(keys, [0] * len(keys), [AHEAD_MAX_FILE + 1] * len(keys), on_error="return")
        except Exception as error:
            raise storage_error(error, url) from error
        for k, got in zip(keys, results):
            if isinstance(got, bytes) and len(got) <= AHEAD_MAX_FILE:
                listing.keep(k, got)
        mine = results[0]
        if isinstance(mine, BaseException):
            raise storage_error(mine, url) from mine
        return mine if len(mine) <= AHEAD_MAX_FILE else None

    def read_head(self, url: str, size: int) -> bytes:
        data = self._ahead(url, _sniffed)
        return data[:size] if data is not None else self.read_range(url, 0, size)

    @contextmanager
    def open_bytes(self, url: str) -> Iterator[object]:
        """The whole file: from the read-ahead, or bytes when it fits in ``FIRST_READ``, else an mmap of a
        temporary copy fetched in ranged GETs of ``CHUNK`` bytes, ``PARALLEL`` at a time."""
        data = self._ahead(url)
        if data is None:
            data = self.read_range(url, 0, FIRST_READ)
        if len(data) < FIRST_READ:
            yield data
            return
        key = self.key(url)
        try:
            size = self.fs.size(key)
        except Exception as error:
            raise storage_error(error, url) from error
        with tempfile.TemporaryFile(prefix="loganalyzer-") as spill:
            spill.write(data)
            offset = len(data)
            del data
            while offset < size:
                starts = list(range(offset, size, CHUNK))[:PARALLEL]
                ends = [min(s + CHUNK, size) for s in starts]
                try:
                    chunks = self.fs.cat_ranges([key] * len(starts), starts, ends)
                except Exception as error:
                    raise storage_error(error, url) from error
                for chunk in chunks:
                    spill.write(chunk)
                offset = ends[-1]
            spill.flush()
            with _mapped(spill) as mapped:
                yield mapped
