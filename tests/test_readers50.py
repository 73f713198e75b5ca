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

from _runs import read_resolved, series_by_step, tiny_regression, verdict


def _regression(epochs: int, seed: int = 0) -> tuple[list[float], list[float]]:
    return tiny_regression(epochs, seed, lr=3e-3)


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
    assert set(df["dir"].astype(str)) == {"training_log.csv#2"}  # as a read of the folder names it


# ---- guards from the stop-50 breaker (each a regression of this stop's first version, mended)

def _write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_english_strata_key_is_no_loss(tmp_path):
    """'strata' is English (a stratified sampler's count), not Polish for loss."""
    lines = [f"Epoch {e}/12 - loss: {0.66 * 0.93 ** e:.4f} - val_loss: {0.63 * 0.94 ** e:.4f} - strata: 4"
             for e in range(1, 13)]
    _write(tmp_path / "r" / "train.log", "\n".join(lines) + "\n")
    steps, values = series_by_step(read_resolved(tmp_path / "r")[0], "loss")
    assert len(values) == 12 and max(values) < 1.0


def test_spanish_batch_lines_keep_every_batch(tmp_path):
    """``Época 1 - iteración 2 - pérdida: ..``: batch lines of an epoch, not one epoch each."""
    out, k = [], 0
    for e in range(1, 13):
        for i in range(1, 11):
            k += 1
            out.append(f"Época {e} - iteración {i} - pérdida: {0.66 * 0.995 ** k:.4f}")
        out.append(f"Validación - pérdida: {0.63 * 0.95 ** e:.4f}")
    _write(tmp_path / "r" / "train.log", "\n".join(out) + "\n")
    df = read_resolved(tmp_path / "r")[0]
    assert max(len(series_by_step(df, t)[1]) for t in set(df["tag"].astype(str))) >= 100


def test_error_names_of_knobs_and_references_are_no_loss(tmp_path):
    """A ramping ``mean_squared_error_weight`` or a constant ``baseline mean squared error`` beside mae/rmse losses,
    and a test-only spelled-out MSE beside train/val RMSE: the mae/rmse pair stays the loss."""
    e = np.arange(30)
    fall = np.exp(-e / 8)
    cases = {
        "w": {"epoch": e, "mae": 1.0 * fall + 0.1, "val_mae": 1.0 * fall + 0.14, "mean_squared_error_weight": e / 10},
        "b": {"epoch": e, "train_rmse": 2 * fall + 0.5, "val_rmse": 2 * fall + 0.6,
              "baseline mean squared error": np.full(30, 1.93)},
        "t": {"step": e, "Train RMSE": 2 * fall + 0.5, "Val RMSE": 2 * fall + 0.6,
              "Test Mean Squared Error": (2 * fall + 0.6) ** 2},
    }
    for name, cols in cases.items():
        run = tmp_path / name
        run.mkdir()
        pd.DataFrame(cols).to_csv(run / "log.csv", index=False)
        s = verdict(run)
        assert s.verdict == "healthy", (name, s.summary)
        assert "weight" not in s.summary and "baseline" not in s.summary and "Test Mean" not in s.summary


def test_climb_beside_a_metric_still_rising_is_no_overfit(tmp_path):
    """A fine-tune's val_loss creeping up 3% at each epoch after its best while its recall@10 rose at every epoch."""
    val = [0.75, 0.742, 0.736, 0.732, 0.7295, 0.728, 0.729, 0.7315, 0.7355, 0.7505]
    train = [0.8, 0.785, 0.772, 0.76, 0.749, 0.739, 0.729, 0.72, 0.711, 0.702]
    recall = [0.1, 0.115, 0.128, 0.139, 0.147, 0.154, 0.16, 0.165, 0.169, 0.173]
    rows = [{"epoch": e, "loss": train[e], "val_loss": val[e], "val_recall@10": recall[e]} for e in range(10)]
    run = tmp_path / "ft"
    run.mkdir()
    pd.DataFrame(rows).to_csv(run / "training.log", index=False)
    assert verdict(run).verdict != "overfit"


def test_one_blip_of_a_tiny_metric_is_no_rise(tmp_path):
    rng = np.random.default_rng(1)
    loss = 0.12 + 0.35 * np.exp(-np.arange(20) / 5)
    f1 = np.full(20, 0.001) + rng.uniform(0, 0.0002, 20)
    f1[0], f1[4] = 0.001, 0.0016
    run = tmp_path / "f1"
    run.mkdir()
    pd.DataFrame({"epoch": range(20), "loss": loss, "val_loss": loss + 0.01, "val_f1": f1}).to_csv(
        run / "history.csv", index=False)
    assert verdict(run).verdict == "underfit"


def test_exploding_penalty_term_is_divergence_not_annealing(tmp_path):
    """``Data Loss, Boundary Penalty, Total Loss``: the penalty itself explodes 0.05 -> 11: diverged."""
    rows = []
    for e in range(40):
        data = 0.05 + 2.0 * math.exp(-e / 4)
        pen = 0.05 if e < 20 else 0.05 * 1.33 ** (e - 20)
        rows.append([e, round(data, 4), round(pen, 4), round(data + pen, 4)])
    run = tmp_path / "pinn"
    run.mkdir()
    with open(run / "losses.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Epoch", "Data Loss", "Boundary Penalty", "Total Loss"])
        w.writerows(rows)
    assert verdict(run).verdict == "diverged"


