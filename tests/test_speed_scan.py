"""Issue 12 speed paths give exactly what the plain paths give: the pool's sharded discovery, the cached tail slope,
the one-sample tree walk, and the shared (dir, tag) grouping of summarise_series and find_curves."""
from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover
from loganalyzer.executor import _shard_tasks, shard_dirs
from loganalyzer.features import _positions, _slope, _tail_slope
from loganalyzer.load import load_run
from loganalyzer.model import load_default_model
from loganalyzer.scalars_groups import group_scalars
from loganalyzer.summary import summarise_series

SAMPLE_LOGS = Path(__file__).resolve().parent.parent / "sample_logs"


def test_tail_slope_is_polyfit_bit_for_bit():
    rng = np.random.default_rng(1)
    for n in list(range(1, 40)) + [199, 200, 201, 4000]:
        positions = _positions(n)[0]
        tail = positions >= 0.7
        for y in (rng.normal(size=n), np.cumsum(rng.normal(size=n)) * 1e6, np.full(n, 3.0)):
            want = _slope(positions[tail], y[tail]) if tail.sum() >= 2 else 0.0
            assert np.float64(_tail_slope(n, y)).tobytes() == np.float64(want).tobytes()


def test_one_sample_walk_reaches_the_leaves_of_the_batch_walk():
    model = load_default_model()
    if model is None:
        pytest.skip("no model built")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(300, len(model.feature_names))) * 10
    X[rng.random(X.shape) < 0.25] = np.nan
    for i, j in enumerate(rng.integers(len(model._feature), size=100)):
        X[i, model._feature[j]] = model._threshold[j]  # exactly on a threshold
    for x in X:
        node = np.broadcast_to(model._roots, (1, len(model._roots))).copy()
        while True:  # the batch walk, as decision_function does it for many rows
            inner = ~model._is_leaf[node]
            if not inner.any():
                break
            v = x[model._feature[node]]
            left = np.where(np.isnan(v), model._missing_left[node], v <= model._threshold[node])
            node = np.where(inner, np.where(left, model._left[node], model._right[node]), node)
        assert np.array_equal(model._leaves_of_one(x), node[0])


def _runs(root):
    return [load_run(run) for run in discover(str(root), [])]


def test_grouped_summaries_and_curves_are_the_plain_ones():
    for loaded in _runs(SAMPLE_LOGS):
        groups = group_scalars(loaded.scalars)
        assert groups is not None or len(loaded.scalars) == 0
        assert repr(summarise_series(loaded.scalars, groups)) == repr(summarise_series(loaded.scalars))  # NaN-safe
        if len(loaded.scalars) == 0:
            continue
        plain, fast = find_curves(loaded.scalars), find_curves(loaded.scalars, groups=groups)
        assert plain.notes == fast.notes
        for field in dataclasses.fields(plain):
            a, b = getattr(plain, field.name), getattr(fast, field.name)
            series_a = a if isinstance(a, tuple) else (a,)
            series_b = b if isinstance(b, tuple) else (b,)
            for sa, sb in zip(series_a, series_b):
                if hasattr(sa, "steps"):
                    assert (sa.name, sa.x) == (sb.name, sb.x)
                    assert sa.steps.tobytes() == sb.steps.tobytes() and sa.values.tobytes() == sb.values.tobytes()
                else:
                    assert repr(sa) == repr(sb)


POOL_DISCOVERY = """
import sys
from loganalyzer.discover import discover
from loganalyzer.executor import ProcessExecutor, _start_method, shard_dirs
root = sys.argv[1]
assert _start_method() == "fork", _start_method()
assert shard_dirs(root)
executor = ProcessExecutor(2)
try:
    mine, theirs = [], []
    got = executor.discover(root, mine)
    assert executor.warm, "the pool did not discover"
    assert got == discover(root, theirs), "runs differ"
    assert mine == theirs, "problems differ"
    assert executor.parallel(1)  # warm workers judge even one run
    print(len(got))
finally:
    executor.close()
"""


