"""Reader kinds of branch readers13 (breaker3's faults), each input written by its real writer:

- Stable-Baselines3's printed key-value tables (``HumanOutputFormat``, one per logger dump) in a job log: each table
  one record at its ``total_timesteps``, tags ``<section>/<key>`` as SB3's TensorBoard writer names them;
- DETR's ``log.txt`` (JSON lines): the list-valued COCO result ``test_coco_eval_bbox`` as its 12 named values.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings

import pytest
import torch

from loganalyzer import read_scalars
from loganalyzer.discover import discover
from loganalyzer.load import load_run

from _runs import one_thread  # noqa: F401,E402  (one_thread: autouse)


def scalars(path, resolve=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_scalars(str(path), resolve=resolve)
    return df, [str(w.message) for w in caught]


class HumanOutputFormat:
    """``stable_baselines3.common.logger.HumanOutputFormat.write``/``_truncate`` (SB3 2.x), line for line (SB3 is
    not installed here)."""

    def __init__(self, file, max_length: int = 36):
        self.file, self.max_length = file, max_length

    def _truncate(self, string: str) -> str:
        if len(string) > self.max_length:
            string = string[: self.max_length - 3] + "..."
        return string

    def write(self, key_values: dict, key_excluded: dict) -> None:
        key2str = {}
        tag = ""
        for (key, value), (_, excluded) in zip(sorted(key_values.items()), sorted(key_excluded.items())):
            if excluded is not None and ("stdout" in excluded or "log" in excluded):
                continue
            if isinstance(value, float):
                value_str = f"{value:<8.3g}"
            else:
                value_str = str(value)
            if key.find("/") > 0:
                tag = key[: key.find("/") + 1]
                key2str[(tag, self._truncate(tag))] = ""
            if len(tag) > 0 and tag in key:
                key = f"{'':3}{key[len(tag):]}"
            truncated_key = self._truncate(key)
            key2str[(tag, truncated_key)] = self._truncate(value_str)
        key_width = max(len(k) for _, k in key2str)
        val_width = max(map(len, key2str.values()))
        dashes = "-" * (key_width + val_width + 7)
        lines = [dashes]
        for (_, key), value in key2str.items():
            key_space = " " * (key_width - len(key))
            val_space = " " * (val_width - len(value))
            lines.append(f"| {key}{key_space} | {value}{val_space} |")
        lines.append(dashes)
        self.file.write("\n".join(lines) + "\n")


def test_sb3_printed_tables_read_at_total_timesteps(tmp_path):
    torch.manual_seed(0)
    policy = torch.nn.Linear(4, 2)
    value = torch.nn.Linear(4, 1)
    opt = torch.optim.Adam([*policy.parameters(), *value.parameters()], lr=3e-4)
    out = io.StringIO()
    out.write("Using cpu device\n")
    fmt = HumanOutputFormat(out)
    expected = {}
    n_steps = 128
    for it in range(1, 7):
        obs = torch.randn(n_steps, 4)
        dist = torch.distributions.Categorical(logits=policy(obs))
        act = dist.sample()
        reward = (act == (obs[:, 0] > 0).long()).float()
        adv = reward - value(obs).squeeze(-1).detach()
        pg_loss = -(dist.log_prob(act) * adv).mean()
        value_loss = ((value(obs).squeeze(-1) - reward) ** 2).mean()
        entropy_loss = -dist.entropy().mean()
        loss = pg_loss + 0.5 * value_loss + 0.01 * entropy_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        kv = {"rollout/ep_rew_mean": float(reward.mean()), "rollout/ep_len_mean": float(n_steps),
              "time/fps": 1000 + it, "time/iterations": it, "time/time_elapsed": it // 3,
              "time/total_timesteps": it * n_steps}
        if it > 1:  # SB3's PPO: the first dump comes before the first train()
            kv.update({"train/loss": loss.item(), "train/value_loss": value_loss.item(),
                       "train/policy_gradient_loss": pg_loss.item(), "train/entropy_loss": entropy_loss.item(),
                       "train/n_updates": 10 * (it - 1), "train/clip_range": 0.2})
        fmt.write(kv, {k: None for k in kv})
        expected[it * n_steps] = {k: float(f"{v:<8.3g}") if isinstance(v, float) else v for k, v in kv.items()}
    out.write("Saved model to ppo_cartpole.zip\n")
    log = tmp_path / "train.log"
    log.write_text(out.getvalue())

    df, caught = scalars(log)
    assert not [w for w in caught if "no training progress" in w], caught
    tags = set(df["tag"].astype(str))
    assert {"rollout/ep_rew_mean", "rollout/ep_len_mean", "train/loss", "train/value_loss",
            "train/policy_gradient_loss", "train/entropy_loss", "time/fps"} <= tags
    assert "time/total_timesteps" not in tags  # the axis
    for tag in ("rollout/ep_rew_mean", "train/loss", "train/value_loss", "time/fps"):
        got = df[df["tag"] == tag]
        want = {s: kv[tag] for s, kv in expected.items() if tag in kv}
        assert list(got["step"]) == sorted(want)
        assert list(got["value"]) == pytest.approx([want[s] for s in sorted(want)])


def test_sb3_tables_among_other_lines_keep_sections(tmp_path):
    """Keys without a section (a custom ``logger.record('reward', ...)``) keep their bare name."""
    out = io.StringIO()
    fmt = HumanOutputFormat(out)
    for it in range(1, 4):
        kv = {"reward": 0.5 * it, "time/total_timesteps": 100 * it, "train/loss": 1.0 / it}
        out.write(f"iteration {it} done\n")
        fmt.write(kv, {k: None for k in kv})
    log = tmp_path / "train.log"
    log.write_text(out.getvalue())
    df, _ = scalars(log)
    assert sorted(set(df["tag"].astype(str))) == ["reward", "train/loss"]
    assert list(df[df["tag"] == "train/loss"]["step"]) == [100, 200, 300]
    assert list(df[df["tag"] == "train/loss"]["value"]) == pytest.approx([1.0, 0.5, 0.333])


def _detr_log(path, epochs=4):
    """DETR's main.py: each epoch ``log_stats = {**{f'train_{k}': v}, **{f'test_{k}': v}, 'epoch': epoch,
    'n_parameters': n}`` written as ``json.dumps(log_stats) + "\\n"``; ``test_coco_eval_bbox`` is
    ``coco_evaluator.coco_eval['bbox'].stats.tolist()`` (12 numbers)."""
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(64, 8), torch.randn(64, 4)
    n_parameters = sum(p.numel() for p in model.parameters())
    stats_by_epoch = []
    with open(path, "w") as f:
        for epoch in range(epochs):
            loss = torch.nn.functional.mse_loss(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                test_loss = torch.nn.functional.mse_loss(model(x[:16]), y[:16]).item()
            ap = 1.0 / (1.0 + test_loss)
            stats = [ap, min(1.0, 1.5 * ap), 0.9 * ap, 0.5 * ap, ap, 1.1 * ap, 0.4, 0.6, 0.65, -1.0, 0.7, 0.8]
            stats_by_epoch.append(stats)
            log_stats = {"train_lr": 0.1, "train_loss": loss.item(), "test_loss": test_loss,
                         "test_coco_eval_bbox": stats, "epoch": epoch, "n_parameters": n_parameters}
            f.write(json.dumps(log_stats) + "\n")
    return stats_by_epoch


@pytest.mark.parametrize("name", ["log.txt", "log.jsonl"])
def test_detr_coco_eval_list_named(tmp_path, name):
    stats = _detr_log(tmp_path / name)
    df, _ = scalars(tmp_path)
    tags = set(df["tag"].astype(str))
    assert {"train_loss", "test_loss", "test_coco_eval_bbox/AP", "test_coco_eval_bbox/AP50",
            "test_coco_eval_bbox/ARl"} <= tags
    ap = df[df["tag"] == "test_coco_eval_bbox/AP"]
    assert list(ap["step"]) == [0, 1, 2, 3]
    assert list(ap["value"]) == pytest.approx([s[0] for s in stats])
    ars = df[df["tag"] == "test_coco_eval_bbox/ARs"]
    assert list(ars["value"]) == [-1.0] * 4  # pycocotools' 'not computed', as logged


def test_argparse_error_is_a_failure_at_start_up(tmp_path):
    """A training script launched twice with a bad flag under nohup (stdout and stderr appended to nohup.out): each
    launch prints argparse's usage and ``<prog>: error: ...`` and exits 2 -- a failure, not 'ended without a sign'."""
    script = tmp_path / "train.py"
    script.write_text(
        "import argparse, torch\n"
        "p = argparse.ArgumentParser()\n"
        "p.add_argument('--lr', type=float, default=0.1)\n"
        "p.add_argument('--fp16', choices=['yes', 'no'], default='no')\n"
        "a = p.parse_args()\n"
        "m = torch.nn.Linear(2, 1); o = torch.optim.SGD(m.parameters(), lr=a.lr)\n"
        "for step in range(3):\n"
        "    loss = m(torch.ones(4, 2)).pow(2).mean(); o.zero_grad(); loss.backward(); o.step()\n"
        "    print(f'step {step} loss {loss.item():.4f}')\n")
    log = tmp_path / "nohup.out"
    with open(log, "ab") as out:
        for bad in (["--lr", "x"], ["--fp16", "s"]):
            rc = subprocess.run([sys.executable, str(script), *bad], stdout=out, stderr=subprocess.STDOUT).returncode
            assert rc == 2
    runs = discover(str(tmp_path))
    assert len(runs) == 1
    ended = load_run(runs[0]).ended
    assert ended is not None and ended.cause == "python_exception"
    assert ended.detail.get("argparse") and ended.detail.get("exit_status") == 2
    assert ended.lines[-1][2].startswith("train.py: error: argument --fp16: invalid choice: 's'")
    assert "start-up" in " ".join(ended.advice)
