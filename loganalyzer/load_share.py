"""The tasks of ``load_parallel.read_parallel`` taken one at a time, heaviest first, from one queue by the pool's
workers and by the calling process itself.

Each process takes its next task only when it has finished the last (a pipe of their indices, filled before the
workers fork), where ``ProcessPoolExecutor`` hands each worker its next call before it is free and could leave the
last one or two tasks on one core; and the caller reads beside ``jobs - 1`` workers instead of idling beside
``jobs``: one fork, one worker's end and its tables' hand-over fewer. On the 10k bench tree (16 tasks, 2 cores,
6 interleaved rounds under load ~18, CPU clocks): the two reading processes' CPU to their last task 0.008-0.13 s
apart before, 0.003-0.04 s now; the call's critical path (the caller's CPU before the fork and from the merge on,
plus the slowest reader's) 0.77 / 0.83 -> 0.72 / 0.76 s (min / median).
"""
from __future__ import annotations

import os

_QUEUE: TaskQueue | None = None  # the queue a forked worker inherits (``read_queued``)


class TaskQueue:
    """``tasks`` (shard lists under ``root``) in ``order``; ``fds``: each task's memory file for a worker's table
    (``load_handover``; None: the tables go through the pipe). Made before the workers fork: they inherit it.

    The queue is a pipe holding the tasks' indices (4 bytes each), its writing end closed before the fork: a read
    of 4 bytes takes one index whole (Linux reads a pipe under its lock, and only whole records are left in it),
    an empty pipe reads as its end. No lock, no shared memory, and no file left open after ``close``."""

    def __init__(self, root: str, tasks: list[list[str]], order: list[int], fds: list[int] | None):
        import struct

        global _QUEUE
        self.root, self.tasks, self.fds = root, tasks, fds
        data = struct.pack(f"<{len(order)}I", *order)
        self.read_end, write_end = os.pipe()
        try:
            if len(data) > 65536:  # more than a pipe holds by default (Linux): grown, else written would block
                import fcntl

                fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), len(data))
            os.write(write_end, data)
        except BaseException:
            os.close(self.read_end)
            raise
        finally:
            os.close(write_end)
        _QUEUE = self

    def _next(self) -> int | None:
        """The next task's index, None when every one is taken."""
        record = os.read(self.read_end, 4)
        return int.from_bytes(record, "little") if record else None

    def stop(self) -> None:
        """No task left to take (the caller failed): each worker ends after the task it reads."""
        while os.read(self.read_end, 65536):  # whole records only; no writer left: an empty pipe reads as its end
            pass

    def close(self) -> None:
        global _QUEUE
        if _QUEUE is self:
            _QUEUE = None
        os.close(self.read_end)

    def read(self, handed: bool) -> dict[int, tuple]:
        """{task index: its parts} of the tasks this process took (``load_parallel._read_task``); ``handed``: the
        tables into the tasks' memory files (a worker's), else kept as they are (the caller's)."""
        from .load_parallel import _read_task

        done = {}
        while (i := self._next()) is not None:
            done[i] = _read_task(self.root, self.tasks[i], self.fds[i] if handed and self.fds else None)
        return done


def read_queued() -> dict[int, tuple]:
    """In a worker: ``TaskQueue.read`` of the queue inherited from the caller."""
    return _QUEUE.read(True)
