"""Reader kinds of branch readers15b (breaker6's faults), each input written by its real writer:

- OpenAI baselines' printed key-value tables (``logger.HumanOutputFormat``: HER's stdout, ``<logdir>/log.txt``) with
  no loss row: each table one record at its ``epoch`` (or ``steps``) row, the log found and read as a run;
- PyG GraphGym's results: ``<seed>/{train,val}/stats.json`` one run per seed with its splits, ``logging.log``'s
  ``train: {...}``/``val: {...}`` dicts two splits, ``agg/`` (over seeds, or a grid's tables) left out with a line;
- two models' Keras histories in one JSON (nested ``{"regression": {...}, "classifier": {...}}`` or prefixed
  ``reg_loss``/``cls_loss``): one run per model, ``file#<name>``, each with its own Keras-named series;
- Ludwig's experiment dir: ``training_statistics.json`` (``{split: {feature: {metric: [...]}}}``) read as
  ``<split>/<feature>/<metric>`` at epochs 1..N, the dir one run with its TensorBoard logs, the resume state unread.
"""
from __future__ import annotations

import io
import json
import logging
import os
import warnings

import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


class BaselinesHumanOutputFormat:
    """``baselines.logger.HumanOutputFormat.writekvs``/``_truncate`` (openai/baselines master), line for line
    (baselines is not installed here)."""

    def __init__(self, file):
        self.file = file

    def writekvs(self, kvs):
        key2str = {}
        for (key, val) in sorted(kvs.items()):
            if hasattr(val, '__float__'):
                valstr = '%-8.3g' % val
            else:
                valstr = str(val)
            key2str[self._truncate(key)] = self._truncate(valstr)
        keywidth = max(map(len, key2str.keys()))
        valwidth = max(map(len, key2str.values()))
        dashes = '-' * (keywidth + valwidth + 7)
        lines = [dashes]
        for (key, val) in sorted(key2str.items(), key=lambda kv: kv[0].lower()):
            lines.append('| %s%s | %s%s |' % (key, ' ' * (keywidth - len(key)), val, ' ' * (valwidth - len(val))))
        lines.append(dashes)
        self.file.write('\n'.join(lines) + '\n')

    def _truncate(self, s):
        maxlen = 30
        return s[:maxlen - 3] + '...' if len(s) > maxlen else s


def _her_log(epochs=6):
    """A tiny goal-reaching policy trained per epoch as baselines.her's train() logs it: hyper-parameters printed
    first, then one table per epoch (``logger.record_tabular('epoch', epoch)``, test/train success rates, mean Q)
    with no loss row. Returns (text, {epoch: {key: printed value}})."""
    torch.manual_seed(0)
    policy = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.Tanh(), torch.nn.Linear(16, 2))
    critic = torch.nn.Linear(6, 1)
    opt = torch.optim.Adam([*policy.parameters(), *critic.parameters()], lr=1e-2)
    out = io.StringIO()
    out.write("Logging to /tmp/openai-2018-04-08-12-38-33-775875\n")
    for key, value in {"T": 50, "_Q_lr": 0.001, "_batch_size": 256, "_polyak": 0.95, "n_cycles": 10}.items():
        out.write(f"{key}: {value}\n")
    out.write("Training...\n")
    fmt = BaselinesHumanOutputFormat(out)
    expected = {}
    for epoch in range(epochs):
        for _ in range(5):
            obs = torch.randn(64, 2)
            goal = torch.randn(64, 2)
            act = policy(torch.cat([obs, goal], 1))
            q = critic(torch.cat([obs, goal, act], 1))
            loss = ((obs + act - goal) ** 2).sum(1).mean() - 0.01 * q.mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            obs, goal = torch.randn(80, 2), torch.randn(80, 2)
            act = policy(torch.cat([obs, goal], 1))
            success = (((obs + act - goal) ** 2).sum(1) < 0.5).float().mean().item()
            mean_q = critic(torch.cat([obs, goal, act], 1)).mean().item()
        kvs = {"epoch": epoch, "test/episode": float(20 * (epoch + 1)), "test/mean_Q": mean_q,
               "test/success_rate": success, "train/episode": float(100 * (epoch + 1)),
               "train/success_rate": max(0.0, success - 0.05)}
        fmt.writekvs(kvs)
        out.write(f"Saving periodic policy to /tmp/openai-2018/policy_{epoch}.pkl ...\n")
        expected[epoch] = {k: float('%-8.3g' % v) for k, v in kvs.items() if k != "epoch"}
    return out.getvalue(), expected


