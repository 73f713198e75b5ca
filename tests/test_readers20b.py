"""readers20b: real public logs from CSV/JSON/TensorBoard breakers (/tmp/readers20b_inputs/FINDINGS.md), fixed by kind:

- a results dump of several experiments x seeds, each record holding its per-epoch history under ``history`` (public
  chasing-doctor/d2nn-multitask@e8bb3b9 ``all_results.json``: 60 runs read as none, silently -- HF's summary name);
- RL episode logs: SB3/baselines ``Monitor`` CSVs (public rishabhg97/robust-cartpole@c72b9aa ``logs/monitor.csv``,
  skipped silently) and train-procgen-pytorch's ``log.csv`` with a ``timesteps`` axis (public Bokai-Ji/ConceptPPO@
  6200119 ``logs/<exp>/log.csv``, "names no step column" alone); beside the logger's own event files: one run;
- mmengine's ``vis_data/<timestamp>.json`` copy read as a second run when ``vis_data/`` is not below its timestamp dir
  (public duanbo320/openmmlab_camp@a44bd37).

Every log is written by the real writer (json.dump, pandas, csv, torch SummaryWriter, transformers) from a tiny real
torch loop; writers of libraries not installed here (stable-baselines3, mmengine) are copied line for line.
"""
from __future__ import annotations

import csv
import json
import os
import time
import warnings

import numpy as np
import pytest

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.scan import scan

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


def _series(df, run: str, tag: str):
    got = df[(df["dir"].astype(str) == run) & (df["tag"].astype(str) == tag)].sort_values("step")
    return list(got["step"]), list(got["value"])


def _fit(seed: int, epochs: int, tasks: tuple[str, ...]) -> dict[str, list[float]]:
    """A Keras-like ``history`` dict of a tiny multi-task classifier: ``loss`` and one accuracy (%) per task."""
    torch.manual_seed(seed)
    x = torch.randn(96, 6)
    ys = [(x[:, i] > 0).long() for i in range(len(tasks))]
    heads = torch.nn.ModuleList(torch.nn.Linear(6, 2) for _ in tasks)
    opt = torch.optim.SGD(heads.parameters(), lr=0.3)
    hist: dict[str, list[float]] = {"loss": [], **{t: [] for t in tasks}}
    for _ in range(epochs):
        loss = sum(F.cross_entropy(h(x), y) for h, y in zip(heads, ys))
        opt.zero_grad()
        loss.backward()
        opt.step()
        hist["loss"].append(loss.item())
        with torch.no_grad():
            for t, h, y in zip(tasks, heads, ys):
                hist[t].append(round((h(x).argmax(1) == y).float().mean().item() * 100, 3))
    return hist


def test_results_dump_of_experiments_and_seeds_is_one_run_per_record(tmp_path):
    """d2nn-multitask's shape: ``{exp: {"layers": .., "runs": [{"seed": s, "history": {...}, "mnist_best": ..}]}}``
    json.dump'ed to ``all_results.json`` (the name of HF's flat summary, never opened before: 60 runs lost, no
    line). Each record is a run named ``<exp>/seed<s>``, its history at epochs 0..n-1, the record's numbers out."""
    dump, expected = {}, {}
    for exp, tasks in (("A", ("mnist", "fashion")), ("3Task", ("mnist", "fashion", "emnist"))):
        runs = []
        for seed in (2026, 7):
            hist = _fit(seed, 6, tasks)
            expected[f"{exp}/seed{seed}"] = hist
            runs.append({"seed": seed, "time_min": 1.5, "n_params": 200000, "history": hist,
                         **{f"{t}_final": hist[t][-1] for t in tasks}, **{f"{t}_best": max(hist[t]) for t in tasks}})
        dump[exp] = {"name": exp, "layers": 5, "mode": "single", "tasks": list(tasks), "runs": runs}
    with open(tmp_path / "all_results.json", "w") as f:
        json.dump(dump, f, indent=2)
    runs = discover(str(tmp_path))
    assert sorted(r.id.split("#", 1)[1] for r in runs) == sorted(expected)
    df, caught = _scalars(tmp_path)
    for name, hist in expected.items():
        run = f"all_results.json#{name}"
        assert {t for t in df[df["dir"].astype(str) == run]["tag"].astype(str)} == set(hist)
        for tag, values in hist.items():
            steps, got = _series(df, run, tag)
            assert steps == list(range(6))
            assert got == pytest.approx(values)
    assert not [w for w in caught if "not a training history" in w], caught


