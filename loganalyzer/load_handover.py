"""The parallel reader's tables handed back to the parent in memory files (``os.memfd_create``) rather than through
the pool's pipe (``load_parallel``).

A worker's packed table (~50 MB over the 16 tasks of the 10k bench tree) sent as a result is pickled, written to
the pool's pipe 64 KiB at a time while the parent's result thread reads it (every chunk a wake-up of both, the
parent's reads waiting for its main thread's GIL) and unpickled: ~2.5 ms a MB of the worker's time on this 2-core
machine. Written to a memory file the parent created before forking (one a task) and mapped by the parent, it
costs the worker one copy and the parent none (the merge reads the mapping); only the names and the arrays' shapes
go through the pipe. 10k bench tree, 8 alternated runs on this machine under load ~4.5: the workers' time between
tasks 143-224 -> 24-57 ms, the call 1.08-2.06 s (median 1.11) -> 1.03-1.17 s (median 1.05), CPU 1.07-1.20 ->
1.01-1.08 s.

A memory file has no path: nothing is left behind when a process is killed (the kernel frees it with the last
descriptor). Where one cannot be made (not Linux, too many tasks, descriptors or memory short), or a worker cannot
write its own, the table goes through the pipe as before: the same table either way.
"""
from __future__ import annotations

import mmap
import os

import numpy as np

MAX_FILES = 256  # tasks (descriptors held by every worker at once); beyond, tables go through the pipe


class Stored:
    """Where an array of a table went: its dtype, shape and byte offset in the task's memory file."""

    __slots__ = ("dtype", "shape", "offset")

    def __init__(self, dtype: str, shape: tuple, offset: int):
        self.dtype, self.shape, self.offset = dtype, shape, offset


def open_files(count: int) -> list[int] | None:
    """``count`` new memory files (close-on-exec), one a task, or None where they cannot be had."""
    if not hasattr(os, "memfd_create") or count > MAX_FILES:
        return None
    fds: list[int] = []
    try:
        for _ in range(count):
            fds.append(os.memfd_create("loganalyzer-table"))
    except OSError:  # EMFILE, ENOSYS (a sandbox), ENOMEM
        close_files(fds)
        return None
    return fds


def close_files(fds) -> None:
    for fd in fds or ():
        try:
            os.close(fd)
        except OSError:
            pass


def put(fd: int, table: tuple) -> tuple:
    """In a worker: ``table``'s arrays written to the memory file ``fd``, the table returned with a ``Stored`` in
    each array's place; ``table`` itself when they cannot be written (the pipe then carries it)."""
    out, offset = [], 0
    try:
        os.ftruncate(fd, 0)
        for item in table:
            if not isinstance(item, np.ndarray):
                out.append(item)
                continue
            array = np.ascontiguousarray(item)
            _write(fd, memoryview(array.reshape(-1).view(np.uint8)), offset)
            out.append(Stored(array.dtype.str, item.shape, offset))
            offset += array.nbytes
    except (OSError, ValueError):  # ENOSPC / ENOMEM of the memory file: the table goes through the pipe
        return table
    return tuple(out)


def _write(fd: int, data: memoryview, offset: int) -> None:
    while len(data):
        done = os.pwrite(fd, data, offset)
        data, offset = data[done:], offset + done


def get(fd: int, table: tuple) -> tuple:
    """In the parent: ``table`` (``put``'s result) with its arrays read-only views of the memory file ``fd``, mapped
    (no copy: the merge copies them into the frame's columns; the mapping goes with the last view). Raises
    ``OSError`` when the file is shorter than the table."""
    stored = [item for item in table if isinstance(item, Stored)]
    if not stored:
        return table
    size = max(item.offset + _nbytes(item) for item in stored)
    if os.fstat(fd).st_size < size:
        raise OSError(f"memory file of a task's table short: {os.fstat(fd).st_size} bytes of {size}")
    mapped = mmap.mmap(fd, size, prot=mmap.PROT_READ) if size else b""
    out = []
    for item in table:
        if isinstance(item, Stored):
            dtype = np.dtype(item.dtype)
            item = np.frombuffer(mapped, dtype=dtype, count=_nbytes(item) // dtype.itemsize,
                                 offset=item.offset).reshape(item.shape)
        out.append(item)
    return tuple(out)


def _nbytes(item: Stored) -> int:
    return int(np.prod(item.shape, dtype=np.int64)) * np.dtype(item.dtype).itemsize
