"""read_scalars of a big tree on several processes (loganalyzer.load_parallel): the very table (rows, order,
dtypes, categories) and the very warnings, in order, that one process gives; small trees stay in this process."""
from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import loganalyzer
import loganalyzer.executor
import loganalyzer.load_parallel as load_parallel

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """60 generated runs of five formats (resumed event files, NaN runs), the sample logs, and damaged files."""
    from scale_tree import generate

    root = tmp_path_factory.mktemp("readpar") / "logs"
    generate(root, 60, steps=40)
    for child in (REPO / "sample_logs").iterdir():
        if child.is_dir():
            shutil.copytree(child, root / f"sample_{child.name}")
    bad = root / "tb" / "bad"
    bad.mkdir()
    (bad / "events.out.tfevents.1.host").write_bytes(b"\x00" * 40)  # not an event file
    (event,) = sorted((root / "tb").glob("run_*/events.*"))[:1]
    (root / "tb" / "cut").mkdir()
    (root / "tb" / "cut" / event.name).write_bytes(event.read_bytes()[:-9])  # cut mid-record
    (root / "csv" / "broken.csv").write_bytes(b"step,loss\n1,0.5\n2,abc\n3,\n")
    (root / "hf" / "bad_state").mkdir()
    (root / "hf" / "bad_state" / "trainer_state.json").write_text("{not json")
    # discovery's own problems (Git LFS pointers, a CSV named like a loss log) in several run dirs of tb/ and hf/
    # (read as one walk per task, its problems in the walk's order) and in csv/
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32 + "\nsize 1234\n"
    for rel in ("tb/lfs_a/events.out.tfevents.1.host", "tb/lfs_b/events.out.tfevents.2.host",
                "tb/run_zz_lfs/events.out.tfevents.3.host", "hf/lfs_state/trainer_state.json"):
        (root / rel).parent.mkdir()
        (root / rel).write_text(pointer)
    (root / "csv" / "val_loss.csv").write_text("train,valid\n0.5,0.6\n0.4,0.5\n")
    return root


def read(path, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = loganalyzer.read_scalars(path, **kw)
    return frame, [str(w.message) for w in caught]


def assert_same(a, b):
    assert list(a.columns) == list(b.columns)
    assert [str(t) for t in a.dtypes] == [str(t) for t in b.dtypes]
    for col in ("dir", "tag"):
        assert list(a[col].cat.categories) == list(b[col].cat.categories)
        assert np.array_equal(a[col].cat.codes.to_numpy(), b[col].cat.codes.to_numpy())
        assert a[col].cat.codes.dtype == b[col].cat.codes.dtype
    for col in ("step", "value", "wall_time"):
        assert a[col].to_numpy().tobytes() == b[col].to_numpy().tobytes()
    assert a.attrs == b.attrs


def test_parallel_read_is_the_serial_read(tree, monkeypatch):
    serial, serial_warnings = read(tree, jobs=1)
    merged = []
    real_merge = load_parallel.merge
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 0)
    monkeypatch.setattr(load_parallel, "merge", lambda parts: merged.append(len(parts)) or real_merge(parts))
    # under pytest-xdist the test process runs execnet's threads (a pool would spawn: read_parallel declines)
    monkeypatch.setattr(loganalyzer.executor, "_start_method", lambda: "fork")
    parallel, parallel_warnings = read(tree, jobs=2)
    assert merged and merged[0] > 1  # it did run on workers, several tasks
    assert_same(parallel, serial)
    assert parallel_warnings == serial_warnings
    assert any("not a TensorBoard event file" in w for w in serial_warnings)
    assert sum("Git LFS" in w for w in serial_warnings) == 4 and any("named like a loss log" in w
                                                                     for w in serial_warnings)
    assert len(serial) > 8_000 and serial["dir"].nunique() > 60


def test_small_tree_and_resolved_view_stay_here(tree, monkeypatch):
    monkeypatch.setattr(load_parallel, "merge", lambda parts: pytest.fail("a pool for a small tree"))
    monkeypatch.setattr(loganalyzer.executor, "_start_method", lambda: "fork")
    read(tree / "keras", jobs=2)  # a tree of fewer than MIN_ENTRIES entries
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 0)
    read(tree, jobs=2, resolve=True)  # the resolved view: one process
    read(tree / "csv" / "broken.csv", jobs=2)  # a file


