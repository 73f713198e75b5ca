"""Parallel scans (loganalyzer.executor): a process pool and a real Dask LocalCluster with worker processes give
exactly the serial scan's report, in the same order, bad files included."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loganalyzer.discover import discover
from loganalyzer.executor import ExecutorError, open_executor, shard_dirs
from loganalyzer.scan import scan

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LOGS = REPO / "sample_logs"
sys.path.insert(0, str(REPO / "benchmarks"))


def doc(paths, **kw) -> str:
    return json.dumps(scan(paths if isinstance(paths, list) else [paths], **kw).to_dict())


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """40 generated runs of five formats and six shapes, a SummaryWriter run, and damaged files."""
    from scale_tree import generate

    root = tmp_path_factory.mktemp("par") / "logs"
    generate(root, 40, steps=60)
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(root / "torch" / "real"))
    for step in range(50):
        writer.add_scalar("loss", 1.0 / (1 + step), step)
    writer.close()
    bad = root / "torch" / "bad"
    bad.mkdir()
    (bad / "events.out.tfevents.1.host").write_bytes(b"\x00" * 40)  # not an event file
    (event,) = (root / "torch" / "real").glob("events.*")
    (root / "torch" / "cut").mkdir()
    (root / "torch" / "cut" / event.name).write_bytes(event.read_bytes()[:-9])  # cut mid-record
    (root / "csv" / "broken.csv").write_bytes(b"step,loss\n1,0.5\n2,\x00\x01\n")
    return root


def test_process_pool_same_report_same_order(tree):
    serial = doc(tree)
    assert doc(tree, jobs=2, executor="process") == serial
    assert doc([tree / "tb", tree / "keras", tree], jobs=2, executor="process") == doc([tree / "tb", tree / "keras",
                                                                                       tree])
    runs = json.loads(serial)["runs"]
    assert len(runs) == 44 and len({r["verdict"] for r in runs}) >= 5
    assert any("not a TensorBoard event file" in e["message"] for e in json.loads(serial)["errors"])


def test_progress_in_order_with_workers(tree):
    seen = []
    scan([tree], jobs=2, executor="process", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 44) for i in range(45)]


def test_cli_jobs_and_store_with_workers(tree, tmp_path):
    """The command forks its workers (no threads yet): --jobs 2 prints what --jobs 1 prints, store or not."""
    def run(*args):
        result = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tree), "-f", "json", *args],
                                capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stdout

    one = run("--jobs", "1", "--no-cache")
    db = str(tmp_path / "s.sqlite")
    assert run("--jobs", "2", "--no-cache") == one
    assert run("--jobs", "2", "--db", db) == one
    assert run("--jobs", "2", "--db", db) == one


def test_bad_executor_flags_are_one_line(tree):
    from click.testing import CliRunner

    from loganalyzer.cli import main

    result = CliRunner().invoke(main, ["scan", str(tree), "--jobs", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["scan", str(tree), "--executor", "serial", "--scheduler", "tcp://x:1"])
    assert result.exit_code == 2 and "--scheduler is for --executor dask" in result.output
    with pytest.raises(ExecutorError):
        with open_executor(1, "threads"):
            pass


def test_dask_unreachable_scheduler_is_one_line(tree):
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    result = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tree), "--scheduler",
                             "tcp://127.0.0.1:9"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in result.stderr


def test_shards_discover_what_the_whole_walk_discovers(tree):
    assert shard_dirs(str(tree)) == ["csv", "hf", "keras", "lightning_logs", "tb", "torch"]
    assert shard_dirs(str(SAMPLE_LOGS)) is None  # LABELS.tsv: the root holds a file
    assert shard_dirs(str(SAMPLE_LOGS / "lightning_logs")) == ["version_0", "version_1"]
    assert shard_dirs(str(tree / "tb" / "run_00000")) is None


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR)
    try:
        yield cluster
    finally:
        cluster.close()


def test_dask_cluster_same_report(tree, cluster, tmp_path):
    serial = doc(tree)
    assert doc(tree, executor="dask", scheduler=cluster.scheduler_address) == serial
    db = str(tmp_path / "s.sqlite")
    assert doc(tree, executor="dask", scheduler=cluster.scheduler_address, store=db) == serial
    assert doc(tree, executor="dask", scheduler=cluster.scheduler_address, store=db) == serial
    assert doc(SAMPLE_LOGS, executor="dask", scheduler=cluster.scheduler_address) == doc(SAMPLE_LOGS)


def test_dask_sharded_discovery(tree, cluster):
    with open_executor(None, "dask", cluster.scheduler_address) as executor:
        for root in (tree, SAMPLE_LOGS, SAMPLE_LOGS / "lightning_logs"):
            mine, theirs = [], []
            assert executor.discover(str(root), mine) == discover(str(root), theirs)
            assert mine == theirs


def test_shard_dirs_asks_each_version_dir_for_its_metrics_as_os_path_exists_would(tmp_path):
    """``shard_dirs``' look for a Lightning ``metrics.csv`` in each ``version_N`` (relative to the open directory
    where the system can, ``_holds_metrics``) answers as ``os.path.exists``: a link to a metrics.csv counts, a
    dangling one or a missing file does not; any version without one keeps the versions together (None)."""
    import os

    from loganalyzer.executor_shards import _holds_metrics, shard_dirs

    root = tmp_path / "lightning_logs"
    for v in range(4):
        (root / f"version_{v}").mkdir(parents=True)
    (root / "version_0" / "metrics.csv").write_text("epoch,step\n")
    (root / "version_1" / "metrics.csv").mkdir()  # a directory of that name: os.path.exists says yes
    (root / "version_2" / "metrics.csv").symlink_to(root / "version_0" / "metrics.csv")
    (root / "version_3" / "metrics.csv").symlink_to(tmp_path / "gone.csv")  # dangling
    with _holds_metrics(str(root)) as holds:
        got = [holds(f"version_{v}") for v in range(4)] + [holds("nothing_here")]
    assert got == [os.path.exists(root / name / "metrics.csv")
                   for name in ("version_0", "version_1", "version_2", "version_3", "nothing_here")]
    assert got == [True, True, True, False, False]
    assert shard_dirs(str(root)) is None  # version_3 holds none: the versions are discovered together
    (tmp_path / "gone.csv").write_text("epoch,step\n")
    assert shard_dirs(str(root)) == [f"version_{v}" for v in range(4)]
