"""Reinforcement-learning runs: judged on the reward, not on a surrogate loss that says nothing about learning.

A policy-gradient objective (TRL's GRPO with per-group normalised advantages, PPO's clipped surrogate) hovers around
0 by construction -- TRL's GRPO ``loss`` stays within +-0.001 for a whole run while the reward rises 74% (the
breaker's GRPO ``trainer_state.json``) -- so the loss-shape rules would call it `stalled` with certainty and advise a
pipeline hunt. domain.md's labels are about losses; for an RL run the quantity that says whether it learned is the
mean reward (higher is better). The rule (``rl_verdict``):

- an RL run: a reward series (``curves.reward``: ``reward``, ``rollout/ep_rew_mean``) with >= ``MIN_POINTS`` finite
  logs beside a training loss that is a surrogate: some finite value below 0, or a median |value| <= ``TINY``
  with its first ``START_LOGS`` logs near 0 too (<= ``START_TINY``: a loss that fell there is a proper one), or
  within ``TINY`` of 0 over its first ``START_LOGS`` logs and never above ``KL_SCALE`` (GRPO's beta x KL penalty
  growing from 0; its exact zeros at the start may be set aside as placeholders) (a
  proper loss -- a DPO's sigmoid loss from ln 2, a value loss -- is judged as a loss, as before);
- the reward's level at the start and at the end: the means of its first and last ``max(3, n // 10)`` logs; its
  trend: the t statistic of its least-squares slope over every log (per-batch rewards are noisy: a 0.20 -> 0.31 rise
  under a spread of 0.19 is 2.7 standard errors between two 50-log windows, but a clear trend over 500 logs);
- rose, the trend >= ``Z`` and the level change >= ``MIN_CHANGE`` of the reward's range: `healthy`; fell as clearly:
  `diverged` (a reward collapse); neither: `stalled` (the reward did not improve). Confidence at most ``RL_CONFIDENCE``: the
  labels were never made on RL runs, and a reward can rise while the policy games it.
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves
from .verdict_base import Finding, Verdict, _fmt, _pct, _step
from .verdict_evidence import finite

MIN_POINTS = 10
TINY = 1e-3  # a median |loss| at most this: a surrogate objective around 0
START_LOGS, START_TINY = 3, 1e-2  # ... whose first logs were near 0 too (median |value| <= 0.01)
Z = 3.0  # the reward's trend (slope t statistic) at least 3 standard errors from flat
MIN_CHANGE = 0.05  # ... and by >= 5% of the reward's logged range (a significant but negligible move is no learning)
RL_CONFIDENCE = 0.7
KL_SCALE = 0.1  # beta (TRL's GRPOConfig: 0.04 until 0.19, 0.0 since) x a KL to the reference of up to ~2.5


def is_rl(curves: Curves) -> bool:
    """A reward with enough logs beside a surrogate training loss (see the module notes)."""
    if curves.reward is None or curves.train_loss is None:
        return False
    _, reward = finite(curves.reward)
    _, loss = finite(curves.train_loss)
    if len(reward) < MIN_POINTS or len(loss) == 0:
        return False
    if loss.min() < 0:
        return True
    # near 0 at its median but from a start far above: a proper loss that converged, not a surrogate (public
    # `healthy` neuralgame73, a world model's `ce_reward_loss` 0.654 -> 7.1e-4 beside a `reward_rate` it predicts)
    if np.median(np.abs(loss)) <= TINY and np.median(np.abs(loss[:START_LOGS])) <= START_TINY:
        return True
    # TRL's GRPO loss with a KL penalty: 0 at its first logs (the policy term of per-group normalised
    # advantages is 0 on-policy, and the KL to the reference model starts at 0), then beta x KL as the policy drifts
    # (0 -> 0.014 over 200 steps while the reward rose 0.14 -> 0.59: a newcomer breaker's GRPO stdout, called
    # diverged as a loss "climbing from its best"); a loss still under KL_SCALE
    return bool(len(loss) > START_LOGS and np.median(np.abs(loss[:START_LOGS])) <= TINY
                and np.abs(loss).max() <= KL_SCALE)


def rl_verdict(curves: Curves) -> Verdict | None:
    """The verdict of an RL run on its reward, or None when the run is none (``is_rl``)."""
    if not is_rl(curves):
        return None
    steps, r = finite(curves.reward)
    k = max(3, len(r) // 10)
    first, last = r[:k], r[-k:]
    diff = float(last.mean() - first.mean())
    z = _trend_t(r)
    span = float(r.max() - r.min()) or 1e-12
    moved = abs(diff) >= MIN_CHANGE * span and abs(z) >= Z and (z > 0) == (diff > 0)
    label = ("healthy" if diff > 0 else "diverged") if moved else "stalled"
    _, loss = finite(curves.train_loss)
    x = "epoch" if curves.reward.x == "epoch" else "step"
    rel = f" ({'+' if diff >= 0 else ''}{_pct(diff / abs(first.mean()))})" if first.mean() != 0 else ""
    lo, hi = float(loss.min()) + 0.0, float(loss.max()) + 0.0  # + 0.0: no "-0"
    where = f"at {_fmt(lo)} throughout" if lo == hi else f"between {_fmt(lo)} and {_fmt(hi)}"
    summary = (f"An RL objective: the training loss `{curves.train_loss.name}` stays around 0 ({where}), as a "
               "policy-gradient loss does, and says "
               f"nothing about learning; judged on the reward `{curves.reward.name}`: mean {_fmt(float(first.mean()))} "
               f"over its first {k} logs ({x}s {_step(int(steps[0]))}-{_step(int(steps[k - 1]))}), "
               f"{_fmt(float(last.mean()))} over its last {k} ({x}s {_step(int(steps[-k]))}-{_step(int(steps[-1]))})"
               f"{rel}; its linear trend over all {len(r)} logs is {z:+.1f} standard errors from flat.")
    advice = {
        "healthy": (f"Nothing to fix: the reward rose; its highest logged value was {_fmt(float(r.max()))} at {x} "
                    f"{_step(int(steps[int(np.argmax(r))]))}. Check samples for reward hacking before trusting it.",),
        "stalled": ("The reward did not improve: check that the reward functions fire (a reward spread of 0 within "
                    "every group leaves GRPO no advantage to learn from), then raise the learning rate.",
                    "Lower the KL penalty (beta) if it holds the policy at the reference model."),
        "diverged": ("The reward fell: lower the learning rate, clip gradients, raise the KL penalty (beta), and keep "
                     f"the checkpoint from before the fall ({x} {_step(int(steps[int(np.argmax(r))]))}).",),
    }[label]
    evidence = {"objective": "rl", "series": curves.reward.name, "reward_first_mean": float(first.mean()),
                "reward_last_mean": float(last.mean()), "reward_trend_t": round(z, 2), "window": k,
                "best_step": int(steps[int(np.argmax(r))]), "best_step_series": curves.reward.name}
    finding = Finding("rl_objective", f"`{curves.train_loss.name}` is a surrogate objective around 0 beside a "
                                      f"logged reward: the run is judged on `{curves.reward.name}`")
    return Verdict(label, RL_CONFIDENCE if moved else min(RL_CONFIDENCE, 0.6), summary, evidence, (finding,),
                   advice, {}, "rules")


def _trend_t(r: np.ndarray) -> float:
    """The t statistic of the least-squares slope of the reward against its log index (0 for a constant reward)."""
    n = len(r)
    i = np.arange(n, dtype=np.float64)
    corr = np.corrcoef(i, r)[0, 1] if r.std() > 0 else 0.0
    if not np.isfinite(corr):
        return 0.0
    corr = float(np.clip(corr, -0.999999, 0.999999))
    return corr * math.sqrt((n - 2) / (1 - corr * corr))