def test_pool_discovery_is_the_walk(tmp_path):
    """In a fresh process (one thread: the pool forks; under pytest-xdist this process has threads and would spawn),
    the pool's sharded discovery of a tree whose big directory is split one level further equals the serial walk,
    runs and problems alike."""
    root = tmp_path / "tree"
    shutil.copytree(SAMPLE_LOGS / "lightning_logs", root / "a" / "lightning_logs")
    for i in range(6):
        shutil.copytree(SAMPLE_LOGS / "lightning_logs", root / "big" / f"exp{i}")
    (root / "c").mkdir()
    (root / "c" / "metrics.csv").write_text("step,loss\n0,1\nnot,a,row\n1,0.5\n")
    done = subprocess.run([sys.executable, "-c", POOL_DISCOVERY, str(root)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) >= 7


def test_shard_tasks_cover_every_shard_once(tmp_path):
    for name in ("a", "b", "c"):
        for i in range(5 if name == "b" else 1):
            (tmp_path / name / f"run{i}").mkdir(parents=True)
            (tmp_path / name / f"run{i}" / "metrics.csv").write_text("step,loss\n0,1\n1,0.5\n")
    tasks = _shard_tasks(str(tmp_path), shard_dirs(str(tmp_path)), 2)
    flat = sorted(child for task in tasks for child in task)
    assert flat == ["a", "b/run0", "b/run1", "b/run2", "b/run3", "b/run4", "c"]


def test_the_sniff_cache_splits_per_shard_in_one_pass_as_a_prefix_filter_would():
    """SniffCache.split (one pass over the cache, for thousands of discovery shards) gives each shard exactly the
    entries below it, local paths and URLs alike, and nothing of the files beside the shards."""
    from loganalyzer.filestate import SniffCache

    known = {f"/r/a{i % 50}/b{i % 7}/run{i}/metrics.csv": ((i, 1), b"x") for i in range(3000)}
    known["/r/top.csv"] = ((1, 1), b"y")
    known["/r/a1x/metrics.csv"] = ((1, 1), b"y")  # a sibling whose name starts like a shard's: not below it
    known["s3://bucket/runs/a1/x.csv"] = ((1, 1), b"z")
    cache = SniffCache(known)
    shards = [f"/r/a{j}" for j in range(50)] + ["s3://bucket/runs/a1"]
    for shard, part in zip(shards, cache.split(shards)):
        assert part.known == {p: v for p, v in known.items() if p.startswith(shard + "/")}
    assert cache.under("/r/a3").known == cache.split(["/r/a3"])[0].known


def test_a_sniff_made_by_other_code_is_made_again(tmp_path):
    """The store keeps what discovery made of each text file; after an upgrade (another code fingerprint) that
    result is not trusted: the new readers sniff the file again (a breaker's train.log, read as a CSV by the old
    code, stayed a CSV on rescans until the file changed)."""
    import pickle

    from loganalyzer.filestate import SniffCache, code_fingerprint, stat_key

    path = tmp_path / "train.log"
    path.write_text("epoch: 1 loss: 0.81\n")
    calls = []

    def fresh():
        calls.append(1)
        return "joblog"

    key, abspath = stat_key(str(path)), str(path.resolve())
    old = SniffCache({abspath: (key, pickle.dumps(("another version", "csv")))})
    assert old.sniff(str(path), fresh, []) == "joblog" and calls == [1]
    assert pickle.loads(old.new[abspath][1]) == (code_fingerprint(), "joblog")
    legacy = SniffCache({abspath: (key, pickle.dumps("csv"))})  # a store written before results carried the code
    assert legacy.sniff(str(path), fresh, []) == "joblog" and calls == [1, 1]
    same = SniffCache({abspath: old.new[abspath]})
    assert same.sniff(str(path), fresh, []) == "joblog" and calls == [1, 1]  # this code's own result: no re-sniff