def test_list_of_named_records_with_histories_sibling(tmp_path):
    """Sibling shape: a list of records ``[{"model": "mlp", "history": {...}, "test_acc": ..}, ...]`` in
    ``results.json`` (not a summary name): one run per record, named by its ``model``."""
    records = [{"model": m, "history": _fit(s, 5, ("acc",)), "test_acc": 90.0} for m, s in (("mlp", 1), ("cnn", 2))]
    (tmp_path / "results.json").write_text(json.dumps(records))
    assert sorted(r.id for r in discover(str(tmp_path))) == ["results.json#cnn", "results.json#mlp"]
    df, _ = _scalars(tmp_path)
    for rec in records:
        steps, got = _series(df, f"results.json#{rec['model']}", "loss")
        assert steps == list(range(5)) and got == pytest.approx(rec["history"]["loss"])


def test_hf_flat_all_results_stays_no_run(tmp_path):
    """transformers' ``Trainer.save_metrics('all', ...)`` writes a flat ``all_results.json``: still never a run of
    its own, no line (the summary-name rule holds for what HF writes)."""
    transformers = pytest.importorskip("transformers")
    args = transformers.TrainingArguments(output_dir=str(tmp_path), report_to=[], use_cpu=True)
    trainer = transformers.Trainer(model=torch.nn.Linear(2, 2), args=args)
    trainer.save_metrics("all", {"train_loss": 0.4123, "epoch": 3.0, "train_runtime": 12.5})
    assert (tmp_path / "all_results.json").is_file()
    problems: list = []
    assert discover(str(tmp_path), problems) == [] and problems == []


class ResultsWriter:
    """``stable_baselines3.common.monitor.ResultsWriter`` (SB3 2.x), line for line but the path handling (SB3 is not
    installed here): a ``#`` + JSON header line, then ``csv.DictWriter`` rows ``r, l, t`` + extra keys."""

    def __init__(self, filename: str, header: dict, extra_keys: tuple = ()):
        self.file_handler = open(filename, "w", newline="\n")
        self.file_handler.write("#%s\n" % json.dumps(header))
        self.logger = csv.DictWriter(self.file_handler, fieldnames=("r", "l", "t", *extra_keys))
        self.logger.writeheader()
        self.file_handler.flush()

    def write_row(self, epinfo: dict) -> None:
        self.logger.writerow(epinfo)
        self.file_handler.flush()

    def close(self) -> None:
        self.file_handler.close()


def _episodes(n: int, seed: int = 0):
    """A tiny REINFORCE policy on a 1-D walk to a goal (at most 30 moves): per episode (return, length)."""
    torch.manual_seed(seed)
    policy = torch.nn.Linear(2, 2)
    opt = torch.optim.Adam(policy.parameters(), lr=0.05)
    for _ in range(n):
        pos, goal, logps, rewards = 0.0, 3.0, [], []
        while len(rewards) < 30:
            dist = torch.distributions.Categorical(logits=policy(torch.tensor([pos, goal - pos])))
            a = dist.sample()
            logps.append(dist.log_prob(a))
            pos += 1.0 if a.item() == 1 else -1.0
            rewards.append(1.0 if pos >= goal else -0.1)
            if pos >= goal:
                break
        loss = -torch.stack(logps).sum() * sum(rewards)
        opt.zero_grad()
        loss.backward()
        opt.step()
        yield round(sum(rewards), 6), len(rewards)


def test_sb3_monitor_csv_is_a_run_at_environment_steps(tmp_path):
    """SB3's ``Monitor`` file (one row per episode: return ``r``, length ``l``, seconds ``t`` since ``t_start``) was
    skipped without a word (robust-cartpole's 390 episodes). Now one run: ``episode_reward``/``episode_length`` at
    the running sum of ``l`` (SB3 ``results_plotter`` X_TIMESTEPS), wall time ``t_start + t``, info keys kept."""
    t_start = time.time()
    writer = ResultsWriter(str(tmp_path / "monitor.csv"), {"t_start": t_start, "env_id": "Walk-v0"}, ("is_success",))
    rows = []
    for r, length in _episodes(25):
        row = {"r": r, "l": length, "t": round(time.time() - t_start, 6), "is_success": float(r > 0)}
        writer.write_row(row)
        rows.append(row)
    writer.close()
    (run,) = discover(str(tmp_path))
    assert run.format == "rl_monitor"
    df, caught = _scalars(tmp_path)
    steps, rewards = _series(df, "monitor.csv", "episode_reward")
    assert steps == list(np.cumsum([row["l"] for row in rows]))
    assert rewards == pytest.approx([row["r"] for row in rows])
    assert _series(df, "monitor.csv", "episode_length")[1] == [row["l"] for row in rows]
    assert _series(df, "monitor.csv", "is_success")[1] == [row["is_success"] for row in rows]
    walls = df[df["tag"].astype(str) == "episode_reward"].sort_values("step")["wall_time"]
    assert list(walls) == pytest.approx([t_start + row["t"] for row in rows])
    assert set(df["tag"].astype(str)) == {"episode_reward", "episode_length", "is_success"} and not caught


