"""``discover``: runs found in trees written by the real writers (torch/tensorboardX SummaryWriter, TF2-style
tensor events, Lightning, HF TrainerState, MLflow, Keras CSVLogger) and in the 52 real runs of shared/real_logs.

``build_writer_tree`` is shared with tests/test_load.py (imported from this module).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import struct
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from loganalyzer import Problem, Run, SourceFile, discover
from loganalyzer.discover import LocalFileSystem, natural_key

REAL_LOGS = Path(__file__).resolve().parents[2] / "shared" / "real_logs"

# ---------------------------------------------------------------- the writers


def write_torch_scalars(log_dir: Path, series: dict[str, list[tuple[int, float]]], **writer_args) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(log_dir), **writer_args)
    for tag, points in series.items():
        for step, value in points:
            writer.add_scalar(tag, value, step)
    writer.close()


def write_tf2_scalars(log_dir: Path, tag_points: dict[str, list[tuple[int, float]]]) -> None:
    """What tf.summary.scalar (Keras TensorBoard callback) writes: rank-0 float tensors, plugin 'scalars', '.v2'."""
    from tensorboard.compat.proto.event_pb2 import Event
    from tensorboard.compat.proto.summary_pb2 import Summary, SummaryMetadata
    from tensorboard.compat.proto.tensor_pb2 import TensorProto
    from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto
    from tensorboard.compat.proto.types_pb2 import DT_FLOAT
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    writer = EventFileWriter(str(log_dir), filename_suffix=".v2")
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars"))
    for tag, points in tag_points.items():
        for step, value in points:
            tensor = TensorProto(dtype=DT_FLOAT, tensor_shape=TensorShapeProto(), tensor_content=struct.pack("<f", value))
            summary = Summary(value=[Summary.Value(tag=tag, tensor=tensor, metadata=metadata)])
            writer.add_event(Event(wall_time=time.time(), step=step, summary=summary))
    writer.close()


def write_trainer_state(directory: Path, log_history: list[dict], global_step: int) -> None:
    from transformers import TrainerState

    directory.mkdir(parents=True, exist_ok=True)
    TrainerState(global_step=global_step, max_steps=100, log_history=log_history).save_to_json(
        str(directory / "trainer_state.json")
    )


# A Lightning module for the writer scripts (here and tests/test_breaker_readers.py): a linear regression on
# INPUTS features logging train_loss and val_loss
TINY_LIGHTNING = """
class Tiny(pl.LightningModule):
    def __init__(self, lr=0.1):
        super().__init__()
        self.save_hyperparameters()
        self.layer = torch.nn.Linear(INPUTS, 1)
    def training_step(self, batch, i):
        x, y = batch
        loss = torch.nn.functional.mse_loss(self.layer(x), y)
        self.log("train_loss", loss)
        return loss
    def validation_step(self, batch, i):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