def test_baselines_tables_without_loss_read_at_epoch(tmp_path):
    text, expected = _her_log()
    logdir = tmp_path / "openai-2018-04-08"
    logdir.mkdir()
    (logdir / "log.txt").write_text(text)  # baselines' logger writes the same tables to <logdir>/log.txt
    runs = discover(str(tmp_path))
    assert [os.path.basename(f.path) for r in runs for f in r.files] == ["log.txt"]
    df, caught = scalars(tmp_path)
    assert not [w for w in caught if "no training progress" in w or "without total_timesteps" in w], caught
    tags = set(df["tag"].astype(str))
    assert tags == {"test/episode", "test/mean_Q", "test/success_rate", "train/episode", "train/success_rate"}
    for tag in ("test/success_rate", "test/mean_Q", "train/success_rate"):
        got = df[df["tag"] == tag]
        assert list(got["step"]) == list(range(len(expected)))
        assert list(got["value"]) == pytest.approx([expected[e][tag] for e in sorted(expected)])


def _graphgym_seed(out_dir, seed, epochs=12, eval_period=4):
    """One GraphGym seed as ``graphgym/logger.py`` writes it (``Logger.write_epoch``: ``dict_to_json`` appends a JSON
    line to ``<seed>/<split>/stats.json`` and ``logging.info('{}: {}'.format(name, stats))`` prints the same dict to
    ``<seed>/logging.log``), from a tiny node classifier trained on random features. Returns {split: [stats]}."""
    torch.manual_seed(seed)
    x, y = torch.randn(120, 8), torch.randint(0, 3, (120,))
    train, val = torch.arange(0, 80), torch.arange(80, 120)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    seed_dir = out_dir / str(seed)
    for split in ("train", "val"):
        (seed_dir / split).mkdir(parents=True)
    log = logging.getLogger(f"graphgym{seed}")
    handler = logging.FileHandler(seed_dir / "logging.log")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    (seed_dir / "config.yaml").write_text("optim:\n  base_lr: 0.1\n  max_epoch: %d\n" % epochs)
    written = {"train": [], "val": []}

    def write(split, stats):
        with open(seed_dir / split / "stats.json", "a") as f:
            json.dump(stats, f)
            f.write("\n")
        log.info("{}: {}".format(split, stats))
        written[split].append(stats)

    for epoch in range(epochs):
        out = model(x[train])
        loss = torch.nn.functional.cross_entropy(out, y[train])
        opt.zero_grad()
        loss.backward()
        opt.step()
        acc = (out.argmax(1) == y[train]).float().mean().item()
        write("train", {"epoch": epoch, "eta": round(0.1 * (epochs - epoch), 4), "loss": round(loss.item(), 4),
                        "lr": 0.1, "params": 1379, "time_iter": 0.01, "accuracy": round(acc, 4)})
        if epoch % eval_period == 0 or epoch == epochs - 1:
            with torch.no_grad():
                out = model(x[val])
                vloss = torch.nn.functional.cross_entropy(out, y[val]).item()
                vacc = (out.argmax(1) == y[val]).float().mean().item()
            write("val", {"epoch": epoch, "loss": round(vloss, 4), "lr": 0, "params": 1379, "time_iter": 0.005,
                          "accuracy": round(vacc, 4)})
    handler.close()
    log.removeHandler(handler)
    return written


def _graphgym_agg(out_dir, seeds):
    """``graphgym/utils/agg_runs.py`` ``agg_runs``: the mean and ``<key>_std`` over seeds per split and epoch in
    ``agg/<split>/stats.json``, the best epoch in ``best.json``, TensorBoard copies (``dict_to_tb``)."""
    from torch.utils.tensorboard import SummaryWriter

    for split in ("train", "val"):
        d = out_dir / "agg" / split
        d.mkdir(parents=True)
        rows = []
        for i, first in enumerate(seeds[0][split]):
            stats = dict(epoch=first["epoch"])
            for key in first:
                if key != "epoch":
                    vals = torch.tensor([float(s[split][i][key]) for s in seeds])
                    stats[key], stats[key + "_std"] = round(vals.mean().item(), 4), round(vals.std(0).item(), 4)
            rows.append(stats)
        (d / "stats.json").write_text("".join(json.dumps(r) + "\n" for r in rows))
        (d / "best.json").write_text(json.dumps(min(rows, key=lambda r: r["loss"])) + "\n")
        with SummaryWriter(str(d)) as tb:
            for r in rows:
                for key, value in r.items():
                    if key != "epoch":
                        tb.add_scalar(key, value, r["epoch"])


