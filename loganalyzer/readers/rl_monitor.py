"""An RL episode monitor CSV: Stable-Baselines3's ``Monitor`` / OpenAI baselines' ``bench.Monitor`` (``monitor.csv``,
``0.monitor.csv``...), one row per finished episode.

Format (stable_baselines3/common/monitor.py ``ResultsWriter``; baselines/bench/monitor.py the same): a first line
``#`` + a JSON object holding ``t_start`` (Unix seconds) and ``env_id``, then a CSV header ``r,l,t`` -- the
episode's return, its length in environment steps, seconds since ``t_start`` -- plus the names of any
``info_keywords`` the user asked for (``is_success``), then one row per episode. Public example:
rishabhg97/robust-cartpole ``logs/monitor.csv`` (390 episodes of a PPO CartPole), read as no run at all before.

Read as one run: the x axis is the environment steps done when each episode ended (the running sum of ``l``: what
SB3's ``results_plotter`` plots with ``X_TIMESTEPS``, and the ``num_timesteps`` its TensorBoard logger uses), so
it lines up with an SB3 run's event files; ``r`` is the series ``episode_reward``, ``l`` ``episode_length``, other
numeric columns keep their names; ``wall_time`` is ``t_start + t``. A row that is not numbers is skipped with a
problem naming its line; a wrong ``l`` (negative, not whole) makes the step the episode's place instead, said once.
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, scalar_frame
from ._text import no_rows

FORMAT = "rl_monitor"
# the JSON comment line that starts every monitor file: {"t_start": 1699895683.2, "env_id": "CartPole-v1"}
_HEAD = re.compile(rb'^\s*#\s*\{[^\n]*"t_start"\s*:')
_NAMES = {"r": "episode_reward", "l": "episode_length"}


def sniff(name: str, head: bytes) -> bool:
    """A ``*.csv`` whose first line is the monitor's ``#{"t_start": ...}`` comment and whose header starts
    ``r,l,t``."""
    if not name.lower().endswith(".csv") or _HEAD.match(head) is None:
        return False
    lines = bytes(head).split(b"\n", 2)
    return len(lines) > 1 and [c.strip() for c in lines[1].split(b",")[:3]] == [b"r", b"l", b"t"]


def _parse(data, path: str):
    text = bytes(data).lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    lines = text.splitlines()
    if len(lines) < 2 or not sniff("monitor.csv", text.encode()):
        raise UnreadableFile(Problem(path, "no episode monitor header ('#{\"t_start\": ...}' then 'r,l,t'); not read"))
    problems: list[Problem] = []
    try:
        t_start = float(json.loads(lines[0].lstrip()[1:]).get("t_start"))
    except (ValueError, TypeError, AttributeError):
        t_start = float("nan")
        problems.append(Problem(path, "the monitor's first line holds no t_start number: no wall times", line=1))
    columns = [c.strip() for c in lines[1].split(",")]
    rows: list[list[float]] = []
    for n, line in enumerate(lines[2:], 3):
        if not line.strip():
            continue
        cells = line.split(",")
        try:
            row = [float(c) if c.strip() else float("nan") for c in cells]
        except ValueError:
            row = None
        if row is None or len(row) != len(columns):
            problems.append(Problem(path, f"episode row is not {len(columns)} numbers (cut short?); skipped", line=n))
            continue
        rows.append(row)
    table = np.array(rows, dtype=np.float64).reshape(len(rows), len(columns))
    lengths = table[:, 1]
    if len(rows) and (np.isnan(lengths).any() or (lengths < 0).any() or (lengths != np.round(lengths)).any()):
        problems.append(Problem(path, "episode lengths 'l' are not whole numbers >= 0: each episode placed at its "
                                      "number, not at the environment steps done"))
        steps = np.arange(1, len(rows) + 1, dtype=np.int64)
    else:
        steps = np.cumsum(lengths).astype(np.int64)
    walls = t_start + table[:, 2]
    tags = [(_NAMES.get(c, c), j) for j, c in enumerate(columns) if c != "t"]
    return tags, steps, table, walls, problems


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``read`` as bare columns (the loader's fast path)."""
    tags, steps, table, walls, problems = _parse(data, path)
    n = len(steps)
    codes = np.repeat(np.arange(len(tags), dtype=np.int64), n)
    values = np.concatenate([table[:, j] for _, j in tags]) if tags else np.empty(0)
    columns = ScalarColumns([t for t, _ in tags], codes, np.tile(steps, len(tags)), values,
                            np.tile(walls, len(tags)))
    return columns, ReadResult(no_rows(), tuple(problems))


def read(data, path: str) -> ReadResult:
    """The episodes of a monitor CSV (see the module docstring): ``episode_reward``, ``episode_length`` and any
    info columns at the environment step each episode ended; ``wall_time`` in Unix seconds."""
    tags, steps, table, walls, problems = _parse(data, path)
    names = [t for t, _ in tags for _ in range(len(steps))]
    values = np.concatenate([table[:, j] for _, j in tags]) if tags else np.empty(0)
    frame = scalar_frame(names, np.tile(steps, len(tags)), values, np.tile(walls, len(tags)))
    return ReadResult(frame, tuple(problems))