"""

# Lightning, Keras and MLflow run in a child process: their imports are heavy and MLflow keeps global state.
_CHILD_WRITERS = r'''
import json, os, sys
root = sys.argv[1]
os.chdir(root)

import torch, pytorch_lightning as pl
from pytorch_lightning.loggers import CSVLogger, TensorBoardLogger

''' + TINY_LIGHTNING.replace("INPUTS", "3") + r'''
torch.manual_seed(0)
data = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 3), torch.randn(64, 1)), batch_size=8)
quiet = dict(log_every_n_steps=2, enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False)
pl.Trainer(max_epochs=3, logger=CSVLogger("lightning"), **quiet).fit(Tiny(), data, data)
both = [TensorBoardLogger("lightning", name="both", version=0), CSVLogger("lightning", name="both", version=0)]
pl.Trainer(max_epochs=2, logger=both, **quiet).fit(Tiny(), data, data)

os.environ["KERAS_BACKEND"] = "torch"
import numpy as np, keras
x = np.random.default_rng(0).random((32, 3), dtype=np.float32)
y = np.random.default_rng(1).random((32, 1), dtype=np.float32)
os.makedirs("keras_csv", exist_ok=True)
for epochs in (3, 2):  # two fits appended to one file: the epoch counter restarts
    keras.utils.set_random_seed(0)  # the same start each time: the second fit is plainly a new model (back at the
    # first's start), never one whose random start happens to lie where the first ended (read as continued)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(x, y, epochs=epochs, validation_split=0.25, verbose=0,
              callbacks=[keras.callbacks.CSVLogger("keras_csv/training.log", append=True)])

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
import mlflow
mlflow.set_tracking_uri("file:" + os.path.abspath("mlflow/mlruns"))
mlflow.set_experiment("exp")
with mlflow.start_run() as run:
    for step in range(5):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metric("val/acc", step / 10, step=step)
    mlflow.log_param("lr", 0.1)
    info = {"experiment_id": run.info.experiment_id, "run_id": run.info.run_id}
json.dump(info, open("mlflow/ids.json", "w"))
'''

HF_HISTORY_50 = [{"loss": 2.0, "step": 10, "epoch": 0.1}, {"loss": 1.5, "step": 30, "epoch": 0.3},
                 {"eval_loss": 1.6, "step": 50, "epoch": 0.5}]
HF_HISTORY_100 = [{"loss": 2.0, "step": 10, "epoch": 0.1}, {"loss": 1.25, "step": 30, "epoch": 0.3},
                  {"eval_loss": 1.6, "step": 50, "epoch": 0.5}, {"loss": 1.0, "step": 100, "epoch": 1.0}]
HF_HISTORY_FINAL = HF_HISTORY_100 + [{"train_loss": 1.4, "train_runtime": 12.0, "step": 100, "epoch": 1.0}]
HF_LOGGING_DIR = "runs/May01_12-00-00_host"
SWEEP_DIRS = ["sweep/lr=0.01/seed=0", "sweep/lr=0.1/seed=0", "sweep/lr=0.1/seed=1"]


def build_writer_tree(root: Path) -> Path:
    """Every layout discover must recognise, written by the real libraries. Built once per session."""
    done = root / ".built"
    if done.exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    from torch.utils.tensorboard import SummaryWriter

    # torch SummaryWriter: scalars, add_scalars sub-directories, add_hparams timestamp dir, a histogram
    writer = SummaryWriter(log_dir=str(root / "tb/run1"))
    for step in range(10):
        writer.add_scalar("loss", 1.0 / (step + 1), step)
        writer.add_scalars("acc", {"train": step / 10, "val": step / 20}, step)
    for step in range(3):
        writer.add_histogram("weights", np.array([0.1 * (step + 1), 0.5, 1.0 + step]), step)
    writer.add_hparams({"lr": 0.1, "bs": 32}, {"hparam/score": 0.75}, run_name="1700000000.5")
    writer.close()
    # the TF profiler's placeholder and traces: never sources
    (root / "tb/run1/events.out.tfevents.1700000001.host.profile-empty").write_bytes(b"")
    (root / "tb/run1/plugins/profile/2024_01_01").mkdir(parents=True)
    (root / "tb/run1/plugins/profile/2024_01_01/events.out.tfevents.1.host").write_bytes(b"x")

    from tensorboardX import SummaryWriter as XWriter

    xwriter = XWriter(logdir=str(root / "tbx/exp"))
    for step in range(5):
        xwriter.add_scalar("loss (train)", 0.5 * step, step)
    xwriter.close()

    points = [(epoch, 1.0 / (epoch + 1)) for epoch in range(4)]
    write_tf2_scalars(root / "keras_tb/train", {"epoch_loss": points, "epoch_learning_rate": [(e, 0.01) for e in range(4)]})
    write_tf2_scalars(root / "keras_tb/validation", {"epoch_loss": [(e, v + 0.1) for e, v in points]})
    write_tf2_scalars(root / "keras_tb_train_only/train", {"epoch_loss": points})

    # a job resumed from a checkpoint: the second file re-logs steps 5..9
    write_torch_scalars(root / "resumed", {"loss": [(s, float(s)) for s in range(10)]})
    write_torch_scalars(root / "resumed", {"loss": [(s, 100.0 + s) for s in range(5, 15)]})
    # a restart with purge_step: SessionLog.START at step 5 orphans everything logged at >= 5 before it
    write_torch_scalars(root / "purged", {"loss": [(s, float(s)) for s in range(10)], "other": [(s, -s) for s in range(10)]})
    write_torch_scalars(root / "purged", {"loss": [(s, 100.0 + s) for s in range(5, 8)]}, purge_step=5)

    write_trainer_state(root / "hf_out/checkpoint-50", HF_HISTORY_50, 50)
    write_trainer_state(root / "hf_out/checkpoint-100", HF_HISTORY_100, 100)
    write_trainer_state(root / "hf_out", HF_HISTORY_FINAL, 100)
    write_torch_scalars(root / "hf_out" / HF_LOGGING_DIR, {"train/loss": [(10, 2.0), (30, 1.25), (100, 1.0)]})

    for i, d in enumerate(SWEEP_DIRS):
        write_torch_scalars(root / d, {"loss": [(s, i + 1.0 / (s + 1)) for s in range(3)]})

    (root / "scripts").mkdir()
    with open(root / "scripts/log.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["step", "loss", "lr"])
        out.writerows([[s, 1.0 / (s + 1), 0.01] for s in range(0, 50, 10)])
    (root / "data").mkdir()
    (root / "data/table.csv").write_text("name,age\nada,36\nalan,41\n")
    (root / "data/requirements.txt").write_text("numpy>=1.24\npandas\n")

    # places discovery never looks
    some_event_file = next((root / "sweep/lr=0.01/seed=0").iterdir())
    for hidden in (".git", "node_modules/pkg", ".hidden/run", "__pycache__", ".venv/lib"):
        (root / hidden).mkdir(parents=True)
        shutil.copy(some_event_file, root / hidden / some_event_file.name)

    subprocess.run([sys.executable, "-c", _CHILD_WRITERS, str(root)], check=True, capture_output=True, timeout=600)
    ids = json.loads((root / "mlflow/ids.json").read_text())
    mlflow_run = root / "mlflow/mlruns" / ids["experiment_id"] / ids["run_id"]
    write_torch_scalars(mlflow_run / "artifacts/tensorboard_logs/train", {"epoch_loss": [(s, 1.0 / (s + 1)) for s in range(5)]})
    # a deleted run in MLflow's trash: skipped
    trash = root / "mlflow/mlruns/.trash/0123456789abcdef0123456789abcdef"
    (trash / "metrics").mkdir(parents=True)
    (trash / "meta.yaml").write_text("run_id: 0123456789abcdef0123456789abcdef\n")
    (trash / "metrics/loss").write_text("1700000000000 1.0 0\n")
    done.write_text("")
    return root


def mlflow_run_id(root: Path) -> str:
    ids = json.loads((root / "mlflow/ids.json").read_text())
    return f"mlflow/mlruns/{ids['experiment_id']}/{ids['run_id']}"


def mlflow_run_key(root: Path) -> str:
    """The MLflow run's id in a scan: its directory and the run name MLflow recorded (discover_mlflowname)."""
    run_dir = root / mlflow_run_id(root)
    name = re.search(r"(?m)^run_name: (.+)$", (run_dir / "meta.yaml").read_text()).group(1).strip()
    return f"{mlflow_run_id(root)}#{name}"


