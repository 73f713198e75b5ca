"""``load_run`` and the public table calls: what the real writers wrote comes back exactly, later-written points
win, restarts purge orphans, bad files become Problems (never tracebacks), and combining 1M rows is fast."""
from __future__ import annotations

import mmap
import os
import struct
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loganalyzer
from loganalyzer import LoadedRun, Problem, Run, discover, load_run, read_hparams, read_histograms, read_scalars
from loganalyzer.discover import LocalFileSystem
from loganalyzer.load import HISTOGRAM_COLUMNS, LogReadWarning, combine
from loganalyzer.readers import scalar_frame
from loganalyzer.runs import SCALAR_COLUMNS
from test_discover import (
    HF_LOGGING_DIR, REAL_LOGS, SWEEP_DIRS, build_writer_tree, mlflow_run_id, mlflow_run_key, write_torch_scalars,
)

NOT_AN_EVENT_FILE = b"this is a text file that only looks like an event file by its name\n" * 3


@pytest.fixture(scope="session")
def tree(tmp_path_factory) -> Path:
    return build_writer_tree(tmp_path_factory.getbasetemp() / "writer_tree")


@pytest.fixture(scope="session")
def runs(tree) -> dict[str, Run]:
    return {run.id: run for run in discover(tree)}


def loaded(runs, run_id: str) -> LoadedRun:
    result = load_run(runs[run_id])
    assert result.errors == (), result.errors
    return result


def series(frame: pd.DataFrame, tag: str, dir: str = "") -> list[tuple[int, float]]:
    rows = frame[(frame["dir"] == dir) & (frame["tag"] == tag)]
    return list(zip(rows["step"].tolist(), rows["value"].tolist()))


def assert_tidy(frame: pd.DataFrame) -> None:
    """The contract's table: exact columns and dtypes, sorted by (dir, tag, step) (a step logged twice in one
    session keeps both points, in write order)."""
    assert list(frame.columns) == list(SCALAR_COLUMNS)
    assert isinstance(frame["dir"].dtype, pd.CategoricalDtype) and isinstance(frame["tag"].dtype, pd.CategoricalDtype)
    assert frame["step"].dtype == np.int64
    assert frame["value"].dtype == np.float64 and frame["wall_time"].dtype == np.float64
    keys = list(zip(frame["dir"].astype(str), frame["tag"].astype(str), frame["step"].tolist()))
    assert keys == sorted(keys)


# ---------------------------------------------------------------- later-written wins, restarts


def test_resumed_run_later_file_wins_on_repeated_steps(runs):
    frame = loaded(runs, "resumed").scalars
    assert_tidy(frame)
    assert series(frame, "loss") == [(s, float(s)) for s in range(5)] + [(s, 100.0 + s) for s in range(5, 15)]


def test_purge_step_restart_drops_orphaned_points_of_every_tag(runs):
    frame = loaded(runs, "purged").scalars
    assert series(frame, "loss") == [(s, float(s)) for s in range(5)] + [(s, 100.0 + s) for s in range(5, 8)]
    assert series(frame, "other") == [(s, float(-s)) for s in range(5)]


def _purged_pair(directory: Path, first_name: str, second_name: str) -> None:
    """Two torch SummaryWriter sessions, the second started with purge_step=5, under names we choose."""
    for name, (series_, args) in zip(
        (first_name, second_name),
        (({"loss": [(s, float(s)) for s in range(10)], "other": [(s, -s) for s in range(10)]}, {}),
         ({"loss": [(s, 100.0 + s) for s in range(5, 8)]}, {"purge_step": 5})),
    ):
        scratch = directory / "scratch"
        write_torch_scalars(scratch, series_, **args)
        (written,) = scratch.iterdir()
        written.rename(directory / name)
        scratch.rmdir()


def test_restart_in_a_file_named_10_after_one_named_9(tmp_path):
    # torch numbers a process's writers .0, .1, ...: written in one second, '.10' sorts before '.9' as text
    _purged_pair(tmp_path, "events.out.tfevents.1700000000.host.1.9", "events.out.tfevents.1700000000.host.1.10")
    frame = read_scalars(tmp_path, resolve=True)
    assert series(frame, "loss") == [(s, float(s)) for s in range(5)] + [(s, 100.0 + s) for s in range(5, 8)]
    assert series(frame, "other") == [(s, float(-s)) for s in range(5)]