def test_graphgym_seed_dirs_are_runs_with_splits(tmp_path):
    out_dir = tmp_path / "results" / "example"
    seeds = [_graphgym_seed(out_dir, seed) for seed in (1, 2)]
    _graphgym_agg(out_dir, seeds)
    problems = []
    runs = discover(str(out_dir), problems)
    assert [r.id for r in runs] == ["1", "2"]
    assert [(os.path.basename(f.path), f.dir, f.segment) for f in runs[0].files] == [
        ("stats.json", "train", None), ("stats.json", "val", None), ("logging.log", "", -1)]
    assert [p for p in problems if "agg" in str(p) and "left out" in str(p)]
    df, caught = scalars(out_dir)
    assert set(df["dir"].astype(str)) == {"1/train", "1/val", "2/train", "2/val"}
    assert [w for w in caught if "aggregate over seeds" in w]
    assert not [w for w in caught if "HF Trainer" in w], caught
    for seed, written in zip((1, 2), seeds):
        for split in ("train", "val"):
            got = df[(df["dir"] == f"{seed}/{split}") & (df["tag"] == "loss")]
            assert list(got["step"]) == [s["epoch"] for s in written[split]]
            assert list(got["value"]) == pytest.approx([s["loss"] for s in written[split]])


def test_graphgym_logging_log_alone_gives_two_splits(tmp_path):
    written = _graphgym_seed(tmp_path, 3)
    df, caught = scalars(tmp_path / "3" / "logging.log")
    assert "loss" not in set(df["tag"].astype(str))
    for split in ("train", "val"):
        got = df[df["tag"] == f"{split}_loss"]
        assert list(got["step"]) == [s["epoch"] for s in written[split]]
        assert list(got["value"]) == pytest.approx([s["loss"] for s in written[split]])
    assert list(df[df["tag"] == "val_accuracy"]["value"]) == pytest.approx([s["accuracy"] for s in written["val"]])


def test_graphgym_grid_tables_left_out_with_a_line(tmp_path):
    """``agg_batch``: one row per configuration (dataset, lr, depth change from row to row) in agg/<split>.csv."""
    import pandas as pd

    agg = tmp_path / "design_grid" / "agg"
    agg.mkdir(parents=True)
    rows = [{"dataset": d, "l_mp": l_mp, "lr": lr, "epoch": epoch, "loss": loss, "loss_std": 0.01, "accuracy": acc}
            for d, l_mp, lr, epoch, loss, acc in [("Cora", 2, 0.1, 99, 0.16, 0.8), ("Cora", 4, 0.01, 199, 0.86, 0.7),
                                                 ("CiteSeer", 2, 0.001, 99, 1.69, 0.3)]]
    for name in ("train.csv", "val.csv", "val_best.csv"):
        pd.DataFrame(rows).to_csv(agg / name, index=False)
    problems = []
    assert discover(str(tmp_path), problems) == []
    assert [str(p) for p in problems if "one row per configuration" in str(p)]


def _fit(model, x, y, loss_fn, epochs, lr, metric=None):
    """A Keras-like ``fit``: the ``History.history`` dict (loss, val_loss, a metric, learning_rate per epoch)."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.StepLR(opt, 5, 0.5)
    n = int(len(x) * 0.8)
    history = {"loss": [], "val_loss": [], "learning_rate": []}
    if metric:
        history[metric[0]], history["val_" + metric[0]] = [], []
    for _ in range(epochs):
        out = model(x[:n])
        loss = loss_fn(out, y[:n])
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            val = model(x[n:])
            history["loss"].append(loss.item())
            history["val_loss"].append(loss_fn(val, y[n:]).item())
            history["learning_rate"].append(opt.param_groups[0]["lr"])
            if metric:
                history[metric[0]].append(metric[1](out, y[:n]))
                history["val_" + metric[0]].append(metric[1](val, y[n:]))
        sched.step()
    return history


def _two_models():
    torch.manual_seed(0)
    x = torch.randn(200, 6)
    reg = _fit(torch.nn.Linear(6, 1), x, x[:, :1] * 2 + 0.1 * torch.randn(200, 1), torch.nn.functional.mse_loss, 12,
               0.05, ("mae", lambda o, t: (o - t).abs().mean().item()))
    cls = _fit(torch.nn.Linear(6, 2), x, (x[:, 0] > 0).long(), torch.nn.functional.cross_entropy, 7, 0.05,
               ("accuracy", lambda o, t: (o.argmax(1) == t).float().mean().item()))
    return reg, cls


@pytest.mark.parametrize("layout", ["nested", "prefixed"])
def test_two_models_histories_in_one_json_are_two_runs(tmp_path, layout):
    reg, cls = _two_models()
    if layout == "nested":
        obj, names = {"regression": reg, "classifier": cls}, ("regression", "classifier")
    else:
        obj = {**{f"reg_{k}": v for k, v in reg.items()}, **{f"cls_{k}": v for k, v in cls.items()}}
        names = ("reg", "cls")
    path = tmp_path / "training_history.json"
    path.write_text(json.dumps(obj, indent=2))
    runs = discover(str(tmp_path))
    assert sorted(r.id for r in runs) == sorted(f"training_history.json#{n}" for n in names)
    for given in (tmp_path, path):
        df, caught = scalars(given)
        for name, history in zip(names, (reg, cls)):
            run = df[df["dir"] == f"training_history.json#{name}"]
            assert set(run["tag"].astype(str)) == set(history)
            for tag in ("loss", "val_loss", "learning_rate"):
                got = run[run["tag"] == tag]
                assert list(got["step"]) == list(range(len(history[tag])))
                assert list(got["value"]) == pytest.approx(history[tag])


def test_one_model_with_prefixed_splits_or_gan_sides_stays_one_run(tmp_path):
    """``train_loss``/``val_loss`` are splits and ``d_loss``/``g_loss`` a GAN's two sides: one training each."""
    (tmp_path / "a.json").write_text(json.dumps({"train_loss": [1.0, 0.5], "train_acc": [0.5, 0.7],
                                                 "val_loss": [1.1, 0.9], "val_acc": [0.4, 0.6]}))
    (tmp_path / "b.json").write_text(json.dumps({"d_loss": [0.7, 0.6, 0.6], "d_acc": [0.5, 0.6, 0.6],
                                                 "g_loss": [2.0, 1.5, 1.2], "g_lr": [1e-4] * 3}))
    assert sorted(r.id for r in discover(str(tmp_path))) == ["a.json", "b.json"]