@pytest.fixture(scope="session")
def tree(tmp_path_factory) -> Path:
    return build_writer_tree(tmp_path_factory.getbasetemp() / "writer_tree")


@pytest.fixture(scope="session")
def runs(tree) -> dict[str, Run]:
    problems: list = []
    found = discover(tree, problems)
    assert problems == []
    return {run.id: run for run in found}


def rel_files(run: Run, root: Path) -> list[tuple[str, str, str, int | None]]:
    return [(os.path.relpath(f.path, root).replace(os.sep, "/"), f.format, f.dir, f.segment) for f in run.files]


def event_names(directory: Path) -> list[str]:
    return sorted((p.name for p in directory.iterdir() if "tfevents" in p.name), key=natural_key)


# ---------------------------------------------------------------- the writer tree


def test_exactly_the_expected_runs_sorted_by_id(tree, runs):
    expected = {
        "hf_out": "hf_trainer_state+tensorboard",
        "keras_csv/training.log#1": "keras_csv",
        "keras_csv/training.log#2": "keras_csv",
        "keras_tb": "tensorboard",
        "keras_tb_train_only": "tensorboard",
        "lightning/both/version_0": "lightning_csv+tensorboard",
        "lightning/lightning_logs/version_0": "lightning_csv",
        mlflow_run_key(tree): "mlflow+tensorboard",
        "purged": "tensorboard",
        "resumed": "tensorboard",
        "scripts/log.csv": "csv",
        **{d: "tensorboard" for d in SWEEP_DIRS},
        "tb/run1": "tensorboard",
        "tbx/exp": "tensorboard",
    }
    assert {run_id: run.format for run_id, run in runs.items()} == expected
    assert list(runs) == sorted(expected)
    assert [r.id for r in discover(tree)] == sorted(expected)


