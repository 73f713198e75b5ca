"""Runs logged through an experiment tracker: MLflow's SQLite store (``readers/mlflow_db.py``) and how a run ended as
its tracker recorded it (``load_tracker.py``: MLflow's status, W&B's exit code, Sacred's run.json).

Every MLflow run here is written by mlflow itself from a tiny torch loop; W&B runs by wandb offline; Sacred's
``run.json`` in the layout its FileStorageObserver writes (sacred 0.8 needs setuptools' pkg_resources, gone from
this Python), beside metrics written as tests/test_readers12a.py writes them.
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import wandb_offline  # noqa: E402
from test_readers12a import regression, sacred_run  # noqa: E402

from loganalyzer import discover, read_scalars  # noqa: E402
from loganalyzer.load import load_run  # noqa: E402
from loganalyzer.scan import scan  # noqa: E402

pytest.importorskip("mlflow")

_MLFLOW_SCRIPT = r'''
import math, sys, torch
sys.path.insert(0, {tests!r})
import mlflow
from test_readers12a import regression
mlflow.set_tracking_uri({uri!r})
mlflow.set_experiment("digits")


def train(name, epochs, fail_at=None, lr=0.05):
    x, y, model, opt = regression(1)
    with mlflow.start_run(run_name=name):
        mlflow.log_params({{"lr": lr, "epochs": epochs, "optimizer": "sgd"}})
        for epoch in range(epochs):
            if epoch == fail_at:
                raise RuntimeError("CUDA error: device-side assert triggered")
            loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
            opt.zero_grad(); loss.backward(); opt.step()
            mlflow.log_metric("train_loss", loss.item(), step=epoch)
            mlflow.log_metric("val_loss", loss.item() * 1.1, step=epoch)
        mlflow.log_metric("grad_norm", float("nan"), step=epochs - 1)
        mlflow.log_metric("ratio", float("inf"), step=epochs - 1)


train("finished", 30)
try:
    train("failed", 30, fail_at=12)
except RuntimeError:
    pass
run = mlflow.start_run(run_name="killed")
for step, value in enumerate((1.0, 0.8, 0.7)):
    mlflow.log_metric("train_loss", value, step=step)
mlflow.end_run(status="KILLED")
gone = mlflow.start_run(run_name="deleted")
mlflow.log_metric("train_loss", 1.0, step=0)
mlflow.end_run()
mlflow.delete_run(gone.info.run_id)
'''


def _mlflow(root: Path, uri: str, file_store: bool = False) -> None:
    script = root / "train_mlflow.py"
    script.write_text(_MLFLOW_SCRIPT.format(tests=str(Path(__file__).parent), uri=uri))
    env = {**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true" if file_store else "false", "GIT_PYTHON_REFRESH": "quiet"}
    done = subprocess.run([sys.executable, str(script)], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    script.unlink()


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mlflow_sqlite")
    _mlflow(root, f"sqlite:///{root / 'mlflow.db'}")
    return root


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        out = call(*args, **kwargs)
    return out, [str(w.message) for w in said]


def test_mlflow_sqlite_store_gives_a_run_per_mlflow_run(sqlite_store):
    runs = discover(sqlite_store)
    assert [r.id for r in runs] == ["mlflow.db#digits/failed", "mlflow.db#digits/finished", "mlflow.db#digits/killed"]
    assert {r.format for r in runs} == {"mlflow_db"}
    table, said = _quiet(read_scalars, sqlite_store)
    assert any("1 deleted MLflow run(s) skipped" in s and "mlflow.db" in s for s in said), said
    x, y, model, opt = regression(1)  # the same loop, here: the values MLflow stored
    import torch
    want = []
    for _ in range(30):
        loss = torch.nn.functional.mse_loss(model(x).squeeze(-1), y)
        opt.zero_grad(); loss.backward(); opt.step()
        want.append(loss.item())
    fin = table[table.dir == "mlflow.db#digits/finished"]
    train = fin[fin.tag == "train_loss"]
    assert train.step.tolist() == list(range(30)) and np.allclose(train.value, want)
    assert np.allclose(fin[fin.tag == "val_loss"].value, np.array(want) * 1.1)
    # NaN is stored as 0 with is_nan, +Inf as the largest double: read back as logged
    assert math.isnan(fin[fin.tag == "grad_norm"].value.iloc[0])
    assert fin[fin.tag == "ratio"].value.iloc[0] == math.inf
    assert (fin.wall_time > 1.7e9).all()
    failed = table[(table.dir == "mlflow.db#digits/failed") & (table.tag == "train_loss")]
    assert failed.step.tolist() == list(range(12))


def test_mlflow_status_is_how_the_run_ended(sqlite_store):
    by_id = {r.id: load_run(r) for r in discover(sqlite_store)}
    fin, failed, killed = (by_id[f"mlflow.db#digits/{n}"] for n in ("finished", "failed", "killed"))
    assert fin.hparams["lr"] == 0.05 and fin.hparams["epochs"] == 30 and fin.hparams["optimizer"] == "sgd"
    assert fin.hparams["mlflow.status"] == "FINISHED" and fin.hparams["mlflow.end_time"] > 1.7e9
    assert fin.ended.cause == "completed" and fin.ended.step == 29
    assert failed.ended.cause == "python_exception" and failed.ended.step == 11
    assert "MLflow's run status FAILED" in failed.ended.summary
    assert killed.ended.cause == "cancelled" and "at step 2" in killed.ended.summary
    report = scan([str(sqlite_store)])
    got = {r.run: r for r in report.runs}
    assert got["mlflow.db#digits/failed"].ended.cause == "python_exception"
    assert any(f.kind == "ended_python_exception" for f in got["mlflow.db#digits/failed"].analysis.findings)


def test_one_mlflow_db_given_by_name(sqlite_store):
    runs = discover(sqlite_store / "mlflow.db")
    assert [r.id for r in runs] == ["mlflow.db#digits/failed", "mlflow.db#digits/finished", "mlflow.db#digits/killed"]


def test_other_databases_are_no_run_and_a_damaged_store_is_said(tmp_path, sqlite_store):
    other = sqlite3.connect(tmp_path / "cache.db")
    other.execute("CREATE TABLE runs (id INTEGER, name TEXT)")
    other.commit()
    other.close()
    data = (sqlite_store / "mlflow.db").read_bytes()
    (tmp_path / "cut.db").write_bytes(data[: len(data) // 3])
    assert discover(tmp_path) == []
    table, said = _quiet(read_scalars, tmp_path)
    assert table.empty
    assert not any("cache.db" in s for s in said)
    assert any("cut.db" in s and "cannot be read" in s for s in said), said
    result = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", str(tmp_path / "cache.db")],
                            capture_output=True, text=True, timeout=120)
    assert "no MLflow tracking store" in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_mlflow_file_store_status_and_params(tmp_path):
    _mlflow(tmp_path, f"file://{tmp_path / 'mlruns'}", file_store=True)
    runs = {load_run(r).hparams.get("mlflow.run_name"): load_run(r) for r in discover(tmp_path)}
    assert set(runs) == {"finished", "failed", "killed"}  # the deleted run is hidden, as MLflow hides it
    assert runs["finished"].ended.cause == "completed" and runs["finished"].hparams["epochs"] == 30
    assert runs["failed"].ended.cause == "python_exception" and runs["failed"].ended.step == 11
    assert runs["killed"].ended.cause == "cancelled"


def test_wandb_exit_code_is_how_the_run_ended(tmp_path):
    """The exit code W&B recorded: 0 for a script that ran to its end, 1 for one an exception ended, 255 for Ctrl-C
    (KeyboardInterrupt), and the code a SIGTERM handler hands ``wandb.finish`` (143: the scheduler's or a user's
    kill)."""
    script = ("import wandb\nrun = wandb.init(project='p', config={'lr': 0.1})\n"
              "for i in range(20):\n    wandb.log({'loss': 1 / (i + 1)}, step=i)\n")
    ends = {"completed": ("", 0), "python_exception": ("raise RuntimeError('loader died')\n", 1),
            "cancelled": ("wandb.finish(exit_code=143)\n", 0), "interrupted": ("raise KeyboardInterrupt\n", -2)}
    for cause, (tail, status) in ends.items():
        root = tmp_path / cause
        root.mkdir()
        wandb_offline(root, script + tail, expect_exit=status)
        (run,) = discover(root)
        loaded = load_run(run)
        assert loaded.ended.cause == {"interrupted": "cancelled"}.get(cause, cause), loaded.ended
        assert loaded.ended.step == 19 and "W&B's exit code" in loaded.ended.summary
    assert "exited with code 1 at step 19" in load_run(discover(tmp_path / "python_exception")[0]).ended.summary


def test_sacred_run_json_status(tmp_path):
    root = tmp_path / "my_runs"
    sacred_run(root / "1", seed=1, epochs=10)  # run.json: COMPLETED
    sacred_run(root / "2", seed=2, epochs=10)
    trace = ["Traceback (most recent call last):\n", '  File "train.py", line 9, in main\n',
             "ValueError: Expected input batch_size (32) to match target batch_size (16).\n"]
    (root / "2" / "run.json").write_text(json.dumps({"status": "FAILED", "fail_trace": trace, "command": "main",
                                                     "stop_time": "2023-10-10T07:13:02.1"}, indent=2))
    sacred_run(root / "3", seed=3, epochs=10)
    (root / "3" / "run.json").write_text(json.dumps({"status": "RUNNING", "heartbeat": "2023-10-10T07:12:40.5"}))
    loaded = {r.id: load_run(r) for r in discover(tmp_path)}
    one, two, three = (loaded[f"my_runs/{i}"] for i in (1, 2, 3))
    assert one.ended.cause == "completed" and one.hparams["n_epochs"] == 10 and one.hparams["seed"] == 1
    assert two.ended.cause == "python_exception" and two.ended.exception.startswith("ValueError: Expected input")
    assert three.ended.cause == "unknown" and "heartbeat 2023-10-10T07:12:40.5" in three.ended.summary
