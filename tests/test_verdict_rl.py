"""Reinforcement-learning runs are judged on their reward, not on a policy-gradient loss that sits at 0 by
construction (loganalyzer/verdict_rl.py; the breaker's TRL GRPO trainer_state.json was `stalled 0.98` with advice to
hunt dead ReLUs while its reward rose 50%).

Really trained: a GRPO-style bandit policy (8 arms, groups of 8 samples, advantages normalised within each group, the
loss -mean(ratio * advantage) with ratio = exp(logp - logp.detach()) = 1, so every logged loss is ~0 of either sign,
as TRL logs it), written by transformers' TrainerState with `loss`, `reward` and `reward_std` per log, TRL's keys:
- learning (lr 0.05): the reward rises from ~0.3 to ~0.8: `healthy`, the summary quoting both reward levels;
- frozen (lr 0): the reward stays flat: `stalled`, with GRPO advice, never "dead ReLUs";
- a DPO-style run whose loss is a proper loss (sigmoid, from ln 2) beside `rewards/chosen` is judged on its loss.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import run_dir_fixture, save_trainer_state, verdict  # noqa: E402


def grpo_bandit(out: Path, *, lr: float, steps: int = 300, arms: int = 8, group: int = 8) -> None:
    g = torch.Generator().manual_seed(0)
    p_win = torch.full((arms,), 0.2)
    p_win[3] = 0.9
    logits = torch.zeros(arms, requires_grad=True)
    opt = torch.optim.SGD([logits], lr=lr) if lr > 0 else None
    history = []
    for step in range(1, steps + 1):
        logp_all = torch.log_softmax(logits, -1)
        actions = torch.multinomial(logp_all.exp().detach(), group, replacement=True, generator=g)
        rewards = (torch.rand(group, generator=g) < p_win[actions]).float()
        adv = (rewards - rewards.mean()) / (rewards.std() + 1e-4)
        logp = logp_all[actions]
        loss = -(torch.exp(logp - logp.detach()) * adv).mean()
        if opt is not None:
            opt.zero_grad()
            loss.backward()
            opt.step()
        history.append({"step": step, "epoch": round(step / steps, 4), "loss": round(float(loss.detach()), 6),
                        "reward": float(rewards.mean()), "reward_std": float(rewards.std()),
                        "learning_rate": lr})
    save_trainer_state(out, history, steps, 1, steps)


def dpo_like(out: Path) -> None:
    """A proper loss beside `rewards/chosen`: the sigmoid loss of a preference margin that grows, from ln 2."""
    history = []
    for step in range(1, 201):
        margin = 2.0 * (1 - math.exp(-step / 60)) + 0.05 * math.sin(step)
        history.append({"step": step, "epoch": step / 200, "loss": math.log1p(math.exp(-margin)),
                        "rewards/chosen": margin / 2, "rewards/rejected": -margin / 2, "rewards/margins": margin})
    save_trainer_state(out, history, 200, 1, 200)


RUNS = {"grpo_learning": lambda p: grpo_bandit(p, lr=0.05), "grpo_frozen": lambda p: grpo_bandit(p, lr=0.0),
        "dpo_like": dpo_like}
run_dir = run_dir_fixture(RUNS, "rl")


def test_a_policy_whose_reward_rose_is_healthy_whatever_its_loss(run_dir):
    run = verdict(run_dir("grpo_learning"))
    assert run.verdict == "healthy", run.analysis.summary
    assert run.confidence <= 0.7
    ev = run.analysis.evidence
    assert ev["objective"] == "rl" and ev["series"] == "reward"
    assert ev["reward_last_mean"] > ev["reward_first_mean"] + 0.3
    assert "judged on the reward `reward`" in run.analysis.summary
    assert any(f.kind == "rl_objective" for f in run.analysis.findings)
    assert not any(f.kind == "spike" for f in run.analysis.findings)


def test_a_policy_whose_reward_stayed_flat_is_stalled_with_rl_advice(run_dir):
    run = verdict(run_dir("grpo_frozen"))
    assert run.verdict == "stalled", run.analysis.summary
    assert run.confidence <= 0.6
    assert "reward did not improve" in run.analysis.advice[0]
    assert not any("ReLU" in a for a in run.analysis.advice)


def test_a_proper_loss_beside_rewards_is_judged_as_a_loss(run_dir):
    run = verdict(run_dir("dpo_like"))
    assert run.analysis.evidence.get("objective") != "rl"
    assert run.verdict == "healthy", run.analysis.summary


def test_the_report_charts_the_reward_of_an_rl_run(run_dir, tmp_path):
    import loganalyzer
    from loganalyzer.render import report_text

    report = loganalyzer.analyze(run_dir("grpo_learning"), config=False, keep_curves=True)
    page = report_text(report, "html", scanned=[str(run_dir("grpo_learning"))], workers=1)
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert ">reward</text>" in svg and "best at" in svg  # the reward drawn, its axis named, the best marked
    assert ">loss</text>" not in svg
    plain = loganalyzer.analyze(run_dir("dpo_like"), config=False, keep_curves=True)
    assert "reward" not in (plain.runs[0].curves_preview or {})