def test_add_scalars_and_add_hparams_subdirs_join_their_run(tree, runs):
    run = runs["tb/run1"]
    assert run.path == str(tree / "tb/run1")
    dirs = [f.dir for f in run.files]
    assert dirs == ["", "1700000000.5", "acc_train", "acc_val"]
    assert all(f.format == "tensorboard" and f.segment is None for f in run.files)
    for f in run.files:  # every event file of each directory, nothing else (no profile-empty, no plugins/profile)
        assert Path(f.path).parent == tree / "tb/run1" / f.dir
    own = [n for n in event_names(tree / "tb/run1") if not n.endswith(".profile-empty")]
    assert len(own) == 1 and [Path(f.path).name for f in run.files if f.dir == ""] == own
    assert not any("profile" in f.path for f in run.files)


def test_tensorboardx_dir_is_a_run(tree, runs):
    assert rel_files(runs["tbx/exp"], tree) == [
        (f"tbx/exp/{name}", "tensorboard", "", None) for name in event_names(tree / "tbx/exp")
    ]


def test_keras_train_validation_subdirs_make_the_parent_the_run(tree, runs):
    run = runs["keras_tb"]
    assert [(f.dir, Path(f.path).name.endswith(".v2")) for f in run.files] == [("train", True), ("validation", True)]
    assert [f.dir for f in runs["keras_tb_train_only"].files] == ["train"]
    assert "keras_tb/train" not in runs and "keras_tb_train_only/train" not in runs


def test_several_event_files_in_one_dir_are_one_run_in_write_order(tree, runs):
    names = [Path(f.path).name for f in runs["resumed"].files]
    assert len(names) == 2 and names == event_names(tree / "resumed")
    assert [f.dir for f in runs["resumed"].files] == ["", ""]


def test_natural_name_order_puts_counter_9_before_10(tmp_path):
    src = next((REAL_LOGS / "dlgn__version_0").glob("events*")) if REAL_LOGS.exists() else None
    for name in ("events.out.tfevents.1700000000.host.7.10", "events.out.tfevents.1700000000.host.7.9",
                 "events.out.tfevents.1699999999.host.7.11"):
        if src:
            shutil.copy(src, tmp_path / name)
        else:
            (tmp_path / name).write_bytes(b"x")
    (run,) = discover(tmp_path)
    assert [Path(f.path).name.rsplit(".", 1)[1] for f in run.files] == ["11", "9", "10"]


def test_lightning_csv_logger_dir(tree, runs):
    run = runs["lightning/lightning_logs/version_0"]
    assert rel_files(run, tree) == [("lightning/lightning_logs/version_0/metrics.csv", "lightning_csv", "", None)]
    both = runs["lightning/both/version_0"]
    assert [(f.format, f.dir) for f in both.files] == [("lightning_csv", ""), ("tensorboard", "")]
    assert Path(both.files[0].path).name == "metrics.csv"


def test_hf_output_dir_is_one_run_checkpoints_by_step_then_output_then_logging_dir(tree, runs):
    run = runs["hf_out"]
    assert run.path == str(tree / "hf_out")
    events = event_names(tree / "hf_out" / HF_LOGGING_DIR)
    assert rel_files(run, tree) == [
        ("hf_out/checkpoint-50/trainer_state.json", "hf_trainer_state", "", None),
        ("hf_out/checkpoint-100/trainer_state.json", "hf_trainer_state", "", None),
        ("hf_out/trainer_state.json", "hf_trainer_state", "", None),
        *[(f"hf_out/{HF_LOGGING_DIR}/{name}", "tensorboard", HF_LOGGING_DIR, None) for name in events],
    ]
    assert not any(run_id.startswith("hf_out/") for run_id in runs)


