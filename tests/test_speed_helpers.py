"""The fast paths of the scan (issue 12's speed work) give exactly what the plain calls they replace give: the
learned verdict model is fed with these numbers, so "close" is not enough -- bytes are compared."""
from __future__ import annotations

import os

import numpy as np
import pytest

from loganalyzer import features
from loganalyzer.features_robust import (
    bin_medians, block_medians, median, row_medians, running_median, trailing_medians,
)
from loganalyzer.filestate import absolute
from loganalyzer.load_hparams import _hparams_loader, _load_yaml
from loganalyzer.scan_ids import _realpath

ODD = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5, -2.0, 3.25, 1e308, 5e-324]


def _same(a, b) -> bool:
    return type(a) is type(b) and np.asarray(a).tobytes() == np.asarray(b).tobytes()


def test_median_is_numpys_bit_for_bit():
    rng = np.random.default_rng(0)
    for t in range(5_000):
        n = int(rng.integers(1, 40))
        a = rng.standard_normal(n) if t % 2 else rng.choice(ODD, n)
        with np.errstate(all="ignore"):
            assert _same(np.median(a), median(a)), a
    assert np.isnan(median(np.array([1.0, np.nan, 2.0])))
    with pytest.warns(RuntimeWarning):  # empty: numpy's own answer and warning
        assert np.isnan(median(np.array([])))


def test_many_medians_are_numpys_bit_for_bit():
    rng = np.random.default_rng(1)
    for t in range(500):
        n = int(rng.integers(1, 300))
        y = rng.standard_normal(n) if t % 3 else rng.choice(ODD[4:], n)
        with np.errstate(all="ignore"):
            rows = rng.choice(ODD, (int(rng.integers(1, 9)), int(rng.integers(1, 9))))
            assert np.median(rows, axis=1).tobytes() == row_medians(rows).tobytes()
            k = int(rng.integers(1, n + 1))
            ends = rng.integers(0, n, int(rng.integers(1, 40)))
            ref = np.array([np.median(y[max(0, i - k + 1): i + 1]) for i in ends])
            assert ref.tobytes() == trailing_medians(y, ends, k).tobytes()
            block = int(rng.integers(1, 70))
            ref = np.array([np.median(y[a:a + block]) for a in range(0, n, block)])
            assert ref.tobytes() == block_medians(y, block).tobytes()
            edges = np.linspace(0, n, int(rng.integers(1, n + 1)) + 1).astype(int)
            if (np.diff(edges) > 0).all():
                ref = np.array([np.median(y[a:b]) for a, b in zip(edges[:-1], edges[1:])])
                assert ref.tobytes() == bin_medians(y, edges).tobytes()
            window = int(rng.integers(1, 60))
            assert _running_median_reference(y, window).tobytes() == running_median(y, window).tobytes()


def _running_median_reference(y, window):
    if window <= 1 or len(y) < 3:
        return y.copy()
    window = min(window | 1, len(y) if len(y) % 2 else len(y) - 1)
    half = window // 2
    padded = np.concatenate([np.full(half, y[0]), y, np.full(half, y[-1])])
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, window), axis=1)


