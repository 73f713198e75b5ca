"""``fs``: the file-system layer under discovery and loading: local paths, and any fsspec URL.

- A local path (``str``/``PathLike``) goes through ``LocalFileSystem`` (``LOCAL_FS``): os calls, big files mapped.
- A URL (``s3://bucket/prefix``, ``gs://``, ``file://``, ``memory://``, anything fsspec knows, chained ones too)
  goes through ``fs_remote.RemoteFileSystem``, over the fsspec file system of its scheme. Paths stay URLs end to
  end (``Run.path``, ``SourceFile.path``, ``Problem.path``); run ids are relative paths, as for a local tree.

``filesystem_for(path)`` picks one. Both offer the calls discovery and the loader need (``kind``, ``list_dir``,
``dir_identity``, ``read_head``, ``open_bytes``, ``read_range``, ``may_exist``, ``join``, ``name``, ``parent``);
errors are ``OSError`` subclasses naming the path. ``check_path``/``path_problem`` tell up front why a path cannot
be scanned (no such bucket, access denied, endpoint unreachable, package missing), in one line.

Settings (endpoint, credentials, region) are the storage library's own, read from the environment, so they reach
worker processes unchanged: for S3 (s3fs/botocore) ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``,
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or ``AWS_PROFILE``, ``AWS_DEFAULT_REGION``; for GCS
``GOOGLE_APPLICATION_CREDENTIALS``; any constructor argument of an fsspec file system as
``FSSPEC_<PROTOCOL>_<ARGUMENT>`` (``FSSPEC_S3_ENDPOINT_URL``) or in ``~/.config/fsspec/<protocol>.json``.
"""
from __future__ import annotations

import contextvars
import errno
import mmap
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Local files bigger than this are memory-mapped by ``LocalFileSystem.open_bytes`` rather than read.
MMAP_THRESHOLD = 1 << 20

# pip extras that bring the fsspec implementation of a scheme
EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs"}
_URL = re.compile(r"^(?:[A-Za-z][\w+.-]*::)*([A-Za-z][\w+.-]*)://")


@dataclass(frozen=True)
class DirEntry:
    name: str
    is_dir: bool
    is_file: bool
    is_link: bool = False  # a symbolic link (local directories only; discovery's walk follows none into its tree)

    def __init__(self, name: str, is_dir: bool, is_file: bool, is_link: bool = False):
        """The generated ``__init__``, set in ``__dict__`` (not by a frozen setattr a field: ~2 -> ~1 us an entry; a
        walk makes one per file and directory)."""
        d = self.__dict__
        d["name"], d["is_dir"], d["is_file"], d["is_link"] = name, is_dir, is_file, is_link


# ---------------------------------------------------------------- local


_POSIX = os.sep == "/" and os.altsep is None