def test_hf_checkpoints_without_a_final_state(tmp_path):
    write_trainer_state(tmp_path / "out/checkpoint-1000", HF_HISTORY_100, 1000)
    write_trainer_state(tmp_path / "out/checkpoint-200", HF_HISTORY_50, 200)
    (run,) = discover(tmp_path)
    assert run.id == "out" and run.format == "hf_trainer_state"
    assert [Path(f.path).parent.name for f in run.files] == ["checkpoint-200", "checkpoint-1000"]


def test_event_files_beside_trainer_state_join_it(tmp_path):
    write_trainer_state(tmp_path / "demo", HF_HISTORY_FINAL, 100)
    write_torch_scalars(tmp_path / "demo", {"train/loss": [(10, 2.0)]})
    (run,) = discover(tmp_path)
    assert (run.id, run.format) == ("demo", "hf_trainer_state+tensorboard")
    assert [(f.format, f.dir) for f in run.files] == [("hf_trainer_state", ""), ("tensorboard", "")]


def test_mlflow_run_dir_with_metric_files_and_artifact_events(tree, runs):
    run_id = mlflow_run_id(tree)
    run = runs[mlflow_run_key(tree)]
    events = event_names(tree / run_id / "artifacts/tensorboard_logs/train")
    assert rel_files(run, tree) == [
        (f"{run_id}/metrics/loss", "mlflow", "", None),
        (f"{run_id}/metrics/val/acc", "mlflow", "", None),
        *[(f"{run_id}/artifacts/tensorboard_logs/train/{n}", "tensorboard", "artifacts/tensorboard_logs/train", None)
          for n in events],
    ]
    # neither the experiment dirs, the trash, nor the artifacts' Keras-like 'train' dir are runs of their own
    assert not [r for r in runs if r.startswith("mlflow/") and r != mlflow_run_key(tree)]


def test_keras_csv_logger_appended_runs_are_segments(tree, runs):
    path = tree / "keras_csv/training.log"
    for i in (1, 2):
        run = runs[f"keras_csv/training.log#{i}"]
        assert run.path == str(path)
        assert run.files == (SourceFile(str(path), "keras_csv", "", i - 1),)
    assert "keras_csv/training.log#3" not in runs


def test_plain_csv_is_a_file_run_and_other_text_files_are_not(tree, runs):
    assert runs["scripts/log.csv"].files == (SourceFile(str(tree / "scripts/log.csv"), "csv"),)
    assert not any(r.startswith("data") for r in runs)


def test_lightning_shaped_csv_under_another_name_is_a_file_run(tmp_path):
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom/train_log.csv").write_text("epoch,step,loss,val_loss\n0,9,1.0,\n0,9,,1.5\n1,19,0.5,\n")
    (run,) = discover(tmp_path)
    assert (run.id, run.format, run.path) == ("custom/train_log.csv", "lightning_csv", str(tmp_path / "custom/train_log.csv"))


def test_nested_sweep_dirs_are_separate_runs(tree, runs):
    for d in SWEEP_DIRS:
        assert [f.dir for f in runs[d].files] == [""]
        assert runs[d].path == str(tree / d)
    assert not any(r in runs for r in ("sweep", "sweep/lr=0.1", "sweep/lr=0.01"))


def test_hidden_and_tool_dirs_are_skipped(runs):
    for run in runs.values():
        for f in run.files:
            assert not any(part in (".git", "node_modules", ".hidden", "__pycache__", ".venv", ".trash")
                           for part in Path(f.path).parts), f.path


# ---------------------------------------------------------------- single files, errors, links


