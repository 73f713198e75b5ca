"""Issue 12 (stop 69): per-run overhead of ``read_scalars`` cut without changing what it gives.

- ``discover_passed.passed_over`` reads a run folder's files from the walk's own listing (``discover._Tree.listings``)
  instead of listing the folder again: the lines it writes must be those of a fresh listing, in a tree where one
  folder holds several formats (an event file, a CSVLogger table, a trainer_state.json) beside files no reader takes
  (public gancourse195 ``losses.txt``: lines of bare numbers; kdflair201 ``list_val_acc_fold0.csv``), in the walk of
  ``discover`` and of ``load_parallel``'s tasks.
- ``combine_raw._finish`` builds the dir/tag codes per (dir, tag) pair: the ``Combined`` must equal the numpy path's
  (``LOGANALYZER_PURE_PYTHON=1``), names, codes (values and dtype), steps, values, wall times.
"""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def _trainer_state(folder: Path) -> None:
    """A trainer_state.json as transformers' ``TrainerState.save_to_json`` writes it (json.dumps, indent 2,
    sort_keys): training entries, evaluation entries at the same steps, the end-of-training summary."""
    history = []
    for step in range(10, 110, 10):
        history.append({"epoch": step / 50, "grad_norm": 1.0 / step, "learning_rate": 5e-5 * (1 - step / 100),
                        "loss": 2.0 / (1 + step / 20), "step": step})
        if step % 50 == 0:
            history.append({"epoch": step / 50, "eval_accuracy": 0.5 + step / 400, "eval_loss": 1.5 / (1 + step / 30),
                            "eval_runtime": 1.23, "eval_samples_per_second": 812.3, "eval_steps_per_second": 25.4,
                            "step": step})
    history.append({"epoch": 2.0, "step": 100, "total_flos": 1.2e12, "train_loss": 0.9, "train_runtime": 55.1,
                    "train_samples_per_second": 36.3, "train_steps_per_second": 1.8})
    state = {"best_metric": None, "epoch": 2.0, "global_step": 100, "log_history": history, "logging_steps": 10,
             "max_steps": 100, "num_train_epochs": 2, "total_flos": 1.2e12, "train_batch_size": 20}
    (folder / "trainer_state.json").write_text(json.dumps(state, indent=2, sort_keys=True) + "\n")


def _mixed_tree(root: Path) -> Path:
    """Run folders of several formats, one of them holding an event file, a CSVLogger table and a trainer state,
    and files no reader takes beside them (each a 'passed over' line)."""
    from tensorboardX import SummaryWriter

    mixed = root / "mixed"
    mixed.mkdir(parents=True)
    writer = SummaryWriter(str(mixed))
    for step in range(20):
        writer.add_scalar("train/loss", 1.0 / (step + 1), step)
    writer.close()
    with open(mixed / "training.log", "w") as f:  # Keras CSVLogger's table: epoch first, then the sorted keys
        f.write("epoch,loss,val_loss\n")
        for epoch in range(12):
            f.write(f"{epoch},{1.0 / (epoch + 1)},{1.2 / (epoch + 1)}\n")
    _trainer_state(mixed)
    np.savetxt(mixed / "losses.txt", np.linspace(1.0, 0.1, 40).reshape(2, 20))  # gancourse195: read as a table
    for split in ("train", "val"):  # kdflair201: one line of 50 floats, no reader takes it
        (mixed / f"list_{split}_acc_fold0.csv").write_text(",".join(f"{0.5 + i / 100:.4f}" for i in range(50)) + "\n")
    for i in range(3):  # more run folders, one format each
        other = root / f"hf_{i}"
        other.mkdir()
        _trainer_state(other)
        (other / "list_val_acc_fold0.csv").write_text(",".join(f"{0.4 + i / 90:.4f}" for i in range(50)) + "\n")
        np.savetxt(other / "val_loss_history.txt", np.linspace(2.0, 1.0, 30).reshape(3, 10))  # said: not passed over
    return root


def _problems(root: Path, listings: bool) -> list[str]:
    from loganalyzer.discover import _walk
    from loganalyzer.discover_group import _group
    from loganalyzer.discover_passed import passed_over
    from loganalyzer.fs import LOCAL_FS

    problems: list = []
    tree = _walk(LOCAL_FS, str(root), problems)
    runs = _group(LOCAL_FS, str(root), tree, problems)
    passed_over(LOCAL_FS, str(root), runs, problems, "dir", listings=tree.listings if listings else None)
    return [str(p) for p in problems]