def test_monitor_csv_with_a_cut_row_says_its_line(tmp_path):
    """A monitor file cut mid-row (a killed job): the episodes before it are read, the cut row named by its line."""
    writer = ResultsWriter(str(tmp_path / "0.monitor.csv"), {"t_start": 1700000000.0, "env_id": "Walk-v0"})
    for n, (r, length) in enumerate(_episodes(6), 1):
        writer.write_row({"r": r, "l": length, "t": float(n)})
    writer.close()
    with open(tmp_path / "0.monitor.csv", "a") as f:
        f.write("1.5,1")
    df, caught = _scalars(tmp_path)
    assert len(_series(df, "0.monitor.csv", "episode_reward")[0]) == 6
    assert [w for w in caught if "0.monitor.csv:9:" in w and "skipped" in w], caught


_PROCGEN_COLUMNS = ["timesteps", "wall_time", "num_episodes", "max_episode_rewards", "mean_episode_rewards",
                    "min_episode_rewards", "max_episode_len", "mean_episode_len", "min_episode_len"]


def _procgen_logger(logdir, updates: int = 6, events: bool = True) -> list[list[float]]:
    """train-procgen-pytorch's ``Logger.dump`` (common/logger.py): a row per update appended to a pandas frame and
    ``to_csv(logdir + '/log.csv', index=False)``; with TensorBoard the same numbers as ``Rewards/*_episodes``,
    ``Len/*_episodes`` at ``timesteps``, and ``Loss/*`` from the PPO update. A tiny policy-gradient update here."""
    import pandas as pd
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(logdir)) if events else None
    log = pd.DataFrame(columns=_PROCGEN_COLUMNS)
    episodes = _episodes(updates * 4, seed=3)
    rows, timesteps, n_eps, start = [], 0, 0, time.time()
    for _ in range(updates):
        batch = [next(episodes) for _ in range(4)]
        rew, lens = [b[0] for b in batch], [b[1] for b in batch]
        timesteps += 256
        n_eps += len(batch)
        row = [timesteps, time.time() - start, n_eps, max(rew), float(np.mean(rew)), min(rew), max(lens),
               float(np.mean(lens)), min(lens)]
        log.loc[len(log)] = row
        log.to_csv(os.path.join(str(logdir), "log.csv"), index=False)
        if writer is not None:
            for i, key in enumerate(("max", "mean", "min")):
                writer.add_scalar(f"Rewards/{key}_episodes", row[3 + i], timesteps)
                writer.add_scalar(f"Len/{key}_episodes", row[6 + i], timesteps)
            writer.add_scalar("Loss/pi", -float(np.mean(rew)) * 0.01, timesteps)
        rows.append(row)
    if writer is not None:
        writer.close()
    return rows


def test_procgen_log_csv_alone_read_at_its_timesteps(tmp_path):
    rows = _procgen_logger(tmp_path, events=False)
    (run,) = discover(str(tmp_path))
    df, caught = _scalars(tmp_path)
    steps, got = _series(df, "log.csv", "mean_episode_rewards")
    assert steps == [int(r[0]) for r in rows] and got == pytest.approx([r[4] for r in rows])
    assert "timesteps" not in set(df["tag"].astype(str))
    assert not [w for w in caught if "names no step" in w], caught


def test_procgen_log_csv_beside_its_event_file_is_one_run_each_series_once(tmp_path):
    """The logger writes log.csv and the event file into one dir: one run; the CSV's copies of the event series
    (other names, same steps and values) are left out with one line, its ``num_episodes`` kept."""
    rows = _procgen_logger(tmp_path)
    runs = discover(str(tmp_path))
    assert len(runs) == 1 and {os.path.basename(f.path).split(".")[0] for f in runs[0].files} == {"events", "log"}
    df, caught = _scalars(tmp_path)
    tags = set(df["tag"].astype(str))
    assert tags == {"Rewards/max_episodes", "Rewards/mean_episodes", "Rewards/min_episodes", "Len/max_episodes",
                    "Len/mean_episodes", "Len/min_episodes", "Loss/pi", "num_episodes"}
    steps, got = _series(df, "", "Rewards/mean_episodes")
    assert steps == [int(r[0]) for r in rows] and got == pytest.approx([r[4] for r in rows], rel=1e-6)
    assert [w for w in caught if "log.csv" in w and "6 series" in w], caught