def test_single_files_give_their_runs(tree):
    event = next(iter(sorted((tree / "resumed").glob("events*"))))
    (run,) = discover(event)
    assert (run.id, run.path, run.format, run.files) == (".", str(tree / "resumed"), "tensorboard",
                                                         (SourceFile(str(event), "tensorboard"),))
    (run,) = discover(tree / "hf_out/checkpoint-50/trainer_state.json")
    assert (run.id, run.format) == (".", "hf_trainer_state")
    ids = [(r.id, r.files[0].segment) for r in discover(tree / "keras_csv/training.log")]
    assert ids == [("training.log#1", 0), ("training.log#2", 1)]
    (run,) = discover(tree / "lightning/lightning_logs/version_0/metrics.csv")
    assert (run.id, run.format) == (".", "lightning_csv")
    (run,) = discover(tree / mlflow_run_id(tree) / "metrics/val/acc")
    assert (run.id, run.format) == (".", "mlflow")
    (run,) = discover(tree / "scripts/log.csv")
    assert (run.id, run.format) == ("log.csv", "csv")


def test_event_file_under_another_name_is_recognised_by_content(tree, tmp_path):
    event = next(iter(sorted((tree / "resumed").glob("events*"))))
    shutil.copy(event, tmp_path / "train.tfrecord")
    (run,) = discover(tmp_path / "train.tfrecord")
    assert run.format == "tensorboard"


def test_a_file_that_is_no_log_is_a_problem(tree):
    problems: list = []
    assert discover(tree / "data/table.csv", problems) == []
    assert len(problems) == 1 and problems[0].path == str(tree / "data/table.csv")
    assert "not a log file" in problems[0].message


def test_missing_path_raises_with_the_path_in_the_message(tmp_path):
    missing = tmp_path / "no" / "such"
    with pytest.raises(FileNotFoundError, match="no/such"):
        discover(missing)


def test_empty_dir_has_no_runs(tmp_path):
    problems: list = []
    assert discover(tmp_path, problems) == [] and problems == []


def test_unlistable_directory_is_a_problem_and_the_walk_goes_on(tmp_path, monkeypatch):
    write_torch_scalars(tmp_path / "ok", {"loss": [(0, 1.0)]})
    write_torch_scalars(tmp_path / "locked/run", {"loss": [(0, 1.0)]})
    real_list_dir = LocalFileSystem.list_dir

    def list_dir(self, path):
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_list_dir(self, path)

    monkeypatch.setattr(LocalFileSystem, "list_dir", list_dir)
    problems: list = []
    assert [r.id for r in discover(tmp_path, problems)] == ["ok"]
    assert problems == [Problem(str(tmp_path / "locked"), "permission denied; directory skipped")]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can list a chmod 000 directory")
def test_chmod_000_directory_is_a_problem(tmp_path):
    write_torch_scalars(tmp_path / "ok", {"loss": [(0, 1.0)]})
    write_torch_scalars(tmp_path / "locked/run", {"loss": [(0, 1.0)]})
    os.chmod(tmp_path / "locked", 0)
    try:
        problems: list = []
        assert [r.id for r in discover(tmp_path, problems)] == ["ok"]
        assert [p.path for p in problems] == [str(tmp_path / "locked")]
        assert "permission denied" in problems[0].message
    finally:
        os.chmod(tmp_path / "locked", 0o755)


def test_symlink_loops_are_walked_once_and_linked_runs_found(tmp_path):
    write_torch_scalars(tmp_path / "logs/a", {"loss": [(0, 1.0)]})
    write_torch_scalars(tmp_path / "elsewhere/b", {"loss": [(0, 1.0)]})
    os.symlink(tmp_path / "logs", tmp_path / "logs/a/loop")  # a loop back up the tree
    os.symlink(tmp_path / "elsewhere/b", tmp_path / "logs/b_link")
    assert [r.id for r in discover(tmp_path / "logs")] == ["a", "b_link"]


def test_root_itself_is_a_run(tree):
    (run,) = discover(tree / "keras_tb")
    assert (run.id, run.path, [f.dir for f in run.files]) == (".", str(tree / "keras_tb"), ["train", "validation"])
    (run,) = discover(tree / "keras_tb/train")
    assert (run.id, [f.dir for f in run.files]) == (".", [""])


