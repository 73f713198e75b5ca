"""Kinds found in set 108 (opened at stop 50) and in the opened sets' rows still `unknown`, each failing on the
stop's start code, with guards:

- error measures spelled out as Keras names a metric given by its function (``mean_squared_error``,
  ``val_mean_squared_error``) or a hand-written header does (``Percent Good,Mean Squared Error,``, trailing comma:
  neuralnetqt108): "no series named like a loss";
- a dict of columns keyed by row index (pandas' ``to_json()`` layout) with one column never filled (``{}``) and one
  logged at a few indices only (unetmri108): "no loss series";
- a Polish printed log (``Epoka 0 | Krok 100/356``, ``[Epoka 0] Średni loss: 0.69``: lightgcn107) read as 46 runs;
- a ranking metric that doubled at a small scale (val NDCG@20 0.0165 -> 0.0333) called "never rose" (`underfit`);
- a 4-point log's text "fell from 0.2568 to 0.04763 (smoothed, 0% lower)" (japchars93).
"""
from __future__ import annotations

import csv
import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from _runs import mlp, read_resolved, series_by_step, verdict


def _regression(epochs: int, seed: int = 0) -> tuple[list[float], list[float]]:
    """(train MSE, val MSE) per epoch of a tiny regression MLP trained for real."""
    torch.manual_seed(seed)
    x, xv = torch.randn(256, 6), torch.randn(128, 6)
    w = torch.randn(6, 1)
    y, yv = x @ w + 0.1 * torch.randn(256, 1), xv @ w + 0.1 * torch.randn(128, 1)
    model = mlp(6, 32, 1)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    train, val = [], []
    for _ in range(epochs):
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val.append(F.mse_loss(model(xv), yv).item())
        train.append(loss.item())
    return train, val


def test_keras_spelled_out_error_metric_is_the_regression_loss(tmp_path):
    train, val = _regression(60)
    run = tmp_path / "reg"
    run.mkdir()
    pd.DataFrame({"epoch": range(60), "mean_squared_error": train, "val_mean_squared_error": val,
                  "mean_absolute_error": np.sqrt(train)}).to_csv(run / "history.csv", index=False)
    s = verdict(run)
    assert s.verdict == "healthy", s.summary
    assert "`mean_squared_error`" in s.summary and "`val_mean_squared_error`" in s.summary


def test_hand_written_header_with_trailing_comma_and_spelled_out_mse(tmp_path):
    train, _ = _regression(80, seed=1)
    run = tmp_path / "nn"
    run.mkdir()
    good = np.linspace(0, 0.9, 80)
    with open(run / "epoch_log.csv", "w", newline="") as f:
        f.write("Percent Good,Mean Squared Error,\n")
        for g, m in zip(good, train):
            f.write(f"{g:.6g},{m:.6g},\n")
    df = read_resolved(run)[0]
    steps, values = series_by_step(df, "Mean Squared Error")
    assert len(values) == 80 and math.isclose(values[0], float(f"{train[0]:.6g}"))
    s = verdict(run)
    assert s.verdict == "healthy" and "`Mean Squared Error`" in s.summary, s.summary


def test_words_near_an_error_name_are_no_loss(tmp_path):
    """Guard: 'error' alone or 'squared' alone is no loss name (an error count, a squared distance's name)."""
    run = tmp_path / "g"
    run.mkdir()
    pd.DataFrame({"epoch": range(20), "error_count": np.arange(20, 0, -1),
                  "squared_norm": np.linspace(5, 1, 20)}).to_csv(run / "history.csv", index=False)
    s = verdict(run)
    assert s.verdict == "unknown", s.summary


def test_index_keyed_columns_with_an_empty_one_are_read(tmp_path):
    train, _ = _regression(100, seed=2)
    run = tmp_path / "unet"
    run.mkdir()
    obj = {"loss": {str(i): v for i, v in enumerate(train)}, "accuracy": {},
           "time": {str(i): 50.0 + i % 3 for i in (16, 31, 47, 68, 84)}}
    (run / "train_history.json").write_text(json.dumps(obj, indent=2))
    steps, values = series_by_step(read_resolved(run)[0], "loss")
    assert steps == list(range(100)) and values == train
    assert verdict(run).verdict == "healthy"


def test_index_keyed_columns_all_empty_stay_unread(tmp_path):
    """Guard: columns that are all ``{}`` hold no series (said, not a run of nothing)."""
    run = tmp_path / "e"
    run.mkdir()
    (run / "train_history.json").write_text(json.dumps({"loss": {}, "accuracy": {}}))
    res = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", "--no-cache", str(run)],
                         capture_output=True, text=True)
    assert "train_history.json" in res.stdout + res.stderr and "Traceback" not in res.stderr