def test_pandas_null_cells_are_no_points(tmp_path):
    """``df.to_json()`` of a history evaluated every 5 epochs: null val_loss cells are epochs without an evaluation."""
    e = np.arange(25)
    loss = 0.1 + 0.9 * np.exp(-e / 6)
    val = np.where(e % 5 == 4, loss + 0.05, np.nan)
    run = tmp_path / "h"
    run.mkdir()
    df = pd.DataFrame({"loss": loss, "val_loss": val})
    df["val_accuracy"] = np.nan
    df.to_json(run / "history.json")
    obj = json.loads((run / "history.json").read_text())
    obj["val_accuracy"] = {}  # (a column never filled, as the public unetmri108 file has)
    (run / "history.json").write_text(json.dumps(obj))
    steps, values = series_by_step(read_resolved(run)[0], "val_loss")
    assert steps == [4, 9, 14, 19, 24] and all(np.isfinite(values))
    assert verdict(run).verdict == "healthy"


def test_passed_over_files_leave_out_a_projects_own_text(tmp_path):
    (tmp_path / "README.txt").write_text("a project\n")
    (tmp_path / "requirements.txt").write_text("torch\n")
    np.savetxt(tmp_path / "111.csv", np.ones((5, 2)), delimiter=",")
    res = subprocess.run([sys.executable, "-m", "loganalyzer", "scan", "--no-cache", str(tmp_path)],
                         capture_output=True, text=True)
    out = res.stdout + res.stderr
    assert "111.csv" in out and "README" not in out and "requirements" not in out, out


VAE_PRINT = '''
import torch
torch.manual_seed(0)
x = torch.rand(256, 16)
enc, dec = torch.nn.Linear(16, 8), torch.nn.Linear(4, 16)
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=1e-2)
for e in range(1, 31):
    h = enc(x); mu, logvar = h[:, :4], h[:, 4:]
    z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
    recon = torch.nn.functional.mse_loss(torch.sigmoid(dec(z)), x)
    kl = -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum(1).mean()
    lam = 0.0
    loss = recon + 1e-3 * kl
    opt.zero_grad(); loss.backward(); opt.step()
    print(f"Epoch [{e}/30] Recon: {recon.item():.4f} | KL: {kl.item():.4f} | Phys: 0.0000 (λ={lam:.3f})")
'''


def test_autoencoder_terms_without_a_total_judged_on_reconstruction(tmp_path):
    """``Recon: .. | KL: .. | Phys: ..`` and no total (pvtvae42): judged on the reconstruction term, not `unknown`."""
    run = tmp_path / "vae"
    run.mkdir()
    out = subprocess.run([sys.executable, "-c", VAE_PRINT], capture_output=True, text=True, check=True).stdout
    (run / "log.txt").write_text(out, encoding="utf-8")
    s = verdict(run)
    assert s.verdict != "unknown" and "`Recon`" in s.summary, s.summary


def test_a_kl_alone_is_no_reconstruction(tmp_path):
    """Guard: a log of ``KL`` and ``Phys`` only has no reconstruction term to judge."""
    run = tmp_path / "kl"
    run.mkdir()
    (run / "log.txt").write_text("".join(f"Epoch [{e}/20] KL: {5 / e:.4f} | Phys: {0.1 / e:.4f}\n"
                                         for e in range(1, 21)))
    assert verdict(run).verdict == "unknown"


BANNERS = '''
import torch
torch.manual_seed(0)
x, y = torch.randn(64, 8), torch.randn(64, 1)
model = torch.nn.Linear(8, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
ema, total = None, 0.0
for step in range(8201, 8241):
    loss = torch.nn.functional.mse_loss(model(x), y)
    opt.zero_grad(); loss.backward(); opt.step()
    v = loss.item(); ema = v if ema is None else 0.9 * ema + 0.1 * v; total += v
    print("=" * 80)
    print(f"Step {step:5d} | Time: 3:45:{step % 60:02d}")
    print("=" * 80)
    print(f"Current Loss:    {v:.4f}")
    print(f"EMA Loss:        {ema:.4f}")
    print(f"Learning Rate:   4.23e-04")
    print("=" * 80)
    print()
'''


def test_step_banners_place_the_values_below_them(tmp_path):
    """``Step  8201 | Time: ..`` banners over ``Current Loss: ..`` lines (s12decoder107): the values at 8201.., not at
    their ordinals 1.."""
    run = tmp_path / "gpt"
    run.mkdir()
    out = subprocess.run([sys.executable, "-c", BANNERS], capture_output=True, text=True, check=True).stdout
    (run / "training_logs.txt").write_text(out)
    steps, values = series_by_step(read_resolved(run)[0], "Current_Loss")
    assert steps == list(range(8201, 8241)) and len(values) == 40