def test_ludwig_experiment_dir_is_one_run_with_its_splits(tmp_path):
    """Ludwig 0.3's ``train``: ``save_json(training_statistics.json, train_stats)`` (``{split: {output feature:
    {metric: [per epoch]}}}``, ``combined`` the summed loss), ``model/training_progress.json`` (its resume state) and
    TensorBoard summaries in ``model/logs/training``, from a tiny classifier trained for 5 epochs."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, y = torch.randn(150, 5), (torch.randn(150) > 0).long()
    model = torch.nn.Linear(5, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    stats = {split: {"combined": {"loss": []}, "label": {"accuracy": [], "loss": []}}
             for split in ("training", "validation", "test")}
    run = tmp_path / "results" / "experiment_run"
    (run / "model" / "logs" / "training").mkdir(parents=True)
    with SummaryWriter(str(run / "model" / "logs" / "training")) as tb:
        for epoch in range(1, 6):
            loss = torch.nn.functional.cross_entropy(model(x[:100]), y[:100])
            opt.zero_grad()
            loss.backward()
            opt.step()
            tb.add_scalar("combined/step_training_loss", loss.item(), epoch - 1)
            with torch.no_grad():
                for split, idx in (("training", slice(0, 100)), ("validation", slice(100, 125)),
                                   ("test", slice(125, 150))):
                    out = model(x[idx])
                    split_loss = torch.nn.functional.cross_entropy(out, y[idx]).item()
                    stats[split]["combined"]["loss"].append(split_loss)
                    stats[split]["label"]["loss"].append(split_loss)
                    stats[split]["label"]["accuracy"].append((out.argmax(1) == y[idx]).float().mean().item())
            tb.add_scalar("combined/epoch_loss", stats["training"]["combined"]["loss"][-1], epoch)
    (run / "training_statistics.json").write_text(json.dumps(stats, indent=4, sort_keys=True))
    (run / "description.json").write_text(json.dumps({"ludwig_version": "0.3.2", "config": {}}, indent=4))
    (run / "model" / "training_progress.json").write_text(json.dumps(
        {"batch_size": 128, "best_eval_metric": float("inf"), "epoch": 5, "last_improvement": 0, "steps": 5,
         "learning_rate": 0.5, "num_reductions_learning_rate": 0}, indent=4))
    problems = []
    runs = discover(str(tmp_path), problems)
    assert [r.id for r in runs] == ["results/experiment_run"]
    assert not problems
    df, caught = scalars(tmp_path)
    assert not [w for w in caught if "training_progress" in w or "no loss series" in w], caught
    ours = df[df["dir"] == "results/experiment_run"]
    for split, name in (("training", "train"), ("validation", "validation"), ("test", "test")):
        for feature, metric in (("combined", "loss"), ("label", "accuracy")):
            got = ours[ours["tag"] == f"{name}/{feature}/{metric}"]
            assert list(got["step"]) == [1, 2, 3, 4, 5]
            assert list(got["value"]) == pytest.approx(stats[split][feature][metric])
    assert "results/experiment_run/model/logs/training" in set(df["dir"].astype(str))