POLISH = '''
import sys, torch
torch.manual_seed(0)
n_users, n_items, d = 40, 60, 8
U = torch.nn.Embedding(n_users, d); I = torch.nn.Embedding(n_items, d)
opt = torch.optim.Adam(list(U.parameters()) + list(I.parameters()), lr=0.05)
pos = torch.randint(0, n_items, (n_users,)); print("Liczba interakcji: 40"); print("Batch size: 8")
best = 0.0
for epoka in range(30):
    losses = []
    for krok in range(1, 4):
        u = torch.randint(0, n_users, (8,)); j = torch.randint(0, n_items, (8,))
        x = (U(u) * I(pos[u])).sum(1) - (U(u) * I(j)).sum(1)
        loss = -torch.nn.functional.logsigmoid(x).mean()
        opt.zero_grad(); loss.backward(); opt.step(); losses.append(loss.item())
        print(f"Epoka {epoka:4d} | Krok {krok * 100:4d}/356 | Loss (ostatni batch): {loss.item():.4f}")
    print(f"[Epoka {epoka:4d}] Średni loss: {sum(losses) / len(losses):.4f}")
    with torch.no_grad():
        scores = U.weight @ I.weight.T
        hit = (scores.topk(20, dim=1).indices == pos[:, None]).any(1).float().mean().item()
    ndcg = 0.01 + hit * 0.05
    print(f"[Epoka {epoka:4d}] Val Recall@20: {hit:.4f} | Val NDCG@20: {ndcg:.4f}")
    if hit > best:
        best = hit; print(f"[Epoka {epoka:4d}] Nowy najlepszy Recall@20: {hit:.4f}")
'''


def test_polish_printed_log_is_one_run_of_epochs(tmp_path):
    run = tmp_path / "lightgcn"
    run.mkdir()
    out = subprocess.run([sys.executable, "-c", POLISH], capture_output=True, text=True, check=True).stdout
    (run / "training_logs.txt").write_text(out, encoding="utf-8")
    df = read_resolved(run)[0]
    assert df["dir"].nunique() == 1, sorted(df["dir"].unique())
    steps, values = series_by_step(df, "mean_loss")
    assert steps == list(range(30)) and len(values) == 30


def test_a_ranking_metric_that_doubled_rose(tmp_path):
    """val NDCG@20 0.0165 -> 0.0333 while the loss fell 88%: learning, not 'never rose'."""
    run = tmp_path / "rec"
    run.mkdir()
    train, _ = _regression(50, seed=3)
    rows = [{"epoch": e, "train_loss": t, "val_ndcg@20": 0.0165 + 0.0168 * (1 - math.exp(-e / 12))}
            for e, t in enumerate(train)]
    pd.DataFrame(rows).to_csv(run / "metrics.csv", index=False)
    s = verdict(run)
    assert s.verdict == "healthy", s.summary


def test_a_metric_flat_at_a_small_scale_still_never_rose(tmp_path):
    """Guard: a metric moving 0.030 -> at most 0.034 (x1.13) over 20 evaluations never rose."""
    run = tmp_path / "flat"
    run.mkdir()
    rng = np.random.default_rng(0)
    loss = 1.2 * np.exp(-np.arange(20) / 3) + 0.8
    rows = [{"epoch": e, "train_loss": l, "val_f1": 0.030 + 0.004 * rng.random()} for e, l in enumerate(loss)]
    rows[0]["val_f1"] = 0.030
    pd.DataFrame(rows).to_csv(run / "metrics.csv", index=False)
    s = verdict(run)
    assert s.verdict in ("underfit", "stalled"), s.summary


def test_few_points_quote_the_logged_fall(tmp_path):
    run = tmp_path / "short"
    run.mkdir()
    with open(run / "training_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
        for row in ([0, 0.7567, 0.25679, 0.8748, 0.10215], [1, 0.8889, 0.08011, 0.9145, 0.05897],
                    [2, 0.9234, 0.04763, 0.9356, 0.04249]):
            w.writerow(row)
    s = verdict(run)
    assert "81% lower as logged" in s.summary and "smoothed, 0%" not in s.summary, s.summary


def test_a_folder_of_unnamed_number_files_names_them(tmp_path):
    """A folder whose only files are headerless numbers under names no log has (``111.csv``): the one line names
    the file passed over (it said only what it looked for), and scanning that file says why it is not read."""
    run = tmp_path / "unet"
    run.mkdir()
    train, val = _regression(30, seed=4)
    np.savetxt(run / "111.csv", np.column_stack([train, val]), delimiter=",", fmt="%.4f")
    res = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", "--no-cache", str(run)],
                         capture_output=True, text=True)
    out = res.stdout + res.stderr
    assert res.returncode != 0 and "111.csv" in out and "passed over" in out and "Traceback" not in out, out
    res = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", "--no-cache", str(run / "111.csv")],
                         capture_output=True, text=True)
    assert "no header" in res.stdout + res.stderr


def test_read_scalars_takes_a_discovered_run(tmp_path):
    """``read_scalars(run)`` of discover's ``training_log.csv#2`` (two trainings appended to one Keras CSVLogger file)
    gave TypeError: now that run's points alone."""
    import loganalyzer

    first, _ = _regression(6, seed=5)
    second, val = _regression(9, seed=6)
    with open(tmp_path / "training_log.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for e, v in enumerate(first):
            w.writerow([e, v, v * 1.1])
        for e, (v, vv) in enumerate(zip(second, val)):
            w.writerow([e, v, vv])
    runs = loganalyzer.discover(tmp_path)
    assert [r.id for r in runs] == ["training_log.csv#1", "training_log.csv#2"]
    df = loganalyzer.read_scalars(runs[1])
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(9)) and np.allclose(values, second)
