"""Logs kept in Git LFS and cloned without ``git lfs pull``: each log file is a pointer (Git LFS specification,
https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). Discovery reports each one, naming the file, and makes
no run of it (it used to skip the CSV/JSON/log ones silently and take the event/trainer_state ones for runs that
then failed to parse).

The logs pointed at are sample_logs/ files (written by the real writers: Lightning's CSVLogger, torch's
SummaryWriter, the HF Trainer, Keras' CSVLogger, MLflow); each pointer is the spec's canonical encoding of that
file's bytes (what ``git lfs pointer --file`` prints: checked against git-lfs when it is installed).
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

import loganalyzer
from loganalyzer.readers._lfs import MESSAGE

SAMPLES = Path(__file__).resolve().parent.parent / "sample_logs"
LOGS = {  # sample log -> where its pointer goes
    "lightning_logs/version_0/metrics.csv": "lightning/version_0/metrics.csv",
    "tensorboard/digits_cnn_new_style/events.out.tfevents.1795336933.vm.12788.1":
        "tb/events.out.tfevents.1795336933.vm.12788.1",
    "hf_output/digits_custom_ce/trainer_state.json": "hf/trainer_state.json",
    "keras_csv/training.log": "keras/training.log",
    "csv/gru_sine_baseline.csv": "csv/results.csv",
}


def pointer(data: bytes) -> bytes:
    """The canonical v1 pointer of ``data`` (the spec's example layout: version, oid, size, each line ending \\n)."""
    return (b"version https://git-lfs.github.com/spec/v1\n"
            + b"oid sha256:" + hashlib.sha256(data).hexdigest().encode() + b"\n"
            + b"size " + str(len(data)).encode() + b"\n")


@pytest.fixture
def cloned(tmp_path):
    """A clone of a repository whose logs are in Git LFS, made without the LFS objects."""
    for source, target in LOGS.items():
        out = tmp_path / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pointer((SAMPLES / source).read_bytes()))
    return tmp_path


@pytest.mark.skipif(shutil.which("git-lfs") is None, reason="git-lfs not installed")
def test_pointer_is_what_git_lfs_writes(tmp_path):
    source = SAMPLES / "lightning_logs/version_0/metrics.csv"
    out = subprocess.run(["git", "lfs", "pointer", f"--file={source}"], capture_output=True, check=True).stdout
    assert out == pointer(source.read_bytes())


def test_pointers_are_reported_not_runs(cloned):
    problems: list = []
    runs = loganalyzer.discover(cloned, problems)
    assert runs == []
    assert sorted(p.path for p in problems) == sorted(str(cloned / t) for t in LOGS.values())
    assert {p.message for p in problems} == {MESSAGE}
    assert MESSAGE == "a Git LFS pointer, not the log itself: run `git lfs pull`"


def test_pointer_beside_real_log_keeps_the_run(cloned):
    """An event dir holding one fetched event file and one pointer: the run is the real file, the pointer a line."""
    real = SAMPLES / "tensorboard/regression_sgd_warmup_nan/events.out.tfevents.1795336932.vm.12788.0"
    shutil.copy(real, cloned / "tb" / real.name)
    problems: list = []
    runs = loganalyzer.discover(cloned / "tb", problems)
    assert [[Path(f.path).name for f in run.files] for run in runs] == [[real.name]]
    assert [Path(p.path).name for p in problems] == ["events.out.tfevents.1795336933.vm.12788.1"]


def test_pointer_given_directly(cloned):
    for target in LOGS.values():
        problems: list = []
        assert loganalyzer.discover(cloned / target, problems) == []
        assert [(p.path, p.message) for p in problems] == [(str(cloned / target), MESSAGE)]


def test_job_log_and_mlflow_metric_pointers(tmp_path):
    """A job log named by the scheduler (slurm-<id>.out) is sniffed by name; an MLflow metric file is read by the
    loader, which names the pointer too."""
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "slurm-4242.out").write_bytes(pointer(b"epoch 1 loss 0.5\n"))
    run_dir = next(p for p in (SAMPLES / "mlruns").glob("*/*") if (p / "metrics").is_dir())
    shutil.copytree(run_dir, tmp_path / "mlruns" / "1" / run_dir.name)
    (tmp_path / "mlruns" / "1" / "meta.yaml").write_text("name: x\nlifecycle_stage: active\n")
    metric = next(p for p in (tmp_path / "mlruns" / "1" / run_dir.name / "metrics").iterdir() if p.is_file())
    metric.write_bytes(pointer(metric.read_bytes()))
    problems: list = []
    runs = loganalyzer.discover(tmp_path, problems)
    assert [p.path for p in problems] == [str(tmp_path / "job" / "slurm-4242.out")]
    assert len(runs) == 1 and runs[0].format.startswith("mlflow")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loganalyzer.read_scalars(tmp_path / "mlruns")
    assert f"{metric}: {MESSAGE}" in [str(w.message) for w in caught]


def test_scan_names_the_pointers(cloned):
    """The scan lists each pointer among the files it could not read (``errors``), beside the runs it read."""
    from loganalyzer.scan import scan

    shutil.copytree(SAMPLES / "csv", cloned / "csv_real")
    report = scan([str(cloned)])
    assert [Path(r.run).parent.name for r in report.runs] == ["csv_real", "csv_real"]
    assert sorted(str(e) for e in report.errors) == sorted(f"{cloned / t}: {MESSAGE}" for t in LOGS.values())