class LocalFileSystem:
    """The file-system operations discovery and loading need, on local paths (``RemoteFileSystem``: URLs).

    Paths are this file system's own strings; ``join`` builds them. Errors are ``OSError`` subclasses.
    """

    sep = os.sep

    def join(self, parent: str, name: str) -> str:
        """``os.path.join(parent, name)``; on POSIX, for two strings, without its generic steps (discovery joins
        a path per entry: ~1.5 us each there, a third of that here)."""
        if _POSIX and type(parent) is str and type(name) is str:
            if name[:1] == "/":
                return name
            return parent + name if not parent or parent[-1] == "/" else parent + "/" + name
        return os.path.join(parent, name)

    def name(self, path: str) -> str:
        """``os.path.basename(os.path.normpath(path))``; on POSIX, for a string whose last part is a name (not empty,
        '.' or '..': the only parts normpath changes there), that part without normpath's generic steps (discovery
        and the loaders ask for one or two a file)."""
        if _POSIX and type(path) is str:
            last = path[path.rfind("/") + 1:]
            if last and last != "." and last != "..":
                return last
        return os.path.basename(os.path.normpath(path))

    def parent(self, path: str) -> str:
        return os.path.dirname(os.path.normpath(path)) or "."

    def kind(self, path: str) -> str | None:
        """'dir', 'file', or None when nothing is there (raises PermissionError when that cannot be told)."""
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            return None
        if stat.S_ISDIR(st.st_mode):
            return "dir"
        return "file"

    def list_dir(self, path: str) -> list[DirEntry]:
        """Entries of a directory (symlinks followed; broken links and sockets come back as neither kind)."""
        out = []
        with os.scandir(path) as it:
            for entry in it:
                try:
                    is_dir = entry.is_dir()
                    is_file = not is_dir and entry.is_file()
                    is_link = is_dir and entry.is_symlink()  # from the listing's d_type: no system call
                except OSError:
                    is_dir = is_file = is_link = False
                out.append(DirEntry(entry.name, is_dir, is_file, is_link))
        return out

    def dir_identity(self, path: str) -> object:
        """A key equal for two paths of the same directory (symlinks), to walk each directory once."""
        st = os.stat(path)
        return (st.st_dev, st.st_ino)

    def read_head(self, path: str, size: int) -> bytes:
        cache = _ONCE.get()
        if cache is None or size > ONCE_BYTES:
            return read_local(path, size)
        data = cache.get(path)
        if data is None:
            data = read_local(path, ONCE_BYTES + 1)
            if len(data) > ONCE_BYTES:
                return data[:size]
            cache[path] = data
        return data[:size]

    def read_range(self, path: str, start: int, end: int | None = None) -> bytes:
        """Bytes ``start:end`` of a file (to its end when ``end`` is None; short at the end of the file)."""
        with open(path, "rb") as f:
            f.seek(start)
            return f.read() if end is None else f.read(max(0, end - start))

    def may_exist(self, path: str) -> bool:
        """False only when a listing already showed that ``path`` is not there (remote trees); here always True."""
        return True

    @contextmanager
    def open_bytes(self, path: str) -> Iterator[object]:
        """The whole file as a buffer: an mmap for big files (no copy), bytes otherwise (empty files can't be
        mapped)."""
        data, fd = _open_small(path)
        if fd is None:
            yield data
            return
        with open(fd, "rb") as f, _mapped(f) as mapped:
            yield mapped


LOCAL_FS = LocalFileSystem()

_O_READ = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_local(path: str, limit: int = -1) -> bytes:
    """``open(path, "rb").read(limit)`` (the whole file for -1) in fewer system calls: open, read to the end,
    close -- a small log read this way costs 4 calls instead of 7 (a head) or 11 (a whole file, fstat'ed first).
    Errors are the ones ``open``/``read`` raise (a failed read is redone by them, for their exact message)."""
    return _read_fd(os.open(path, _O_READ), path, limit, limit if limit >= 0 else 1 << 16)


def _read_fd(fd: int, path: str, limit: int, first: int, regular: bool = False) -> bytes:
    """Up to ``limit`` bytes (-1: all) of the open file ``fd`` from its start, ``first`` asked for first; closes
    ``fd``. ``regular``: ``fd`` is a regular file, where a read shorter than asked is at its end (POSIX read(2)):
    the first read giving less than ``first`` bytes ends it, no second read to see the end (the 10k bench tree: one
    system call less for each of its 11,000 files read whole)."""
    try:
        chunks, got = [], 0
        while limit < 0 or got < limit:
            ask = first if not chunks else (limit - got if limit >= 0 else 1 << 20)
            chunk = os.read(fd, ask)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if regular and len(chunk) < ask:
                break
    except OSError:  # a directory, an I/O error: what ``open`` then ``read`` says
        os.close(fd)
        with open(path, "rb") as f:
            return f.read(limit)
    os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)

# Small local files read whole while a ``read_once`` block is open in this thread: path -> bytes (None: no block).
ONCE_BYTES = 1 << 16
_ONCE: contextvars.ContextVar = contextvars.ContextVar("loganalyzer_read_once", default=None)