def test_merge_interleaved_dirs():
    """Tasks whose dir names interleave in name order ('a-b' sorts before 'a/x') are merged by dir name."""
    from loganalyzer.combine import Combined

    def part(dirs, tags, dir_codes, tag_codes, steps, walls=None):
        n = len(steps)
        walls = np.full(n, np.nan) if walls is None else np.array(walls)
        return load_parallel.pack(Combined(dirs, np.array(dir_codes), tags, np.array(tag_codes),
                                           np.array(steps, dtype=np.int64), np.arange(n, dtype=np.float64), walls))

    merged = load_parallel.merge([part(["a/x", "c"], ["loss"], [0, 0, 1], [0, 0, 0], [1, 2, 1]),
                                  part(["a-b"], ["acc", "loss"], [0, 0], [0, 1], [5, 5], [1.5, 2.5])])
    assert merged.dir_names == ["a-b", "a/x", "c"] and merged.tag_names == ["acc", "loss"]
    assert merged.dir_codes.tolist() == [0, 0, 1, 1, 2]
    assert merged.tag_codes.tolist() == [0, 1, 1, 1, 1]
    assert merged.steps.tolist() == [5, 5, 1, 2, 1] and merged.steps.dtype == np.int64
    assert merged.values.tolist() == [0, 1, 0, 1, 2]
    assert merged.wall_times[:2].tolist() == [1.5, 2.5] and np.isnan(merged.wall_times[2:]).all()
    # codes in the width pd.Categorical keeps them in (no int64 copy of every row), whatever the count of names
    assert merged.dir_codes.dtype == merged.tag_codes.dtype == np.int8
    for n, kind in ((126, np.int8), (127, np.int16), (32766, np.int16), (32767, np.int32)):
        codes = pd.Categorical.from_codes(np.zeros(1, dtype=load_parallel._code_type(n)), categories=range(n)).codes
        assert load_parallel._code_type(n) == kind == codes.dtype.type


def test_pack_keeps_every_bit():
    """The packed hand-over (series as runs, int32 steps where they fit, wall times without numpy's NaN) gives back
    each column bit for bit: steps past int32, a NaN with another payload, -0.0 and infinities."""
    from loganalyzer.combine import Combined

    odd_nan = np.array([0x7FF8000000000001], dtype=np.uint64).view(np.float64)[0]
    walls = np.array([np.nan, -0.0, odd_nan, np.inf, np.nan, 1.7e9, np.nan])
    for steps in ([0, 1, 2, 0, 5, 2**31 - 1, -2**31], [0, 1, 2**31, 0, 1, 2**40, -2**63]):
        c = Combined(["a", "b"], np.array([0, 0, 0, 0, 1, 1, 1]), ["acc", "loss"], np.array([0, 0, 1, 1, 0, 0, 1]),
                     np.array(steps, dtype=np.int64), np.arange(7, dtype=np.float64), walls)
        packed = load_parallel.pack(c)
        assert packed[3].dtype == (np.int32 if max(steps) < 2**31 else np.int64)
        m = load_parallel.merge([packed])
        assert m.dir_codes.tolist() == c.dir_codes.tolist() and m.tag_codes.tolist() == c.tag_codes.tolist()
        for a, b in ((m.steps, c.steps), (m.values, c.values), (m.wall_times, c.wall_times)):
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes()



def test_merged_wall_times_of_parts_with_all_some_and_no_clocks_keep_every_bit():
    """Parts whose rows all have a clock (event files), none (CSV, HF) or some, merged in dir order: the wall-time
    column is theirs bit for bit, in order (a NaN with another payload is a clock; numpy's NaN is none)."""
    from loganalyzer.combine import Combined

    odd_nan = np.array([0x7FF8000000000001], dtype=np.uint64).view(np.float64)[0]
    given = {"a": [1.5, -0.0, odd_nan], "b": [np.nan, np.nan], "c": [np.nan, 2.5e9, np.inf, np.nan], "d": [7.0]}
    parts = []
    for name, walls in given.items():
        n = len(walls)
        parts.append(load_parallel.pack(Combined([name], np.zeros(n, dtype=np.int64), ["loss"],
                                                 np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64),
                                                 np.arange(n, dtype=np.float64), np.array(walls))))
    assert [len(p[6]) for p in parts] == [3, 0, 2, 1]  # all, none, some, all
    merged = load_parallel.merge(parts)
    assert merged.dir_names == list(given)
    assert merged.wall_times.tobytes() == np.concatenate([np.array(w) for w in given.values()]).tobytes()

def test_merge_writes_small_pages_and_puts_numpy_huge_page_advice_back(monkeypatch):
    """The merge runs with numpy's huge-page advice off (``_small_pages``: fresh huge pages stall on this VM) and
    leaves the flag as it found it, on or off, also when the merge raises."""
    switch = load_parallel._huge_page_switch()
    if switch is None:
        pytest.skip("this numpy has no huge-page switch")
    seen = []
    real = load_parallel._merge

    def spy(parts):
        seen.append(switch(False))  # the flag inside (set back to off at once)
        return real(parts)

    monkeypatch.setattr(load_parallel, "_merge", spy)
    before = switch(True)
    try:
        for start in (True, False):
            switch(start)
            load_parallel.merge([])
            assert switch(start) is start  # put back
        monkeypatch.setattr(load_parallel, "_merge", lambda parts: 1 / 0)
        switch(True)
        with pytest.raises(ZeroDivisionError):
            load_parallel.merge([])
        assert switch(True) is True
    finally:
        switch(before)
    assert seen == [False, False]


