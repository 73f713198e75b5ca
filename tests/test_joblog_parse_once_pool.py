"""A printed job log is parsed once per ``--jobs 2`` scan too (issue 12; ``loganalyzer.executor_prejudge``).

Discovery parses each job log to count its runs (``readers._joblog_files._measure``) and keeps the parse in its
process for the loader; on a pool a shard was discovered by one worker and its runs judged by whichever worker took
their chunk, which parsed the log again (12 logs of 10,000 lines, one directory each: 20 parses, a serial scan
12-14). Now the worker that discovered a shard judges its job-log runs from that parse.

The logs are what a real tiny PyTorch training loop prints (``print`` in the PyTorch tutorials' format, stdout sent
to the file); the tree is a root of run directories (discovered in shards on the pool) with Lightning CSV runs
beside them (judged in chunks as before). Each scan runs in a fresh process, so the pool forks (under pytest-xdist
this process has threads and would spawn); the count is of real parses: a spy around ``joblog._scan`` (the
parse's pass over the lines) that calls the real one and appends the process id to a file, from every process.
"""
from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LOGS = 10

SCAN = """
import json, os, sys
from loganalyzer.executor import _start_method
from loganalyzer.readers import joblog
import loganalyzer.scan_stream as stream

root, mode, counts, store = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
real = joblog._scan


def spy(data, size, *rest, **kw):
    with open(counts, "a") as f:
        f.write(f"{os.getpid()}\\n")
    return real(data, size, *rest, **kw)


joblog._scan = spy
took = []
plain = stream.stream_scan


def watched(*args, **kw):
    out = plain(*args, **kw)
    took.append(out is not None)
    return out


stream.stream_scan = watched
from loganalyzer.scan import scan

kw = dict(jobs=1) if mode == "serial" else dict(jobs=2, executor="process")
report = scan([root], store=store or None, **kw)
assert _start_method() == "fork"
pids = open(counts).read().split() if os.path.exists(counts) else []
print(json.dumps({"parses": len(pids), "processes": len(set(pids)), "took": took, "doc": report.to_dict()}))
"""


def _torch_log(path: Path, seed: int, epochs: int = 3, steps: int = 60) -> None:
    """A tiny regression trained with SGD, printing as the PyTorch tutorials do (stdout into ``path``)."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(seed)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    model = torch.nn.Linear(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.02)
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        for epoch in range(1, epochs + 1):
            for i in range(1, steps + 1):
                batch = torch.randint(0, 200, (32,))
                loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
                print(f"Epoch [{epoch}/{epochs}], Step [{i}/{steps}], Loss: {loss.item():.4f}")
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(model(x[200:]), y[200:]).item()
            print(f"Epoch [{epoch}/{epochs}] Validation Loss: {val:.4f}")


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parse_once_pool") / "runs"
    for n in range(LOGS):
        (root / f"job_{n:02d}").mkdir(parents=True)
        _torch_log(root / f"job_{n:02d}" / "train.log", n)
    for n in range(4):  # runs of another format: judged in chunks, as before
        run = root / f"csv_{n}" / "version_0"
        run.mkdir(parents=True)
        rows = "\n".join(f"{i},{0},{2.0 / (i + 1) + 0.01 * n:.4f}" for i in range(40))
        (run / "metrics.csv").write_text("step,epoch,train_loss\n" + rows + "\n")
    return root


def _scan(root: Path, mode: str, tmp_path: Path, store: str = "") -> dict:
    counts = tmp_path / f"parses-{mode}-{bool(store)}.txt"
    counts.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", SCAN, str(root), mode, str(counts), store], capture_output=True,
                          text=True, timeout=300, cwd=str(REPO))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_jobs_2_parses_each_log_once_and_prints_the_serial_report(tree, tmp_path):
    serial = _scan(tree, "serial", tmp_path)
    pool = _scan(tree, "pool", tmp_path)
    assert serial["parses"] == LOGS
    assert pool["took"] == [True], "the overlapped pool scan was not taken"
    assert pool["processes"] == 2 and pool["parses"] == LOGS  # discovered and read on the workers, once each
    assert pool["doc"] == serial["doc"]
    runs = [r["run"] for r in serial["doc"]["runs"]]
    assert len(runs) == LOGS + 4 and "job_00/train.log" in runs and "csv_0/version_0" in runs
    assert {r["verdict"] for r in serial["doc"]["runs"]} - {"unknown"}


def test_jobs_2_with_a_store_parses_each_log_once_then_none(tree, tmp_path):
    """With a store the scan discovers on the pool, then judges (two steps): the judged job-log runs come from the
    discovering workers; an unchanged rescan parses nothing (the store's measure and run results)."""
    serial = _scan(tree, "serial", tmp_path)
    store = str(tmp_path / "store.sqlite")
    cold = _scan(tree, "pool", tmp_path, store)
    assert cold["took"] == [] and cold["parses"] == LOGS
    assert cold["doc"] == serial["doc"]
    again = _scan(tree, "pool", tmp_path, store)
    assert again["parses"] == 0 and again["doc"] == serial["doc"]


def _install_spy(counts: str) -> None:
    """In a Dask worker: every real parse appended to ``counts`` (as the fork-inherited spy above)."""
    import os

    from loganalyzer.readers import joblog

    real = getattr(joblog._scan, "real", joblog._scan)

    def spy(data, size, *rest, **kw):
        with open(counts, "a") as f:
            f.write(f"{os.getpid()}\n")
        return real(data, size, *rest, **kw)

    spy.real = real
    joblog._scan = spy


def test_dask_parses_each_log_once_and_prints_the_serial_report(tree, tmp_path, monkeypatch):
    """A LocalCluster of 2 worker processes: each shard discovered and its job-log runs judged on one worker (the
    spy in the workers and in this process)."""
    distributed = pytest.importorskip("distributed")
    import logging

    from loganalyzer.readers import joblog
    from loganalyzer.scan import scan

    serial = _scan(tree, "serial", tmp_path)
    counts = tmp_path / "dask-parses.txt"
    monkeypatch.setattr(joblog, "_scan", joblog._scan)  # the real one back after the test
    _install_spy(str(counts))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        client.run(_install_spy, str(counts))
        report = scan([str(tree)], executor="dask", scheduler=cluster.scheduler_address)
    assert json.loads(json.dumps(report.to_dict())) == serial["doc"]
    assert len(counts.read_text().split()) == LOGS