def test_big_tree_is_listed_without_opening_event_files(monkeypatch):
    """100k files through the file-system interface, held in memory: the cost measured is discover's own
    (creating 100k real files takes minutes on a busy disk; on a real tree of 100k files it took ~0.3 s)."""
    from loganalyzer.discover import DirEntry

    root = "/big"
    listing: dict[str, list[DirEntry]] = {root: [DirEntry("data", True, False)], f"{root}/data": []}
    n_dirs, per_dir = 1000, 100
    for d in range(n_dirs):
        name = f"shard_{d:04d}"
        listing[f"{root}/data"].append(DirEntry(name, True, False))
        files = [DirEntry(f"img_{i:03d}.png", False, True) for i in range(per_dir - 1)]
        files.append(DirEntry("events.out.tfevents.1700000000.host.1.0" if d % 10 == 0 else "notes.txt", False, True))
        listing[f"{root}/data/{name}"] = files
    heads: list[str] = []

    def read_head(self, path, size):
        heads.append(path)
        return b"just a note\n"

    monkeypatch.setattr(LocalFileSystem, "kind", lambda self, path: "dir" if path in listing else None)
    monkeypatch.setattr(LocalFileSystem, "list_dir", lambda self, path: list(listing[path]))
    monkeypatch.setattr(LocalFileSystem, "dir_identity", lambda self, path: path)
    monkeypatch.setattr(LocalFileSystem, "join", lambda self, parent, name: f"{parent}/{name}")
    monkeypatch.setattr(LocalFileSystem, "read_head", read_head)
    monkeypatch.setattr(LocalFileSystem, "sep", "/")
    discover(f"{root}/data/shard_0001")  # warm the readers' imports
    heads.clear()
    start = time.perf_counter()
    found = discover(root)
    elapsed = time.perf_counter() - start
    assert [r.id for r in found] == [f"data/shard_{d:04d}" for d in range(0, n_dirs, 10)]
    assert found[0].files == (SourceFile(f"{root}/data/shard_0000/events.out.tfevents.1700000000.host.1.0", "tensorboard"),)
    # only the candidate text files were opened, each once
    assert len(heads) == n_dirs - n_dirs // 10 and all(h.endswith("/notes.txt") for h in heads)
    # its speed is `make bench`'s (bench_scale.py), not a timed unit test's: a loaded machine fails a clock limit
    print(f"discover took {elapsed:.2f}s over {n_dirs * per_dir} files")


def test_real_small_tree_opens_only_candidate_text_files(tmp_path, monkeypatch):
    for d in range(5):
        write_torch_scalars(tmp_path / f"run{d}", {"loss": [(0, 1.0)]})
        (tmp_path / f"run{d}/notes.txt").write_text("just a note\n")
        (tmp_path / f"run{d}/weights.bin").write_bytes(b"\0" * 16)
    write_torch_scalars(tmp_path / "run5", {"loss": [(i, 1.0 / (i + 1)) for i in range(100)]})  # > 1 KiB
    opened: list[tuple[str, int]] = []
    real_head = LocalFileSystem.read_head
    monkeypatch.setattr(LocalFileSystem, "read_head",
                        lambda self, p, n: opened.append((p, n)) or real_head(self, p, n))
    assert [r.id for r in discover(tmp_path)] == [f"run{d}" for d in range(6)]
    # an event file is opened only when it is small enough to be a Git LFS pointer (< 1 KiB), for its first bytes
    small_events = [(str(e), 64) for d in range(5) for e in (tmp_path / f"run{d}").glob("*tfevents*")]
    assert sorted(opened) == sorted([(str(tmp_path / f"run{d}/notes.txt"), 8192) for d in range(5)] + small_events)


# ---------------------------------------------------------------- the 52 real runs

def _expected_format(words: str) -> str:
    """SOURCES.tsv names formats in words; the format names they stand for."""
    if words.startswith("MLflow file store"):
        return "mlflow+tensorboard"
    if words.startswith("tensorboard") and "trainer_state" in words:
        return "hf_trainer_state+tensorboard"
    for start, fmt in (("tensorboard", "tensorboard"), ("HF trainer_state.json", "hf_trainer_state"),
                       ("Lightning CSVLogger", "lightning_csv"), ("Keras CSVLogger", "keras_csv")):
        if words.startswith(start):
            return fmt
    raise AssertionError(f"unknown format in SOURCES.tsv: {words!r}")


