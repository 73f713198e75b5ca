"""The overlapped scan (``loganalyzer.scan_stream``: each discovered shard's runs judged at once on the forked pool)
prints what the serial scan prints and what the two-step pool scan (discover every shard, then judge) prints, byte
for byte: damaged files, a run reached twice through a symlink inside the tree, many shards. Each scan runs in a
fresh process (one thread: the pool forks; under pytest-xdist this process has threads and would spawn)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

SCAN = """
import json, sys
import loganalyzer.scan_stream as stream
from loganalyzer.executor import _start_method
from loganalyzer.scan import scan

root, mode = sys.argv[1], sys.argv[2]
took = []
plain = stream.stream_scan


def spy(*args, **kw):
    if mode == "two-step":  # declined: the pool discovers every shard, then judges
        return None
    out = plain(*args, **kw)
    took.append(out is not None)
    return out


stream.stream_scan = spy
kw = {"serial": dict(jobs=1), "stream": dict(jobs=2, executor="process"),
      "two-step": dict(jobs=2, executor="process")}[mode]
report = scan([root], **kw)
assert _start_method() == "fork"
print(json.dumps({"took": took, "doc": report.to_dict()}))
"""


def run_scan(root: Path, mode: str) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", SCAN, str(root), mode], capture_output=True, text=True,
                          timeout=300, cwd=str(REPO))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """60 generated runs of five formats, damaged files, and a run reached twice (a symlink in another shard)."""
    from scale_tree import generate

    root = tmp_path_factory.mktemp("stream") / "logs"
    generate(root, 60, steps=40)
    (root / "csv" / "broken.csv").write_bytes(b"step,loss\n1,0.5\n2,\x00\x01\n")
    bad = root / "tb" / "run_bad"
    bad.mkdir()
    (bad / "events.out.tfevents.1.host").write_bytes(b"\x00" * 40)  # not an event file
    (root / "zz").mkdir()
    (root / "zz" / "again").symlink_to(root / "tb" / "run_00000", target_is_directory=True)
    (root / "zz" / "own").mkdir()
    (root / "zz" / "own" / "metrics.csv").write_text("step,loss\n0,1.0\n1,0.8\n2,0.7\n")
    return root


def test_overlapped_scan_is_the_serial_scan_and_the_two_step_scan(tree):
    serial = run_scan(tree, "serial")
    streamed = run_scan(tree, "stream")
    two_step = run_scan(tree, "two-step")
    assert streamed["took"] == [True], "the overlapped path was not taken"
    assert serial["took"] == [False] and two_step["took"] == []
    assert streamed["doc"] == serial["doc"] == two_step["doc"]
    runs = [r["run"] for r in serial["doc"]["runs"]]
    assert len(runs) == len(set(runs)) and "zz/own/metrics.csv" in runs and "csv/broken.csv" in runs
    assert "tb/run_00000" in runs and not any(r.startswith("zz/again") for r in runs)  # one run, named once
    assert any("not a TensorBoard event file" in e["message"] for e in serial["doc"]["errors"])


def test_what_declines_the_overlapped_path(tree, tmp_path):
    """A progress callback, a store, several paths or a root that holds files: the two-step scan, same report."""
    from loganalyzer.scan import scan
    from loganalyzer.scan_stream import stream_scan
    from loganalyzer.executor import ProcessExecutor, SerialExecutor

    assert stream_scan(SerialExecutor(), tree, None, False, []) is None
    assert stream_scan(ProcessExecutor(1), tree, None, False, []) is None
    assert stream_scan(ProcessExecutor(2), REPO / "sample_logs", None, False, []) is None  # LABELS.tsv at the root
    seen = []
    report = scan([tree], jobs=2, executor="process", progress=lambda done, total: seen.append(done))
    assert seen == list(range(len(report.runs) + 1))
    assert scan([tree], jobs=2, executor="process", store=str(tmp_path / "s.sqlite")).to_dict() == report.to_dict()