def test_spike_mask_is_the_rule_as_first_written():
    """The spike rule computed as it was before the medians were batched (one np.median per block)."""
    rng = np.random.default_rng(2)
    for n in (5, 40, 50, 51, 74, 75, 76, 120, 149, 1000):
        y = np.log10(2 * np.exp(-np.linspace(0, 5, n)) + 0.1 + 0.03 * np.abs(rng.standard_normal(n)))
        y[n // 3::max(1, n // 7)] += 1.0
        for log_scale in (True, False):
            noise = float(np.median(np.abs(np.diff(y))))
            local = _running_median_reference(y, 9)
            resid = y - local
            threshold = 0.5 if log_scale else 3 * max(float(np.median(np.abs(resid))) * 1.4826, noise)
            first = resid > max(threshold, 3 * noise)
            if n <= 50:
                sd = np.full(n, 1.4826 * float(np.median(np.abs(resid))))
            else:
                edges = np.arange(0, n, 50)
                mads = np.array([np.median(np.abs(resid[a:a + 50])) for a in edges])
                if n - edges[-1] < 25 and len(mads) > 1:
                    mads[-1] = max(mads[-1], mads[-2])
                sd = 1.4826 * np.repeat(mads, 50)[:n]
            ref = first & (resid > 8.0 * np.maximum(sd, noise * 1e-3))
            assert (features.spike_mask(y, log_scale, noise, noise) == ref).all()


def test_realpath_per_directory_is_realpath(tmp_path, monkeypatch):
    (tmp_path / "real" / "run").mkdir(parents=True)
    (tmp_path / "real" / "run" / "metrics.csv").write_text("x\n")
    os.symlink(tmp_path / "real", tmp_path / "link")
    os.symlink(tmp_path / "real" / "run", tmp_path / "real" / "alias")
    monkeypatch.chdir(tmp_path)
    cache: dict = {}
    paths = ["link/run", "real/run", "link/alias", "link/run/metrics.csv", "link/../real/run", "link/.", "link",
             str(tmp_path / "link" / "run"), "gone/run", "."]
    for path in paths * 2:
        assert _realpath(path, cache) == os.path.realpath(path), path


def test_absolute_is_abspath(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    for cwd in (tmp_path, tmp_path / "a", tmp_path):
        monkeypatch.chdir(cwd)
        for path in ("x", "a/x", "a/../x", "./x", "a/", "..", "../b/c", "/abs/x", "//abs/x", "a//x", "a/./x"):
            assert absolute(path) == os.path.abspath(path), (cwd, path)
    assert absolute("s3://bucket/a/b") == "s3://bucket/a/b"


@pytest.mark.skipif(_hparams_loader(True) is None, reason="PyYAML without libyaml")
def test_hparams_yaml_read_by_libyaml_as_by_python():
    texts = [b"lr: 0.001\nnum_classes: 10\n", b"a: 1e3\nb: 1.0e+3\nc: yes\nd: ~\ne: .inf\nf: 0o17\ng: 1_000\n",
             b"model: !!python/object:torch.nn.Linear\n  x: 1\nname: 'q'\n", b"- 1\n- 2\n", b"k: [1, 2]\nm: {a: 1}\n",
             "t: caf\u00e9\n".encode(), b"\xef\xbb\xbfa: 1\n", b"a: 1\na: 2\n", b"x: 2020-01-01\n"]
    for text in texts:
        import yaml

        assert _load_yaml(text) == yaml.load(text, Loader=_hparams_loader()), text
    with pytest.raises(Exception):  # refused by both: the Python parser's error
        _load_yaml(b"a: [1, 2\n")


SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sample_logs")


def test_store_read_with_sqlite3_equals_sqlalchemy(tmp_path):
    """A store at the current schema is read with sqlite3 (no SQLAlchemy import); every read gives what the
    SQLAlchemy path gives, and writes still go through SQLAlchemy."""
    from loganalyzer.scan import scan
    from loganalyzer.store import Store

    db = str(tmp_path / "s.sqlite")
    scan(SAMPLE, store=db)  # creates and fills it (the SQLAlchemy way)
    fast = Store.open("sqlite:///" + db)
    assert fast._sqlite_file == db and fast._engine is None
    slow = Store.open("sqlite:///" + db)
    slow._sqlite_file = None
    import sqlite3

    with sqlite3.connect(db) as conn:
        keys = [row[0] for row in conn.execute("SELECT key FROM runs")]
        paths = [row[0] for row in conn.execute("SELECT path FROM files")]
        sniffed = [row[0] for row in conn.execute("SELECT path FROM sniffs")]
    assert keys and paths
    assert fast.runs(keys + ["no such key"]) == slow.runs(keys + ["no such key"])
    assert fast.files(paths) == slow.files(paths)
    assert fast.sniffs(sniffed) == slow.sniffs(sniffed)
    root = os.path.abspath(SAMPLE)
    assert fast.all_sniffs_under(root) == slow.all_sniffs_under(root)
    assert fast._engine is None  # nothing read needed the engine
    fast.put([], [])
    assert fast.info()["runs"] == len(keys)  # the engine, made on first use
    fast.close()
    slow.close()


def test_unchanged_rescan_imports_neither_pandas_nor_sqlalchemy(tmp_path):
    """The whole-command rescan: served from the store, it imports neither pandas nor SQLAlchemy (~0.5 s)."""
    import subprocess
    import sys

    db = str(tmp_path / "s.sqlite")
    env = {**os.environ, "LOGANALYZER_DB": db}
    cmd = [sys.executable, "-m", "loganalyzer", "scan", SAMPLE, "--format", "json", "-o", str(tmp_path / "a.json")]
    subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=tmp_path)
    probe = ("import runpy, sys\n"
             "sys.argv = ['loganalyzer'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('loganalyzer', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pandas', 'sqlalchemy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe] + cmd[3:-1] + [str(tmp_path / "b.json")], env=env, check=True,
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