def test_matches_tensorboard_event_accumulator_with_purge(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    _purged_pair(tmp_path, "events.out.tfevents.1700000000.host.1.1", "events.out.tfevents.1700000001.host.1.2")
    accumulator = EventAccumulator(str(tmp_path), size_guidance={"scalars": 0}, purge_orphaned_data=True)
    accumulator.Reload()
    frame = read_scalars(tmp_path, resolve=True)
    for tag in ("loss", "other"):
        expected = {e.step: e.value for e in accumulator.Scalars(tag)}  # later events win on a repeated step
        assert series(frame, tag) == sorted(expected.items()), tag


def test_matches_tbparse_on_subdirs_and_tensor_scalars(tree):
    tbparse = pytest.importorskip("tbparse")
    for run_dir in ("tb/run1", "keras_tb", "tbx/exp"):
        reader = tbparse.SummaryReader(str(tree / run_dir), extra_columns={"dir_name", "wall_time"})
        ref = pd.concat([reader.scalars, reader.tensors]) if len(reader.tensors) else reader.scalars
        ref = ref[~ref["tag"].str.startswith("_hparams_")]
        ref = ref.sort_values(["dir_name", "tag", "step"], kind="stable")
        ours = read_scalars(tree / run_dir)
        assert len(ours) > 0
        assert ours["dir"].astype(str).tolist() == ref["dir_name"].tolist(), run_dir
        assert ours["tag"].astype(str).tolist() == ref["tag"].tolist(), run_dir
        assert ours["step"].tolist() == ref["step"].tolist(), run_dir
        np.testing.assert_array_equal(ours["value"].to_numpy(), ref["value"].to_numpy(dtype=np.float64))
        np.testing.assert_array_equal(ours["wall_time"].to_numpy(), ref["wall_time"].to_numpy(dtype=np.float64))


# ---------------------------------------------------------------- each writer's run


def test_torch_add_scalars_dirs_and_add_hparams(runs):
    result = loaded(runs, "tb/run1")
    frame = result.scalars
    assert_tidy(frame)
    assert set(frame["dir"].astype(str)) == {"", "acc_train", "acc_val", "1700000000.5"}
    assert series(frame, "loss") == [(s, pytest.approx(1.0 / (s + 1))) for s in range(10)]
    assert series(frame, "acc", "acc_train") == [(s, pytest.approx(s / 10)) for s in range(10)]
    assert series(frame, "acc", "acc_val") == [(s, pytest.approx(s / 20)) for s in range(10)]
    assert series(frame, "hparam/score", "1700000000.5") == [(0, 0.75)]
    assert result.hparams["lr"] == pytest.approx(0.1) and result.hparams["bs"] == 32
    assert frame["wall_time"].notna().all()
    assert result.histograms is None


def test_tensorboardx_tags_as_written(runs):
    frame = loaded(runs, "tbx/exp").scalars
    assert list(frame["tag"].cat.categories) == ["loss__train_"]
    assert series(frame, "loss__train_") == [(s, 0.5 * s) for s in range(5)]


def test_keras_tf2_tensor_scalars_per_subdir(runs):
    frame = loaded(runs, "keras_tb").scalars
    assert_tidy(frame)
    f32 = lambda v: float(np.float32(v))  # noqa: E731  tf.summary stores float32
    assert series(frame, "epoch_loss", "train") == [(e, f32(1.0 / (e + 1))) for e in range(4)]
    assert series(frame, "epoch_loss", "validation") == [(e, f32(1.0 / (e + 1) + 0.1)) for e in range(4)]
    assert series(frame, "epoch_learning_rate", "train") == [(e, f32(0.01)) for e in range(4)]


def test_lightning_csv_logger_values_match_the_file(tree, runs):
    frame = loaded(runs, "lightning/lightning_logs/version_0").scalars
    assert_tidy(frame)
    csv = pd.read_csv(tree / "lightning/lightning_logs/version_0/metrics.csv")
    for column in ("train_loss", "val_loss"):
        written = csv[csv[column].notna()].drop_duplicates("step", keep="last")
        assert series(frame, column) == list(zip(written["step"].tolist(), written[column].tolist())), column
    assert len(series(frame, "val_loss")) == 3  # one validation per epoch


def test_lightning_tensorboard_and_csv_in_one_dir(runs):
    result = loaded(runs, "lightning/both/version_0")
    assert_tidy(result.scalars)
    assert {"train_loss", "val_loss", "epoch"} <= set(result.scalars["tag"].astype(str))
    assert result.hparams.get("lr") == pytest.approx(0.1)


def test_lightning_tensorboard_and_csv_in_one_dir_give_each_point_once(tree):
    """CSVLogger and TensorBoardLogger given one version dir write the same points twice: the event files are the
    run's copy (tbparse's view, wall times; ``load_sources.keep_once``), the CSV adds only what they lack. Every
    point was in the raw view twice, and a resumed job's metrics.csv (rewritten: the new session only, sorted
    before the event files) was taken for the oldest session ("45 point(s) ... are dropped")."""
    tbparse = pytest.importorskip("tbparse")
    run_dir = tree / "lightning/both/version_0"
    reader = tbparse.SummaryReader(str(run_dir), extra_columns={"wall_time"})
    ref = reader.scalars.sort_values(["tag", "step"], kind="stable")
    for resolve in (False, True):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LogReadWarning)
            ours = read_scalars(run_dir, resolve=resolve)
        (note,) = [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]  # which copy, said
        assert note.startswith(f"{run_dir / 'metrics.csv'}: ") and "also in the event file events.out" in note
        assert "read once, from the event file" in note and "'" not in note.split(": ", 1)[1][:20]
        if resolve:  # a counter once per step (Lightning writes epoch on a step's training and validation rows)
            ref = ref[~(ref["tag"].eq("epoch") & ref.duplicated(["tag", "step"], keep="last"))]
        assert ours["tag"].astype(str).tolist() == ref["tag"].tolist()
        assert ours["step"].tolist() == ref["step"].tolist()
        np.testing.assert_array_equal(ours["wall_time"].to_numpy(), ref["wall_time"].to_numpy(dtype=np.float64))