def test_sb3_progress_csv_beside_its_event_file_is_one_run(tmp_path):
    """Sibling: SB3 ``configure(folder, ["csv", "tensorboard"])`` writes progress.csv (``time/total_timesteps``
    axis; CSVOutputFormat's header of the keys) and an event file (the same keys at ``num_timesteps``) into one
    folder: one run, each series once."""
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path))
    keys = ["rollout/ep_len_mean", "rollout/ep_rew_mean", "time/iterations", "time/total_timesteps",
            "train/policy_gradient_loss"]
    expected = []
    with open(tmp_path / "progress.csv", "w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=keys)
        out.writeheader()
        for it, (r, length) in enumerate(_episodes(5, seed=4), 1):
            kvs = {"rollout/ep_len_mean": float(length), "rollout/ep_rew_mean": r, "time/iterations": it,
                   "time/total_timesteps": 2048 * it, "train/policy_gradient_loss": -0.01 * r}
            out.writerow(kvs)
            for key in keys:
                if key != "time/total_timesteps":
                    writer.add_scalar(key, kvs[key], 2048 * it)
            expected.append(kvs)
    writer.close()
    (run,) = discover(str(tmp_path))
    df, _ = _scalars(tmp_path)
    steps, got = _series(df, "", "rollout/ep_rew_mean")
    assert steps == [2048 * i for i in range(1, 6)] and got == pytest.approx([k["rollout/ep_rew_mean"] for k in expected])


def _mmengine_vis(vis_data, stamp: str, epochs: int = 3, iters: int = 4) -> list[float]:
    """mmengine 0.10's ``LocalVisBackend.add_scalars`` as ``LoggerHook`` drives it (see test_openmmlab_logs): each dict
    json.dump'ed + newline into ``vis_data/scalars.json`` and ``vis_data/<timestamp>.json``. Returns the losses."""
    vis_data.mkdir(parents=True)
    files = [open(vis_data / "scalars.json", "a+"), open(vis_data / f"{stamp}.json", "a+")]
    torch.manual_seed(0)
    x, y = torch.randn(32, 4), torch.randint(0, 2, (32,))
    model = torch.nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    losses, n = [], 0
    for epoch in range(1, epochs + 1):
        for _ in range(iters):
            n += 1
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            for f in files:
                json.dump({"lr": 0.2, "data_time": 0.001, "loss": loss.item(), "time": 0.01, "epoch": epoch,
                           "iter": n, "memory": 300, "step": n}, f)
                f.write("\n")
        acc = (model(x).argmax(1) == y).float().mean().item() * 100
        for f in files:
            json.dump({"accuracy/top1": acc, "data_time": 0.002, "time": 0.003, "step": epoch}, f)
            f.write("\n")
    for f in files:
        f.close()
    return losses


@pytest.mark.parametrize("where", ["top", "renamed", "itself"])
def test_mmengine_vis_data_moved_out_of_its_timestamp_dir_is_one_run(tmp_path, where):
    """openmmlab_camp committed ``vis_data/`` at the repository's top: its ``20230607_213107.json`` copy was a second
    run of the same training. Now one run wherever vis_data/ sits (top, a renamed log dir, scanned itself)."""
    stamp = "20230607_213107"
    vis = {"top": tmp_path / "vis_data", "renamed": tmp_path / "exp1" / "vis_data",
           "itself": tmp_path / "vis_data"}[where]
    losses = _mmengine_vis(vis, stamp)
    root = vis if where == "itself" else tmp_path
    runs = discover(str(root))
    assert len(runs) == 1
    df, _ = _scalars(root)
    assert len(df["dir"].unique()) == 1
    got = df[df["tag"].astype(str) == "loss"].sort_values("step")
    assert list(got["step"]) == list(range(1, 13)) and list(got["value"]) == pytest.approx(losses)


def test_empty_csv_named_like_a_log_is_said_empty(tmp_path):
    """UniTraj-unicp's ``lightning_logs/version_8/metrics.csv`` is 0 bytes (the job died before its first log, no
    hparams.yaml): said "empty file", not "its header names no step column"."""
    version = tmp_path / "lightning_logs" / "version_8"
    version.mkdir(parents=True)
    (version / "metrics.csv").write_bytes(b"")
    problems: list = []
    # a run that could not be read (newcomer28, item 8): its row `unknown`, its error line "empty file" when loaded;
    # named by its folder, as once written (ux69 F6)
    assert [(r.id, r.format) for r in discover(str(tmp_path), problems)] == [
        ("lightning_logs/version_8", "unread")]
    assert problems == []
    report = scan([tmp_path])
    assert [str(p) for p in report.errors] == [f"{version / 'metrics.csv'}: empty file"]
    assert [r.analysis.summary for r in report.runs] == [f"could not be read: {version / 'metrics.csv'}: empty file."]