@pytest.fixture(scope="module")
def real_sources() -> dict[str, str]:
    if not (REAL_LOGS / "SOURCES.tsv").exists():
        pytest.skip(f"{REAL_LOGS} is not here")
    with open(REAL_LOGS / "SOURCES.tsv", newline="") as f:
        return {row["dir"]: _expected_format(row["format"]) for row in csv.DictReader(f, delimiter="\t")}


def test_real_logs_one_run_per_directory_with_the_named_format(real_sources):
    problems: list = []
    found = discover(REAL_LOGS, problems)
    assert problems == []
    assert len(real_sources) == 52
    by_top: dict[str, list[Run]] = {}
    for run in found:
        by_top.setdefault(run.id.split("/", 1)[0], []).append(run)
    assert set(by_top) == set(real_sources)
    for top, top_runs in by_top.items():
        formats = {run.format for run in top_runs}
        assert formats == {real_sources[top]}, top
        if top == "brain-tumor-cnn__training_log":  # four Keras fits appended to one CSV
            assert [r.id for r in top_runs] == [f"{top}/training_log.csv#{i}" for i in (1, 2, 3, 4)]
        else:
            assert len(top_runs) == 1, top
    assert len(found) == 55
    # every file SOURCES.tsv lists as a log (hparams.yaml and meta.yaml are not) is a source of its run
    listed = {os.path.relpath(f.path, REAL_LOGS) for run in found for f in run.files}
    on_disk = {
        str(p.relative_to(REAL_LOGS)) for p in REAL_LOGS.rglob("*")
        if p.is_file() and p.name not in ("hparams.yaml", "meta.yaml", "README.md", "SOURCES.tsv")
    }
    assert listed == on_disk


def test_real_mlflow_run_has_its_artifact_events(real_sources):
    (run,) = [r for r in discover(REAL_LOGS / "swahili-stt__mlflow_ed05f9cd")]
    assert run.id == "mlruns/1/ed05f9cd599442fe9a0c9222184710b8"
    assert [(f.format, f.dir) for f in run.files] == [
        ("mlflow", ""), ("tensorboard", "artifacts/tensorboard_logs/train")
    ]


def test_a_run_named_test_beside_other_runs_is_a_run_of_its_own(tmp_path):
    # newcomer report: runs/baseline, runs/big_lr, runs/test were merged into one run 'runs' (Keras split names)
    for name in ("baseline", "big_lr", "test"):
        write_torch_scalars(tmp_path / "runs" / name, {"train/loss": [(s, 1.0 / (s + 1)) for s in range(5)]})
    assert sorted(r.id for r in discover(tmp_path / "runs")) == ["baseline", "big_lr", "test"]
    # a Keras/TF2 run: only split names below it, still one run
    for split in ("train", "validation"):
        write_torch_scalars(tmp_path / "keras" / split, {"epoch_loss": [(e, 1.0 / (e + 1)) for e in range(3)]})
    assert [r.id for r in discover(tmp_path / "keras")] == ["."]


def test_a_run_deleted_in_mlflow_is_left_out_with_a_line_naming_it(tmp_path):
    """MLflow's FileStore keeps a deleted run's files (meta.yaml says ``lifecycle_stage: deleted``) until ``mlflow gc``;
    the UI and the API hide it. The scan does too, with one line naming it (the breaker's finding, stop 19)."""
    script = (
        "import mlflow, os\n"
        "mlflow.set_tracking_uri('file:' + os.path.abspath('mlruns'))\n"
        "mlflow.set_experiment('exp')\n"
        "ids = []\n"
        "for r in range(2):\n"
        "    with mlflow.start_run() as run:\n"
        "        for s in range(8):\n"
        "            mlflow.log_metric('loss', 1.0 / (s + 1), step=s)\n"
        "        ids.append(run.info.run_id)\n"
        "mlflow.delete_run(ids[0])\n"
        "print(ids[0], ids[1])\n"
    )
    env = {**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true"}
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    deleted, kept = out[-2], out[-1]
    problems: list = []
    runs = discover(tmp_path / "mlruns", problems)
    assert [r.id.rsplit("/", 1)[-1].split("#")[0] for r in runs] == [kept]
    (problem,) = problems
    assert problem.path.endswith(deleted) and "lifecycle_stage: deleted" in problem.message