def test_hf_checkpoint_histories_union_with_later_winning(runs):
    result = loaded(runs, "hf_out")
    frame = result.scalars
    assert_tidy(frame)
    # checkpoint-50 logged 1.5 at step 30; the later checkpoint and the final state say 1.25
    assert series(frame, "loss") == [(10, 2.0), (30, 1.25), (100, 1.0)]
    assert series(frame, "eval_loss") == [(50, 1.6)]
    assert series(frame, "train_loss") == []  # HF's end-of-training summary: no curve point (load_summary)
    assert result.hparams["summary/train_loss"] == 1.4
    # the TensorBoardCallback's copy of `loss` (as many points): read once, from trainer_state (fw41, load_hftb)
    assert series(frame, "train/loss", HF_LOGGING_DIR) == []
    assert result.hparams["global_step"] == 100


def test_mlflow_metrics_and_artifact_events(tree, runs):
    frame = loaded(runs, mlflow_run_key(tree)).scalars
    assert_tidy(frame)
    assert series(frame, "loss") == [(s, 1.0 / (s + 1)) for s in range(5)]
    assert series(frame, "val/acc") == [(s, s / 10) for s in range(5)]
    assert series(frame, "epoch_loss", "artifacts/tensorboard_logs/train") == [
        (s, pytest.approx(1.0 / (s + 1))) for s in range(5)
    ]
    assert frame["wall_time"].notna().all()


def test_keras_csv_appended_runs_load_separately(tree, runs):
    rows = pd.read_csv(tree / "keras_csv/training.log")
    starts = [0, 3, len(rows)]  # 3 epochs, then 2
    for i in (1, 2):
        frame = loaded(runs, f"keras_csv/training.log#{i}").scalars
        part = rows.iloc[starts[i - 1] : starts[i]]
        assert series(frame, "loss") == list(zip(part["epoch"].tolist(), part["loss"].tolist()))
        assert series(frame, "val_loss") == list(zip(part["epoch"].tolist(), part["val_loss"].tolist()))


def test_every_run_of_the_tree_is_tidy(runs):
    for run in runs.values():
        result = load_run(run)
        assert result.errors == (), run.id
        assert len(result.scalars) > 0, run.id
        assert_tidy(result.scalars)


# ---------------------------------------------------------------- the public calls


