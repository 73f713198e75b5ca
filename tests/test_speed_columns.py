"""Issue 12, second round: a scan judges the combined bare columns without building a DataFrame and without
importing pandas (``load_run(..., lazy=True)``, ``scalars_groups.group_columns``, readers importing pandas only
where they build a table, ``readers.NO_ROWS``), and the CSV fast path's float parsing; each gives exactly what
the DataFrame path gives."""
from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from loganalyzer.discover import discover
from loganalyzer.load import load_run
from loganalyzer.readers import NO_ROWS, empty_frame
from loganalyzer.readers._fastcsv import _floats
from loganalyzer.scalars_groups import group_columns, group_scalars
from loganalyzer.scan import AnalysisOptions, summarise_run

REPO = Path(__file__).resolve().parent.parent
SAMPLE_LOGS = REPO / "sample_logs"


@pytest.fixture(scope="module")
def mixed_tree(tmp_path_factory):
    """A small generated tree of the bench's formats (TensorBoard, Lightning, Keras, HF, plain CSV)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from scale_tree import generate
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    root = tmp_path_factory.mktemp("mixed") / "tree"
    generate(root, 24, 60)
    return root


def _same_frames(a, b) -> None:
    assert list(a.columns) == list(b.columns)
    assert [str(d) for d in a.dtypes] == [str(d) for d in b.dtypes]
    for c in ("dir", "tag"):
        if c in a.columns:
            assert list(a[c].cat.categories) == list(b[c].cat.categories)
    assert a.equals(b)


def _trees(mixed_tree):
    return [SAMPLE_LOGS, mixed_tree]


def test_lazy_load_gives_the_same_table_groups_and_summary(mixed_tree):
    options = AnalysisOptions()
    for tree in _trees(mixed_tree):
        for run in discover(str(tree), []):
            eager, lazy = load_run(run), load_run(run, lazy=True)
            assert lazy.points == len(eager.scalars)
            want = group_scalars(eager.scalars) if len(eager.scalars) else None
            got = group_columns(*lazy.scalar_columns) if lazy.points else None
            if want is None:
                assert got is None or not lazy.points
            else:
                for name in ("steps", "values", "starts", "stops", "keys"):
                    np.testing.assert_array_equal(getattr(got, name), getattr(want, name))
                assert (got.n_tags, got.dir_names, got.tag_names) == (want.n_tags, want.dir_names, want.tag_names)
            assert repr(summarise_run(lazy, run.id, options)) == repr(summarise_run(eager, run.id, options))
            _same_frames(lazy.scalars, eager.scalars)  # built on first use, the same table
            assert lazy.problems == eager.problems and lazy.step_rules == eager.step_rules


def test_no_rows_is_the_empty_table_when_used():
    empty = empty_frame()
    assert len(NO_ROWS) == 0
    assert list(NO_ROWS.columns) == list(empty.columns)
    _same_frames(pickle.loads(pickle.dumps(NO_ROWS)), empty)


def test_fast_floats_are_float_of_each_cell():
    cases = [
        [b"1", b"2.5", b"-3e-7", b"0.1"],
        [b"", b"1.25", b"", b"", b"7"],
        [b"nan", b"-nan", b"", b"1e308", b"1e-320"],
        [b""],
    ]
    for cells in cases:
        want = np.array([float("nan") if c == b"" else float(c) for c in cells], dtype=np.float64)
        assert _floats(cells).tobytes() == want.tobytes()
    for bad in ([b"1", b"--1"], [b"", b"1e"], [b" "]):
        with pytest.raises(ValueError):
            _floats(bad)


_PROBE = """
import json, sys
class _NoPandas:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas imported by a scan")
sys.meta_path.insert(0, _NoPandas())  # forked workers inherit it
import gc
from loganalyzer.scan import scan
report = scan([sys.argv[1]], jobs=int(sys.argv[2]))
print(json.dumps(report.to_dict()))
print(gc.get_freeze_count())  # the pool froze the collector while it ran (executor._freeze), and only then
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_scan_of_the_common_formats_never_imports_pandas(mixed_tree, jobs):
    """Parent and forked workers alike: with pandas made unimportable the report is the usual one."""
    blocked = subprocess.run([sys.executable, "-c", _PROBE, str(mixed_tree), str(jobs)], capture_output=True,
                             text=True, check=True, cwd=REPO)
    plain = subprocess.run([sys.executable, "-c", _PROBE.replace("sys.meta_path.insert", "(lambda *a: 0)"),
                            str(mixed_tree), "1"], capture_output=True, text=True, check=True, cwd=REPO)
    document, frozen = blocked.stdout.splitlines()
    report = json.loads(document)
    assert len(report["runs"]) == 24 and not report["errors"]
    assert all(not run.get("errors") for run in report["runs"])
    assert blocked.stdout == plain.stdout and frozen == "0"
