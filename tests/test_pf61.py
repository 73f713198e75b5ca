"""read_scalars of a big tree with the caller reading a share of the tasks (``loganalyzer.load_share``): every task
taken once, heaviest first, by the caller or a worker, and the very table and warnings of a serial read."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import loganalyzer
import loganalyzer.executor
import loganalyzer.load_parallel as load_parallel
from loganalyzer.load_share import TaskQueue
from test_read_parallel import assert_same, read

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """60 generated runs of five formats (benchmarks/scale_tree.py: event files, Lightning, Keras, HF, CSV) and a
    damaged event file (a warning to keep in order)."""
    from scale_tree import generate

    root = tmp_path_factory.mktemp("pf61") / "logs"
    generate(root, 60, steps=40)
    (root / "tb" / "bad").mkdir()
    (root / "tb" / "bad" / "events.out.tfevents.1.host").write_bytes(b"\x00" * 40)
    return root


def test_queue_gives_each_task_once_in_order_and_closes():
    fds = set(os.listdir("/proc/self/fd"))
    queue = TaskQueue("/", [[]] * 4, [2, 0, 3, 1], None)
    assert [queue._next() for _ in range(5)] == [2, 0, 3, 1, None]
    queue.close()
    assert set(os.listdir("/proc/self/fd")) == fds
    big = TaskQueue("/", [], list(range(20_000)), None)  # more than a pipe holds by default: grown
    got = []
    while (i := big._next()) is not None:
        got.append(i)
    assert got == list(range(20_000))
    big.close()
    stopped = TaskQueue("/", [], list(range(10)), None)
    assert stopped._next() == 0
    stopped.stop()
    assert stopped._next() is None
    stopped.close()


def test_caller_and_worker_share_the_tasks_and_read_what_one_process_reads(tree, monkeypatch, tmp_path):
    serial, serial_warnings = read(tree, jobs=1)
    log = tmp_path / "tasks.log"
    real = load_parallel._read_task

    def logged(root, shards, fd=None):
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {'|'.join(shards)}\n")
        return real(root, shards, fd)

    monkeypatch.setattr(load_parallel, "_read_task", logged)
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 0)
    monkeypatch.setattr(load_parallel, "TASKS_PER_JOB", 16)  # enough tasks that both processes take some
    monkeypatch.setattr(loganalyzer.executor, "_start_method", lambda: "fork")  # xdist's threads: fork anyway
    parallel, parallel_warnings = read(tree, jobs=2)
    rows = [line.split(" ", 1) for line in log.read_text().splitlines()]
    tasks = [shards for _, shards in rows]
    assert len(tasks) == len(set(tasks)) > 2  # every task read once
    pids = {pid for pid, _ in rows}
    assert str(os.getpid()) in pids and pids - {str(os.getpid())}  # the caller read some, a worker the others
    assert_same(parallel, serial)
    assert parallel_warnings == serial_warnings and any("not a TensorBoard event file" in w
                                                        for w in serial_warnings)


def test_caller_failing_its_task_raises_and_leaves_no_file_open(tree, monkeypatch):
    parent = os.getpid()
    real = load_parallel._read_task

    def failing(root, shards, fd=None):
        if os.getpid() == parent:
            raise RuntimeError("the caller's task failed")
        return real(root, shards, fd)

    monkeypatch.setattr(load_parallel, "_read_task", failing)
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 0)
    monkeypatch.setattr(loganalyzer.executor, "_start_method", lambda: "fork")
    fds = set(os.listdir("/proc/self/fd"))
    with pytest.raises(RuntimeError, match="caller's task failed"):
        loganalyzer.read_scalars(tree, jobs=2)
    assert set(os.listdir("/proc/self/fd")) == fds


def test_merge_takes_the_tasks_dirs_as_they_come_when_in_run_order_else_sorts():
    from loganalyzer.runs import run_order

    joined = [["a", "log.csv#2"], [], ["log.csv#10", "z"]]  # '#10' after '#2': run order, not text order
    assert load_parallel._in_run_order(joined) == ["a", "log.csv#2", "log.csv#10", "z"]
    interleaved = [["b", "d"], ["a", "c"]]
    assert load_parallel._in_run_order(interleaved) == ["a", "b", "c", "d"]
    for lists in (joined, interleaved):
        assert load_parallel._in_run_order(lists) == sorted((n for names in lists for n in names), key=run_order)