def test_read_scalars_dir_column_names_every_source(tree, runs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LogReadWarning)
        frame = read_scalars(tree)
    lines = [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]
    assert len(lines) == 2  # the twin CSV's copy left out; hf_out's event file: HF's copy of `loss` (fw41)
    assert any("both/version_0/metrics.csv: 3 series" in line for line in lines)
    assert any("TensorBoardCallback" in line and "/hf_out/runs/" in line for line in lines)
    assert_tidy(frame)
    dirs = set(frame["dir"].astype(str))
    mlflow = mlflow_run_key(tree)
    assert {
        "tb/run1", "tb/run1/acc_train", "tb/run1/acc_val", "tb/run1/1700000000.5", "tbx/exp",
        "keras_tb/train", "keras_tb/validation", "keras_tb_train_only/train", "resumed", "purged",
        "hf_out", "hf_out/checkpoint-50", "hf_out/checkpoint-100", mlflow, f"{mlflow}/artifacts/tensorboard_logs/train",
        "keras_csv/training.log#1", "keras_csv/training.log#2", "scripts/log.csv",
        "lightning/lightning_logs/version_0", "lightning/both/version_0", *SWEEP_DIRS,
    } == dirs
    # the same points load_run gives, run by run
    # every point, as tbparse; the resolved view is what the runs judge
    assert len(frame) >= sum(len(load_run(run).scalars) for run in runs.values())
    resolved = read_scalars(tree, resolve=True)
    assert len(resolved) == sum(len(load_run(run).scalars) for run in runs.values())
    assert series(resolved, "loss", "resumed") == series(load_run(runs["resumed"]).scalars, "loss")
    assert series(frame, "loss", "scripts/log.csv") == [(s, pytest.approx(1.0 / (s + 1))) for s in range(0, 50, 10)]


def test_read_scalars_of_a_run_dir_or_a_file(tree):
    assert set(read_scalars(tree / "resumed")["dir"].astype(str)) == {""}
    assert set(read_scalars(tree / "keras_tb")["dir"].astype(str)) == {"train", "validation"}
    event = sorted((tree / "resumed").glob("events*"))[0]
    assert series(read_scalars(event), "loss") == [(s, float(s)) for s in range(10)]
    assert set(read_scalars(tree / "keras_csv/training.log")["dir"].astype(str)) == {"training.log#1", "training.log#2"}


def test_read_scalars_of_a_missing_path_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_scalars(tmp_path / "missing")


def test_read_histograms(tree, runs):
    frame = read_histograms(tree / "tb/run1")
    assert list(frame.columns) == list(HISTOGRAM_COLUMNS)
    assert frame["dir"].astype(str).tolist() == [""] * 3 and frame["tag"].astype(str).tolist() == ["weights"] * 3
    assert frame["step"].tolist() == [0, 1, 2] and frame["step"].dtype == np.int64
    assert frame["min"].tolist() == pytest.approx([0.1, 0.2, 0.3])
    assert frame["max"].tolist() == pytest.approx([1.0, 2.0, 3.0])
    assert frame["num"].tolist() == [3.0, 3.0, 3.0]
    assert all(row.sum() == 3 for row in frame["bucket"])
    from_run = load_run(runs["tb/run1"], histograms=True).histograms
    assert from_run["step"].tolist() == [0, 1, 2] and from_run["max"].tolist() == frame["max"].tolist()
    assert read_histograms(tree / "resumed").empty


def test_histogram_with_a_zero_minimum(tmp_path):
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(tmp_path))
    writer.add_histogram("weights", np.array([0.0, 0.5, 1.0]), 0)
    writer.close()
    assert read_histograms(tmp_path)["min"].tolist() == [0.0]


def test_read_hparams(tree):
    hparams = read_hparams(tree)
    assert hparams["tb/run1"]["lr"] == pytest.approx(0.1) and hparams["tb/run1"]["bs"] == 32
    assert hparams["hf_out"]["global_step"] == 100
    assert "resumed" not in hparams


def test_package_exports():
    for name in ("read_scalars", "read_histograms", "read_hparams", "discover", "load_run", "Run", "SourceFile",
                 "LoadedRun", "Problem", "LogReadWarning"):
        assert getattr(loganalyzer, name) is not None, name
    assert loganalyzer.__version__ == "0.1.0"
    assert issubclass(loganalyzer.LogReadWarning, UserWarning)


# ---------------------------------------------------------------- bad input


