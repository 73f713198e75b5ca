"""Reader fixes of branch readers15a: CatBoost's train dir, pickled Keras histories, Chainer/ESPnet1 ``log`` files,
percent cells in a CSV, accelerate's hparams-only sub-folder and RL ``total timesteps`` step columns."""
from __future__ import annotations

import json
import os
import warnings

import numpy as np
import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover


def _groups(df) -> dict:
    out = {}
    for (d, tag), g in df.groupby(["dir", "tag"], observed=True, sort=True):
        out[(d, str(tag))] = (g["step"].tolist(), g["value"].tolist())
    return out


def _read(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


# ---------------------------------------------------------------- 1. CatBoost's catboost_info/

def _tiny_boosting(iterations: int, eval_set: bool):
    """A tiny boosting-like loop (stumps on a logistic objective, numpy/torch): per-iteration learn/test Logloss,
    test AUC, and elapsed/remaining milliseconds, the numbers CatBoost logs."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 3, generator=g)
    y = (x[:, 0] + 0.5 * torch.randn(200, generator=g) > 0).float()
    xl, yl, xt, yt = x[:150], y[:150], x[150:], y[150:]
    fl, ft = torch.zeros(150), torch.zeros(50)
    rows = []
    for it in range(iterations):
        grad = torch.sigmoid(fl) - yl
        j = it % 3
        thr = xl[:, j].median()
        left = xl[:, j] <= thr
        step_l = -grad[left].mean() * 0.5
        step_r = -grad[~left].mean() * 0.5
        fl += torch.where(left, step_l, step_r)
        ft += torch.where(xt[:, j] <= thr, step_l, step_r)
        ll = torch.nn.functional.binary_cross_entropy_with_logits(fl, yl).item()
        lt = torch.nn.functional.binary_cross_entropy_with_logits(ft, yt).item()
        order = torch.argsort(ft)
        ranks = torch.empty(50)
        ranks[order] = torch.arange(1, 51, dtype=torch.float32)
        pos = yt.sum().item()
        auc = (ranks[yt == 1].sum().item() - pos * (pos + 1) / 2) / (pos * (50 - pos))
        rows.append((it, ll, lt, auc, 38 * (it + 1), 38 * (iterations - it - 1)))
    return rows


def _write_catboost_info(train_dir, rows, eval_set: bool):
    """The files CatBoost's fit() writes into train_dir (docs: Output data / Metrics and time information)."""
    from torch.utils.tensorboard import SummaryWriter

    os.makedirs(train_dir)
    with open(os.path.join(train_dir, "learn_error.tsv"), "w") as f:
        f.write("iter\tLogloss\n" + "".join(f"{i}\t{ll:.10g}\n" for i, ll, *_ in rows))
    if eval_set:
        with open(os.path.join(train_dir, "test_error.tsv"), "w") as f:
            f.write("iter\tAUC\tLogloss\n" + "".join(f"{i}\t{auc:.10g}\t{lt:.10g}\n" for i, _, lt, auc, *_ in rows))
    with open(os.path.join(train_dir, "time_left.tsv"), "w") as f:
        f.write("iter\tPassed\tRemaining\n" + "".join(f"{r[0]}\t{r[4]}\t{r[5]}\n" for r in rows))
    meta = {"test_sets": ["test"] if eval_set else [], "learn_sets": ["learn"], "name": "experiment",
            "iteration_count": len(rows), "launch_mode": "Train", "parameters": ""}
    its = [{"learn": [r[1]], "iteration": r[0], "passed_time": r[4] / 1e3, "remaining_time": r[5] / 1e3}
           | ({"test": [r[3], r[2]]} if eval_set else {}) for r in rows]
    with open(os.path.join(train_dir, "catboost_training.json"), "w") as f:
        f.write(json.dumps({"meta": meta, "iterations": its}))
    for split, tags in (("learn", {"Logloss": 1}), ("test", {"AUC": 3, "Logloss": 2})):
        if split == "test" and not eval_set:
            continue
        d = os.path.join(train_dir, split)
        w = SummaryWriter(d)
        for r in rows:
            for tag, k in tags.items():
                w.add_scalar(tag, r[k], r[0])
        w.close()
        (name,) = [n for n in os.listdir(d) if "tfevents" in n]
        os.rename(os.path.join(d, name), os.path.join(d, "events.out.tfevents"))  # CatBoost's fixed name


@pytest.mark.parametrize("eval_set", [True, False])
def test_catboost_train_dir_is_one_run(tmp_path, eval_set):
    rows = _tiny_boosting(20, eval_set)
    _write_catboost_info(tmp_path / "catboost_info", rows, eval_set)
    runs = discover(tmp_path)
    assert [r.id for r in runs] == ["catboost_info"]
    df, msgs = _read(tmp_path)
    got = _groups(df)
    want = {("catboost_info/learn", "Logloss")}
    if eval_set:
        want |= {("catboost_info/test", "Logloss"), ("catboost_info/test", "AUC")}
    assert set(got) == want  # each series once; no time_left.tsv "run"
    steps, values = got[("catboost_info/learn", "Logloss")]
    assert steps == list(range(20))
    np.testing.assert_allclose(values, [r[1] for r in rows], rtol=1e-6)
    if eval_set:
        np.testing.assert_allclose(got[("catboost_info/test", "Logloss")][1], [r[2] for r in rows], rtol=1e-6)
    assert sum("time_left.tsv" in m and "no training curve" in m for m in msgs) == 1


def test_catboost_tsv_read_when_event_files_missing(tmp_path):
    rows = _tiny_boosting(10, True)
    _write_catboost_info(tmp_path / "catboost_info", rows, True)
    for split in ("learn", "test"):  # committed without the binary event files
        os.remove(tmp_path / "catboost_info" / split / "events.out.tfevents")
        os.rmdir(tmp_path / "catboost_info" / split)
    assert [r.id for r in discover(tmp_path)] == ["catboost_info"]
    got = _groups(_read(tmp_path)[0])
    assert set(got) == {("catboost_info/learn", "Logloss"), ("catboost_info/test", "Logloss"),
                        ("catboost_info/test", "AUC")}
    np.testing.assert_allclose(got[("catboost_info/test", "AUC")][1], [r[3] for r in rows], rtol=1e-9)


# ---------------------------------------------------------------- 3. files named exactly `log`

def _torch_loop(epochs: int, iters_per_epoch: int):
    """A tiny regression trained with torch: (epoch, iteration, train loss, val loss or None) per logged iteration."""
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x, w = torch.randn(64, 4), torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
    y = x @ w
    xv = torch.randn(16, 4)
    yv = xv @ w
    out, it = [], 0
    for epoch in range(epochs):
        for _ in range(iters_per_epoch):
            opt.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            opt.step()
            it += 1
            val = None
            if it % iters_per_epoch == 0:
                with torch.no_grad():
                    val = torch.nn.functional.mse_loss(model(xv), yv).item()
            out.append((epoch + (it % iters_per_epoch == 0), it, loss.item(), val))
    return out


def test_chainer_logreport_named_log(tmp_path):
    """Chainer's extensions.LogReport: json.dump(list of dicts, indent=4) to <out>/log (ESPnet1 results/log)."""
    rows = _torch_loop(3, 5)
    log = []
    for epoch, it, loss, val in rows:
        rec = {"main/loss": loss, "epoch": epoch, "iteration": it, "elapsed_time": 0.01 * it}
        if val is not None:
            rec["validation/main/loss"] = val
        log.append(rec)
    (tmp_path / "result").mkdir()
    with open(tmp_path / "result" / "log", "w") as f:
        json.dump(log, f, indent=4)  # chainer/training/extensions/log_report.py
    assert [r.id for r in discover(tmp_path)] == ["result/log"]
    for root, d in ((tmp_path, "result/log"), (tmp_path / "result" / "log", "log")):
        got = _groups(_read(root)[0])
        steps, values = got[(d, "main/loss")]
        assert steps == [it for _, it, _, _ in rows]  # iteration is the step
        np.testing.assert_allclose(values, [r[2] for r in rows])
        vsteps, vvalues = got[(d, "validation/main/loss")]
        assert vsteps == [5, 10, 15]
        np.testing.assert_allclose(vvalues, [r[3] for r in rows if r[3] is not None])


def test_keras_csv_named_log_found_in_a_folder(tmp_path):
    import csv

    rows = _torch_loop(4, 1)
    (tmp_path / "results").mkdir()
    with open(tmp_path / "results" / "log", "w", newline="") as f:  # CSVLogger(filename='results/log')
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        for i, (_, _, loss, val) in enumerate(rows):
            w.writerow([i, loss, val])
    assert [r.id for r in discover(tmp_path)] == ["results/log"]
    got = _groups(_read(tmp_path)[0])
    assert got[("results/log", "val_loss")][0] == [0, 1, 2, 3]
    np.testing.assert_allclose(got[("results/log", "loss")][1], [r[2] for r in rows])


# ---------------------------------------------------------------- 2. pickled Keras history

class _RunsCode:
    """A pickle that would run code when loaded with pickle.load (it must never be)."""

    def __reduce__(self):
        return (os.system, ("touch SHOULD_NOT_EXIST",))


def test_pickled_history_read_without_running_code(tmp_path):
    import pickle

    rows = _torch_loop(6, 1)
    history = {"loss": [r[2] for r in rows], "val_loss": [r[3] for r in rows]}  # History.history: float lists
    (tmp_path / "model").mkdir()
    with open(tmp_path / "model" / "history.pkl", "wb") as f:
        pickle.dump(history, f)
    with open(tmp_path / "model" / "train_hist.pickle", "wb") as f:  # TF leaves numpy float32 in the lists
        pickle.dump({"loss": [np.float32(v) for v in history["loss"]], "acc": np.linspace(0.1, 0.6, 6)}, f,
                    protocol=2)
    with open(tmp_path / "model" / "weights.pkl", "wb") as f:  # not named like a history: not looked at
        pickle.dump({"loss": [1.0, 0.5]}, f)
    with open(tmp_path / "model" / "metrics_history.pkl", "wb") as f:
        pickle.dump({"loss": [_RunsCode()]}, f)
    problems: list = []
    ids = [r.id for r in discover(tmp_path, problems)]
    assert ids == ["model/history.pkl", "model/metrics_history.pkl", "model/train_hist.pickle"]
    df, msgs = _read(tmp_path)
    got = _groups(df)
    assert set(got) == {("model/history.pkl", "loss"), ("model/history.pkl", "val_loss"),
                        ("model/train_hist.pickle", "loss"), ("model/train_hist.pickle", "acc")}
    assert got[("model/history.pkl", "val_loss")][0] == list(range(6))
    np.testing.assert_allclose(got[("model/history.pkl", "loss")][1], history["loss"])
    np.testing.assert_allclose(got[("model/train_hist.pickle", "loss")][1], history["loss"], rtol=1e-6)
    np.testing.assert_allclose(got[("model/train_hist.pickle", "acc")][1], np.linspace(0.1, 0.6, 6))
    refused = [m for m in msgs if "metrics_history.pkl" in m]
    assert len(refused) == 1 and "posix.system" in refused[0] and "\n" not in refused[0]
    assert not os.path.exists("SHOULD_NOT_EXIST") and not os.path.exists(tmp_path / "SHOULD_NOT_EXIST")
    # given directly, whatever its name
    got = _groups(_read(tmp_path / "model" / "weights.pkl")[0])
    assert got[("weights.pkl", "loss")] == ([0, 1], [1.0, 0.5])


@pytest.mark.slow
def test_pickled_history_from_a_real_keras_fit(tmp_path):
    import subprocess
    import sys

    import importlib.util

    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    script = (
        "import os, pickle, numpy as np; os.environ.setdefault('KERAS_BACKEND', 'torch'); import keras\n"
        "x = np.random.default_rng(0).normal(size=(64, 3)).astype('float32'); y = x @ np.array([1., -2., .5], 'float32')\n"
        "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]); m.compile('sgd', 'mse')\n"
        "h = m.fit(x, y, epochs=5, validation_split=0.25, verbose=0)\n"
        "pickle.dump(h.history, open(os.path.join(os.environ['OUT'], 'history.pkl'), 'wb'))\n"
        "print(repr(h.history['val_loss']))\n")
    env = dict(os.environ, OUT=str(tmp_path), KERAS_BACKEND="torch")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    val = eval(done.stdout.strip().splitlines()[-1])
    got = _groups(_read(tmp_path)[0])
    assert set(got) == {("history.pkl", "loss"), ("history.pkl", "val_loss")}
    assert got[("history.pkl", "val_loss")] == (list(range(5)), [float(v) for v in val])


# ---------------------------------------------------------------- 4./5. RL CSVs: percent cells, timestep columns

def _bandit_pg(updates: int, batch: int = 64):
    """A tiny policy-gradient learner on a 3-armed bandit (torch): per update (total timesteps, mean reward, loss)."""
    torch.manual_seed(0)
    logits = torch.zeros(3, requires_grad=True)
    opt = torch.optim.Adam([logits], lr=0.1)
    means = torch.tensor([0.1, 0.5, 0.9])
    out, total = [], 0
    for _ in range(updates):
        dist = torch.distributions.Categorical(logits=logits)
        arms = dist.sample((batch,))
        rewards = means[arms] + 0.1 * torch.randn(batch)
        loss = -(dist.log_prob(arms) * (rewards - rewards.mean())).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += batch
        out.append((total, rewards.mean().item(), loss.item()))
    return out


@pytest.mark.parametrize("step_name", ["total timesteps", "total_timesteps", "timesteps_total", "TotalEnvInteracts"])
def test_rl_csv_percent_column_and_timestep_axis(tmp_path, step_name):
    import csv

    rows = _bandit_pg(12)
    d = tmp_path / "logs" / "ICM"
    d.mkdir(parents=True)
    with open(d / "run-1.csv", "w", newline="") as f:  # the project's own csv.DictWriter logger
        w = csv.DictWriter(f, ["ep_rew_mean", "Progress", "num_episodes", step_name, "total_loss"])
        w.writeheader()
        for i, (total, rew, loss) in enumerate(rows):
            w.writerow({"ep_rew_mean": rew, "Progress": f"{100 * i / len(rows):.2f}%", "num_episodes": 10 * i,
                        step_name: total, "total_loss": loss})
    assert [r.id for r in discover(tmp_path)] == ["logs/ICM/run-1.csv"]
    df, msgs = _read(tmp_path)
    got = _groups(df)
    run = "logs/ICM/run-1.csv"
    assert set(got) == {(run, t) for t in ("ep_rew_mean", "Progress", "num_episodes", "total_loss")}
    steps, values = got[(run, "total_loss")]
    assert steps == [r[0] for r in rows]  # the timestep column is the step, not the row number
    np.testing.assert_allclose(values, [r[2] for r in rows])
    np.testing.assert_allclose(got[(run, "Progress")][1], [round(100 * i / 12, 2) for i in range(12)])
    assert not any("row number" in m or "holds no numbers" in m for m in msgs)


def test_percent_column_beside_an_epoch_column(tmp_path):
    rows = _torch_loop(5, 1)
    with open(tmp_path / "metrics.csv", "w") as f:
        f.write("epoch,loss,acc\n" + "".join(f"{i},{r[2]},{50 + 5 * i}%\n" for i, r in enumerate(rows)))
    got = _groups(_read(tmp_path)[0])
    assert got[("metrics.csv", "acc")] == ([0, 1, 2, 3, 4], [50.0, 55.0, 60.0, 65.0, 70.0])


# ---------------------------------------------------------------- 5. accelerate's settings-only sub-folder

def test_accelerate_settings_subfolder_is_no_false_alarm(tmp_path):
    import subprocess
    import sys

    script = (
        "import os, torch\n"
        "from accelerate import Accelerator\n"
        "acc = Accelerator(log_with='tensorboard', project_dir=os.environ['OUT'], cpu=True)\n"
        "acc.init_trackers('dreambooth-lora', config={'learning_rate': 0.05, 'train_batch_size': 8})\n"
        "torch.manual_seed(0); model = torch.nn.Linear(3, 1); opt = torch.optim.SGD(model.parameters(), lr=0.05)\n"
        "model, opt = acc.prepare(model, opt); x = torch.randn(32, 3); y = x.sum(1, keepdim=True)\n"
        "for step in range(8):\n"
        "    loss = torch.nn.functional.mse_loss(model(x), y); acc.backward(loss); opt.step(); opt.zero_grad()\n"
        "    acc.log({'loss': loss.item(), 'lr': 0.05}, step=step); print(repr(loss.item()))\n"
        "acc.end_training()\n")
    env = dict(os.environ, OUT=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    losses = [float(v) for v in done.stdout.split()]
    event_dirs = {os.path.relpath(d, tmp_path) for d, _, names in os.walk(tmp_path) if any("tfevents" in n for n in names)}
    assert len(event_dirs) == 2  # the run's scalars and add_hparams' <time.time()>/ settings sub-folder
    assert [r.id for r in discover(tmp_path)] == ["dreambooth-lora"]
    df, msgs = _read(tmp_path)
    got = _groups(df)
    assert set(got) == {("dreambooth-lora", "loss"), ("dreambooth-lora", "lr")}
    assert got[("dreambooth-lora", "loss")][0] == list(range(8))
    np.testing.assert_allclose(got[("dreambooth-lora", "loss")][1], losses, rtol=1e-6)
    assert not any("stopped before its first log" in m for m in msgs), msgs