@contextmanager
def read_once() -> Iterator[dict]:
    """Inside: a small local file (<= ``ONCE_BYTES``) whose head discovery reads (``read_head``: the sniff of a CSV)
    is read whole, once, and its bytes kept until the block ends; ``open_bytes`` (the count of a CSV's runs, then
    its reader) is given them, so a Keras log is opened once instead of three times. Yields the cache (``take``
    removes what a reader is done with); a nested block shares the outer one's."""
    cache = _ONCE.get()
    if cache is not None:
        yield cache
        return
    token = _ONCE.set({})
    try:
        yield _ONCE.get()
    finally:
        _ONCE.reset(token)


def small_local(path) -> bytes | None:
    """``open_bytes(path)``'s buffer for a local file of at most ``MMAP_THRESHOLD`` bytes, without the context
    manager (bytes: nothing to close; ~3 us a file less, the loader opens one per source); None for a URL or a
    bigger file (``open_bytes`` then maps it). Errors are ``open_bytes``' own."""
    if type(path) is not str or is_url(path):
        return None
    data, fd = _open_small(path)
    if fd is not None:
        os.close(fd)
    return data


def _open_small(path: str) -> tuple[bytes | None, int | None]:
    """(its bytes, None) for a local file of at most ``MMAP_THRESHOLD`` bytes or one ``read_once`` holds; (None, an
    open descriptor) for a bigger one, to be mapped (the caller closes it)."""
    cache = _ONCE.get()
    if cache is not None and path in cache:
        return cache[path], None
    fd = os.open(path, _O_READ)
    try:
        st = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    size = st.st_size
    if size <= MMAP_THRESHOLD:
        return _read_fd(fd, path, -1, size + 1, stat.S_ISREG(st.st_mode)), None
    return None, fd


def take(path: str) -> bytes | None:
    """The bytes a ``read_once`` block holds for ``path`` (no longer held), or None."""
    cache = _ONCE.get()
    return None if cache is None else cache.pop(path, None)


@contextmanager
def _mapped(f) -> Iterator[mmap.mmap]:
    mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        yield mapped
    finally:
        try:
            mapped.close()
        except BufferError:
            pass  # a reader kept a view into the mapping; it is unmapped when that view goes


# ---------------------------------------------------------------- URLs


def is_url(path) -> bool:
    """A URL with a scheme (``s3://``, ``file://``, ``simplecache::s3://``), not a local path."""
    return isinstance(path, str) and "://" in path and _URL.match(path) is not None


def filesystem_for(path: str | os.PathLike):
    """The file system a path lives on: ``LOCAL_FS`` for local paths, a ``fs_remote.RemoteFileSystem`` for a URL
    (raises OSError, one line, when the URL's scheme is unknown or its package is not installed)."""
    path = os.fspath(path)
    if not is_url(path):
        return LOCAL_FS
    from .fs_remote import RemoteFileSystem

    return RemoteFileSystem(path)


# ---------------------------------------------------------------- errors


def _hint(url: str) -> str:
    scheme = _URL.match(url).group(1).lower() if is_url(url) else ""
    if scheme in ("s3", "s3a"):
        return ("check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, AWS_ENDPOINT_URL_S3 for a non-AWS "
                "store, and the bucket's policy")
    if scheme in ("gs", "gcs"):
        return "check GOOGLE_APPLICATION_CREDENTIALS and the bucket's IAM roles"
    return "check the storage credentials"