@pytest.fixture()
def bad_tree(tmp_path) -> Path:
    write_torch_scalars(tmp_path / "good", {"loss": [(s, float(s)) for s in range(3)]})
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad/events.out.tfevents.1700000000.host.1.0").write_bytes(NOT_AN_EVENT_FILE)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty/events.out.tfevents.1700000000.host.1.0").write_bytes(b"")
    write_torch_scalars(tmp_path / "mixed", {"loss": [(s, float(s)) for s in range(3)]})
    (tmp_path / "mixed/events.out.tfevents.9999999999.host.1.9").write_bytes(NOT_AN_EVENT_FILE)
    return tmp_path


def test_not_an_event_file_is_an_error_naming_the_file(bad_tree):
    runs = {r.id: r for r in discover(bad_tree)}
    assert sorted(runs) == ["bad", "empty", "good", "mixed"]
    bad = load_run(runs["bad"])
    (error,) = bad.errors
    assert error.path == str(bad_tree / "bad/events.out.tfevents.1700000000.host.1.0")
    assert "not a TensorBoard event file" in error.message
    assert bad.scalars.empty and list(bad.scalars.columns) == list(SCALAR_COLUMNS)
    assert load_run(runs["good"]).errors == ()
    mixed = load_run(runs["mixed"])
    assert [e.path for e in mixed.errors] == [str(bad_tree / "mixed/events.out.tfevents.9999999999.host.1.9")]
    assert series(mixed.scalars, "loss") == [(s, float(s)) for s in range(3)]


def test_empty_event_file_is_an_error(bad_tree):
    (run,) = discover(bad_tree / "empty")
    (error,) = load_run(run).errors
    assert error.path.endswith("empty/events.out.tfevents.1700000000.host.1.0")
    assert "empty file" in error.message


def test_read_scalars_warns_once_per_problem_and_returns_what_it_read(bad_tree):
    with pytest.warns(LogReadWarning) as caught:
        frame = read_scalars(bad_tree)
    messages = [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]
    assert len(messages) == len(set(messages)) == 3
    assert any("bad/events.out.tfevents" in m and "not a TensorBoard event file" in m for m in messages)
    assert any("empty/events.out.tfevents" in m and "empty file" in m for m in messages)
    assert any("mixed/events.out.tfevents.9999999999" in m for m in messages)
    assert set(frame["dir"].astype(str)) == {"good", "mixed"}
    assert series(frame, "loss", "good") == [(s, float(s)) for s in range(3)]


def test_permission_denied_is_an_error_and_other_files_still_read(bad_tree, monkeypatch):
    (run,) = discover(bad_tree / "mixed")
    good_file = [f.path for f in run.files if "9999999999" not in f.path][0]
    real_open = LocalFileSystem.open_bytes

    def open_bytes(self, path):
        if path == good_file:
            raise PermissionError(13, "Permission denied", path)
        return real_open(self, path)

    def small_local(path):
        if path == good_file:
            raise PermissionError(13, "Permission denied", path)
        return real_small(path)

    import loganalyzer.load_source as load_source

    real_small = load_source.small_local
    monkeypatch.setattr(LocalFileSystem, "open_bytes", open_bytes)
    monkeypatch.setattr(load_source, "small_local", small_local)  # a small file is read without open_bytes
    result = load_run(run)
    assert Problem(good_file, "permission denied") in result.errors
    assert len(result.errors) == 2 and result.scalars.empty


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads chmod 000 files")
def test_chmod_000_file_is_permission_denied(bad_tree):
    (run,) = discover(bad_tree / "good")
    path = run.files[0].path
    os.chmod(path, 0)
    try:
        assert load_run(run).errors == (Problem(path, "permission denied"),)
    finally:
        os.chmod(path, 0o644)


def test_a_file_removed_after_discovery_is_an_error(bad_tree):
    (run,) = discover(bad_tree / "good")
    os.remove(run.files[0].path)
    (error,) = load_run(run).errors
    assert error.path == run.files[0].path and "not found" in error.message


def test_a_reader_bug_is_an_error_not_a_traceback(bad_tree, monkeypatch):
    from loganalyzer.readers import tensorboard

    def broken(data, path):
        raise RuntimeError("boom")

    monkeypatch.setattr(tensorboard, "read_columns", broken)
    (run,) = discover(bad_tree / "good")
    (error,) = load_run(run).errors
    assert "internal error in the tensorboard reader" in error.message and "boom" in error.message


