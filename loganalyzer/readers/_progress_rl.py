"""An RL training's episode lines that print no loss (for ``readers/_joblog_scan.py``, which finds lines by their
loss): public LeeChangmin0310/RARE-3D (589578554c832c6afdd8ebccf9727b2d73f1f939) ``logs/train_ppo_seed0.log``
prints one line per episode after its tqdm bar, ``[step=5] episode=5.0000 return=-85.5548 length=20.0000
global_step=137.0000``, and ``loss=.. policy_loss=.. value_loss=..`` on the 11 episodes that ended an update: 11 of
2,000 returns were read (``train_dqn_seed0.log``: every episode before ``learning_starts``, 157 of 2,000, lost).

In a log whose read lines print an episode's reward (``REWARD_KEYS``), the lines printing that key without a loss
are read too (``rl_line``), at their own step (the ``global_step`` the loss lines use), never at a neighbour's.
"""
from __future__ import annotations

from ._bar_glued import after_bar
from ._progress import Record, _kv, clean, rewrite

REWARD_KEYS = frozenset({"return", "reward", "episode_reward", "ep_reward", "episode_return", "ep_return",
                         "episodic_return", "mean_reward", "avg_reward", "total_reward", "ep_rew_mean"})


def reward_key(records) -> str | None:
    """The printed reward key of the first ``kv`` record among ``records`` holding one, or None."""
    for r in records:
        if r.shape == "kv":
            for k, _ in r.values:
                if k.lower() in REWARD_KEYS:
                    return k
    return None


def rl_line(raw: bytes) -> Record | None:
    """The record of an episode line holding a reward key and its own step (after a bar's redraw on its line)."""
    cut = after_bar(raw)
    text, rank, stamp = clean(raw[cut:] if cut is not None else raw)
    text = rewrite(text)
    record = _kv(text, needs=None) if text else None
    if record is None or record.step is None or not any(k.lower() in REWARD_KEYS for k, _ in record.values):
        return None
    return Record("kv", record.values, record.step, record.epoch, "train", rank, record.total, stamp,
                  own_step=record.own_step)