def test_wandb_session_dirs_are_not_split(tmp_path):
    """A root holding W&B run dirs directly: the sessions of one resumed run (same id) are one run, so the root is
    not split into shards (neither for read_scalars' pool nor a scan's sharded discovery)."""
    from loganalyzer.discover import discover
    from loganalyzer.executor import open_executor
    from loganalyzer.executor_shards import shard_dirs

    for name in ("offline-run-20240101_120000-abc", "offline-run-20240102_120000-abc", "run-20240103_120000-xyz"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"run-{name.rsplit('-', 1)[1]}.wandb").write_bytes(b"x")
    assert shard_dirs(str(tmp_path)) is None
    serial = [run.id for run in discover(tmp_path)]
    assert serial == ["offline-run-20240102_120000-abc", "run-20240103_120000-xyz"]
    with open_executor(2, "process") as executor:
        assert [run.id for run in executor.discover(tmp_path, [])] == serial


def test_packed_series_are_pack_of_the_combined_table(tree, monkeypatch):
    """A task's table packed from the sort's pair ranks (``combine_raw(series=True)``) is ``pack`` of the raw-view
    ``Combined``, array for array and dtype for dtype, on every task of the tree (restarts, damaged files, NaN runs)
    and on pieces left with no point."""
    from loganalyzer.combine import combine_columns
    from loganalyzer.executor_shards import shard_dirs

    compared = []
    real = load_parallel._packed

    def checked(pieces):
        got, want = real(pieces), load_parallel.pack(combine_columns(pieces, resolve=False))
        assert len(got) == len(want)
        for a, b in zip(got, want):
            if isinstance(b, np.ndarray):
                assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
            else:
                assert a == b
        compared.append(len(pieces))
        return got

    monkeypatch.setattr(load_parallel, "_packed", checked)
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 1)  # a small tree, in tasks as a big one's
    tasks, _ = load_parallel._tasks(str(tree), shard_dirs(str(tree)), 2)
    for task in tasks:
        load_parallel._read_task(str(tree), task)
    assert len(compared) == len(tasks) and sum(compared) > 60
    checked([])
    from loganalyzer.readers import ScalarColumns

    def cols(tags, codes, steps):
        return ScalarColumns(tags, np.array(codes, dtype=np.int64), np.array(steps, dtype=np.int64),
                             np.arange(len(steps), dtype=np.float64), np.full(len(steps), np.nan))

    # a restart purging every point of 'b' and of dir 'x' (names left unused), a dir sorting before another
    checked([("y", cols(["a", "b"], [0, 1, 0, 0], [5, 5, 1, 2]), ((2, 1),), "y/f"),
             ("x", cols(["c"], [0, 0], [3, 0]), ((2, 0),), "x/f"), ("x", cols(["c"], [], []), (), "x/g"),
             ("w", cols(["a"], [0, 0], [2, 1]), (), "w/f")])
    checked([("z", cols(["a"], [0], [3]), ((1, 0),), "z/f")])  # every point purged: an empty table


def test_a_task_reads_with_the_collector_off_and_leaves_it_as_it_was(tree, monkeypatch):
    """A worker's task runs with the cyclic garbage collector off (``_read_task``) and gives what reading with it
    on gives; the collector is on again after the task, and stays off where the caller had turned it off."""
    import gc

    from loganalyzer.executor_shards import shard_dirs

    seen = []
    real = load_parallel._read_shards
    monkeypatch.setattr(load_parallel, "_read_shards", lambda *a: seen.append(gc.isenabled()) or real(*a))
    monkeypatch.setattr(load_parallel, "MIN_ENTRIES", 1)
    task = load_parallel._tasks(str(tree), shard_dirs(str(tree)), 2)[0][0]
    assert gc.isenabled()
    got = load_parallel._read_task(str(tree), task)
    assert seen == [False] and gc.isenabled()
    want = real(str(tree), task)
    assert got[:2] == want[:2] and len(got[2]) == len(want[2])
    for a, b in zip(got[2], want[2]):
        assert a.tobytes() == b.tobytes() if isinstance(b, np.ndarray) else a == b
    gc.disable()
    try:
        load_parallel._read_task(str(tree), task)
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()