def test_run_without_files_is_an_empty_table():
    result = load_run(Run("x", "/nowhere", "tensorboard", ()))
    assert result.errors == () and result.scalars.empty
    assert_tidy(result.scalars)


# ---------------------------------------------------------------- big files, speed


def _write_event_file(path: Path, n: int, n_tags: int = 10) -> None:
    """n scalar events framed as TFRecords (the writers' format), fast enough for big files."""
    import crc32c
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary

    def masked(data: bytes) -> int:
        crc = crc32c.crc32c(data)
        return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF

    def record(data: bytes) -> bytes:
        header = struct.pack("<Q", len(data))
        return header + struct.pack("<I", masked(header)) + data + struct.pack("<I", masked(data))

    parts = [record(Event(wall_time=1.7e9, file_version="brain.Event:2").SerializeToString())]
    for i in range(n):
        summary = Summary(value=[Summary.Value(tag=f"tag{i % n_tags}", simple_value=float(i))])
        parts.append(record(Event(wall_time=1.7e9 + i, step=i // n_tags, summary=summary).SerializeToString()))
    path.write_bytes(b"".join(parts))


def test_big_file_is_memory_mapped_and_read_exactly(tmp_path, monkeypatch):
    path = tmp_path / "events.out.tfevents.1700000000.host.1.0"
    _write_event_file(path, 40_000)
    assert path.stat().st_size > 1 << 20
    mapped: list[int] = []
    real_mmap = mmap.mmap

    def counting_mmap(*args, **kwargs):
        mapped.append(1)
        return real_mmap(*args, **kwargs)

    monkeypatch.setattr(mmap, "mmap", counting_mmap)
    (run,) = discover(tmp_path)
    frame = load_run(run).scalars
    assert mapped == [1]
    assert len(frame) == 40_000
    assert series(frame, "tag3")[:3] == [(0, 3.0), (1, 13.0), (2, 23.0)]


def test_combine_keeps_nan_and_inf_as_logged():
    frame = scalar_frame(["loss"] * 4, [0, 1, 2, 1], [1.0, np.inf, np.nan, -np.inf])
    out = combine([("", frame, ())])  # one session: the repeated step keeps both points, in write order
    values = out["value"].tolist()
    assert out["step"].tolist() == [0, 1, 1, 2]
    assert values[:3] == [1.0, np.inf, -np.inf] and np.isnan(values[3])


def test_combine_of_a_million_rows_with_a_resumed_file():
    # (speed is measured by `make bench`, not here)
    n, n_tags = 1_000_000, 10
    rng = np.random.default_rng(0)
    tags = pd.Categorical.from_codes(np.arange(n) % n_tags, categories=[f"tag{i}" for i in range(n_tags)])
    steps = np.arange(n) // n_tags
    first = scalar_frame(tags[: n // 2], steps[: n // 2], rng.random(n // 2), np.arange(n // 2, dtype=float))
    # a resumed second file re-logging the last 10% of the first one's steps
    overlap = steps[n // 2 - n // 10 : n - n // 10]
    second = scalar_frame(tags[n // 2 :], overlap, rng.random(n // 2), np.arange(n // 2, dtype=float))
    pieces = [("", first, ()), ("", second, ())]
    out = combine(pieces)
    assert len(out) == n - n // 10
    # the resumed file's values win on the overlapping steps
    second_vals = pd.Series(second["value"].to_numpy(), index=pd.MultiIndex.from_arrays([second["tag"].astype(str), second["step"]]))
    got = out.set_index([out.tag.astype(str), out.step])["value"]
    common = got.index.intersection(second_vals.index)
    assert len(common) == n // 2
    assert (got.loc[common].to_numpy() == second_vals.loc[common].to_numpy()).all()


# ---------------------------------------------------------------- the 52 real runs


def test_every_real_run_loads_without_errors():
    if not REAL_LOGS.exists():
        pytest.skip(f"{REAL_LOGS} is not here")
    found = discover(REAL_LOGS)
    assert len(found) == 55
    for run in found:
        result = load_run(run)
        assert result.errors == (), (run.id, result.errors)
        assert len(result.scalars) > 0, run.id
        assert_tidy(result.scalars)
