"""The parallel reader's tables handed back in memory files (loganalyzer.load_handover): every array comes back bit
for bit, a table that cannot be written goes through the pipe as it is, and the parallel read gives the same frame
with memory files and without them, leaving no descriptor open."""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import loganalyzer
import loganalyzer.executor
import loganalyzer.load_handover as handover
import loganalyzer.load_parallel as load_parallel

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
needs_memfd = pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="no os.memfd_create on this platform")


def table():
    rng = np.random.default_rng(5)
    walls = rng.random(7)
    walls[2] = np.nan
    return (["a", "b/c"], ["loss"], np.array([[0, 1], [0, 0], [3, 4]], dtype=np.int64),
            np.array([0, 1, 2, 0, 1, 2, 3], dtype=np.int32), rng.standard_normal(7), np.packbits([0, 1, 0]),
            walls, np.array([], dtype=np.float64))


def same(got, want):
    assert len(got) == len(want)
    for a, b in zip(got, want):
        if isinstance(b, np.ndarray):
            assert isinstance(a, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
            assert a.tobytes() == b.tobytes()
        else:
            assert a == b


@needs_memfd
def test_put_then_get_gives_every_array_bit_for_bit():
    (fd,) = handover.open_files(1)
    try:
        sent = handover.put(fd, table())
        assert not any(isinstance(item, np.ndarray) for item in sent)  # only names and shapes for the pipe
        same(handover.get(fd, sent), table())
        empty = (["a"], ["loss"], np.zeros((3, 0), dtype=np.int64), np.array([], dtype=np.int32))
        same(handover.get(fd, handover.put(fd, empty)), empty)  # nothing to map
    finally:
        handover.close_files([fd])


@needs_memfd
def test_a_table_that_cannot_be_written_goes_through_the_pipe(monkeypatch):
    def full(*args):
        raise OSError(28, "No space left on device")

    (fd,) = handover.open_files(1)
    try:
        monkeypatch.setattr(os, "pwrite", full)
        sent = handover.put(fd, table())
        same(sent, table())
        assert handover.get(fd, sent) is sent
    finally:
        handover.close_files([fd])


@needs_memfd
def test_a_short_memory_file_is_refused():
    (fd,) = handover.open_files(1)
    try:
        sent = handover.put(fd, table())
        os.ftruncate(fd, 8)
        with pytest.raises(OSError):
            handover.get(fd, sent)
    finally:
        handover.close_files([fd])


def test_no_memory_files_for_too_many_tasks():
    assert handover.open_files(handover.MAX_FILES + 1) is None


def read(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(path, **kw)
    return frame, [str(w.message) for w in caught]


def test_parallel_read_same_with_and_without_memory_files(tmp_path, monkeypatch):
    from scale_tree import generate

    generate(tmp_path, 40, steps=30)
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 0)
    monkeypatch.setattr(loganalyzer.executor, "_start_method", lambda: "fork")
    opened = []
    real_open = handover.open_files
    monkeypatch.setattr(handover, "open_files", lambda n: opened.append(n) or real_open(n))
    fds_before = sorted(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    with_files, warned = read(tmp_path, jobs=2)
    assert opened and opened[0] > 1  # several tasks, on workers
    if fds_before is not None:
        assert sorted(os.listdir("/proc/self/fd")) == fds_before  # every memory file closed
    monkeypatch.setattr(handover, "open_files", lambda n: None)
    through_pipe, warned_pipe = read(tmp_path, jobs=2)
    serial, warned_serial = read(tmp_path, jobs=1)
    for frame in (with_files, through_pipe):
        assert frame.equals(serial) and list(frame.dtypes) == list(serial.dtypes)
        for col in ("value", "wall_time"):
            assert frame[col].to_numpy().tobytes() == serial[col].to_numpy().tobytes()
    assert warned == warned_pipe == warned_serial


def test_workers_end_when_their_parent_is_killed(tmp_path):
    """A parent killed outright (SIGKILL) mid-read leaves no worker behind: each sees it is gone and ends (before,
    they waited on the pool's queues for ever, holding their memory and the tables' memory files)."""
    import signal
    import subprocess
    import time

    from scale_tree import generate

    generate(tmp_path / "logs", 40, steps=10)
    pids = tmp_path / "pids"
    script = f"""
import os, time
import loganalyzer, loganalyzer.executor, loganalyzer.load_parallel as lp
lp.MIN_ENTRIES = 0
loganalyzer.executor._start_method = lambda: "fork"
def stuck(root, shards):
    with open({str(pids)!r}, "a") as f:
        f.write(f"{{os.getpid()}}\\n")
    time.sleep(120)
lp._read_shards = stuck
loganalyzer.read_scalars({str(tmp_path / "logs")!r}, jobs=2)
"""
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=str(REPO))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(pids.read_text().split() if pids.exists() else []) < 2:
            time.sleep(0.05)
        workers = [int(p) for p in pids.read_text().split()]
        assert len(workers) >= 2
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        alive = workers
        while alive and time.monotonic() < deadline:
            time.sleep(0.1)
            alive = [p for p in workers if _running(p)]
        assert not alive, f"workers {alive} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for p in (int(x) for x in pids.read_text().split()) if pids.exists() else ():
            if _running(p):
                os.kill(p, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped by init, counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