def test_passed_over_from_the_walks_listing_says_what_a_fresh_listing_says(tmp_path):
    root = _mixed_tree(tmp_path / "tree")
    fresh, reused = _problems(root, False), _problems(root, True)
    assert reused == fresh
    passed = [p for p in reused if "passed over" in p]
    assert sum("list_val_acc_fold0.csv" in p for p in passed) == 4 and sum("list_train_acc" in p for p in passed) == 1
    assert not any("val_loss_history.txt" in p for p in passed)  # named by its own line already
    assert sum("val_loss_history.txt" in p for p in reused) == 3


def test_read_scalars_of_a_mixed_tree_warns_each_passed_over_file_once(tmp_path):
    """The whole read (discover's walk, its listings handed to passed_over): every format of the mixed folder read,
    each passed-over file named once, in one process and on two (``load_parallel``'s tasks, ``jobs=2``)."""
    import loganalyzer

    root = _mixed_tree(tmp_path / "tree")
    seen = {}
    for jobs in (1, 2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            df = loganalyzer.read_scalars(root, jobs=jobs)
        seen[jobs] = (df, sorted(str(w.message) for w in caught))
    df, said = seen[1]
    pd.testing.assert_frame_equal(df, seen[2][0])
    assert said == seen[2][1]
    tags = set(df.loc[df["dir"].astype(str).str.startswith("mixed"), "tag"].astype(str))
    assert {"train/loss", "loss", "val_loss", "eval_loss", "eval_accuracy"} <= tags  # event file, CSV, HF state
    passed = [s for s in said if "passed over" in s]
    assert len(passed) == 5 and len(set(passed)) == 5


def test_read_parallel_task_passes_over_what_discover_does(tmp_path):
    """``load_parallel._read_shards`` (a worker's task: its own walk, its listings) names the same passed-over files
    as ``discover`` of the tree."""
    from loganalyzer.discover import discover
    from loganalyzer.load_parallel import _read_shards

    root = _mixed_tree(tmp_path / "tree")
    found, _, _ = _read_shards(str(root), sorted(os.listdir(root)))
    problems: list = []
    discover(root, problems)
    assert sorted(str(p) for p in found[0] if "passed over" in str(p)) == \
        sorted(str(p) for p in problems if "passed over" in str(p))


def test_combine_raw_codes_per_pair_equal_the_numpy_path(monkeypatch):
    """Pieces of several dirs whose tags overlap, a tag held by no row (its piece's rows all under another code),
    dirs given out of order: the C sort's ``_finish`` and the numpy path's ``_finish_rows`` give one table."""
    from loganalyzer.combine_raw import combine_raw
    from loganalyzer.readers import ScalarColumns

    rng = np.random.default_rng(69)
    pieces = []
    for k, d in enumerate(["run_10", "run_2", "a/train", "a/validation", "run_2"]):
        tags = ["loss", "val_loss", "lr"] if k % 2 else ["loss", "unused", "acc"]
        n = 50 + 10 * k
        codes = rng.integers(0, 3, n).astype(np.int64)
        if not k % 2:
            codes[codes == 1] = 0  # 'unused' holds no row
        pieces.append((d, ScalarColumns(tags, codes, rng.integers(0, 40, n).astype(np.int64), rng.random(n),
                                        np.full(n, np.nan) if k % 2 else rng.random(n)), (), f"{d}/f{k}"))
    fast = combine_raw(pieces)
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
    slow = combine_raw(pieces)
    assert fast.dir_names == slow.dir_names and fast.tag_names == slow.tag_names
    assert "unused" not in fast.tag_names
    for name in ("dir_codes", "tag_codes", "steps", "values", "wall_times"):
        a, b = getattr(fast, name), getattr(slow, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("jobs", [1, 2])
def test_generated_tree_reads_the_same_through_the_numpy_paths(tmp_path, monkeypatch, jobs):
    """The bench's mixed tree (benchmarks/scale_tree.py, 300 runs): the table with the C paths and the numpy/Python
    twins (``LOGANALYZER_PURE_PYTHON=1``) is one table."""
    import sys

    import loganalyzer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from scale_tree import generate

    generate(tmp_path / "tree", 300, 40)
    fast = loganalyzer.read_scalars(tmp_path / "tree", jobs=jobs)
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
    slow = loganalyzer.read_scalars(tmp_path / "tree", jobs=jobs)
    pd.testing.assert_frame_equal(fast, slow)
