"""Files of a run's folder that no reader took are named by one line each, never skipped in silence
(``discover_passed``; public pflquant177's transposed per-round CSV, kdflair201's qualified accuracy files)."""
from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd

from loganalyzer import discover


def _keras_log(path, n=20):
    """A Keras CSVLogger file as Keras writes it (epoch,loss,val_loss)."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for e in range(n):
            w.writerow([e, 1.0 / (e + 1), 1.1 / (e + 1)])


def _transposed(path, rounds=30):
    """pflquant177's server.py: ``pd.DataFrame([rounds, ..., acc, loss]).to_csv(path)`` -- one row per quantity,
    the rounds along the columns (header ``,0,1,2,...``)."""
    acc = np.linspace(0.11, 0.87, rounds)
    loss = np.linspace(2.3, 0.4, rounds)
    pd.DataFrame([np.arange(rounds), acc, loss]).to_csv(path)


def test_a_transposed_table_beside_a_run_gets_one_line(tmp_path):
    _keras_log(tmp_path / "training.log.csv")
    _transposed(tmp_path / "04-18_10-05_FedAvg_0_CIFAR10_lr0.01_batch32.csv")
    (tmp_path / "requirements.txt").write_text("torch==2.1.0\nnumpy==1.24.3\npandas==2.0.3\n")
    (tmp_path / "args.json").write_text(json.dumps({"lr": 0.01, "momentum": 0.9, "wd": 0.0005, "epochs": 20}))
    np.save(tmp_path / "predictions.npy", np.random.default_rng(0).random(500))
    problems: list = []
    runs = discover(tmp_path, problems)
    assert [r.id for r in runs] == ["training.log.csv"]
    said = {p.path.rsplit("/", 1)[-1]: p.message for p in problems}
    # predictions.npy is a run's data, named like no record of training: unsaid (stop 68, discover_passed.LOG_NAME)
    assert set(said) == {"04-18_10-05_FedAvg_0_CIFAR10_lr0.01_batch32.csv"}, said
    msg = said["04-18_10-05_FedAvg_0_CIFAR10_lr0.01_batch32.csv"]
    assert "transposed" in msg and "not read" in msg and "beside run training.log.csv" in msg


def test_a_log_named_file_beside_a_run_is_said_and_a_data_file_is_not(tmp_path):
    _keras_log(tmp_path / "training.log.csv")
    rng = np.random.default_rng(2)
    table = "\n".join(",".join(f"{v:.4f}" for v in rng.random(6)) for _ in range(20))
    (tmp_path / "val_scores_fold0.csv").write_text("a,b,c,d,e,f\n" + table + "\n")
    (tmp_path / "embeddings.csv").write_text("a,b,c,d,e,f\n" + table + "\n")
    problems: list = []
    discover(tmp_path, problems)
    said = {p.path.rsplit("/", 1)[-1] for p in problems}
    assert said == {"val_scores_fold0.csv"}, said


def test_a_folder_with_no_run_names_its_unread_series(tmp_path):
    _transposed(tmp_path / "results.csv")
    problems: list = []
    assert discover(tmp_path, problems) == []
    (problem,) = problems
    assert problem.path.endswith("results.csv") and "in the scanned folder" in problem.message


def test_a_file_already_said_is_not_said_twice(tmp_path):
    """gancourse195's ``np.savetxt('losses.txt', [d_losses, g_losses])``: the job-log sniff names it already."""
    rng = np.random.default_rng(1)
    np.savetxt(tmp_path / "losses.txt", [rng.random(100), rng.random(100)])
    problems: list = []
    discover(tmp_path, problems)
    assert len([p for p in problems if p.path.endswith("losses.txt")]) == 1