def storage_error(error: BaseException, url: str) -> OSError:
    """Any failure of a storage backend as an OSError whose ``strerror`` is one line a user can act on and whose
    ``filename`` is the URL: FileNotFoundError (no such bucket/key), PermissionError (credentials, policy),
    ConnectionError (endpoint unreachable), OSError otherwise."""
    if isinstance(error, OSError) and getattr(error, "_loganalyzer", False):
        return error
    name = type(error).__name__
    text = str(error).strip().splitlines()[0] if str(error).strip() else name
    if isinstance(error, ImportError):
        scheme = _URL.match(url).group(1).lower() if is_url(url) else "this"
        extra = EXTRAS.get(scheme)
        install = f"pip install 'loganalyzer[{extra}]'" if extra else text
        out: OSError = OSError(errno.ENOPKG if hasattr(errno, "ENOPKG") else errno.EIO,
                               f"reading {scheme}:// URLs needs a package that is not installed: {install}", url)
    elif isinstance(error, ValueError) and "protocol" in text.lower():
        out = OSError(errno.EINVAL, f"unknown storage scheme ({text})", url)
    elif isinstance(error, FileNotFoundError):
        if "bucket" in text.lower() and ("not exist" in text.lower() or "nosuchbucket" in text.lower()):
            out = FileNotFoundError(errno.ENOENT, "no such bucket", url)
        else:
            out = FileNotFoundError(errno.ENOENT, "no such file or directory", url)
    elif isinstance(error, PermissionError) or "Credential" in name:
        why = "no credentials found" if "Credential" in name else f"access denied ({text})"
        out = PermissionError(errno.EACCES, f"{why}: {_hint(url)}", url)
    elif "Connect" in name or "Endpoint" in name or isinstance(error, (ConnectionError, TimeoutError)):
        out = ConnectionError(errno.ECONNREFUSED, f"cannot reach the storage service: {text}", url)
    elif isinstance(error, OSError) and error.strerror:
        out = type(error)(error.errno, error.strerror, url)
    else:
        out = OSError(errno.EIO, f"{name}: {text}", url)
    out._loganalyzer = True  # already one line: not translated twice
    return out


def stat_key(path: str | os.PathLike, *, ctime: bool = False) -> tuple[int, int, int] | None:
    """What tells a file changed: (size, mtime_ns, inode) of a local file -- (size, ctime_ns, inode) with
    ``ctime=True``, the store's key (``filestate.stat_key``) -- and (size, mtime_ns, ETag/generation as a number) of
    a remote one (from the last listing of its tree: no request); None when it cannot be told."""
    path = os.fspath(path)
    try:
        if is_url(path):
            return filesystem_for(path).stat_key(path)
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_ctime_ns if ctime else st.st_mtime_ns, st.st_ino)


def check_path(path: str | os.PathLike) -> None:
    """Raise the OSError a scan of ``path`` would stop on: FileNotFoundError when nothing is there (local or
    remote), and for a URL also PermissionError/ConnectionError/OSError (``storage_error``). None when usable."""
    path = os.fspath(path)
    if not is_url(path):
        if not os.path.exists(path):
            raise FileNotFoundError(errno.ENOENT, "no such file or directory", path)
        return
    fs = filesystem_for(path)
    try:
        fs.fs.info(fs.root_key)  # S3: 'The specified bucket does not exist' tells a missing bucket from a key
    except Exception as error:
        raise storage_error(error, path) from error


def path_problem(path: str | os.PathLike) -> str | None:
    """The one line saying why ``path`` cannot be scanned ('s3://x/y: no such bucket'), None when it can."""
    try:
        check_path(path)
    except OSError as error:
        return f"{error.filename}: {error.strerror}" if error.strerror else f"{os.fspath(path)}: {error}"
    return None


def url_display_id(url: str, run_id: str, prefix: bool) -> str:
    """``scan``'s id of a run found under a scanned URL (the rules of ``scan._display_id`` for local paths): the
    URL as given (trailing '/' dropped) for the run that is the URL itself ('.', a single-file run and its '#N'
    segments), ``URL/run_id`` with several scanned paths, else ``run_id``."""
    root = url.rstrip("/") if not url.endswith("://") else url
    if run_id == ".":
        return root
    name = posixpath.basename(root)
    if run_id == name or run_id.startswith(name + "#"):  # maybe the scanned URL is itself a file (one request)
        try:
            if filesystem_for(url).kind(url) == "file":
                return root + run_id[len(name):]
        except OSError:
            pass
    return f"{root}/{run_id}" if prefix else run_id
