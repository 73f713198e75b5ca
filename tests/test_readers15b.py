"""Reader kinds of branch readers15b (breaker6's faults), each input written by its real writer:

- OpenAI baselines' printed key-value tables (``logger.HumanOutputFormat``: HER's stdout, ``<logdir>/log.txt``) with
  no loss row: each table one record at its ``epoch`` (or ``steps``) row, the log found and read as a run;
"""
from __future__ import annotations

import io
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
